"""A cache that is gone costs speed, not the service (#15, S19).

With Redis stopped the public pages answered 500 and every save of a domain record raised
ConnectionError (the admin, the staff pages and the data loading were down). Here the cache
raises on every call, or is a real Redis client pointed at a port nothing listens on: pages
answer 200 uncached, saves succeed, the data loads, and the outage is logged once.
"""

import logging

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.urls import reverse, translate_url

from governance.models import Body
from partners.models import Chain
from projects.models import Project
from tests.website.cache_support import (
    DEAD_REDIS_URL,
    FAILING_BACKEND,
    LOCMEM_BACKEND,
    FailingCache,
    redis_caches,
)
from website import caching

pytestmark = pytest.mark.django_db

TITLE = "Skolutbyte med Joniškis"


@pytest.fixture(params=["raising, version in it", "raising, version in db", "redis down"])
def broken_cache(request, settings, monkeypatch):
    """The three ways the cache can be gone; returns the param's name. The retry interval
    is an hour, so that a slow machine does not reach it within a test (tests that retry
    say so by clearing ``retry_at``)."""
    monkeypatch.setattr(caching, "RETRY_SECONDS", 3600.0)
    working = settings.CACHES
    start_counting()
    if request.param == "redis down":
        settings.CACHES = redis_caches("test-down", DEAD_REDIS_URL)
        settings.CONTENT_VERSION_IN_CACHE = None
    else:
        settings.CACHES = {"default": {"BACKEND": FAILING_BACKEND}}
        settings.CONTENT_VERSION_IN_CACHE = request.param.endswith("in it")
    yield request.param
    settings.CACHES = working  # the shared teardown clears the cache
    caching.state.reset()


def start_counting():
    """Forget the outage the fixtures' saves met: the test's first use meets it anew."""
    caching.state.reset()
    FailingCache.calls = 0


def cache_warnings(caplog):
    return [r for r in caplog.records if r.name == "website.caching" and r.levelname == "WARNING"]


def public_urls(world):
    return [
        "/",
        reverse("website:project-list"),
        reverse("website:project-detail", args=[world.project.slug]),
        translate_url(reverse("website:project-detail", args=[world.project.slug]), "en"),
        reverse("website:place-list"),
        reverse("website:place-detail", args=[world.joniskis.slug]),
        reverse("website:strategy"),
    ]


def test_public_pages_answer_uncached_and_the_outage_is_logged_once(broken_cache, world, caplog):
    start_counting()
    client = Client()
    with caplog.at_level(logging.INFO, logger="website.caching"):
        for _ in range(2):
            for url in public_urls(world):
                response = client.get(url)
                assert response.status_code == 200, url
        detail = client.get(reverse("website:project-detail", args=[world.project.slug]))

    assert f"<h1>{TITLE}</h1>" in detail.content.decode()
    warnings = cache_warnings(caplog)
    assert len(warnings) == 1
    assert "The cache does not answer" in warnings[0].getMessage()
    if broken_cache != "redis down":
        # Tried once, then left alone for the rest of the retry interval.
        assert FailingCache.calls == 1


def test_a_save_succeeds_and_shows_on_the_next_request(broken_cache, world, caplog):
    start_counting()
    client = Client()
    url = reverse("website:project-detail", args=[world.project.slug])

    with caplog.at_level(logging.WARNING, logger="website.caching"):
        client.get(url)
        world.project.title = "Nytt namn på utbytet"
        world.project.save()
        world.project.places.add(world.skaerbaek)

    assert Project.objects.get(pk=world.project.pk).title == "Nytt namn på utbytet"
    assert "Nytt namn på utbytet" in client.get(url).content.decode()
    assert len(cache_warnings(caplog)) == 1


def test_a_staff_save_works(broken_cache, world, client, coordinator):
    client.force_login(coordinator)
    project = world.project
    data = {
        "title": "Skolutbyte med Joniškis 2026",
        "summary": project.summary,
        "kind": project.kind,
        "status": project.status,
        "responsible_body": project.responsible_body_id,
        "unit": project.unit_id or "",
        "school": project.school,
        "own_cost": "0",
        "internal_notes": project.internal_notes,
    }

    response = client.post(reverse("staff:project-update", args=[project.pk]), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    project.refresh_from_db()
    assert project.title == "Skolutbyte med Joniškis 2026"


def test_an_admin_save_works(broken_cache, db, client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:partners_chain_add"), {"name_sv": "Vänortskedjan Kalmar län"}
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Chain.objects.filter(name_sv="Vänortskedjan Kalmar län").exists()


def test_the_data_loads(broken_cache, db):
    call_command("load_municipality", verbosity=0)

    assert Body.objects.filter(short_name="KF").exists()


def test_the_cache_is_tried_again_after_the_interval_without_a_second_warning(
    broken_cache, world, caplog
):
    start_counting()
    client = Client()
    url = reverse("website:project-detail", args=[world.project.slug])
    with caplog.at_level(logging.INFO, logger="website.caching"):
        client.get(url)
        caching.state.retry_at = 0.0  # the interval has passed
        calls = FailingCache.calls
        assert client.get(url).status_code == 200

    assert len(cache_warnings(caplog)) == 1
    if broken_cache != "redis down":
        assert FailingCache.calls == calls + 1


def test_a_raise_owed_during_the_outage_is_made_when_the_cache_answers(
    settings, world, monkeypatch, caplog
):
    """A save while Redis is unreachable from this server: the version it could not raise
    is raised first thing when Redis answers again, so no page cached before it is served."""
    caching.state.reset()
    settings.CACHES = {"default": {"BACKEND": LOCMEM_BACKEND, "LOCATION": "owed"}}
    settings.CONTENT_VERSION_IN_CACHE = True
    client = Client()
    url = reverse("website:project-detail", args=[world.project.slug])
    assert TITLE in client.get(url).content.decode()
    before = caching.read_content_version()

    def refuse(*args, **kwargs):
        raise ConnectionError("Connection refused")

    with caplog.at_level(logging.INFO, logger="website.caching"):
        monkeypatch.setattr(caches["default"], "incr", refuse)
        world.project.title = "Sparad medan cachen var borta"
        world.project.save()
        monkeypatch.undo()
        assert caching.state.bump_owed
        caching.state.retry_at = 0.0  # the interval has passed; the cache answers again
        page = client.get(url).content.decode()

    assert "Sparad medan cachen var borta" in page
    assert caching.read_content_version() != before
    assert not caching.state.bump_owed
    assert len(cache_warnings(caplog)) == 1
    assert any(r.getMessage() == "The cache answers again." for r in caplog.records)
    settings.CACHES = {"default": {"BACKEND": LOCMEM_BACKEND}}
    caching.state.reset()


def test_readiness_is_degraded_with_redis_down(settings, db):
    working = settings.CACHES
    settings.CACHES = redis_caches("test-down", DEAD_REDIS_URL)

    response = Client().get("/readyz")
    settings.CACHES = working

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"] == "ok"
    assert "ConnectionError" in body["checks"]["cache"]
