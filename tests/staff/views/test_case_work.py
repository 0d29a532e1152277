"""Case work without Word and e-mail (#12): the checklist before submission, the way back for
a case the board cannot approve, the confirmation before a decision or a withdrawal, the
officials' proposal, and the access matrix of the new pages (S6, S8, S9)."""

import datetime
import decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.models import Decision, Outcome, Role
from projects.models import Application, ApplicationStatus
from projects.services import applications
from tests import factories
from tests.staff.conftest import board_member, en, make_application

pytestmark = pytest.mark.django_db

DECISION = {
    "outcome": Outcome.APPROVED,
    "meeting_date": "2026-03-10",
    "paragraph": "12",
    "case_number": "BUN 2026/4",
    "motivation": "Utbytet stärker elevernas språk.",
}


@pytest.fixture
def unchecked_project(bun):
    """Work whose funding check is not completed: the board cannot approve it (S6)."""
    return factories.ProjectFactory(title="Utbyte utan kontroll", responsible_body=bun)


@pytest.fixture
def unchecked_draft(unchecked_project, contributor):
    return make_application(unchecked_project, contributor.person, title="Utan kontroll")


@pytest.fixture
def bun_secretary(bun):
    return board_member("bun-sekreterare", bun, datetime.date(2023, 1, 1), role=Role.SECRETARY)


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- The checklist before submission (S6, S9) ------------------------------------------------


def test_detail_shows_the_steps_and_where_the_case_stands(client, contributor, draft):
    client.force_login(contributor)

    page = client.get(en("application-detail", draft.pk))

    assert 'id="case-steps"' in page.text
    # Written; the funding check is complete; the network is the step it waits for.
    assert page.text.count('aria-current="step"') == 1
    current = page.text.split('aria-current="step"')[1].split("</li>")[0]
    assert "The international network consulted" in current
    # No primary "send" before the consultation: the contributor has no send button yet.
    assert 'id="submit-application"' not in page.text
    assert "The international network has not been consulted" in page.text


def test_contributor_cannot_submit_with_a_gap(client, contributor, unchecked_draft):
    client.force_login(contributor)

    response = client.post(en("application-submit", unchecked_draft.pk))

    unchecked_draft.refresh_from_db()
    assert unchecked_draft.status == ApplicationStatus.DRAFT
    assert unchecked_draft.submitted_on is None
    (message,) = _messages(response)
    assert "cannot be sent for decision yet" in message
    assert "funding check is not completed" in message


def test_refusal_in_swedish(client, contributor, unchecked_draft):
    client.force_login(contributor)

    response = client.post(f"/arbete/ansokningar/{unchecked_draft.pk}/skicka/")

    (message,) = _messages(response)
    assert "Ärendet kan inte lämnas in för beslut än" in message
    assert Application.objects.get().status == ApplicationStatus.DRAFT


def test_contributor_submits_once_the_checklist_is_complete(
    client, contributor, coordinator, draft, network_meeting
):
    applications.record_consultation(draft, meeting=network_meeting, view="Tillstyrks.")
    client.force_login(contributor)

    page = client.get(en("application-detail", draft.pk))
    client.post(en("application-submit", draft.pk))

    assert 'class="btn btn-primary" id="submit-application"' in page.text
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUBMITTED
    assert draft.submitted_with_gaps == ""


def test_coordinator_submits_with_gaps_and_the_warning_goes_with_the_case(
    client, coordinator, bun_member, unchecked_draft
):
    client.force_login(coordinator)

    client.post(en("application-submit", unchecked_draft.pk))

    unchecked_draft.refresh_from_db()
    assert unchecked_draft.status == ApplicationStatus.SUBMITTED
    assert unchecked_draft.submitted_with_gaps == "consultation funding"
    client.force_login(bun_member)
    page = client.get(en("application-detail", unchecked_draft.pk))
    assert 'id="sent-with-gaps"' in page.text
    assert "The funding check is not completed" in page.text


