"""Dates from the future in the admin (#11, S8, S9): the record-decision page (the one
DecisionForm, through ``applications.decide``) and an application's consultation refuse, in
Swedish, and change nothing."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from governance.models import Decision
from projects.models import ApplicationStatus, ProjectStatus
from projects.services import applications, funding
from tests import factories
from tests.admin_forms import shows

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 4, 15, 10, 0, tzinfo=STOCKHOLM), tick=False):
        yield


@pytest.fixture
def bun_application(bun):
    """A BUN project's application, submitted, with its funding check completed (S6)."""
    project = factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.PLANNED)
    check = factories.FundingCheckFactory(project=project)
    funding.complete_funding_check(project, by=check.checked_by, on=datetime.date(2026, 4, 15))
    application = factories.ApplicationFactory(project=project, addressed_to=bun)
    return applications.submit(application, on=datetime.date(2026, 4, 15))


def test_record_decision_page_refuses_a_decision_dated_after_today(
    client, bun_application, bun_member
):
    bun_member.is_staff = True
    bun_member.save()
    client.force_login(bun_member)
    data = {
        "outcome": "approved",
        "meeting_date": "2026-04-27",
        "paragraph": "12",
        "case_number": "BUN 2026/4",
    }

    response = client.post(
        reverse("admin:projects_application_record_decision", args=[bun_application.pk]), data
    )

    assert response.status_code == 200
    assert shows(response, "Ett beslut kan inte dateras senare än i dag.")
    assert Decision.objects.count() == 0
    assert Decision.history.count() == 0
    bun_application.refresh_from_db()
    assert bun_application.status == ApplicationStatus.SUBMITTED
    assert bun_application.project.status == ProjectStatus.PLANNED


def test_application_change_form_refuses_a_consultation_before_the_draft(
    client, bun_application, coordinator, network_body
):
    meeting = factories.MeetingFactory(
        body=network_body, starts_at=datetime.datetime(2025, 7, 1, 13, 0, tzinfo=STOCKHOLM)
    )
    url = reverse("admin:projects_application_change", args=[bun_application.pk])
    client.force_login(coordinator)
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and not isinstance(value, list)
    }
    data["objectives"] = []
    data.update(
        consultation_meeting=meeting.pk,
        consultation_on="2025-07-01",
        consultation_view="Tillstyrks.",
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert shows(
        response,
        "Samrådet sker samma dag som ansökan upprättades (2026-04-15) eller senare, inte före.",
    )
    bun_application.refresh_from_db()
    assert bun_application.consultation_on is None
    assert bun_application.history.count() == 2  # created, submitted
