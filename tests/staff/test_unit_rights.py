"""Finding 6 of #11, through the staff pages: a contributor of another school neither sees
nor changes a school's exchange, its internal notes, its funding checks or its application;
the refusal names who may (S12). Each refusal changes nothing."""

import pytest
from django.urls import reverse

from projects.models import Application, FundingCheck, Project, ProjectStatus
from projects.statuses import ApplicationStatus
from tests import factories
from tests.staff.conftest import en

pytestmark = pytest.mark.django_db

REFUSAL_SV = (
    "Endast personalen vid Södra skolan och den internationella samordnaren får ändra "
    "”Brevväxling med Kauhava”."
)
REFUSAL_EN = (
    "Only staff of Södra skolan and the international coordinator may change "
    "“Brevväxling med Kauhava”."
)


def snapshot(project):
    project.refresh_from_db()
    return (
        project.title,
        project.summary,
        project.status,
        project.internal_notes,
        project.unit_id,
        project.history.count(),
    )


def form_data(project, **changes):
    data = {
        "title": project.title,
        "summary": project.summary,
        "kind": project.kind,
        "status": project.status,
        "responsible_body": project.responsible_body_id,
        "unit": project.unit_id or "",
        "school": project.school,
        "own_cost": "0",
        "internal_notes": project.internal_notes,
    }
    return {**data, **changes}


@pytest.mark.parametrize("page", ["project-detail", "project-update", "fundingcheck-create"])
def test_another_school_cannot_open_the_exchange(client, vimar_contributor, sodra_exchange, page):
    client.force_login(vimar_contributor)

    response = client.get(reverse(f"staff:{page}", args=[sodra_exchange.pk]))

    assert response.status_code == 403
    assert REFUSAL_SV in response.text
    assert "Hemligt" not in response.text


def test_the_refusal_speaks_english_under_en(client, vimar_contributor, sodra_exchange):
    client.force_login(vimar_contributor)

    response = client.get(en("project-detail", sodra_exchange.pk))

    assert response.status_code == 403
    assert REFUSAL_EN in response.text


@pytest.mark.parametrize(
    "changes",
    [
        {"title": "Omdöpt"},
        {"internal_notes": "Ändrat"},
        {"status": ProjectStatus.CANCELLED},
    ],
)
def test_another_school_cannot_rename_cancel_or_annotate(
    client, vimar_contributor, sodra_exchange, changes
):
    before = snapshot(sodra_exchange)
    client.force_login(vimar_contributor)

    response = client.post(
        reverse("staff:project-update", args=[sodra_exchange.pk]),
        form_data(sodra_exchange, **changes),
    )

    assert response.status_code == 403
    assert REFUSAL_SV in response.text
    assert snapshot(sodra_exchange) == before


def test_another_school_cannot_record_a_funding_check(client, vimar_contributor, sodra_exchange):
    programme = factories.ProgrammeFactory()
    client.force_login(vimar_contributor)

    response = client.post(
        reverse("staff:fundingcheck-create", args=[sodra_exchange.pk]),
        {"programme": programme.pk, "checked_on": "2026-04-10", "outcome": "not_eligible"},
    )
    completed = client.post(reverse("staff:funding-complete", args=[sodra_exchange.pk]))

    assert response.status_code == completed.status_code == 403
    assert REFUSAL_SV in response.text
    assert not FundingCheck.objects.filter(project=sodra_exchange).exists()
    sodra_exchange.refresh_from_db()
    assert sodra_exchange.funding_check_complete is False


@pytest.fixture
def sodra_application(sodra_exchange, sodra_contributor):
    return factories.ApplicationFactory(
        project=sodra_exchange,
        addressed_to=sodra_exchange.responsible_body,
        submitted_by=sodra_contributor.person,
        title="Ansökan om brevväxling",
    )


@pytest.mark.parametrize("page", ["application-withdraw", "application-submit"])
def test_another_school_cannot_withdraw_or_submit_the_application(
    client, vimar_contributor, sodra_application, page
):
    client.force_login(vimar_contributor)

    response = client.post(reverse(f"staff:{page}", args=[sodra_application.pk]))

    assert response.status_code == 403
    assert REFUSAL_SV in response.text
    sodra_application.refresh_from_db()
    assert sodra_application.status == ApplicationStatus.DRAFT


def test_another_school_cannot_edit_or_see_the_application(
    client, vimar_contributor, sodra_application
):
    client.force_login(vimar_contributor)

    edit = client.post(
        reverse("staff:application-update", args=[sodra_application.pk]),
        {
            "title": "Kapad",
            "kind": "school_exchange",
            "addressed_to": sodra_application.addressed_to_id,
        },
    )
    detail = client.get(reverse("staff:application-detail", args=[sodra_application.pk]))
    listed = client.get(reverse("staff:application-list"))

    assert edit.status_code == 403
    assert REFUSAL_SV in edit.text
    assert detail.status_code == 403
    assert "Ansökan om brevväxling" not in listed.text
    assert Application.objects.get(pk=sodra_application.pk).title == "Ansökan om brevväxling"


def test_the_lists_show_only_the_own_school(client, vimar_contributor, sodra_exchange, vimar, bun):
    own = factories.ProjectFactory(title="Språkutbyte", responsible_body=bun, unit=vimar)
    client.force_login(vimar_contributor)

    response = client.get(reverse("staff:project-list"))

    assert own.title in response.text
    assert sodra_exchange.title not in response.text


def test_the_own_school_edits_its_exchange(client, sodra_contributor, sodra_exchange):
    client.force_login(sodra_contributor)

    response = client.post(
        reverse("staff:project-update", args=[sodra_exchange.pk]),
        form_data(sodra_exchange, internal_notes="Nya anteckningar"),
    )

    assert response.status_code == 302
    sodra_exchange.refresh_from_db()
    assert sodra_exchange.internal_notes == "Nya anteckningar"


def test_a_school_cannot_move_its_work_to_another_school(
    client, sodra_contributor, sodra_exchange, vimar
):
    before = snapshot(sodra_exchange)
    client.force_login(sodra_contributor)

    response = client.post(
        reverse("staff:project-update", args=[sodra_exchange.pk]),
        form_data(sodra_exchange, unit=vimar.pk, title="Flyttad"),
    )

    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.text
    assert snapshot(sodra_exchange) == before


def test_a_school_creates_work_only_for_itself(client, sodra_contributor, bun, sodra):
    client.force_login(sodra_contributor)
    data = {
        "title": "Nytt utbyte",
        "kind": "school_exchange",
        "status": "planned",
        "responsible_body": bun.pk,
        "own_cost": "0",
    }

    without_unit = client.post(reverse("staff:project-create"), data)
    assert without_unit.status_code == 200
    assert (
        "Välj din egen enhet: du får bara spara arbete för den enhet där du arbetar."
        in without_unit.text
    )
    assert not Project.objects.exists()

    client.post(reverse("staff:project-create"), {**data, "unit": sodra.pk})
    assert Project.objects.get().unit == sodra


def test_the_administration_official_edits_every_school(client, contributor, sodra_exchange):
    """BUN's administration's official (the former `skola`) keeps its schools' work."""
    client.force_login(contributor)

    response = client.get(reverse("staff:project-detail", args=[sodra_exchange.pk]))

    assert response.status_code == 200
    assert "Södra skolan" in response.text
