"""A project unpublished while its page is being made answers 404, never 500 (#15, S19).

The project page finds the published project first and reads its details only when the page
is rendered (not at all when its fragment is cached). Should the project be unpublished in
between, as in the two-process test where a toggle lands between the two reads, the page
says the project is gone, as the next request will."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse

from projects.models import Project
from website import queries

pytestmark = pytest.mark.django_db


def test_a_project_gone_between_the_two_reads_is_not_found(client, world):
    cache.clear()
    gone = mock.patch.object(queries, "project_detail", return_value=Project.objects.none())

    with gone:
        response = client.get(reverse("website:project-detail", args=[world.project.slug]))

    assert response.status_code == 404


def test_the_page_still_answers_when_the_project_stays(client, world):
    cache.clear()

    response = client.get(reverse("website:project-detail", args=[world.project.slug]))

    assert response.status_code == 200
    assert world.project.title in response.content.decode()
