"""The public project search reads the GIN index of migration projects 0008 on PostgreSQL
(#15): the index is on the very expression Django writes for the search, so a change to
the search that the index no longer matches fails here instead of going slow in silence."""

import datetime

import pytest
from django.db import connection

from projects.models import Project
from website import queries
from website.filters import search_projects

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"
    ),
]


def _published_projects(count: int, bun):
    """Published projects, one of them on the climate, and the planner's statistics of them:
    on an empty table every index costs the same and the planner may pick any."""
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
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE projects_project")


def test_the_search_uses_its_index(bun):
    _published_projects(2000, bun)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = search_projects(queries.published_projects(), "klimat").explain()
    assert "projects_project_search_gin" in plan


def test_without_the_search_the_index_is_not_asked():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queries.published_projects().filter(title_sv="klimat").explain()
    assert "projects_project_search_gin" not in plan
