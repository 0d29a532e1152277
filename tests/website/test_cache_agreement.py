"""Caches that agree (#15, S19): a change is on every public page from the first request
after its commit, whichever worker answers and whichever cache holds the pages.

SQLite (in its shared in-memory test database) locks a table that a transaction writes
against every other connection, so the reads *during* a transaction run on PostgreSQL only
(CI's PostgreSQL round); the reads after the commit run on both.

Each test runs with both stores of the content version (website.caching): local memory with
the version in the database (the production default without REDIS_URL) and a shared Redis
with the version in it. Readers "on another worker" are threads with their own database
connection, which see only what is committed, as another process does.
"""

import threading

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.website.cache_support import use_store
from website import caching
from website.models import ContentVersion

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Skolutbyte med Joniškis"


@pytest.fixture(params=["database", "redis"])
def store(request, settings):
    clean_up = use_store(settings, request.param)
    yield request.param
    clean_up()


def readers_see_uncommitted_tables() -> bool:
    """Whether another connection may read during a write transaction (not SQLite's)."""
    return connection.vendor != "sqlite"


def elsewhere(url: str):
    """A GET by another reader, on its own database connection: (status, text)."""
    answer = {}

    def read():
        try:
            response = Client().get(url)
            answer["status"], answer["text"] = response.status_code, response.content.decode()
        finally:
            connection.close()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join(60)
    return answer["status"], answer["text"]


def test_unpublished_in_a_transaction_leaves_every_page_after_the_commit(store, world):
    detail = reverse("website:project-detail", args=[world.project.slug])
    listing = reverse("website:project-list")
    for url in (detail, listing, "/"):
        assert TITLE in elsewhere(url)[1]  # cached now

    with transaction.atomic():
        world.project.published = False
        world.project.save()
        if readers_see_uncommitted_tables():
            # A reader between the save and the commit still sees the committed past, and
            # may store it under the version raised by the save.
            status, text = elsewhere(detail)
            assert status == 200 and TITLE in text
            assert TITLE in elsewhere(listing)[1]

    assert elsewhere(detail)[0] == 404
    assert TITLE not in elsewhere(listing)[1]
    assert TITLE not in elsewhere("/")[1]
    assert Client().get(detail).status_code == 404


def test_published_in_a_transaction_shows_from_the_next_request(store, world):
    hidden = reverse("website:project-detail", args=[world.hidden_project.slug])
    listing = reverse("website:project-list")
    assert elsewhere(hidden)[0] == 404
    assert "Hemligt projekt" not in elsewhere(listing)[1]

    with transaction.atomic():
        world.hidden_project.published = True
        world.hidden_project.save()
        if readers_see_uncommitted_tables():
            assert "Hemligt projekt" not in elsewhere(listing)[1]

    status, text = elsewhere(hidden)
    assert status == 200 and "Hemligt projekt" in text
    assert "Hemligt projekt" in elsewhere(listing)[1]


def test_removed_personal_data_is_gone_from_the_next_request(store, world):
    place = reverse("website:place-detail", args=[world.joniskis.slug])
    world.joniskis.public_text = "Kontakt: Anna Andersson, 070-123 45 67."
    world.joniskis.save()
    assert "Anna Andersson" in elsewhere(place)[1]

    with transaction.atomic():
        world.joniskis.public_text = "Vänort sedan 1994."
        world.joniskis.save()
        if readers_see_uncommitted_tables():
            assert "Anna Andersson" in elsewhere(place)[1]

    status, text = elsewhere(place)
    assert status == 200
    assert "Anna Andersson" not in text and "Vänort sedan 1994." in text
    assert "Anna Andersson" not in Client().get(place).content.decode()


def test_a_rolled_back_transaction_changes_nothing_shown(store, world):
    detail = reverse("website:project-detail", args=[world.project.slug])
    assert TITLE in elsewhere(detail)[1]

    with pytest.raises(RuntimeError), transaction.atomic():
        world.project.title = "Aldrig sparad titel"
        world.project.save()
        raise RuntimeError("the save is abandoned")

    status, text = elsewhere(detail)
    assert status == 200 and TITLE in text and "Aldrig sparad titel" not in text


