"""The admin's decision page opens only for whoever may record the decision (S8, #11).

The coordinator prepares a case and a member or the secretary of the addressed body records
its decision: the coordinator's GET of the page answers 403, as the change page shows no
link; a POST is still judged by the service, on the meeting's day, and refused with who may.
"""

import datetime

import pytest

from projects.models import ApplicationStatus, ProjectStatus
from projects.services import applications, funding
from tests import factories
from tests.admin_forms import english_admin_url


@pytest.fixture
def submitted(bun):
    project = factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.PLANNED)
    check = factories.FundingCheckFactory(project=project)
    funding.complete_funding_check(project, by=check.checked_by, on=datetime.date(2026, 2, 2))
    application = factories.ApplicationFactory(project=project, addressed_to=bun)
    return applications.submit(application, on=datetime.date(2026, 2, 3))


def _url(application):
    return english_admin_url("projects_application_record_decision", application.pk)


def test_the_coordinator_does_not_get_the_decision_form(client, coordinator, submitted):
    client.force_login(coordinator)

    response = client.get(_url(submitted))

    assert response.status_code == 403


def test_the_coordinator_cannot_post_a_decision_either(client, coordinator, submitted):
    client.force_login(coordinator)
    data = {"outcome": "approved", "meeting_date": "2026-03-10", "paragraph": "12"}

    response = client.post(_url(submitted), data)

    assert "may record its decision" in str(response.context["form"].non_field_errors())
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_the_bodys_secretary_gets_the_decision_form(client, coordinator, submitted):
    factories.MembershipFactory(
        person=coordinator.person, body=submitted.addressed_to, role="secretary"
    )
    client.force_login(coordinator)

    response = client.get(_url(submitted))

    assert response.status_code == 200
    assert "form" in response.context
