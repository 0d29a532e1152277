"""The staff pages of projects (staff/views/projects.py): a contributor's project and its
funding check, and a list without a query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from projects.models import Project
from tests import factories
from tests.staff.conftest import en

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_contributor_cannot_publish_a_project(client, contributor, bun):
    client.force_login(contributor)

    client.post(
        en("project-create"),
        {
            "title": "Skolutbyte",
            "kind": "school_exchange",
            "status": "planned",
            "responsible_body": bun.pk,
            "own_cost": "1000",
            "published": "on",
        },
    )

    project = Project.objects.get()
    assert project.published is False
    assert project.slug == "skolutbyte"


def test_contributor_records_and_completes_funding_check(client, contributor, bun):
    project = factories.ProjectFactory(responsible_body=bun)
    programme = factories.ProgrammeFactory()
    client.force_login(contributor)

    client.post(
        en("fundingcheck-create", project.pk),
        {
            "programme": programme.pk,
            "checked_on": "2026-04-10",
            "outcome": "not_eligible",
            "note": "Only for associations.",  # "not relevant" needs its reason (#13)
        },
    )
    client.post(en("funding-complete", project.pk))

    project.refresh_from_db()
    assert project.funding_check_complete is True
    assert project.funding_checks.get().checked_by == contributor.person


def test_project_list_query_count_does_not_grow(client, contributor, bun_project, bun):
    client.force_login(contributor)
    one = _count(client, en("project-list"))
    factories.ProjectFactory.create_batch(3, responsible_body=bun)

    assert _count(client, en("project-list")) == one


@pytest.mark.parametrize("language", ["sv", "en"])
def test_project_list_rows_name_kind_and_status_and_link_each_project(
    client, contributor, bun, language
):
    """#15: the labels come from one table per page and the links from one address; each row
    still shows its own project's, as ``get_FOO_display`` and ``{% url %}`` did."""
    exchange = factories.ProjectFactory(
        title="Utbyte", responsible_body=bun, kind="school_exchange", status="planned"
    )
    twin = factories.ProjectFactory(
        title="Vänort", responsible_body=bun, kind="twin_town", status="idea"
    )
    client.force_login(contributor)

    with translation.override(language):
        page = client.get(reverse("staff:project-list")).content.decode()
        for project in (exchange, twin):
            detail = reverse("staff:project-detail", args=[project.pk])
            row = page.split(f'<a href="{detail}">{project.title}</a>')[1].split("</tr>")[0]
            assert f"<td>{project.get_kind_display()}</td>" in row
            assert f"<td>{project.get_status_display()}</td>" in row
