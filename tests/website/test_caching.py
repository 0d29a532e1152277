"""Rendered fragments are cached per language and invalidated when a record changes."""

import pytest
from django.urls import reverse, translate_url

from tests import factories
from tests.website.conftest import shared_world
from website.caching import content_version

# The public site's world, written once for the module's tests (tests/website/conftest.py).
SHARED_WORLD = True
pytestmark = [pytest.mark.django_db, shared_world]


def test_changed_project_title_shows_at_once(client, world):
    url = reverse("website:project-detail", args=[world.project.slug])
    client.get(url)

    world.project.title = "Nytt namn på utbytet"
    world.project.save()

    assert "Nytt namn på utbytet" in client.get(url).content.decode()


def test_unpublished_project_leaves_the_cached_list(client, world):
    url = reverse("website:project-list")
    assert "Skolutbyte med Joniškis" in client.get(url).content.decode()

    world.project.published = False
    world.project.save()

    assert "Skolutbyte med Joniškis" not in client.get(url).content.decode()


def test_a_new_link_between_records_shows_at_once(client, world):
    url = reverse("website:place-detail", args=["skaerbaek"])
    client.get(url)

    world.project.places.add(world.skaerbaek)

    assert "Skolutbyte med Joniškis" in client.get(url).content.decode()


def test_languages_are_cached_apart(client, world):
    url = reverse("website:project-detail", args=[world.project.slug])

    swedish = client.get(url).content.decode()
    english = client.get(translate_url(url, "en")).content.decode()

    assert "<h1>Skolutbyte med Joniškis</h1>" in swedish
    assert "<h1>School exchange with Joniškis</h1>" in english


def test_any_domain_change_bumps_the_content_version(db):
    before = content_version()

    factories.PlaceFactory()

    assert content_version() != before
