"""The project list shows at most ``LISTED_AT_MOST`` matches of a search and says "more than"
above that (#14): it reads at most one match more than it lists, so the count of a common
word costs what a rare one's does. Below the limit the count is exact; every listed page is
reachable and together they list each of the best matches once. PostgreSQL and SQLite."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects import search
from projects.models import Project
from website import queries
from website.filters import search_projects
from website.views import ProjectListView

pytestmark = pytest.mark.django_db

LIMIT = 5


@pytest.fixture
def limit(monkeypatch):
    monkeypatch.setattr(search, "LISTED_AT_MOST", LIMIT)
    monkeypatch.setattr(ProjectListView, "paginate_by", 2)
    return LIMIT


def _climate_projects(bun, count, published=True):
    Project.objects.bulk_create(
        Project(
            title=f"Klimatarbete {n}",
            title_sv=f"Klimatarbete {n}",
            title_en=f"Climate work {n}",
            slug=f"klimat-{n}",
            kind="partnership",
            responsible_body=bun,
            starts_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
            published=published,
        )
        for n in range(count)
    )
    search.rebuild()


def _page(client, text, page=1, path=None):
    return client.get(path or reverse("website:project-list"), {"q": text, "page": page})


def test_more_matches_than_listed_says_more_than_in_swedish(client, bun, limit):
    _climate_projects(bun, limit + 3)

    page = _page(client, "klimatarbete").text

    assert "Fler än 5 träffar" in page
    assert "Bara de första 5 träffarna visas. Lägg till ett ord eller välj ett filter" in page
    assert "projekt och utbyten</h2>" not in page


def test_more_matches_than_listed_says_more_than_in_english(client, bun, limit):
    _climate_projects(bun, limit + 1)

    page = _page(client, "klimatarbete", path="/en/projects/").text

    assert "More than 5 matches" in page
    assert "Only the first 5 matches are listed. Add a word or choose a filter" in page


def test_a_limit_of_one_is_singular(client, bun, limit, monkeypatch):
    monkeypatch.setattr(search, "LISTED_AT_MOST", 1)
    _climate_projects(bun, 2)

    assert "Fler än 1 träff </h2>" in " ".join(_page(client, "klimatarbete").text.split())
    english = " ".join(_page(client, "klimatarbete", path="/en/projects/").text.split())
    assert "More than 1 match </h2>" in english
    assert "Only the first 1 match is listed." in english


@pytest.mark.parametrize("count", [LIMIT - 1, LIMIT])
def test_up_to_the_limit_the_count_is_exact(client, bun, limit, count):
    _climate_projects(bun, count)

    page = _page(client, "klimatarbete").text

    assert f"{count} projekt och utbyten" in page
    assert "Fler än" not in page and "träffarna visas" not in page


def test_every_listed_page_is_reachable_and_lists_each_match_once(client, bun, limit):
    _climate_projects(bun, limit + 4)

    slugs = []
    for number in (1, 2, 3):
        answer = _page(client, "klimatarbete", number)
        assert answer.status_code == 200
        assert "Fler än 5 träffar" in answer.text
        slugs += [project.slug for project in answer.context["page_obj"].object_list]
    assert len(slugs) == limit == len(set(slugs))
    assert set(slugs) <= {f"klimat-{n}" for n in range(limit + 4)}
    last = _page(client, "klimatarbete", 3)
    assert 'rel="next"' not in last.text
    assert _page(client, "klimatarbete", 4).status_code == 404


def test_unpublished_work_is_not_counted(client, bun, limit):
    _climate_projects(bun, limit - 2)
    Project.objects.bulk_create(
        Project(
            title=f"Klimatarbete internt {n}",
            title_sv=f"Klimatarbete internt {n}",
            slug=f"internt-{n}",
            kind="partnership",
            responsible_body=bun,
            starts_on=datetime.date(2026, 1, 1),
            published=False,
        )
        for n in range(limit)
    )
    search.rebuild()

    page = _page(client, "klimatarbete").text

    assert "3 projekt och utbyten" in page
    assert "internt" not in page


def test_other_filters_are_counted_within_the_limit(client, bun, limit):
    _climate_projects(bun, limit + 2)

    page = client.get(
        reverse("website:project-list"), {"q": "klimatarbete", "kind": "culture"}
    ).text

    assert "0 projekt och utbyten" in page
    assert "Fler än" not in page


def test_the_listed_results_read_at_most_one_more_than_the_limit(bun):
    _climate_projects(bun, LIMIT + 10)

    found = search.listed(search_projects(queries.published_projects(), "klimatarbete"), LIMIT)

    assert found.count() == LIMIT
    assert found.more
    assert len(found[0:100]) == LIMIT
    exact = search.listed(search_projects(queries.published_projects(), "klimatarbete"), 100)
    assert exact.count() == LIMIT + 10
    assert not exact.more


def test_a_search_page_with_more_matches_asks_a_fixed_number_of_queries(
    client, bun, limit, django_assert_num_queries
):
    """The same queries with 7 matches as with 70: the listed matches (on PostgreSQL their
    ids and their count at once; on SQLite the count read with LIMIT), the page's projects
    and what the page shows with them, the content version, the filters' choices."""
    _climate_projects(bun, 70)
    _page(client, "warm-up")  # the filters' year choices and the like, cached per process

    # 8 until the filters' records were read in one query, 6 until the years were read
    # with them (#15)
    expected = 5
    with django_assert_num_queries(expected):
        assert "Fler än 5 träffar" in _page(client, "klimatarbete").text
    with django_assert_num_queries(expected):
        assert "Fler än 5 träffar" in _page(client, "klimatarbete", 2).text


