"""A staff save is all or nothing (#6 reliability): a failure halfway leaves no trace.

bench/load_writes.py shows the same against gunicorn by killing a worker in the middle of a
save; here the failure is raised where the project is written but its links are not yet.
"""

import pytest

from projects.models import Project
from staff.forms import ProjectForm
from tests import factories
from tests.staff.conftest import en

pytestmark = pytest.mark.django_db


def _post_project(client, bun, title, **extra):
    return client.post(
        en("project-create"),
        {
            "title": title,
            "kind": "school_exchange",
            "status": "planned",
            "responsible_body": bun.pk,
            "own_cost": "1000",
            **extra,
        },
    )


def test_a_project_whose_links_fail_is_not_saved_at_all(client, contributor, bun, monkeypatch):
    place = factories.PlaceFactory()

    def fail_after_the_row(form):
        raise RuntimeError("the worker dies here")

    monkeypatch.setattr(ProjectForm, "_save_m2m", fail_after_the_row)
    client.force_login(contributor)
    client.raise_request_exception = False

    response = _post_project(client, bun, "Halvsparat", places=[place.pk])

    assert response.status_code == 500
    assert not Project.objects.filter(title="Halvsparat").exists()
    assert not Project.history.filter(title="Halvsparat").exists()


def test_two_projects_with_one_title_get_two_addresses(client, contributor, bun):
    client.force_login(contributor)
    _post_project(client, bun, "Samma namn")
    # The second finds the slug taken, as it would if the first had been saved a moment after
    # it looked: it takes the next free one instead of failing.
    _post_project(client, bun, "Samma namn")

    slugs = sorted(Project.objects.filter(title="Samma namn").values_list("slug", flat=True))
    assert slugs == ["samma-namn", "samma-namn-2"]


def test_a_change_whose_links_fail_changes_nothing(client, contributor, bun, monkeypatch):
    project = factories.ProjectFactory(responsible_body=bun, title="Före")
    versions = project.history.count()

    def fail_after_the_row(form):
        raise RuntimeError("the worker dies here")

    monkeypatch.setattr(ProjectForm, "_save_m2m", fail_after_the_row)
    client.force_login(contributor)
    client.raise_request_exception = False

    response = client.post(
        en("project-update", project.pk),
        {
            "title": "Efter",
            "kind": project.kind,
            "status": project.status,
            "responsible_body": bun.pk,
            "own_cost": "1000",
        },
    )

    project.refresh_from_db()
    assert response.status_code == 500
    assert project.title == "Före"
    assert project.history.count() == versions
