"""The public project search reads GIN indexes on PostgreSQL (#14, #15; migrations projects
0012 and 0020): the two weighted vectors of the narrow search entries (published ones alone),
and the trigrams of the documents' folded names when no word matched. The count and the
ranking read the entries alone, never the projects table; a page reads its own projects.
A change to the search that the indexes no longer serve fails here instead of going slow
in silence."""

import datetime

import pytest
from django.db import connection

from projects import search
from projects.models import Project
from website import queries
from website.filters import search_projects

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"
    ),
]
INDEXES = ("projects_searchentry_sv_gin", "projects_searchentry_en_gin")
TRIGRAMS = "projects_searchword_trgm"


def _published_projects(count: int, bun):
    """Published projects, one of them on the climate, their documents, and the planner's
    statistics of them: on an empty table every index costs the same and the planner may
    pick any."""
    rows = [
        Project(
            title=f"Utbyte {n}" if n else "Klimatsamarbete",
            title_sv=f"Utbyte {n}" if n else "Klimatsamarbete",
            slug=f"utbyte-{n}",
            kind="school_exchange",
            responsible_body=bun,
            starts_on=datetime.date(2026, 1, 1),
            published=True,
        )
        for n in range(count)
    ]
    Project.objects.bulk_create(rows)
    search.rebuild()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE projects_project")
        cursor.execute("ANALYZE projects_searchdocument")
        cursor.execute("ANALYZE projects_searchentry")


def test_the_search_uses_its_indexes(bun):
    _published_projects(2000, bun)
    with connection.cursor() as cursor:
        # Only the bitmap scans are left: an index that no longer serves its condition
        # leaves the planner nothing but the disabled plans.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        found = search_projects(queries.published_projects(), "Klimatsamarbete")
        plan = found.explain()
    assert all(index in plan for index in INDEXES), plan
    assert TRIGRAMS not in plan
    assert "projects_project" not in plan and "projects_searchdocument" not in plan
    assert [p.slug for p in found] == ["utbyte-0"]


def test_other_filters_add_the_projects_ids(bun):
    _published_projects(2000, bun)
    projects = queries.published_projects().filter(kind="school_exchange")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        found = search_projects(projects, "Klimatsamarbete")
        plan = found.explain()
    assert all(index in plan for index in INDEXES), plan
    assert "projects_project" in plan
    assert [p.slug for p in found] == ["utbyte-0"]
    assert list(search_projects(projects.exclude(kind="school_exchange"), "Klimatsamarbete")) == []


def test_without_the_search_the_indexes_are_not_asked():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queries.published_projects().filter(title_sv="klimat").explain()
    assert not any(index in plan for index in (*INDEXES, TRIGRAMS))


def test_a_misspelling_reads_the_trigram_index(bun):
    _published_projects(2000, bun)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        found = search_projects(queries.published_projects(), "Klimatsamabrete")
        plan = found.explain()
    assert TRIGRAMS in plan, plan
    assert [p.slug for p in found] == ["utbyte-0"]


def test_a_common_word_ranks_the_first_matches_and_counts_them_all(bun, monkeypatch):
    """Past ``RANKED_AT_MOST`` matches the rest follow unranked; every page together is every
    match once, and the count is exact."""
    _published_projects(12, bun)
    monkeypatch.setattr(search, "RANKED_AT_MOST", 5)
    found = search_projects(queries.published_projects(), "utbyte")

    assert found.count() == 11  # "Utbyte 1" to "Utbyte 11"
    pages = [found[start : start + 4] for start in range(0, 12, 4)]
    slugs = [p.slug for page in pages for p in page]
    assert sorted(slugs) == sorted(f"utbyte-{n}" for n in range(1, 12))
    assert [p.slug for p in found] == slugs
