"""The staff pages meet the decision rules of #11 (S7, S8, S11, S12).

The project page cannot make work claim a decision it lacks; the application form takes the
body from the project (its responsible body decides) and refuses a second application under
way. Pages are asked in English (``en``), so the refusals are asserted in English; the
Swedish messages are asserted in tests/projects/.
"""

import datetime

import pytest

from projects.models import Application, ApplicationKind, Project, ProjectKind, ProjectStatus
from projects.services import funding
from tests import factories
from tests.staff.conftest import en

pytestmark = pytest.mark.django_db

NEEDS_BUNS_DECISION = (
    "This work needs a political decision (S8, S11): it becomes approved, ongoing or completed "
    "only when Barn- och utbildningsnämnden approves an application of it. Submit an "
    "application to Barn- och utbildningsnämnden; its members or secretary record the decision."
)
ONE_UNDER_WAY = (
    "The project already has an application on its way to a decision (a draft, in "
    "consultation or submitted); continue that one, or withdraw it first (#11)."
)


@pytest.fixture
def approved_exchange(bun, contributor):
    """A school exchange approved without a decision, as one that needs none may be (S11)."""
    project = factories.ProjectFactory(
        title="Klassutbyte", responsible_body=bun, kind=ProjectKind.SCHOOL_EXCHANGE
    )
    check = factories.FundingCheckFactory(project=project, checked_by=contributor.person)
    funding.complete_funding_check(project, by=check.checked_by, on=datetime.date(2026, 2, 2))
    project.refresh_from_db()
    project.status = ProjectStatus.APPROVED
    project.save()
    return project


def _project_data(project, **overrides):
    data = {
        "title": project.title,
        "kind": project.kind,
        "status": project.status,
        "responsible_body": project.responsible_body_id,
        "own_cost": str(project.own_cost),
        "starts_on": "2026-01-01",
    }
    return {**data, **overrides}


def test_project_page_cannot_make_approved_work_need_a_decision_it_lacks(
    client, contributor, approved_exchange
):
    client.force_login(contributor)

    response = client.post(
        en("project-update", approved_exchange.pk),
        _project_data(approved_exchange, needs_decision="on"),
    )

    assert response.status_code == 200
    assert NEEDS_BUNS_DECISION in response.text
    approved_exchange.refresh_from_db()
    assert approved_exchange.needs_decision is False


def test_project_page_cannot_raise_the_cost_of_approved_work_above_the_threshold(
    client, contributor, approved_exchange, settings
):
    settings.SCHOOL_EXCHANGE_DECISION_THRESHOLD = 50000
    client.force_login(contributor)

    response = client.post(
        en("project-update", approved_exchange.pk),
        _project_data(approved_exchange, own_cost="80000"),
    )

    assert response.status_code == 200
    assert NEEDS_BUNS_DECISION in response.text
    approved_exchange.refresh_from_db()
    assert approved_exchange.own_cost == 0


def test_project_page_offers_no_approved_status(client, contributor, bun_project):
    """A contributor plans work; approval comes from the decision (S8)."""
    client.force_login(contributor)

    response = client.post(
        en("project-update", bun_project.pk), _project_data(bun_project, status="approved")
    )

    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    bun_project.refresh_from_db()
    assert bun_project.status == ProjectStatus.PLANNED


def _draft(project, **overrides):
    data = {
        "kind": ApplicationKind.PARTNERSHIP,
        "title": "Partnerskap om barns rättigheter",
        "summary": "Ett utbyte mellan skolor i Vimmerby och Joniškis.",
        "project": project.pk,
        "cost": "20000",
    }
    return {**data, **overrides}


def test_the_application_goes_to_the_projects_responsible_body(
    client, contributor, bun_project, bun, ks
):
    """The applicant does not choose: a body posted anyway is replaced by the project's."""
    client.force_login(contributor)

    response = client.post(en("application-create"), _draft(bun_project, addressed_to=ks.pk))

    assert response.status_code == 302
    assert Application.objects.get().addressed_to == bun


def test_the_application_needs_no_body_chosen(client, contributor, bun_project, bun):
    client.force_login(contributor)

    response = client.post(en("application-create"), _draft(bun_project))

    assert response.status_code == 302
    assert Application.objects.get().addressed_to == bun


def test_a_new_twin_town_goes_to_the_council(client, coordinator, kf):
    client.force_login(coordinator)
    data = {
        "kind": ApplicationKind.TWIN_TOWN,
        "title": "Ny vänort",
        "summary": "Vänort i Estland.",
        "proposed_place": factories.PlaceFactory().pk,
        "why_not_partnership": "Kontakter över alla områden.",
    }

    response = client.post(en("application-create"), data)

    assert response.status_code == 302
    assert Application.objects.get().addressed_to == kf


def test_a_second_application_under_way_is_refused_on_the_page(
    client, contributor, bun_project, draft
):
    client.force_login(contributor)

    response = client.post(en("application-create"), _draft(bun_project, title="En till"))

    assert response.status_code == 200
    assert ONE_UNDER_WAY in response.text
    assert list(Application.objects.all()) == [draft]
    assert Project.objects.get().applications.count() == 1
