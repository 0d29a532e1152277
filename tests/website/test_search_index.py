"""The public project search reads the GIN indexes of the search documents on PostgreSQL
(#14, #15; migration projects 0012): the two weighted vectors, and the trigrams of the
folded names when no word matched.
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
INDEXES = ("projects_searchdocument_sv_gin", "projects_searchdocument_en_gin")
TRIGRAMS = "projects_searchdocument_trgm"


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
    assert [p.slug for p in found] == ["utbyte-0"]


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
