"""The spreadsheet import meets the decision rules of #11 (S7, S8, S11).

An imported row is saved through the model, so work that needs a political decision does not
become approved, ongoing or completed without its responsible body's approving decision; the
row's error says so, and nothing is saved. Relationships are not imported at all: they change
through dated status changes, where a twin town's activation needs KF's decision.
"""

import datetime
import io

from django.urls import reverse

from followup.resources import EXPORTS, IMPORTS
from projects.models import Project, ProjectKind, ProjectStatus
from tests import factories

HEADER = "slug,title,kind,status,responsible_body"
NEEDS_BUNS_DECISION = (
    "status: This work needs a political decision (S8, S11): it becomes approved, ongoing or "
    "completed only when Barn- och utbildningsnämnden approves an application of it. Submit an "
    "application to Barn- och utbildningsnämnden; its members or secretary record the decision."
)


def _upload(client, *lines):
    content = io.BytesIO("\n".join(lines).encode("utf-8"))
    content.name = "import.csv"
    return client.post(
        reverse("followup:import", kwargs={"dataset": "projects"}), {"projects-file": content}
    )


def _checked(project):
    project.funding_check_closed_on = datetime.date(2026, 2, 2)
    project.funding_check_closed_by = factories.PersonFactory()
    project.save()
    return project


def test_import_cannot_set_work_ongoing_without_its_decision(client, coordinator, bun, today):
    _checked(factories.ProjectFactory(slug="mukono", title="Mukono", responsible_body=bun))
    client.force_login(coordinator)

    response = _upload(client, HEADER, "mukono,Mukono,partnership,ongoing,BUN")

    assert response.status_code == 400
    assert response.context["outcome"].rows[0].errors == [NEEDS_BUNS_DECISION]
    assert Project.objects.get().status == ProjectStatus.IDEA


def test_import_cannot_turn_approved_work_into_work_that_lacks_its_decision(
    client, coordinator, bun, today
):
    culture = _checked(
        factories.ProjectFactory(
            slug="kultur", title="Kultur", responsible_body=bun, kind=ProjectKind.CULTURE
        )
    )
    culture.status = ProjectStatus.ONGOING
    culture.save()
    client.force_login(coordinator)

    response = _upload(client, HEADER, "kultur,Kultur,partnership,ongoing,BUN")

    assert response.status_code == 400
    assert response.context["outcome"].rows[0].errors == [NEEDS_BUNS_DECISION]
    assert Project.objects.get().kind == ProjectKind.CULTURE


def test_import_sets_work_ongoing_after_its_bodys_approval(client, coordinator, bun, today):
    project = factories.ProjectFactory(slug="mukono", title="Mukono", responsible_body=bun)
    _checked(project)
    factories.DecidedApplicationFactory(project=project)
    client.force_login(coordinator)

    preview = _upload(client, HEADER, "mukono,Mukono,partnership,ongoing,BUN")

    assert preview.status_code == 200
    assert preview.context["outcome"].rows[0].errors == []


def test_relationships_are_exported_but_never_imported():
    """No spreadsheet makes a twin town active: that takes a status change with KF's
    decision (tests/partners/test_twin_town_decisions.py)."""
    assert "relationships" in EXPORTS
    assert "relationships" not in IMPORTS


def test_an_import_of_relationships_is_not_found(client, coordinator, today):
    client.force_login(coordinator)
    content = io.BytesIO(b"place,kind,status\njoniskis,twin_town,active\n")
    content.name = "import.csv"

    response = client.post(
        reverse("followup:import", kwargs={"dataset": "relationships"}),
        {"relationships-file": content},
    )

    assert response.status_code == 404