def test_coordinator_records_why_the_network_is_not_consulted(client, coordinator, draft):
    client.force_login(coordinator)

    response = client.post(
        en("application-no-consultation", draft.pk),
        {"reason": "Brådskande, nätverket möts i juni."},
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.no_consultation_reason == "Brådskande, nätverket möts i juni."
    assert draft.submission_gaps == []


def test_a_reason_left_empty_is_refused(client, coordinator, draft):
    client.force_login(coordinator)

    response = client.post(en("application-no-consultation", draft.pk), {"reason": "  "})

    assert response.status_code == 200
    assert "This field is required." in response.text
    draft.refresh_from_db()
    assert draft.no_consultation_reason == ""


# --- No dead ends: return, fix, resubmit; or withdraw -----------------------------------------


def test_a_case_the_board_cannot_approve_is_returned_fixed_and_sent_again(
    client, coordinator, contributor, bun_member, unchecked_draft, unchecked_project
):
    applications.submit(unchecked_draft, by=coordinator, on=datetime.date(2026, 2, 1))
    client.force_login(bun_member)
    refused = client.post(en("application-decide", unchecked_draft.pk), {**DECISION, "confirm": 1})
    assert "funding check is completed" in refused.text

    page = client.get(en("application-detail", unchecked_draft.pk))
    response = client.post(
        en("application-return", unchecked_draft.pk), {"reason": "Gör finansieringskontrollen."}
    )

    assert 'id="return-application"' in page.text
    assert response.status_code == 302
    unchecked_draft.refresh_from_db()
    assert unchecked_draft.status == ApplicationStatus.DRAFT
    assert unchecked_draft.submitted_on is None
    client.force_login(contributor)
    page = client.get(en("application-detail", unchecked_draft.pk))
    assert "Gör finansieringskontrollen." in page.text
    assert 'id="withdraw-application"' in page.text
    assert en("application-update", unchecked_draft.pk) in page.text


def test_a_submitted_case_can_be_withdrawn_by_its_school(client, contributor, submitted):
    client.force_login(contributor)

    page = client.get(en("application-detail", submitted.pk))

    assert 'id="withdraw-application"' in page.text


def test_return_without_a_reason_is_refused(client, coordinator, submitted):
    client.force_login(coordinator)

    response = client.post(en("application-return", submitted.pk), {"reason": ""})

    assert response.status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED


# --- Confirmation before withdrawing and before recording a decision --------------------------


def test_withdrawal_asks_first(client, contributor, draft):
    client.force_login(contributor)

    page = client.get(en("application-withdraw", draft.pk))

    assert page.status_code == 200
    assert 'id="confirm-withdraw"' in page.text
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT

    client.post(en("application-withdraw", draft.pk))

    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.WITHDRAWN


def test_decision_is_shown_for_confirmation_before_it_is_recorded(client, bun_member, submitted):
    client.force_login(bun_member)

    response = client.post(en("application-decide", submitted.pk), DECISION)

    assert response.status_code == 200
    assert 'id="confirm-decision"' in response.text
    assert "BUN 2026/4" in response.text
    assert Decision.objects.count() == 0

    client.post(en("application-decide", submitted.pk), {**DECISION, "confirm": "1"})

    assert Decision.objects.get().case_number == "BUN 2026/4"


def test_change_it_returns_to_the_form(client, bun_member, submitted):
    client.force_login(bun_member)

    response = client.post(en("application-decide", submitted.pk), {**DECISION, "edit": "1"})

    assert 'id="decision-form"' in response.text
    assert Decision.objects.count() == 0


def test_a_decision_confirmed_twice_is_recorded_once(client, bun_member, submitted):
    client.force_login(bun_member)
    confirmed = {**DECISION, "confirm": "1"}
    client.post(en("application-decide", submitted.pk), confirmed)
    history = submitted.history.count()

    again = client.post(en("application-decide", submitted.pk), {**confirmed, "paragraph": "13"})

    assert again.status_code == 302
    (message,) = _messages(again)[-1:]
    assert "nothing was recorded" in message
    decision = Decision.objects.get()
    assert decision.paragraph == 12
    assert submitted.history.count() == history


# --- The proposal: the officials write it, the decision form starts from it -------------------


def test_secretary_writes_the_proposal_and_the_form_starts_from_it(
    client, bun_secretary, submitted
):
    client.force_login(bun_secretary)

    client.post(
        en("application-proposal", submitted.pk),
        {"proposed_decision": "Nämnden beviljar utbytet.", "motivation": "Stärker språken."},
    )
    form = client.get(en("application-decide", submitted.pk))

    submitted.refresh_from_db()
    assert submitted.proposed_decision == "Nämnden beviljar utbytet."
    assert form.context["form"].initial["motivation"] == (
        "Nämnden beviljar utbytet.\n\nStärker språken."
    )


def test_a_member_does_not_write_the_proposal(client, bun_member, submitted):
    client.force_login(bun_member)

    response = client.post(
        en("application-proposal", submitted.pk), {"proposed_decision": "Bevilja."}
    )

    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.proposed_decision == ""


# --- The access matrix of the new pages -------------------------------------------------------

NEW_PAGES = (
    "application-withdraw",
    "application-return",
    "application-no-consultation",
    "application-proposal",
)

# Who may open each page (GET) of a submitted case: 200, or 302 to the sign-in for nobody.
EXPECTED = {
    "anonymous": dict.fromkeys(NEW_PAGES, 302),
    "contributor": {
        "application-withdraw": 200,
        "application-return": 403,
        "application-no-consultation": 403,
        "application-proposal": 403,
    },
    "coordinator": dict.fromkeys(NEW_PAGES, 200),
    "bun_member": {
        "application-withdraw": 403,
        "application-return": 200,
        "application-no-consultation": 403,
        "application-proposal": 403,
    },
    "bun_secretary": {
        "application-withdraw": 403,
        "application-return": 200,
        "application-no-consultation": 403,
        "application-proposal": 200,
    },
    "ks_member": {
        "application-withdraw": 403,
        "application-return": 403,
        "application-no-consultation": 403,
        "application-proposal": 403,
    },
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_access_matrix(client, request, persona, submitted):
    user = request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)

    got = {page: client.get(en(page, submitted.pk)).status_code for page in NEW_PAGES}

    assert got == EXPECTED[persona]


# --- After the decision: a correction keeps the original, with its reason ---------------------


def test_a_correction_shows_on_the_case_with_the_original_and_the_reason(
    client, coordinator, approved
):
    client.force_login(coordinator)

    client.post(
        en("application-correct-decision", approved.pk),
        {"field": "case_number", "corrected": "BUN 2026/41", "reason": "Skrivfel i diariet."},
    )
    page = client.get(en("application-detail", approved.pk))

    corrections = page.text.split('id="decision-corrections"')[1].split("</ul>")[0]
    assert "BUN 2026/40" in corrections
    assert "BUN 2026/41" in corrections
    assert "Skrivfel i diariet." in corrections
    # The decision's history keeps the value as first recorded.
    decision = Decision.objects.get()
    assert [h.case_number for h in decision.history.order_by("history_date")] == [
        "BUN 2026/40",
        "BUN 2026/41",
    ]


def test_a_correction_without_a_reason_changes_nothing(client, coordinator, approved):
    client.force_login(coordinator)

    response = client.post(
        en("application-correct-decision", approved.pk),
        {"field": "case_number", "corrected": "BUN 2026/41", "reason": "   "},
    )

    assert response.status_code == 200
    decision = Decision.objects.get()
    assert decision.case_number == "BUN 2026/40"
    assert decision.corrections.count() == 0
    assert decision.history.count() == 1


# --- What is new since the last visit ---------------------------------------------------------


def test_the_list_marks_what_changed_since_the_last_visit(client, contributor, draft, frozen_today):
    client.force_login(contributor)
    first = client.get(en("application-list"))
    frozen_today.shift(datetime.timedelta(minutes=5))
    again = client.get(en("application-list"))
    frozen_today.shift(datetime.timedelta(minutes=5))
    draft.summary = "Ändrad sammanfattning."
    draft.save()
    frozen_today.shift(datetime.timedelta(minutes=5))

    changed = client.get(en("application-list"))

    assert "new-since" not in first.text  # nothing to compare with yet
    assert "new-since" not in again.text  # nothing changed since
    assert "New or changed since your last visit" in changed.text


def test_a_visit_within_the_same_second_does_not_write_the_session(
    client, contributor, draft, frozen_today
):
    """#15: the visit's time is kept to the second; the same second is not written again,
    and a change made after the kept time is still marked at the next visit."""
    client.force_login(contributor)
    client.get(en("application-list"))
    frozen_today.shift(datetime.timedelta(milliseconds=400))

    with CaptureQueriesContext(connection) as same_second:
        client.get(en("application-list"))
    draft.summary = "Ändrad sammanfattning."
    draft.save()
    frozen_today.shift(datetime.timedelta(seconds=1))
    with CaptureQueriesContext(connection) as next_second:
        changed = client.get(en("application-list"))

    assert not any("django_session" in q["sql"] and "UPDATE" in q["sql"] for q in same_second)
    assert any("django_session" in q["sql"] and "UPDATE" in q["sql"] for q in next_second)
    assert "New or changed since your last visit" in changed.text


def test_the_board_member_reads_the_amounts_sought_externally(
    client, submitted, bun_project, bun_member
):
    """#12: the member decides knowing what is sought from, and granted by, other funders."""
    factories.FundingCheckFactory(
        project=bun_project,
        outcome="applied",
        amount_applied=decimal.Decimal("25000"),
        currency="EUR",
        exchange_rate=decimal.Decimal("11.5"),
        note="",
    )
    client.force_login(bun_member)

    page = client.get(en("application-detail", submitted.pk)).content.decode()

    assert "Applied for: 25,000 EUR (287,500 SEK)" in page
