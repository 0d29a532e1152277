"""The project list's page statement, compiled once per process for each filter and page (#15).

``ProjectListView`` gives its paginator the filters' values (``_statement_key``), and
``CountedPagePaginator`` keeps the statement the ORM built and compiled for them and the page
(``governance.compiled.compile_once``). Each page is asked here the old way (the statement
built for every request: no key) and the new way twice (compiled, then kept), in Swedish and
English: the same statements with the same parameters go to the database, and the pages are
the same, whole.
"""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from projects.models import ProjectKind, ProjectStatus
from tests import factories
from website import pagination
from website.views import ProjectListView

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(bun, ks):
    kauhava = factories.PlaceFactory(name="Kauhava", slug="kauhava", country="FI", published=True)
    joniskis = factories.PlaceFactory(name="Joniškis", slug="joniskis", published=True)
    objective = factories.ObjectiveFactory(number=1)
    for number in range(25):
        project = factories.ProjectFactory(
            title=f"Utbyte {number}",
            summary=f"Del {number}.",
            kind=ProjectKind.SCHOOL_EXCHANGE if number % 3 else ProjectKind.CULTURE,
            status=ProjectStatus.PLANNED if number % 2 else ProjectStatus.IDEA,
            responsible_body=bun if number % 4 else ks,
            starts_on=datetime.date(2020 + number % 5, 1, 1),
            ends_on=datetime.date(2026, 6, 1) if number % 2 else None,
            published=number != 24,
        )
        project.places.add(*([kauhava] if number % 3 else [joniskis, kauhava]))
        if number % 2:
            project.objectives.add(objective)
    return objective


def _get(client, url, kept: bool):
    """The page and the statements it sent: ``kept`` the new way, else built each time."""
    cache.clear()  # neither the page nor its fragment from the cache
    with CaptureQueriesContext(connection) as captured:
        if kept:
            response = client.get(url)
        else:
            with mock.patch.object(ProjectListView, "_statement_key", lambda self: None):
                response = client.get(url)
    # The page's statement (the footer's contacts, read once a while, may come or not).
    sent = [query["sql"] for query in captured.captured_queries]
    return response, [sql for sql in sent if "paginator_total_count" in sql]


QUERIES = [
    "",
    "?page=2",
    "?kind=school_exchange",
    "?kind=culture",
    "?kind=school_exchange&page=2",
    "?kind=culture&page=9",
    "?place=joniskis",
    "?place=kauhava&kind=culture",
    "?year=2021",
    "?year=2023&status=planned",
    "?status=idea",
    "?objective={objective}",
    "?committee=ks",
    "?committee=bun&kind=school_exchange&year=2022&page=1",
    "?kind=&place=&year=&status=&q=",
    "?kind=nothing",
]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_list_sends_and_shows_what_it_did(client, projects, language):
    pagination._PAGES.clear()
    for query in QUERIES:
        with translation.override(language):
            url = reverse("website:project-list") + query.format(objective=projects.pk)
        before, sent_before = _get(client, url, kept=False)
        for _ in range(2):  # compiled, then kept
            now, sent = _get(client, url, kept=True)
            assert now.status_code == before.status_code, url
            assert now.content.decode() == before.content.decode(), url
            assert sent == sent_before, url
            assert sent or before.status_code == 400, url  # the page's statement compared
    # Pages past the end and a bad filter are answered as before, and kept nothing.
    assert len(pagination._PAGES) >= len(QUERIES) - 2


def test_the_kept_statement_is_not_built_again(client, projects):
    # What an earlier test of this process kept is not this test's (another kind's statement
    # kept before would not be built again below).
    pagination._PAGES.clear()
    url = reverse("website:project-list") + "?kind=school_exchange&page=2"
    first = client.get(url)
    cache.clear()
    with mock.patch.object(pagination, "count_expression_of", side_effect=AssertionError):
        again = client.get(url)
    assert again.content == first.content
    other = reverse("website:project-list") + "?kind=culture"
    with (
        mock.patch.object(pagination, "count_expression_of", side_effect=AssertionError),
        pytest.raises(AssertionError),
    ):
        client.get(other)  # another kind: another statement, built


def test_a_search_is_not_kept_here(client, projects):
    pagination._PAGES.clear()
    client.get(reverse("website:project-list") + "?q=utbyte&kind=culture")
    assert not pagination._PAGES


def test_the_kept_statements_are_bounded(client, projects, monkeypatch):
    pagination._PAGES.clear()
    monkeypatch.setattr(pagination, "_PAGES_MAX", 2)
    for page in (1, 2):
        for kind in ("culture", "school_exchange"):
            client.get(reverse("website:project-list") + f"?kind={kind}&page={page}")
            assert len(pagination._PAGES) <= 2
