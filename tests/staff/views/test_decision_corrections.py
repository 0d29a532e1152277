"""The staff page where the secretary of the deciding body (or the coordinator) corrects a
decision (rättelse, #11): a member is refused with who may, and nothing changes."""

import datetime

import pytest

from governance.models import Decision, DecisionCorrection, Role
from tests.staff.conftest import board_member, en

CORRECTION = {"field": "case_number", "corrected": "BUN 2026/41", "reason": "Skrivfel."}


@pytest.fixture
def bun_secretary(bun):
    return board_member("bun-sekreterare", bun, datetime.date(2023, 1, 1), role=Role.SECRETARY)


def test_secretary_corrects_the_decision(client, bun_secretary, approved):
    client.force_login(bun_secretary)
    detail = client.get(en("application-detail", approved.pk))

    response = client.post(en("application-correct-decision", approved.pk), CORRECTION)

    assert en("application-correct-decision", approved.pk) in detail.text
    assert response.status_code == 302
    assert Decision.objects.get().case_number == "BUN 2026/41"
    correction = DecisionCorrection.objects.get()
    assert (correction.original, correction.made_by) == ("BUN 2026/40", bun_secretary)


def test_member_is_refused_and_told_who_may(client, bun_member, approved):
    client.force_login(bun_member)
    detail = client.get(en("application-detail", approved.pk))

    response = client.post(en("application-correct-decision", approved.pk), CORRECTION)

    assert 'id="correct-decision"' not in detail.text
    assert response.status_code == 403
    assert (
        "Only the secretary of the decision&#x27;s body or the coordinator may correct a "
        "decision." in response.text
    )
    assert Decision.objects.get().case_number == "BUN 2026/40"
    assert DecisionCorrection.objects.count() == 0


def test_outcome_is_not_corrected_on_the_page(client, coordinator, approved):
    client.force_login(coordinator)

    response = client.post(
        en("application-correct-decision", approved.pk),
        {"field": "outcome", "corrected": "rejected", "reason": "Fel."},
    )

    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    assert Decision.objects.get().outcome == "approved"
    assert DecisionCorrection.objects.count() == 0


def test_a_correction_without_reason_is_refused(client, coordinator, approved):
    client.force_login(coordinator)

    response = client.post(
        en("application-correct-decision", approved.pk), {**CORRECTION, "reason": ""}
    )

    assert response.status_code == 200
    assert "This field is required." in response.text
    assert Decision.objects.get().case_number == "BUN 2026/40"


def test_swedish_page_says_it_in_swedish(client, bun_member, approved):
    client.force_login(bun_member)

    response = client.get(f"/arbete/ansokningar/{approved.pk}/beslut/rattelse/")

    assert response.status_code == 403
    assert "Endast sekreteraren i det organ som fattade beslutet" in response.text
