"""The public project list shows what it showed before its rows were read the new way (#15).

Until 2026-12-06 the list read its page's published places with a prefetch
(``project_items``) and a search's page of projects with a statement the ORM built for
each request. Now the view reads the places for the page alone (``with_public_places``) and
a public search's page is compiled once per process and run with the page's ids
(``SearchResults._page``). Each page is rendered here the old way and the new way, in
Swedish and English, and compared whole.
"""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import translation

from projects import search
from projects.models import ProjectKind
from tests import factories
from website import queries

pytestmark = pytest.mark.django_db

_project_items = queries.project_items


def _page_as_before(self, ids):
    """``SearchResults._page`` as it was: the ORM's statement built for every page, a
    misspelt search's headlines with its words corrected in the statement."""
    corrected = self._corrections or self._corrected_text is not None
    found = search.words(self._text) if corrected else None
    rows = self._queryset.filter(pk__in=ids).order_by()
    return list(rows.annotate(**search._headlines(self._code, self._text, found, rows.db)))


def _get(client, url, before):
    cache.clear()  # neither the page nor its fragment from the cache
    if not before:
        return client.get(url)
    with (
        mock.patch.object(
            queries, "project_items", lambda projects=None, places=True: _project_items(projects)
        ),
        mock.patch.object(queries, "with_public_places", lambda rows, using=None: rows),
        mock.patch.object(search.SearchResults, "_page", _page_as_before),
    ):
        return client.get(url)


@pytest.fixture
def projects(bun):
    kauhava = factories.PlaceFactory(name="Kauhava", slug="kauhava", country="FI", published=True)
    joniskis = factories.PlaceFactory(name="Joniškis", slug="joniskis", published=True)
    hidden = factories.PlaceFactory(name="Dold ort", slug="dold", published=False)
    climate = factories.ProjectFactory(
        title="Klimatet i Vimmerby & <Joniškis>",
        slug="klimat",
        summary="Ett samarbete om klimatet med skolor i Joniškis och Kauhava.",
        kind=ProjectKind.CULTURE,
        responsible_body=bun,
        published=True,
    )
    climate.title_en = "The climate of Vimmerby"
    climate.save()
    climate.places.add(kauhava, joniskis, hidden)
    for number in range(25):
        exchange = factories.ProjectFactory(
            title=f"Skolutbyte {number} med Kauhava",
            summary=f"Elever skriver en tidning om klimatet, del {number}.",
            kind=ProjectKind.SCHOOL_EXCHANGE,
            responsible_body=bun,
            starts_on=datetime.date(2020 + number % 5, 1, 1),
            ends_on=datetime.date(2026, 6, 1) if number % 2 else None,
            published=True,
        )
        exchange.places.add(*([kauhava] if number % 3 else [joniskis, kauhava]))
    factories.ProjectFactory(
        title="Opublicerat klimat", responsible_body=bun, published=False
    ).places.add(kauhava)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "query",
    [
        "",
        "?page=2",
        "?kind=school_exchange",
        "?q=klimat",
        "?q=klimat&page=2",
        "?q=kauhava&kind=school_exchange",
        "?q=Joniskis",
        "?q=klimatt",
        "?q=nothing+at+all",
    ],
)
def test_the_list_shows_what_it_showed(client, projects, language, query):
    with translation.override(language):
        url = reverse("website:project-list") + query
    before = _get(client, url, before=True)
    now = _get(client, url, before=False)
    assert now.status_code == before.status_code == 200
    assert now.content.decode() == before.content.decode()
    if query in ("", "?q=klimat"):
        # The page shows the published places of its projects, never the hidden one.
        assert "Kauhava" in now.content.decode()
        assert "Dold ort" not in now.content.decode()


def test_the_places_come_by_name_and_published_only(projects):
    rows = list(queries.project_items(places=False).filter(slug="klimat"))
    queries.with_public_places(rows)
    prefetched = list(queries.project_items().filter(slug="klimat"))
    assert [place.name for place in rows[0].public_places] == ["Joniškis", "Kauhava"]
    assert [(p.pk, p.name) for p in rows[0].public_places] == [
        (p.pk, p.name) for p in prefetched[0].public_places
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's ANY(array)")
def test_the_places_statement_is_compiled_once(projects, django_assert_num_queries):
    first = list(queries.project_items(places=False))
    queries.with_public_places(first)
    compiler = "django.db.models.sql.compiler.SQLCompiler.as_sql"
    with mock.patch(compiler) as as_sql, django_assert_num_queries(1):
        queries.with_public_places(list(first))
    as_sql.assert_not_called()