def test_a_change_after_a_rolled_back_savepoint_still_raises_the_version(store, world):
    """The raise after the commit is registered once per transaction; a savepoint rolled
    back takes its registration with it, and the next change registers it again."""
    before = elsewhere_version()
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            world.project.save()
            raise RuntimeError("rolled back to the savepoint")
        world.joniskis.save()
        during = elsewhere_version() if readers_see_uncommitted_tables() else before
    after = elsewhere_version()

    # Uncommitted: a worker reading the database has not moved on; Redis has (raised now).
    assert during == before or store == "redis"
    assert after != during and after != before


def elsewhere_version():
    """The content version as another worker reads it (its own connection, a fresh start)."""
    answer = {}

    def read():
        saved = caching.local_changes.count
        caching.local_changes.count = 0  # another process has counted none of ours
        try:
            answer["version"] = caching.read_content_version()
        finally:
            caching.local_changes.count = saved
            connection.close()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join(60)
    return answer["version"]


def test_a_transaction_of_many_changes_raises_the_shared_version_once(settings, world):
    clean_up = use_store(settings, "database")
    try:
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            for number in range(5):
                world.project.summary = f"Ändring {number}"
                world.project.save()
            world.project.places.add(world.skaerbaek)
        raised = [q for q in queries.captured_queries if "website_contentversion" in q["sql"]]
    finally:
        clean_up()

    assert len(raised) == 1
    assert raised[0]["sql"].startswith("UPDATE")
    assert ContentVersion.objects.get(pk=1).number > 0


@pytest.mark.parametrize(("kind", "queries"), [("database", 1), ("redis", 0)])
def test_a_cached_page_costs_one_cheap_read_of_the_version(settings, world, kind, queries):
    """With local memory the version is one primary-key query; with Redis a cache get."""
    clean_up = use_store(settings, kind)
    try:
        url = reverse("website:project-detail", args=[world.project.slug])
        client = Client()
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
    finally:
        clean_up()

    assert TITLE in response.content.decode()
    assert len(context.captured_queries) == queries
    if queries:
        assert 'FROM "website_contentversion"' in context.captured_queries[0]["sql"]


def test_a_changed_objective_shows_on_the_strategy_page(store, world):
    """The strategy app's records are on the public pages too (its objectives, S19)."""
    url = reverse("website:strategy")
    assert "Ökad förståelse" in elsewhere(url)[1]

    with transaction.atomic():
        world.objective.text = "Fördjupad förståelse"
        world.objective.save()

    text = elsewhere(url)[1]
    assert "Fördjupad förståelse" in text and "Ökad förståelse" not in text


def test_a_cached_page_s_version_read_is_the_connection_s_health_check(settings, world):
    """With CONN_HEALTH_CHECKS Django asks "SELECT 1" before a request's first query; on a
    cached page that was a second round trip besides the version. The version's read is the
    check (#15): Django's is not made, and the connection counts as checked."""
    clean_up = use_store(settings, "database")
    checks = []
    try:
        url = reverse("website:project-detail", args=[world.project.slug])
        client = Client()
        client.get(url)
        assert connection.health_check_enabled
        connection.health_check_done = False  # as at the start of every request
        is_usable = connection.is_usable
        connection.is_usable = lambda: checks.append(1) or is_usable()
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
    finally:
        del connection.is_usable
        clean_up()

    assert TITLE in response.content.decode()
    assert len(context.captured_queries) == 1 and not checks
    assert connection.health_check_done


@pytest.mark.skipif("not readers_see_uncommitted_tables()")
def test_a_connection_cut_between_requests_is_replaced_by_the_version_read(settings, world):
    """A persistent connection that died between two requests (PostgreSQL restarted, the
    connection cut) fails the version's read, which then closes it and reads again on a new
    one, as Django's health check would have: the visitor gets the page, not an error."""
    clean_up = use_store(settings, "database")
    try:
        url = reverse("website:project-detail", args=[world.project.slug])
        client = Client()
        client.get(url)
        ContentVersion.objects.update_or_create(pk=1, defaults={"number": 41})
        cut = connection.connection
        cut.close()
        connection.health_check_done = False
        response = client.get(url)
        version = caching.content_version()
    finally:
        clean_up()

    assert response.status_code == 200 and TITLE in response.content.decode()
    assert connection.connection is not cut and not connection.connection.closed
    assert version.startswith("41.")
