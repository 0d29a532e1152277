"""Dates from the future on the staff pages (#11, S8, S9): the decision page (the one
DecisionForm) and the consultation page refuse, in Swedish, and change nothing. The clock
is frozen on 2026-04-15 (conftest)."""

import datetime

from django.urls import reverse

from governance.models import Decision, Outcome
from projects.models import ApplicationStatus
from tests import factories
from tests.admin_forms import shows
from tests.staff.conftest import STOCKHOLM

DECISION = {
    "outcome": Outcome.APPROVED,
    "meeting_date": "2026-04-14",
    "paragraph": "12",
    "case_number": "BUN 2026/4",
    "motivation": "Utbytet stärker elevernas språk.",
    "minutes_approved_on": "2026-04-15",
    "notice_posted_on": "2026-04-15",
    # The decision page records only on the confirmation (#12); the dates are judged then.
    "confirm": "1",
}


def _sv(name, *args):
    return reverse(f"staff:{name}", args=args)


def _nothing_decided(application):
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.decision is None
    assert application.project.status == "planned"
    assert Decision.objects.count() == 0
    assert Decision.history.count() == 0


def test_decision_page_refuses_a_decision_dated_after_today(client, bun_member, submitted):
    client.force_login(bun_member)

    response = client.post(
        _sv("application-decide", submitted.pk), {**DECISION, "meeting_date": "2026-04-16"}
    )

    assert response.status_code == 200
    assert shows(response, "Ett beslut kan inte dateras senare än i dag.")
    _nothing_decided(submitted)


def test_decision_page_refuses_minutes_and_notice_after_today(client, bun_member, submitted):
    client.force_login(bun_member)
    data = {**DECISION, "minutes_approved_on": "2026-04-16", "notice_posted_on": "2026-04-20"}

    response = client.post(_sv("application-decide", submitted.pk), data)

    assert response.status_code == 200
    assert shows(
        response, "Protokollet kan inte justeras senare än i dag; ange den dag det justerades."
    )
    assert shows(
        response, "Anslaget kan inte sättas upp senare än i dag; ange den dag det sattes upp."
    )
    _nothing_decided(submitted)


def test_decision_page_accepts_a_decision_dated_today(client, bun_member, submitted):
    client.force_login(bun_member)

    response = client.post(
        _sv("application-decide", submitted.pk), {**DECISION, "meeting_date": "2026-04-15"}
    )

    assert response.status_code == 302
    assert Decision.objects.get().citation == "BUN 2026-04-15 § 12"


def test_consultation_page_refuses_a_meeting_after_today(client, coordinator, draft, network_body):
    meeting = factories.MeetingFactory(
        body=network_body, starts_at=datetime.datetime(2026, 4, 16, 13, 0, tzinfo=STOCKHOLM)
    )
    client.force_login(coordinator)

    response = client.post(
        _sv("application-consultation", draft.pk), {"meeting": meeting.pk, "view": "Tillstyrks."}
    )

    assert response.status_code == 200
    assert shows(
        response,
        "Ett samråd kan inte dateras senare än i dag; registrera det när mötet har hållits.",
    )
    draft.refresh_from_db()
    assert (draft.status, draft.consultation_on) == (ApplicationStatus.DRAFT, None)
    assert draft.history.count() == 1


def test_consultation_page_refuses_a_meeting_before_the_draft(
    client, coordinator, draft, network_body
):
    meeting = factories.MeetingFactory(
        body=network_body, starts_at=datetime.datetime(2025, 7, 1, 13, 0, tzinfo=STOCKHOLM)
    )
    client.force_login(coordinator)

    response = client.post(
        _sv("application-consultation", draft.pk), {"meeting": meeting.pk, "view": "Tillstyrks."}
    )

    assert response.status_code == 200
    assert shows(
        response,
        "Samrådet sker samma dag som ansökan upprättades (2026-04-15) eller senare, inte före.",
    )
    draft.refresh_from_db()
    assert (draft.status, draft.consultation_on) == (ApplicationStatus.DRAFT, None)
    assert draft.history.count() == 1
