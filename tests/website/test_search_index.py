"""The public project search reads the GIN index of migration projects 0008 on PostgreSQL
(#15): the index is on the very expression Django writes for the search, so a change to
the search that the index no longer matches fails here instead of going slow in silence."""

import pytest
from django.db import connection

from website import queries
from website.filters import search_projects

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"
    ),
]


def test_the_search_uses_its_index():
    with connection.cursor() as cursor:
        # A handful of rows: the planner would scan them all unless told not to.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = search_projects(queries.published_projects(), "klimat").explain()
    assert "projects_project_search_gin" in plan


def test_without_the_search_the_index_is_not_asked():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queries.published_projects().filter(title_sv="klimat").explain()
    assert "projects_project_search_gin" not in plan
