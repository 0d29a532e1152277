"""Bad input to the public search (#14): a text of 10,000 characters, punctuation only, text
that looks like SQL or HTML. Each answers a page, never a 500, with the friendly empty
result, changes nothing, and asks the database exactly what a search that finds nothing asks
(pinned). The API answers them too."""

import pytest
from django.db import connection
from django.urls import reverse

from projects.models import Project
from tests.website.conftest import shared_world

# The public site's world, written once for the module's tests (tests/website/conftest.py).
SHARED_WORLD = True
pytestmark = [pytest.mark.django_db, shared_world]

BAD = {
    "long": "xyzzy " * 2000,  # 12,000 characters
    "very long word": "x" * 10_000,
    "punctuation": "!!! ... ;;; ((( ))) ''' \"\" -- %% __ \\\\ <> & | ~",
    "sql": "'; DROP TABLE projects_project; -- OR 1=1 UNION SELECT password FROM auth_user",
    "tsquery syntax": "skola & !klass | (utbyte:* <-> 'x') \"",
    "html": '<script>alert("x")</script><mark>',
}
# Content version, count of the page's projects, the filters' choices (the partners,
# objectives, committees and years in one query, #15; the years a query of their own until
# 2026-12-06): the same for every search that finds nothing. PostgreSQL first probes whether
# any word matched, before it falls back to trigrams (projects.search).
NOTHING_FOUND_QUERIES = 3 + (connection.vendor == "postgresql")


def _search(client, text):
    return client.get(reverse("website:project-list"), {"q": text})


def test_a_search_that_finds_nothing_is_friendly_in_swedish(client, world):
    page = _search(client, "xyzzy").text

    assert "Inget publicerat projekt eller utbyte matchar ”xyzzy” ännu." in page
    assert "kontrollera stavningen" in page
    assert "Inget matchade" not in page


def test_a_search_that_finds_nothing_is_friendly_in_english(client, world):
    page = client.get("/en/projects/", {"q": "xyzzy"}).text

    assert "No published project or exchange matches “xyzzy” yet." in page
    assert "check the spelling" in page


def test_a_search_with_other_filters_offers_to_drop_them(client, world):
    page = client.get(reverse("website:project-list"), {"q": "xyzzy", "kind": "culture"}).text

    assert 'href="/projekt/?q=xyzzy"' in page
    assert "söka bland alla projekt, utan de andra filtren" in page


def test_the_query_count_of_a_search_that_finds_nothing(client, world, django_assert_num_queries):
    _search(client, "warm-up")  # the filters' year choices and the like, cached per process
    with django_assert_num_queries(NOTHING_FOUND_QUERIES):
        assert _search(client, "xyzzy").status_code == 200


@pytest.mark.parametrize("name", BAD)
def test_bad_search_is_a_page_at_the_cost_of_any_search(
    client, world, django_assert_num_queries, name
):
    projects = Project.objects.count()
    _search(client, "warm-up")

    with django_assert_num_queries(NOTHING_FOUND_QUERIES):
        answer = _search(client, BAD[name])

    assert answer.status_code == 200
    page = answer.text
    assert "Projekt och utbyten" in page
    assert "<script>alert" not in page
    assert Project.objects.count() == projects
    if len(BAD[name]) > 200:
        assert "Bara de första 200 tecknen av sökningen användes." in page


def test_a_long_search_still_finds_by_its_beginning(client, world):
    page = _search(client, "Joniškis skolor " + "skolor" * 2_000).text

    assert "Skolutbyte med" in page
    assert "Bara de första 200 tecknen av sökningen användes." in page


@pytest.mark.parametrize("name", BAD)
def test_the_api_answers_bad_search(client, world, name):
    answer = client.get("/api/v1/projects/", {"q": BAD[name]})

    assert answer.status_code == 200
    assert answer.json()["results"] == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="tsquery syntax is PostgreSQL's")
def test_tsquery_operators_in_a_search_are_words(world):
    from website.filters import search_projects

    assert list(search_projects(Project.objects.published(), "!!! & | :* <->")) == []
