"""E-mail about a case's steps (#12), in each recipient's language, with a link to the case.

``notify(event, application_pk)`` writes one message per recipient into the outbox
(``OutgoingMail``) inside the caller's transaction, so a step that rolls back tells no one,
and asks for the outbox to be sent once the transaction commits. When the mail server cannot
be reached the messages stay in the outbox; ``send_queued`` (the ``send_queued_mail``
command, run by the daily timer) sends them later. Nothing is lost and nothing goes twice:
each row is deleted as the server takes it.

Who is told:

- a case arrives in a body's queue: its members and its secretary in office;
- a draft waits for the network's consultation: the coordinators;
- the network's view is recorded, or the case is returned: the applicant;
- a decision is recorded: the applicant, the coordinators and the staff of the responsible
  body (its administration and units).
"""

import contextlib
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from governance.access import COORDINATOR_GROUP, WORKING_ROLES
from governance.models import DECIDING_ROLES, Membership, Person
from projects.models import Application, OutgoingMail

logger = logging.getLogger(__name__)

ARRIVED_IN_QUEUE = "arrived_in_queue"
WAITS_FOR_CONSULTATION = "waits_for_consultation"
CONSULTED = "consulted"
RETURNED = "returned"
DECIDED = "decided"


def _link(app: Application, language: str) -> str:
    with translation.override(language):
        path = reverse("staff:application-detail", args=[app.pk])
    return f"{settings.SITE_URL}{path}"


def _person_address(person: Person | None) -> tuple[str, str] | None:
    if person is None:
        return None
    user = person.user if person.user_id else None
    email = person.email or (user.email if user is not None else "")
    return (email, person.language) if email else None


def _coordinators() -> list[tuple[str, str]]:
    users = (
        get_user_model()
        .objects.filter(groups__name=COORDINATOR_GROUP, is_active=True)
        .select_related("person")
    )
    found = []
    for user in users:
        person = getattr(user, "person", None)
        email = user.email or (person.email if person is not None else "")
        if email:
            found.append((email, person.language if person else settings.LANGUAGE_CODE))
    return found


def _people_of(memberships) -> list[tuple[str, str]]:
    people = Person.objects.filter(pk__in=memberships.values("person_id")).select_related("user")
    return [address for address in map(_person_address, people) if address]


def _body_members(app: Application) -> list[tuple[str, str]]:
    """The members and the secretary in office of the addressed body."""
    today = timezone.localdate()
    return _people_of(
        Membership.objects.valid_on(today).filter(body=app.addressed_to_id, role__in=DECIDING_ROLES)
    )


def _responsible_staff(app: Application) -> list[tuple[str, str]]:
    """The officials of the work's responsible body, its administration and its units."""
    if app.project_id is None:
        return []
    body = app.project.responsible_body_id
    return _people_of(
        Membership.objects.valid_on(timezone.localdate())
        .filter(role__in=WORKING_ROLES)
        .filter(Q(body=body) | Q(body__parent=body) | Q(body__parent__parent=body))
    )


def _applicant(app: Application) -> list[tuple[str, str]]:
    address = _person_address(app.submitted_by)
    return [address] if address else []


RECIPIENTS = {
    ARRIVED_IN_QUEUE: _body_members,
    WAITS_FOR_CONSULTATION: lambda app: _coordinators(),
    CONSULTED: _applicant,
    RETURNED: _applicant,
    DECIDED: lambda app: _applicant(app) + _coordinators() + _responsible_staff(app),
}


def _compose(event: str, app: Application, link: str) -> tuple[str, str]:
    """Subject and body of the message, in the active language."""
    values = {"title": app.title, "body": app.addressed_to.short_name, "link": link}
    if event == ARRIVED_IN_QUEUE:
        subject = _("New case for %(body)s: %(title)s") % values
        text = _("The case “%(title)s” is sent to %(body)s for decision.") % values
        gaps = [str(m) for m in app.sent_with_gaps]
        if gaps:
            text += "\n\n" + _("Sent with open checklist items:") + "\n- " + "\n- ".join(gaps)
    elif event == WAITS_FOR_CONSULTATION:
        subject = _("A draft waits for consultation: %(title)s") % values
        text = (
            _("The draft “%(title)s” to %(body)s waits for the international network's view (S9).")
            % values
        )
    elif event == CONSULTED:
        subject = _("The network's view on %(title)s") % values
        text = _("The international network gave its view on “%(title)s” on %(day)s:") % {
            **values,
            "day": app.consultation_on.isoformat(),
        }
        text += "\n\n" + app.consultation_view
    elif event == RETURNED:
        subject = _("Returned: %(title)s") % values
        text = _(
            "The case “%(title)s” was returned to you on %(day)s. Reason: %(reason)s\n\n"
            "Put it right and send it again, or withdraw it."
        ) % {**values, "day": app.returned_on.isoformat(), "reason": app.returned_reason}
    else:
        decision = app.decision
        subject = _("Decided: %(title)s") % values
        text = _("%(citation)s decided on the application “%(title)s”: %(outcome)s.") % {
            **values,
            "citation": decision.citation,
            "outcome": decision.get_outcome_display(),
        }
        if decision.text:
            text += "\n\n" + decision.text
    return subject, f"{text}\n\n{link}\n"


def notify(event: str, application_pk: int) -> list[OutgoingMail]:
    """Queue the event's messages in the outbox now; send them after the commit."""
    app = Application.objects.select_related(
        "addressed_to", "project", "submitted_by__user", "decision__body"
    ).get(pk=application_pk)
    seen, mails = set(), []
    for address, language in RECIPIENTS[event](app):
        if address.lower() in seen:
            continue
        seen.add(address.lower())
        with translation.override(language):
            subject, body = _compose(event, app, _link(app, language))
        mails.append(
            OutgoingMail(event=event, to=address, language=language, subject=subject, body=body)
        )
    if mails:
        OutgoingMail.objects.bulk_create(mails)
        transaction.on_commit(send_queued)
    return mails


def send_queued(limit: int = 500) -> int:
    """Send what waits in the outbox; keep what the server refuses. Returns how many went."""
    with transaction.atomic():
        # Rows another worker is sending are skipped, so no message goes twice.
        pending = list(
            OutgoingMail.objects.select_for_update(skip_locked=True).order_by("pk")[:limit]
        )
        return _send(pending) if pending else 0


def _send(pending) -> int:
    sent = 0
    try:
        connection = get_connection()
        connection.open()
    except Exception as error:  # the server is down: everything waits for the next run
        _failed(pending, error)
        return 0
    try:
        for mail in pending:
            message = EmailMessage(mail.subject, mail.body, None, [mail.to], connection=connection)
            try:
                message.send()
            except Exception as error:
                _failed([mail], error)
                continue
            OutgoingMail.objects.filter(pk=mail.pk).delete()  # sent: no address kept
            sent += 1
    finally:
        with contextlib.suppress(Exception):  # closing a broken connection tells nothing new
            connection.close()
    return sent


def _failed(mails, error) -> None:
    logger.warning("mail not sent, kept in the outbox: %s", error)
    for mail in mails:
        OutgoingMail.objects.filter(pk=mail.pk).update(
            attempts=mail.attempts + 1, last_error=str(error)[:1000]
        )
