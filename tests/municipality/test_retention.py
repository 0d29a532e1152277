"""Disposal of personal data (municipality.retention): what goes after the retention period,
and that the public record and the public pages stay exactly as they were."""

import datetime
import re
from datetime import UTC
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from governance.models import Decision, Person, Role
from municipality import retention
from partners.models import Agreement, ContactAbroad, Relationship, StatusChange, VisitParticipant
from tests import factories
from tests.municipality.conftest import MONTHS, TODAY, participant
from tests.website.pages import all_public_urls

pytestmark = pytest.mark.django_db

APPS = ("auth", "governance", "partners", "network", "projects")
PUBLIC_RECORDS = (Decision, Relationship, StatusChange, Agreement)


def _purge(**kwargs):
    return retention.purge_personal_data(today=TODAY, months=MONTHS, **kwargs)


def _snapshot() -> dict:
    """Every row of every table of the apps, history tables included."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for label in APPS
        for model in apps.get_app_config(label).get_models()
    }


def _history_of(model, *pks):
    return model.history.model.objects.filter(id__in=pks)


def test_months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert retention.months_before(datetime.date(2031, 1, 1), 36) == datetime.date(2028, 1, 1)
    assert retention.months_before(datetime.date(2031, 3, 31), 1) == datetime.date(2031, 2, 28)
    assert retention.months_before(datetime.date(2031, 1, 15), 13) == datetime.date(2029, 12, 15)


def test_purge_removes_staff_and_partner_participants_of_an_old_visit(old_visit):
    for level, name in [("elected", "Vald"), ("official", "Tjanst")]:
        participant(old_visit, level, name)
    for level, name in [("staff", "Personal"), ("partner", "Partner")]:
        participant(old_visit, level, name)

    counts = _purge()

    remaining = old_visit.participants.order_by("level").values_list("level", flat=True)
    assert list(remaining) == ["elected", "official"]
    assert counts.visit_participants == 2
    old_visit.refresh_from_db()
    assert (old_visit.pupil_count, old_visit.young_people_count) == (24, 5)


def test_purge_keeps_staff_of_a_visit_that_ended_on_the_cut_off():
    recent = factories.VisitFactory(
        starts_on=datetime.date(2027, 12, 28), ends_on=datetime.date(2028, 1, 1)
    )
    kept = participant(recent, "staff", "Nyligen")

    _purge()

    assert list(VisitParticipant.objects.all()) == [kept]


def test_purge_takes_the_start_of_a_visit_without_an_end():
    visit = factories.VisitFactory(starts_on=datetime.date(2027, 12, 31), ends_on=None)
    participant(visit, "staff", "Utanslut")

    _purge()

    assert list(VisitParticipant.objects.all()) == []


def test_purge_removes_the_history_of_removed_participants_only(old_visit):
    elected = participant(old_visit, "elected", "Vald")
    staff = participant(old_visit, "staff", "Personal")
    staff.role = "Chaufför"
    staff.save()

    counts = _purge()

    assert _history_of(VisitParticipant, staff.pk).count() == 0
    assert _history_of(VisitParticipant, elected.pk).count() == 1
    assert counts.visit_participant_history == 2


def test_purge_removes_contacts_abroad_past_their_date_with_their_history():
    passed = factories.ContactAbroadFactory(
        name="Gammal Kontakt", email="gammal@example.lt", remove_after=datetime.date(2030, 12, 31)
    )
    due_today = factories.ContactAbroadFactory(remove_after=TODAY)
    no_date = factories.ContactAbroadFactory()

    counts = _purge()

    assert list(ContactAbroad.objects.order_by("pk")) == [due_today, no_date]
    assert _history_of(ContactAbroad, passed.pk).count() == 0
    assert (counts.contacts_abroad, counts.contact_abroad_history) == (1, 1)


def test_purge_blanks_contact_details_in_the_record_and_all_its_history(old_visit):
    person = participant(old_visit, "staff", "Personal").person
    person.email = "ny.adress@example.se"
    person.save()

    counts = _purge()

    person.refresh_from_db()
    assert (person.first_name, person.last_name) == ("Personal", "Deltagare")
    assert (person.email, person.phone) == ("", "")
    history = person.history.order_by("history_date", "history_id")
    assert [(row.email, row.phone) for row in history] == [("", "")] * 3
    assert history.last().history_change_reason == retention.CHANGE_REASON
    assert history.last().history_user is None
    assert (counts.people_blanked, counts.person_history_blanked) == (1, 2)


def test_purge_keeps_the_names_of_elected_participants_and_blanks_their_contact(old_visit):
    elected = participant(old_visit, "elected", "Vald")

    _purge()

    elected.refresh_from_db()
    assert (str(elected.person), elected.person.email) == ("Vald Deltagare", "")


def test_purge_leaves_a_person_with_a_current_membership_untouched(current_member):
    history_before = list(current_member.history.values())

    _purge()

    current_member.refresh_from_db()
    assert (current_member.email, current_member.phone) == ("nuvarande@example.se", "0492-100 00")
    assert list(current_member.history.values()) == history_before


def test_purge_leaves_people_with_an_active_login_account():
    user = factories.UserFactory(username="aktiv")
    person = factories.PersonFactory(user=user, email="aktiv@example.se")

    _purge()

    person.refresh_from_db()
    assert person.email == "aktiv@example.se"


def test_purge_blanks_people_whose_login_account_is_closed():
    user = factories.UserFactory(username="stangd", is_active=False)
    person = factories.PersonFactory(user=user, email="stangd@example.se")

    _purge()

    person.refresh_from_db()
    assert person.email == ""


def test_purge_leaves_people_with_a_membership_that_ended_after_the_cut_off(ks):
    person = factories.PersonFactory(email="slutat@example.se")
    factories.MembershipFactory(
        person=person,
        body=ks,
        role=Role.OFFICIAL,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2028, 1, 1),
    )

    _purge()

    person.refresh_from_db()
    assert person.email == "slutat@example.se"


def test_purge_leaves_people_in_a_steering_group_or_at_a_recent_meeting():
    factories.SteeringGroupMemberFactory(
        person__email="styrgrupp@example.se", starts_on=datetime.date(2026, 4, 1)
    )
    at_meeting = factories.PersonFactory(email="motet@example.se")
    meeting = factories.MeetingFactory(starts_at=datetime.datetime(2029, 3, 1, 18, tzinfo=UTC))
    meeting.attendees.add(at_meeting)

    _purge()

    emails = Person.objects.exclude(email="").order_by("email").values_list("email", flat=True)
    assert list(emails) == ["motet@example.se", "styrgrupp@example.se"]


def test_purge_blanks_people_whose_links_all_ended_before_the_cut_off(ks):
    person = factories.PersonFactory(email="forr@example.se")
    factories.MembershipFactory(
        person=person,
        body=ks,
        role=Role.OFFICIAL,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    factories.MeetingFactory(starts_at=datetime.datetime(2027, 3, 1, 18, tzinfo=UTC)).attendees.add(
        person
    )

    _purge()

    person.refresh_from_db()
    assert person.email == ""
    assert person.memberships.count() == 1


def test_purge_changes_no_public_record(old_visit, kf):
    decision = factories.DecisionFactory(body=kf, meeting_date=datetime.date(2016, 6, 27))
    relationship = old_visit.relationship
    relationship.established_by = decision
    relationship.save()
    factories.StatusChangeFactory(relationship=relationship)
    factories.AgreementFactory(relationship=relationship, decision=decision)
    participant(old_visit, "staff", "Personal")
    before = {m: list(m.objects.order_by("pk").values()) for m in PUBLIC_RECORDS}
    history_before = {m: list(m.history.order_by("pk").values()) for m in PUBLIC_RECORDS}

    _purge()

    assert {m: list(m.objects.order_by("pk").values()) for m in PUBLIC_RECORDS} == before
    assert {m: list(m.history.order_by("pk").values()) for m in PUBLIC_RECORDS} == history_before


def _content(client, url) -> bytes:
    # A calendar feed stamps each event with the moment it was made (DTSTAMP): not content.
    return re.sub(rb"DTSTAMP:[^\r\n]*", b"", client.get(url).content)


def test_public_pages_answer_the_same_after_the_purge(client, world):
    visit = factories.VisitFactory(
        place=world.joniskis,
        relationship=world.twin_town,
        starts_on=datetime.date(2026, 5, 4),
        pupil_count=12,
    )
    participant(visit, "staff", "Personal")
    factories.ContactAbroadFactory(place=world.joniskis, remove_after=datetime.date(2027, 1, 1))
    urls = all_public_urls(world)
    before = {url: _content(client, url) for url in urls}

    counts = _purge()

    assert counts.visit_participants == counts.contacts_abroad == 1
    assert {url: _content(client, url) for url in urls} == before


def test_a_second_purge_changes_nothing(old_visit, current_member):
    participant(old_visit, "staff", "Personal")
    participant(old_visit, "elected", "Vald")
    factories.ContactAbroadFactory(remove_after=datetime.date(2030, 1, 1))
    first = _purge()
    after_first = _snapshot()

    second = _purge()

    assert first.changed
    assert not second.changed
    assert _snapshot() == after_first


def test_a_dry_run_changes_nothing_and_counts_what_would_go(old_visit, current_member):
    participant(old_visit, "staff", "Personal")
    participant(old_visit, "elected", "Vald")
    factories.ContactAbroadFactory(remove_after=datetime.date(2030, 1, 1))
    before = _snapshot()

    planned = _purge(dry_run=True)

    assert _snapshot() == before
    assert planned == _purge()


def _run(*args) -> str:
    out = StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def test_command_prints_counts_and_no_personal_data(old_visit, settings):
    settings.PERSONAL_DATA_RETENTION_MONTHS = MONTHS
    participant(old_visit, "staff", "Sixten")
    participant(old_visit, "partner", "Petra")
    factories.ContactAbroadFactory(name="Kontakt Utomlands", remove_after=datetime.date(2030, 1, 1))

    output = _run("--today", TODAY.isoformat())

    assert output.splitlines()[:6] == [
        "visit participants: 2",
        "visit participant history: 2",
        "contacts abroad: 1",
        "contact abroad history: 1",
        "people blanked: 2",
        "person history blanked: 2",
    ]
    for personal in ("Sixten", "Petra", "Deltagare", "Kontakt", "@example", "070-"):
        assert personal not in output


def test_command_dry_run_says_so_and_changes_nothing(old_visit, settings):
    settings.PERSONAL_DATA_RETENTION_MONTHS = MONTHS
    participant(old_visit, "staff", "Personal")
    before = _snapshot()

    output = _run("--dry-run", "--today", TODAY.isoformat())

    assert output.splitlines()[0] == "visit participants: 1"
    assert "Dry run: nothing was changed." in output
    assert _snapshot() == before


def test_command_uses_the_retention_setting(old_visit, settings):
    settings.PERSONAL_DATA_RETENTION_MONTHS = 120
    participant(old_visit, "staff", "Personal")

    output = _run("--today", TODAY.isoformat())

    assert output.splitlines()[0] == "visit participants: 0"
    assert VisitParticipant.objects.count() == 1


def test_command_refuses_a_malformed_date():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _run("--today", "1 januari")


def test_user_model_is_untouched_by_the_purge():
    user = factories.UserFactory(username="stangd", is_active=False, email="konto@example.se")
    factories.PersonFactory(user=user, email="stangd@example.se")

    _purge()

    assert get_user_model().objects.get(pk=user.pk).email == "konto@example.se"
