"""A project unpublished while its page is being made never answers 500 (#15, S19).

The project page reads the published project (with its body) once, and what else it shows
only when the page is rendered (not at all when its fragment is cached). Should the project
be unpublished in between, as in the two-process test where a toggle lands between the two
steps, the page shows the project as it was read, as a request a moment earlier did (under
the content version read before, which the change has raised); the next request is a 404.
Until 2026-12-04 the page read the project twice and answered 404 when the second read found
nothing; one read is one query fewer (#15)."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse

from projects.models import Project
from tests.website.conftest import shared_world
from website import queries

# The public site's world, written once for the module's tests (tests/website/conftest.py).
SHARED_WORLD = True
pytestmark = [pytest.mark.django_db, shared_world]


def test_a_project_unpublished_after_it_was_read_is_shown_as_read_then_gone(client, world):
    cache.clear()
    details = queries.with_details
    url = reverse("website:project-detail", args=[world.project.slug])

    def unpublished_meanwhile(project):
        Project.objects.filter(pk=project.pk).update(published=False)
        return details(project)

    with mock.patch.object(queries, "with_details", side_effect=unpublished_meanwhile):
        response = client.get(url)

    assert response.status_code == 200
    assert world.project.title in response.content.decode()
    cache.clear()
    assert client.get(url).status_code == 404


def test_the_page_still_answers_when_the_project_stays(client, world):
    cache.clear()

    response = client.get(reverse("website:project-detail", args=[world.project.slug]))

    assert response.status_code == 200
    assert world.project.title in response.content.decode()