def test_the_shown_limit_is_grouped_as_the_language_writes_numbers(client, bun, monkeypatch):
    monkeypatch.setattr(search, "LISTED_AT_MOST", 2000)
    _climate_projects(bun, 1)  # a word that matches: the limit of ranked matches

    swedish = _page(client, "klimatarbete").context["listed_at_most_shown"]
    english = _page(client, "klimatarbete", path="/en/projects/").context["listed_at_most_shown"]

    assert swedish == "2\xa0000"
    assert english == "2,000"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")
def test_the_listed_matches_are_the_best_ranked(bun, monkeypatch):
    _climate_projects(bun, 8)
    best = Project.objects.get(slug="klimat-3")
    best.summary = best.summary_sv = "Klimatarbete i skolan och klimatarbete hemma."
    best.save()

    # Seven listed of eight: all eight are read and ranked (the best of the first 8 the
    # index gives), the best is listed first, and there are more than seven.
    found = search.listed(search_projects(queries.published_projects(), "klimatarbete"), 7)

    assert found[0:1][0].slug == "klimat-3"
    assert found.more


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigrams are PostgreSQL's")
def test_a_misspelling_is_listed_by_its_trigrams(bun):
    _climate_projects(bun, 3)

    found = search.listed(search_projects(queries.published_projects(), "Klimatarbte"), 2)

    assert found.count() == 2
    assert found.more
    assert [p.slug for p in found[0:2]] == ["klimat-2", "klimat-1"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigrams are PostgreSQL's")
def test_a_misspelling_lists_fewer_and_says_so(client, bun, limit, monkeypatch):
    """Each trigram match costs a word similarity on its row: ``TRIGRAMS_LISTED_AT_MOST``."""
    monkeypatch.setattr(search, "TRIGRAMS_LISTED_AT_MOST", 2)
    _climate_projects(bun, 4)

    found = search.listed(search_projects(queries.published_projects(), "Klimatarbte"))
    answer = _page(client, "Klimatarbte")

    assert (found.limit, found.count(), found.more) == (2, 2, True)
    assert "Fler än 2 träffar" in answer.text
    assert "Bara de första 2 träffarna visas." in answer.text
    listed = [p.pk for p in answer.context["page_obj"].object_list]
    assert len(listed) == 2 and listed == sorted(listed, reverse=True)  # newest first


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigrams are PostgreSQL's")
def test_a_misspelling_reads_its_corrected_words_once_with_the_count(client, bun):
    """The published words most like a misspelt word come back with the count (#15): the
    corrected matches and the page's headlines search them as a constant query, and no
    other statement reads the words' trigrams again."""
    _climate_projects(bun, 3)

    with CaptureQueriesContext(connection) as misspelt:
        answer = _page(client, "Klimatarbte")
    with CaptureQueriesContext(connection) as matched:
        _page(client, "Klimatarbete")

    reading = [q["sql"] for q in misspelt.captured_queries if "projects_searchword" in q["sql"]]
    assert len(reading) == 1 and "WITH m AS MATERIALIZED" in reading[0]
    assert "<mark>Klimatarbete</mark> 2" in answer.text  # marked with the corrected word
    assert [p.slug for p in answer.context["page_obj"].object_list] == [
        "klimat-2",
        "klimat-1",
        "klimat-0",
    ]
    # A word that matched: only the count's statement names the words (its CASE).
    naming = [q["sql"] for q in matched.captured_queries if "projects_searchword" in q["sql"]]
    assert len(naming) == 1 and "WITH m AS MATERIALIZED" in naming[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")
@pytest.mark.parametrize("first_ids", [1, 2, 100])
def test_the_pages_past_the_ids_read_with_the_count_list_the_same_ranking(
    client, bun, monkeypatch, first_ids
):
    """#15: the count comes with the best ``FIRST_IDS`` ids only; a later page reads the best
    ids up to its own again. Whatever the number read first, the pages list every match once,
    best first, equal ranks newest recorded first, as one ranking of them all does."""
    monkeypatch.setattr(search, "FIRST_IDS", first_ids)
    monkeypatch.setattr(ProjectListView, "paginate_by", 2)
    _climate_projects(bun, 9)
    for n, words in ((6, 3), (2, 2), (8, 1)):
        best = Project.objects.get(slug=f"klimat-{n}")
        best.summary = best.summary_sv = " ".join(["Klimatarbete i skolan."] * words)
        best.save()

    slugs = []
    for number in (1, 2, 3, 4, 5):
        answer = _page(client, "klimatarbete", number)
        assert answer.status_code == 200
        assert "9 projekt och utbyten" in answer.text
        slugs += [project.slug for project in answer.context["page_obj"].object_list]

    rest = Project.objects.exclude(slug__in=["klimat-6", "klimat-2", "klimat-8"]).order_by("-pk")
    assert slugs == ["klimat-6", "klimat-2", "klimat-8", *(p.slug for p in rest)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")
def test_every_page_reads_the_ids_it_needs_with_the_count(
    client, bun, limit, monkeypatch, django_assert_num_queries
):
    """The list tells the search how many of the best ids its page needs (#15): every page
    asks the same queries, however few ids would be read without it."""
    monkeypatch.setattr(search, "FIRST_IDS", 1)
    _climate_projects(bun, limit + 4)
    _page(client, "warm-up")

    for number in (1, 2, 3):
        with django_assert_num_queries(5):
            answer = _page(client, "klimatarbete", number)
        assert len(answer.context["page_obj"].object_list) == (1 if number == 3 else 2)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")
def test_without_the_page_a_later_page_reads_the_best_ids_again(
    bun, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(search, "FIRST_IDS", 2)
    _climate_projects(bun, LIMIT + 4)
    found = search.listed(search_projects(queries.published_projects(), "klimatarbete"), LIMIT)
    whole = search.listed(
        search_projects(queries.published_projects(), "klimatarbete"), LIMIT, through=LIMIT
    )

    with django_assert_num_queries(1):
        assert found.count() == LIMIT
    with django_assert_num_queries(2):  # the best four ids, then the page's projects
        later = [project.pk for project in found[2:4]]
    assert later == [project.pk for project in whole[0:LIMIT]][2:4]


@pytest.mark.parametrize(
    ("page", "through"),
    [("1", 2), ("3", 6), (None, 2), ("0", None), ("last", None), ("x", None), ("9" * 30, None)],
)
def test_the_page_end_is_read_from_a_plain_page_number_only(rf, limit, page, through):
    view = ProjectListView()
    view.setup(rf.get("/projekt/", {"q": "klimat", **({"page": page} if page else {})}))

    assert view._page_end() == through
