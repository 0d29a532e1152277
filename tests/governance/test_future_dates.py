"""Dates from the future (#11): a decision, its minutes' approval and its notice, and a
meeting's minutes record what happened, so none is dated after today. A meeting may still be
planned ahead: the public calendar lists upcoming meetings.

The model is the one place the rule lives (``ValidatedModel.save()`` runs ``full_clean()``);
these tests go through the model and the admin's add forms. The staff decision page, the
admin's record-decision page and the service are in tests/staff/test_future_dates.py,
tests/projects/test_admin_future_dates.py and tests/projects/test_consultation_dates.py.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance.models import Decision, Meeting
from tests import factories
from tests.admin_forms import shows

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TODAY = datetime.date(2026, 4, 15)
TOMORROW = TODAY + datetime.timedelta(days=1)

FUTURE_DECISION = "Ett beslut kan inte dateras senare än i dag."
FUTURE_MINUTES = "Protokollet kan inte justeras senare än i dag; ange den dag det justerades."
FUTURE_NOTICE = "Anslaget kan inte sättas upp senare än i dag; ange den dag det sattes upp."
MINUTES_OF_FUTURE_MEETING = (
    "Ett sammanträde senare än i dag har inget protokoll än; för in det samma dag som "
    "sammanträdet hålls eller senare."
)


@pytest.fixture(autouse=True)
def frozen_today():
    # Late in the evening: "today" is the municipality's day, not UTC's.
    with time_machine.travel(datetime.datetime(2026, 4, 15, 23, 30, tzinfo=STOCKHOLM), tick=False):
        yield


def _decision(body, **fields):
    values = {"meeting_date": TODAY, "paragraph": 12, "title": "Partnerskap", "outcome": "approved"}
    return Decision(body=body, **{**values, **fields})


def _refused(record, field):
    with pytest.raises(ValidationError) as error:
        record.save()
    return error.value.message_dict[field]


def _nothing_saved(model):
    assert model.objects.count() == 0
    assert model.history.count() == 0


# --- the model --------------------------------------------------------------------------------


def test_decision_dated_today_is_accepted(ks):
    decision = _decision(ks, minutes_approved_on=TODAY, notice_posted_on=TODAY)
    decision.save()

    assert decision.citation == "KS 2026-04-15 § 12"


def test_decision_dated_after_today_is_refused(ks):
    assert _refused(_decision(ks, meeting_date=TOMORROW), "meeting_date") == [FUTURE_DECISION]
    _nothing_saved(Decision)


def test_decision_dated_9999_12_31_is_refused(ks):
    """The finding: a decision dated 9999-12-31 went public."""
    decision = _decision(ks, meeting_date=datetime.date(9999, 12, 31))

    assert _refused(decision, "meeting_date") == [FUTURE_DECISION]
    _nothing_saved(Decision)


def test_decision_at_a_meeting_after_today_is_refused(ks):
    meeting = factories.MeetingFactory(
        body=ks, starts_at=datetime.datetime(2026, 4, 16, 9, 0, tzinfo=STOCKHOLM)
    )

    assert _refused(_decision(ks, meeting=meeting), "meeting_date") == [FUTURE_DECISION]
    _nothing_saved(Decision)


def test_minutes_approved_after_today_are_refused(ks):
    decision = _decision(ks, minutes_approved_on=TOMORROW)

    assert _refused(decision, "minutes_approved_on") == [FUTURE_MINUTES]
    _nothing_saved(Decision)


def test_notice_posted_after_today_is_refused(ks):
    decision = _decision(ks, minutes_approved_on=TODAY, notice_posted_on=TOMORROW)

    assert _refused(decision, "notice_posted_on") == [FUTURE_NOTICE]
    _nothing_saved(Decision)


def test_a_change_to_a_future_date_changes_nothing(ks):
    decision = _decision(ks)
    decision.save()

    decision.meeting_date = TOMORROW
    # A recorded decision's date does not change at all (#11); the future date is named too.
    assert FUTURE_DECISION in _refused(decision, "meeting_date")

    decision.refresh_from_db()
    assert decision.meeting_date == TODAY
    assert decision.history.count() == 1


def test_minutes_approved_before_the_meeting_are_refused(ks):
    """Justering on or after the meeting: the constraint minutes_after_meeting."""
    decision = _decision(ks, minutes_approved_on=TODAY - datetime.timedelta(days=1))

    with pytest.raises(ValidationError) as error:
        decision.save()

    assert error.value.messages == ["Protokollet kan inte justeras innan sammanträdet har hållits."]
    _nothing_saved(Decision)


def test_notice_posted_before_the_minutes_are_approved_is_refused(ks):
    """Anslag on or after justering: the constraint notice_after_minutes."""
    decision = _decision(
        ks,
        meeting_date=datetime.date(2026, 4, 1),
        minutes_approved_on=datetime.date(2026, 4, 10),
        notice_posted_on=datetime.date(2026, 4, 9),
    )

    with pytest.raises(ValidationError) as error:
        decision.save()

    assert error.value.messages == ["Anslaget sätts upp när protokollet har justerats, inte före."]
    _nothing_saved(Decision)


def test_meeting_planned_after_today_is_accepted(ks):
    """The public calendar lists upcoming meetings: a meeting may be planned ahead."""
    meeting = factories.MeetingFactory(
        body=ks, starts_at=datetime.datetime(2026, 5, 4, 18, 0, tzinfo=STOCKHOLM), agenda="1."
    )

    assert meeting.date == datetime.date(2026, 5, 4)


def test_minutes_of_a_meeting_after_today_are_refused(ks):
    meeting = Meeting(
        body=ks, starts_at=datetime.datetime(2026, 4, 16, 9, 0, tzinfo=STOCKHOLM), minutes="§ 1."
    )

    assert _refused(meeting, "minutes") == [MINUTES_OF_FUTURE_MEETING]
    _nothing_saved(Meeting)


def test_minutes_of_a_meeting_held_today_are_accepted(ks):
    meeting = Meeting(
        body=ks, starts_at=datetime.datetime(2026, 4, 15, 9, 0, tzinfo=STOCKHOLM), minutes="§ 1."
    )
    meeting.save()

    assert Meeting.objects.get().minutes == "§ 1."


# --- the admin's add forms ------------------------------------------------------------------


def test_admin_refuses_a_decision_dated_after_today(client, coordinator, ks):
    client.force_login(coordinator)
    data = {
        "body": ks.pk,
        "meeting_date": TOMORROW.isoformat(),
        "paragraph": "12",
        "title_sv": "Partnerskap med Mukono",
        "outcome": "approved",
    }

    response = client.post(reverse("admin:governance_decision_add"), data)

    assert response.status_code == 200
    assert shows(response, FUTURE_DECISION)
    _nothing_saved(Decision)


def test_admin_refuses_minutes_and_notice_after_today(client, coordinator, ks):
    client.force_login(coordinator)
    data = {
        "body": ks.pk,
        "meeting_date": TODAY.isoformat(),
        "paragraph": "12",
        "title_sv": "Partnerskap med Mukono",
        "outcome": "approved",
        "minutes_approved_on": TOMORROW.isoformat(),
        "notice_posted_on": TOMORROW.isoformat(),
    }

    response = client.post(reverse("admin:governance_decision_add"), data)

    assert response.status_code == 200
    assert shows(response, FUTURE_MINUTES)
    assert shows(response, FUTURE_NOTICE)
    _nothing_saved(Decision)


def test_admin_refuses_minutes_of_a_meeting_after_today(client, coordinator, ks):
    client.force_login(coordinator)
    data = {
        "body": ks.pk,
        "starts_at_0": TOMORROW.isoformat(),
        "starts_at_1": "18:00",
        "minutes": "§ 1. Mötet öppnas.",
        "decisions-TOTAL_FORMS": "0",
        "decisions-INITIAL_FORMS": "0",
    }

    response = client.post(reverse("admin:governance_meeting_add"), data)

    assert response.status_code == 200
    assert shows(response, MINUTES_OF_FUTURE_MEETING)
    _nothing_saved(Meeting)
