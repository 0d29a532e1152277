"""Registering a body's memberships for a new term of office (mandatperiod), after an election.

The coordinator enters the memberships or imports the secretariat's spreadsheet; each row
names a person (found by e-mail, or created), a role and, if later than the term's start, the
day the membership begins. A membership ends with its term (``Membership.clean``), so those
whose term ended keep their memberships as history and lose their rights the day after:
``governance.access`` counts only memberships valid on the day.

``register_term`` is all or nothing: every row is tried, each row's refusals are collected, and
unless every row passed (and the run is not a preview) nothing is kept.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import terms
from governance.access import BOARD_MEMBER_GROUP, forget_rights
from governance.models import Body, Membership, Person, Role

# The roles a deciding body's term has: its elected members and its secretary.
TERM_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.SUBSTITUTE, Role.SECRETARY)


class RegistrationRefused(Exception):
    """The registration as a whole cannot be made (not a row's fault); the message says why."""


@dataclass
class Row:
    """One membership to register, as entered or read from the spreadsheet."""

    first_name: str
    last_name: str
    email: str
    role: str
    starts_on: datetime.date | None = None
    number: int = 0
    errors: list[str] = field(default_factory=list)
    new_person: bool = False
    new_account: bool = False

    @property
    def role_label(self) -> str:
        return str(dict(Role.choices).get(self.role, self.role))


@dataclass
class Registration:
    """What a registration did, or would do, row by row."""

    body: Body
    term: terms.Term
    rows: list[Row]
    saved: bool = False
    new_accounts: list = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors)


class _Undo(Exception):
    """Rolls back a preview, or a registration with an error in any row."""


def check_term(body: Body, term: terms.Term, today: datetime.date) -> None:
    """Refuse what no row can fix: a body that takes no decisions, a term already over."""
    if not body.decides:
        raise RegistrationRefused(
            _("%(body)s is not elected for a term of office; only a deciding body is.")
            % {"body": body}
        )
    if term.ends_on < today:
        raise RegistrationRefused(
            _(
                "The term %(term)s ended on %(end)s; register memberships of a current or "
                "coming term."
            )
            % {"term": term, "end": term.ends_on.isoformat()}
        )


@transaction.atomic
def register_term(
    *, body: Body, term: terms.Term, rows: list[Row], dry_run: bool, today=None
) -> Registration:
    """Register every row's membership of ``body`` for ``term``, or none of them."""
    today = today or timezone.localdate()
    check_term(body, term, today)
    if not rows:
        raise RegistrationRefused(_("There are no memberships to register."))
    registration = Registration(body=body, term=term, rows=rows)
    try:
        with transaction.atomic():
            group, _created = Group.objects.get_or_create(name=BOARD_MEMBER_GROUP)
            for row in rows:
                unreadable = list(row.errors)  # what could not be read, kept as it was
                try:
                    with transaction.atomic():
                        account = _register_row(body, term, row, group)
                except ValidationError as error:
                    row.errors = unreadable + _messages(error)
                    continue
                row.errors = unreadable
                if account is not None:
                    registration.new_accounts.append(account)
            if dry_run or registration.has_errors:
                raise _Undo
    except _Undo:
        registration.new_accounts = []
        return registration
    registration.saved = True
    return registration


def _register_row(body: Body, term: terms.Term, row: Row, group: Group):
    """One row: the person, the membership, and the account; the new account, if any."""
    email = row.email.strip()
    if not email:
        raise ValidationError({"email": _("Give the person's e-mail address.")})
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("“%(email)s” is not a valid e-mail address.") % {"email": email}}
        ) from None
    if row.role not in TERM_ROLES:
        raise ValidationError(
            {
                "role": _(
                    "%(body)s has no such role in a term of office; give chair, vice chair, "
                    "member, substitute or secretary."
                )
                % {"body": body}
            }
        )
    starts_on = row.starts_on or term.starts_on
    if starts_on not in term:
        raise ValidationError(
            {
                "starts_on": _(
                    "A membership of the term %(term)s begins between %(start)s and %(end)s."
                )
                % {
                    "term": term,
                    "start": term.starts_on.isoformat(),
                    "end": term.ends_on.isoformat(),
                }
            }
        )
    person = _person(row, email)
    membership = Membership(
        person=person, body=body, role=row.role, starts_on=starts_on, ends_on=term.ends_on
    )
    if membership.overlapping().exists():  # the model asks it of elected seats only
        raise ValidationError(membership.duplicate_message())
    membership.save()
    if person.user_id is not None:
        user = person.user
        user.groups.add(group)
        forget_rights(user)
        return None
    user, created = _account(person, email)
    user.groups.add(group)
    row.new_account = created
    return user if created else None


def _person(row: Row, email: str) -> Person:
    people = list(Person.objects.filter(email__iexact=email).select_related("user")[:2])
    if len(people) > 1:
        raise ValidationError(
            {
                "email": _(
                    "Several people have the e-mail address %(email)s; the coordinator "
                    "registers this membership in the admin, choosing the person."
                )
                % {"email": email}
            }
        )
    if people:
        return people[0]
    if not row.first_name.strip() or not row.last_name.strip():
        raise ValidationError(
            {"first_name": _("Give the first and last name of a person not registered before.")}
        )
    person = Person(first_name=row.first_name.strip(), last_name=row.last_name.strip(), email=email)
    person.save()
    row.new_person = True
    return person


def _account(person: Person, email: str):
    """The person's login account: an existing one with this address, or a new one without a
    password (its owner sets one through the e-mailed link)."""
    users = get_user_model().objects
    username = email.lower()
    user = users.filter(username__iexact=username).first()
    if user is not None and Person.objects.filter(user=user).exists():
        raise ValidationError(
            {
                "email": _(
                    "The account %(username)s belongs to another person; the coordinator "
                    "links the right account in the admin."
                )
                % {"username": user.username}
            }
        )
    created = user is None
    if created:
        user = users.model(username=username, email=email, is_active=True)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    person.user = user
    person.save()
    return user, created


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [text for texts in error.message_dict.values() for text in texts]
    return list(error.messages)


def account_awaiting_password(email: str):
    """The login account a new link to set the password may go to: one registered for a
    term that has not set its password yet (the first link expired or was lost)."""
    email = (email or "").strip()
    user = (
        get_user_model()
        .objects.filter(username__iexact=email, person__isnull=False, is_active=True)
        .first()
    )
    if user is None:
        raise RegistrationRefused(
            _("No account registered for a term has the address %(email)s.") % {"email": email}
        )
    if user.has_usable_password():
        raise RegistrationRefused(
            _(
                "The account %(username)s has set its password already; a new link goes only "
                "to an account that has not."
            )
            % {"username": user.username}
        )
    return user
