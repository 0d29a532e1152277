"""The admin's "record decision" page records only after a confirmation (#12, S8), with the
staff decision page's step (projects.forms.DecisionForm: confirmed, confirming, summary).

The first POST shows what will be recorded and records nothing; "Change it" shows the form
again; "Confirm" records it once; a confirmation sent twice records nothing more and says why;
whoever may not record the body's decision learns it before the confirmation.
"""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from governance.models import Decision
from projects.models import ApplicationStatus, ProjectStatus
from projects.services import applications, funding
from tests import factories
from tests.admin_forms import english_admin_url

DECISION = {
    "outcome": "approved",
    "meeting_date": "2026-03-10",
    "paragraph": "12",
    "case_number": "BUN 2026/4",
    "motivation": "Partnerskapet stärker barnens rättigheter.",
}


@pytest.fixture
def submitted(bun):
    project = factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.PLANNED)
    check = factories.FundingCheckFactory(project=project)
    funding.complete_funding_check(project, by=check.checked_by, on=datetime.date(2026, 2, 2))
    application = factories.ApplicationFactory(project=project, addressed_to=bun)
    return applications.submit(application, on=datetime.date(2026, 2, 3))


@pytest.fixture
def member(client, bun_member):
    bun_member.is_staff = True
    bun_member.save()
    client.force_login(bun_member)
    return bun_member


def _url(application, language="en"):
    with translation.override(language):
        return reverse("admin:projects_application_record_decision", args=[application.pk])


def test_the_first_post_shows_what_will_be_recorded_and_records_nothing(client, member, submitted):
    response = client.post(_url(submitted), DECISION)

    assert response.status_code == 200
    assert response.context["confirming"] is True
    page = response.content.decode()
    assert 'id="decision-summary"' in page
    assert "§ 12" in page
    assert "BUN 2026/4" in page
    assert "2026-03-10" in page
    assert "Confirm and record the decision" in page
    assert Decision.objects.count() == 0
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_the_confirmation_page_speaks_swedish(client, member, submitted):
    response = client.post(_url(submitted, "sv"), DECISION)

    page = response.content.decode()
    assert "Bekräfta beslutet" in page
    assert "Sammanträdesdatum" in page
    assert Decision.objects.count() == 0


def test_change_it_shows_the_form_again_with_the_values(client, member, submitted):
    response = client.post(_url(submitted), {**DECISION, "edit": "1"})

    assert response.status_code == 200
    assert response.context["confirming"] is False
    assert 'id="decision-form"' in response.content.decode()
    assert response.context["form"]["case_number"].value() == "BUN 2026/4"
    assert Decision.objects.count() == 0


def test_the_confirmation_records_the_decision(client, member, submitted):
    response = client.post(_url(submitted), {**DECISION, "confirm": "1"})

    assert response.status_code == 302
    assert response.url == english_admin_url("projects_application_change", submitted.pk)
    decision = Decision.objects.get()
    assert decision.citation == "BUN 2026-03-10 § 12"
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.DECIDED


def test_a_confirmation_sent_twice_records_the_decision_once(client, member, submitted):
    client.post(_url(submitted), {**DECISION, "confirm": "1"})
    history = Decision.history.count()

    again = client.post(_url(submitted), {**DECISION, "confirm": "1", "paragraph": "13"})

    assert again.status_code == 302
    assert [str(m) for m in get_messages(again.wsgi_request)][-1] == (
        "This application is not waiting for a decision any more (it was decided or "
        "withdrawn); nothing was recorded. A confirmation sent twice records the decision once."
    )
    assert Decision.objects.get().paragraph == 12
    assert Decision.history.count() == history


def test_bad_input_is_refused_before_the_confirmation(client, member, submitted):
    response = client.post(_url(submitted), {**DECISION, "paragraph": "0"})

    assert response.status_code == 200
    assert response.context["confirming"] is False
    assert response.context["form"].errors["paragraph"]
    assert Decision.objects.count() == 0


def test_who_may_not_record_it_learns_so_before_the_confirmation(client, ks_member, submitted):
    ks_member.is_staff = True
    ks_member.save()
    client.force_login(ks_member)

    response = client.post(_url(submitted), DECISION)

    assert response.status_code == 200
    assert response.context["confirming"] is False
    assert response.context["form"].non_field_errors() == [
        "Only members or the secretary of BUN, in office on 2026-03-10, may record its "
        "decision (S8). The coordinator prepares it; a member or the secretary records it."
    ]
    assert Decision.objects.count() == 0
