"""When a consultation can be given, and decisions from the future (#11, S7, S9).

The network's view is given at one of its meetings on or after the day the application was
drafted, not after today, and before the decision it informs (``Application.clean()``, so
``record_consultation``, the staff page and the admin all meet it). ``decide`` refuses a
decision dated after today, so a twin town dated ahead never becomes active today.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from governance.models import Decision
from partners.models import Relationship
from projects.models import Application, ApplicationKind, ApplicationStatus
from projects.services import applications
from tests import factories

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DRAFTED = datetime.datetime(2026, 2, 10, 10, 0, tzinfo=STOCKHOLM)
TODAY = datetime.datetime(2026, 4, 15, 12, 0, tzinfo=STOCKHOLM)

BEFORE_DRAFTED = (
    "Samrådet sker samma dag som ansökan upprättades (2026-02-10) eller senare, inte före."
)
AFTER_TODAY = "Ett samråd kan inte dateras senare än i dag; registrera det när mötet har hållits."
FUTURE_DECISION = "Ett beslut kan inte dateras senare än i dag."


def _at(year, month, day, hour=13):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def draft(bun):
    """An application drafted on 10 February 2026."""
    with time_machine.travel(DRAFTED, tick=False):
        return factories.ApplicationFactory(project=factories.ProjectFactory(responsible_body=bun))


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY.date()


def _meeting(network_body, starts_at):
    return factories.MeetingFactory(body=network_body, starts_at=starts_at)


def _refused(draft, meeting):
    with pytest.raises(ValidationError) as error:
        applications.record_consultation(draft, meeting=meeting, view="Nätverket tillstyrker.")
    return error.value.message_dict["consultation_on"]


def _unchanged(draft):
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT
    assert (draft.consultation_meeting, draft.consultation_on, draft.consultation_view) == (
        None,
        None,
        "",
    )
    assert draft.history.count() == 1


# --- the service ------------------------------------------------------------------------------


def test_consultation_at_a_meeting_before_the_application_was_drafted_is_refused(
    draft, network_body, today
):
    """The finding: a view given nine months before the application existed."""
    meeting = _meeting(network_body, _at(2025, 5, 12))

    assert _refused(draft, meeting) == [BEFORE_DRAFTED]
    _unchanged(draft)


def test_consultation_at_a_meeting_after_today_is_refused(draft, network_body, today):
    meeting = _meeting(network_body, _at(2026, 4, 16, 9))

    assert _refused(draft, meeting) == [AFTER_TODAY]
    _unchanged(draft)


def test_consultation_on_the_day_the_application_was_drafted_is_accepted(
    draft, network_body, today
):
    meeting = _meeting(network_body, _at(2026, 2, 10, 15))

    application = applications.record_consultation(draft, meeting=meeting, view="Tillstyrks.")

    assert application.consultation_on == datetime.date(2026, 2, 10)
    assert application.status == ApplicationStatus.IN_CONSULTATION


def test_consultation_today_is_accepted(draft, network_body, today):
    meeting = _meeting(network_body, _at(2026, 4, 15, 9))

    application = applications.record_consultation(draft, meeting=meeting, view="Tillstyrks.")

    assert application.consultation_on == today


# --- before the decision ----------------------------------------------------------------------


def test_decision_before_the_consultation_is_refused(draft, network_body, bun_member, today):
    """A view given after the decision cannot have informed it: decide refuses, nothing
    changes."""
    applications.record_consultation(
        draft, meeting=_meeting(network_body, _at(2026, 4, 1)), view="Tillstyrks."
    )
    applications.submit(draft, on=datetime.date(2026, 3, 1))

    with pytest.raises(ValidationError) as error:
        applications.decide(
            draft,
            by=bun_member,
            outcome="rejected",
            meeting_date=datetime.date(2026, 3, 20),
            paragraph=3,
        )

    assert error.value.message_dict["consultation_on"] == [
        "Samrådet sker före beslutet (BUN 2026-03-20 § 3), inte efter."
    ]
    assert Decision.objects.count() == 0
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUBMITTED


def test_consultation_at_a_later_meeting_on_the_day_of_the_decision_is_refused(
    draft, network_body, bun, bun_member, today
):
    """Both meetings known: the network's meeting must start before the board's."""
    board_meeting = factories.MeetingFactory(body=bun, starts_at=_at(2026, 3, 20, 9))
    applications.submit(draft, on=datetime.date(2026, 3, 1))
    applications.decide(
        draft,
        by=bun_member,
        outcome="rejected",
        meeting_date=datetime.date(2026, 3, 20),
        paragraph=3,
        meeting=board_meeting,
    )
    draft.refresh_from_db()
    draft.consultation_meeting = _meeting(network_body, _at(2026, 3, 20, 15))
    draft.consultation_on = datetime.date(2026, 3, 20)
    draft.consultation_view = "Tillstyrks."

    with pytest.raises(ValidationError) as error:
        draft.save()

    # The application is decided, so it is frozen too (#11): both refusals are given.
    assert (
        "Samrådet sker före beslutet (BUN 2026-03-20 § 3), inte efter."
        in error.value.message_dict["consultation_on"]
    )
    assert Application.objects.get().consultation_on is None


# --- the model, whatever path saves it --------------------------------------------------------


def test_new_application_with_a_consultation_before_today_is_refused(bun, network_body, today):
    """An application saved today cannot carry a view given before it existed."""
    meeting = _meeting(network_body, _at(2026, 4, 14))
    application = factories.ApplicationFactory.build(
        project=factories.ProjectFactory(responsible_body=bun),
        consultation_meeting=meeting,
        consultation_on=meeting.date,
        consultation_view="Tillstyrks.",
    )

    with pytest.raises(ValidationError) as error:
        application.save()

    assert error.value.message_dict["consultation_on"] == [
        "Samrådet sker samma dag som ansökan upprättades (2026-04-15) eller senare, inte före."
    ]
    assert Application.objects.count() == 0


# --- decisions from the future through decide ------------------------------------------------


def test_decide_refuses_a_decision_dated_after_today(draft, bun_member, today):
    applications.submit(draft, on=datetime.date(2026, 3, 1))

    with pytest.raises(ValidationError) as error:
        applications.decide(
            draft,
            by=bun_member,
            outcome="rejected",
            meeting_date=datetime.date(2026, 4, 16),
            paragraph=3,
        )

    assert error.value.message_dict["meeting_date"] == [FUTURE_DECISION]
    assert Decision.objects.count() == 0
    assert Decision.history.count() == 0
    draft.refresh_from_db()
    assert (draft.status, draft.decision) == (ApplicationStatus.SUBMITTED, None)


def test_twin_town_decided_twelve_days_ahead_is_refused(kf, kf_member, today):
    """The finding: a decision dated twelve days ahead made a twin town active today."""
    application = factories.ApplicationFactory(
        kind=ApplicationKind.TWIN_TOWN,
        project=None,
        proposed_place=factories.PlaceFactory(),
        addressed_to=kf,
        why_not_partnership="Kontakter över alla verksamhetsområden.",
    )
    applications.submit(application, on=today)

    with pytest.raises(ValidationError) as error:
        applications.decide(
            application,
            by=kf_member,
            outcome="approved",
            meeting_date=today + datetime.timedelta(days=12),
            paragraph=172,
        )

    assert error.value.message_dict["meeting_date"] == [FUTURE_DECISION]
    assert Decision.objects.count() == 0
    assert Relationship.objects.count() == 0
    assert Relationship.history.count() == 0
