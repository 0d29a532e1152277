"""Registering a term's memberships (#11, S8): the service, the overlap rule on Membership, and
rights that end the day after the term."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from governance import term_registration, terms
from governance.access import rights_of
from governance.models import Membership, Person, Role
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 2)
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def row(email="anna@example.org", role=Role.MEMBER, **fields):
    return term_registration.Row(
        first_name="Anna", last_name="Ek", email=email, role=role, number=1, **fields
    )


def test_terms_to_register_are_the_current_and_the_next():
    kf_terms = terms.terms_to_register(TODAY, council=True)
    board_terms = terms.terms_to_register(TODAY, council=False)
    assert [(t.starts_on, t.ends_on) for t in kf_terms] == [
        (datetime.date(2026, 10, 15), datetime.date(2030, 10, 14)),
        (datetime.date(2030, 10, 15), datetime.date(2034, 10, 14)),
    ]
    assert [str(t) for t in board_terms] == ["2023–2026", "2027–2030"]
    with pytest.raises(ValueError, match="not an election year"):
        terms.term_after_election(2027, council=False)


def test_a_preview_keeps_nothing(bun):
    term = terms.term_after_election(2026, council=False)
    registration = term_registration.register_term(
        body=bun, term=term, rows=[row()], dry_run=True, today=TODAY
    )
    assert not registration.saved and not registration.has_errors
    assert registration.rows[0].new_account
    assert (Person.objects.count(), Membership.objects.count()) == (0, 0)


def test_a_registration_keeps_every_row(bun):
    term = terms.term_after_election(2026, council=False)
    registration = term_registration.register_term(
        body=bun,
        term=term,
        rows=[row(), row("bo@example.org", Role.SECRETARY)],
        dry_run=False,
        today=TODAY,
    )
    assert registration.saved
    assert [u.username for u in registration.new_accounts] == ["anna@example.org", "bo@example.org"]
    assert set(Membership.objects.values_list("ends_on", flat=True)) == {term.ends_on}


def test_a_term_that_has_ended_is_refused(kf):
    term = terms.term_after_election(2022, council=True)
    with pytest.raises(term_registration.RegistrationRefused, match="slutade 2026-10-14"):
        term_registration.register_term(
            body=kf, term=term, rows=[row()], dry_run=False, today=TODAY
        )
    assert Membership.objects.count() == 0


def test_an_administration_has_no_term(bun):
    administration = factories.BodyFactory(short_name="BUF", kind="administration", parent=bun)
    term = terms.term_after_election(2026, council=False)
    with pytest.raises(term_registration.RegistrationRefused, match="väljs inte"):
        term_registration.register_term(
            body=administration, term=term, rows=[row()], dry_run=False, today=TODAY
        )


def test_the_same_role_twice_in_overlapping_periods_is_refused_by_the_model(bun):
    person = factories.PersonFactory(first_name="Anna", last_name="Ek")
    factories.MembershipFactory(person=person, body=bun, role=Role.MEMBER)
    with pytest.raises(ValidationError, match="har redan rollen ledamot"):
        factories.MembershipFactory(
            person=person, body=bun, role=Role.MEMBER, starts_on=datetime.date(2025, 1, 1)
        )
    # Another role, or the next term, is fine.
    factories.MembershipFactory(person=person, body=bun, role=Role.CHAIR)
    factories.MembershipFactory(
        person=person, body=bun, role=Role.MEMBER, starts_on=datetime.date(2027, 1, 1)
    )
    assert Membership.objects.count() == 3


def test_rights_end_the_day_after_the_term(bun):
    """Registered for 2027-2030: in office on 2030-12-31, without rights on 2031-01-01, and the
    membership kept as history."""
    with time_machine.travel(datetime.date(2026, 12, 1), tick=False):
        registration = term_registration.register_term(
            body=bun,
            term=terms.term_after_election(2026, council=False),
            rows=[row()],
            dry_run=False,
        )
    user = registration.new_accounts[0]
    with time_machine.travel(datetime.datetime(2030, 12, 31, 23, 59, tzinfo=STOCKHOLM), tick=False):
        assert rights_of(user).may_record_decision(bun)
        assert rights_of(user).may_use_staff_pages
    user = type(user).objects.get(pk=user.pk)  # a new request's user
    with time_machine.travel(datetime.datetime(2031, 1, 1, 0, 1, tzinfo=STOCKHOLM), tick=False):
        assert not rights_of(user).may_record_decision(bun)
        assert not rights_of(user).may_use_staff_pages
        assert Membership.objects.filter(person__user=user).count() == 1
