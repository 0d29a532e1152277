"""The start page's and the footer's queries built and compiled once per process
(``governance.compiled``, #15): the pages are the same as with the ORM building and compiling
each query every time, in both languages, on another day, and after the records change."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance import compiled
from governance.models import PublicContact
from tests import factories
from tests.website.conftest import shared_world
from website import queries
from website.caching import per_version

SHARED_WORLD = True  # the world written once for the module (tests/website/conftest.py, #15)
pytestmark = [pytest.mark.django_db, shared_world]

MAY = datetime.datetime(2026, 5, 12, 10, tzinfo=datetime.UTC)
ADDRESSES = ["/", "/en/", "/orter/", "/en/places/", "/kontakt/"]


@pytest.fixture
def contact(db):
    return PublicContact.objects.create(
        key="internationellt", function="Internationella kontoret", email="intl@example.se"
    )


def _page(client, address) -> tuple[str, int]:
    # Everything read again: the footer's contact too (kept per content version, #15).
    cache.clear()
    per_version.forget()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def _orm_each_time(monkeypatch):
    monkeypatch.setattr(compiled, "rows", lambda name, make, *args: list(make(*args)))


@pytest.mark.parametrize("address", ADDRESSES)
def test_a_page_is_the_one_the_orm_gives(client, world, contact, monkeypatch, address):
    with time_machine.travel(MAY, tick=False):
        first = _page(client, address)
        kept = _page(client, address)
        _orm_each_time(monkeypatch)
        orm = _page(client, address)

    assert first == kept == orm


def test_the_start_page_shows_what_the_kept_queries_read(client, world, contact):
    with time_machine.travel(MAY, tick=False):
        swedish = _page(client, "/")[0]
        english = _page(client, "/en/")[0]

    assert world.project.title_sv in swedish
    assert "Nordic meeting 2026" in english
    assert f"/en/places/{world.joniskis.slug}/" in english
    assert "partner-list__relationship" in swedish
    assert 'class="site-footer__contact"' in swedish
    assert "Internationella kontoret" in swedish


def test_records_changed_after_the_statement_was_kept_are_read(client, world, contact, monkeypatch):
    with time_machine.travel(MAY, tick=False):
        before = _page(client, "/")[0]
        factories.ProjectFactory(
            title="Ett nytt utbyte", slug="nytt", status="planned", published=True
        )
        contact.delete()
        PublicContact.objects.create(
            key="samordnare",
            function="Internationell samordnare",
            email="samordnare@example.se",
        )
        after = _page(client, "/")[0]
        _orm_each_time(monkeypatch)
        orm = _page(client, "/")[0]

    assert "Ett nytt utbyte" not in before
    assert "Internationella kontoret" in before
    assert "Ett nytt utbyte" in after
    assert "Internationell samordnare" in after
    assert after == orm


def test_another_day_has_its_own_statement(world):
    kept = {}
    for day in (datetime.date(2026, 5, 12), datetime.date(2026, 6, 13), datetime.date(2026, 7, 1)):
        kept[day] = queries.first_upcoming_nordic_meetings(day, 1)
        assert kept[day] == list(queries.upcoming_nordic_meetings(day)[:1])
    assert kept[datetime.date(2026, 6, 13)] == [world.nordic_meeting]
    assert kept[datetime.date(2026, 7, 1)] == []


def test_the_rows_come_with_their_related_records_and_no_further_query(world):
    with time_machine.travel(MAY, tick=False):
        compiled.rows("test-nordic", lambda: queries.upcoming_nordic_meetings(MAY.date())[:1])
        with CaptureQueriesContext(connection) as captured:
            meetings = compiled.rows(
                "test-nordic", lambda: queries.upcoming_nordic_meetings(MAY.date())[:1]
            )
            host, chain = meetings[0].host.name, meetings[0].chain.name
        projects = queries.first_current_projects(6)

    assert len(captured) == 1
    assert (host, chain) == (world.joniskis.name, world.chain.name)
    assert [place.name for place in projects[0].public_places] == [
        place.name for place in world.project.places.filter(published=True).order_by("name")
    ]
