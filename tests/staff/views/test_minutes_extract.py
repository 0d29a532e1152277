"""The minutes extract (protokollsutdrag) of a decision as a PDF (#12): what it holds, who may
download it, and none before the decision."""

import datetime

import pytest
from django.template.loader import render_to_string

from projects.services import applications
from tests.followup.test_report_pdf_jobs import pdf_text
from tests.staff.conftest import en

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(submitted, bun_member):
    applications.decide(
        submitted,
        by=bun_member,
        outcome="approved",
        meeting_date=datetime.date(2026, 3, 10),
        paragraph=12,
        case_number="BUN 2026/4",
        motivation="Utbytet stärker elevernas språk.",
        minutes_approved_on=datetime.date(2026, 3, 13),
        notice_posted_on=datetime.date(2026, 3, 16),
    )
    submitted.refresh_from_db()
    return submitted


def test_the_applicant_downloads_the_extract(client, contributor, decided):
    client.force_login(contributor)
    page = client.get(en("application-detail", decided.pk))

    response = client.get(en("application-minutes-extract", decided.pk))

    assert 'id="minutes-extract"' in page.text
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="protokollsutdrag-BUN-2026-03-10-12.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-1.7")
    content = pdf_text(response.content)
    assert b"/StructTreeRoot" in content
    assert b"/Lang (en)" in content


def test_extract_holds_body_paragraph_case_dates_and_appeal_deadline(decided):
    decision = decided.decision
    html = render_to_string(
        "staff/minutes_extract_pdf.html",
        {"application": decided, "decision": decision, "corrections": []},
    )

    for text in (
        "Barn- och utbildningsnämnden",
        "2026-03-10",
        "§ 12",
        "BUN 2026/4",
        "Utbytet stärker elevernas språk.",
        "2026-03-13",
        "2026-03-16",
        "2026-04-06",  # the last day of appeal: three weeks after the notice
    ):
        assert text in html


def test_no_extract_before_the_decision(client, contributor, submitted):
    client.force_login(contributor)

    response = client.get(en("application-minutes-extract", submitted.pk))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 302), ("ks_member", 403), ("bun_member", 200), ("coordinator", 200)],
)
def test_access(client, request, persona, expected, decided):
    user = request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)

    assert client.get(en("application-minutes-extract", decided.pk)).status_code == expected
