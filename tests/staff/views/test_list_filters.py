"""Search and filters of the staff lists of applications and projects (#12): each filter
narrows what the user may see and never widens it; bad input is told, not a 500."""

import datetime

import pytest

from projects.models import ApplicationKind, ProjectStatus
from projects.services import applications
from tests import factories
from tests.staff.conftest import en, make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(bun, ks, bun_project, contributor):
    other = factories.ProjectFactory(
        title="Vänortsutbyte med Lappland",
        responsible_body=ks,
        status=ProjectStatus.IDEA,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
    )
    bun_project.starts_on = datetime.date(2026, 1, 1)
    bun_project.save()
    draft = make_application(bun_project, contributor.person, title="Elevutbyte Joniškis")
    ks_app = make_application(
        other, None, title="Partnerskap Lappland", kind=ApplicationKind.PARTNERSHIP
    )
    applications.submit(ks_app, on=datetime.date(2026, 2, 1))
    return draft, ks_app, other


def _titles(response, key):
    return sorted(str(o) for o in response.context[key])


def test_applications_by_text_status_and_body(client, coordinator, world, ks):
    client.force_login(coordinator)

    assert _titles(client.get(en("application-list"), {"q": "joniškis"}), "applications") == [
        "Elevutbyte Joniškis"
    ]
    by_status = client.get(en("application-list"), {"status": "submitted"})
    assert _titles(by_status, "applications") == ["Partnerskap Lappland"]
    by_body = client.get(en("application-list"), {"body": ks.pk})
    assert _titles(by_body, "applications") == ["Partnerskap Lappland"]
    assert 'id="list-filter"' in by_body.text
    assert "1 found." in by_body.text


def test_applications_by_kind_and_year(client, coordinator, world):
    client.force_login(coordinator)

    by_kind = client.get(en("application-list"), {"kind": "partnership"})
    by_year = client.get(en("application-list"), {"year": "2025"})

    assert "Partnerskap Lappland" in _titles(by_kind, "applications")
    assert _titles(by_year, "applications") == []  # both drafted on the frozen day in 2026


def test_projects_by_text_status_body_kind_and_year(client, coordinator, world, bun):
    client.force_login(coordinator)
    url = en("project-list")

    assert _titles(client.get(url, {"q": "lappland"}), "projects") == ["Vänortsutbyte med Lappland"]
    assert _titles(client.get(url, {"status": "idea"}), "projects") == [
        "Vänortsutbyte med Lappland"
    ]
    assert _titles(client.get(url, {"body": bun.pk}), "projects") == ["Skolutbyte med Joniškis"]
    assert _titles(client.get(url, {"year": "2024"}), "projects") == ["Vänortsutbyte med Lappland"]


def test_a_filter_never_widens_what_the_user_sees(client, contributor, world, ks):
    client.force_login(contributor)

    response = client.get(en("application-list"), {"body": ks.pk})

    assert _titles(response, "applications") == []


def test_bad_filter_input_is_told_and_ignored(client, coordinator, world):
    client.force_login(coordinator)

    response = client.get(en("application-list"), {"year": "abc", "status": "nonsense"})

    assert response.status_code == 200
    assert "Enter a number." in response.text
    assert "Select a valid choice." in response.text
    assert len(response.context["applications"]) == 2


def test_swedish_labels(client, coordinator, world):
    client.force_login(coordinator)

    response = client.get("/arbete/ansokningar/", {"year": "x"})

    assert "Sök" in response.text
    assert "Fyll i ett tal." in response.text


def test_pagination_keeps_the_filter(client, coordinator, world, settings):
    from staff.views.applications import ApplicationListView

    client.force_login(coordinator)
    ApplicationListView.paginate_by, before = 1, ApplicationListView.paginate_by
    try:
        response = client.get(en("application-list"), {"q": "e"})
    finally:
        ApplicationListView.paginate_by = before

    assert "q=e&amp;page=2" in response.text
