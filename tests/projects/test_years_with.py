"""``projects.queries.years_with``: the admin's year navigation from the index (#15).

On PostgreSQL the years are found one index probe each; elsewhere by ``dates()``. Either way
they are exactly what ``dates(field, "year")`` returns, for a filtered list too, in one query.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Project, ProjectKind
from projects.queries import years_with
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(bun):
    kinds = ((2003, "culture"), (2011, "partnership"), (2011, "culture"), (2024, "culture"))
    for year, kind in kinds:
        factories.ProjectFactory(
            responsible_body=bun, kind=kind, starts_on=datetime.date(year, 12, 31)
        )
    factories.ProjectFactory(responsible_body=bun, starts_on=None)


def test_the_years_of_every_project_in_one_query(projects):
    with CaptureQueriesContext(connection) as queries:
        years = years_with(Project.objects.all(), "starts_on")

    assert years == [datetime.date(year, 1, 1) for year in (2003, 2011, 2024)]
    assert years == list(Project.objects.dates("starts_on", "year"))
    assert len(queries) == 1


def test_the_years_of_a_filtered_list(projects):
    partnerships = Project.objects.filter(kind=ProjectKind.PARTNERSHIP)
    searched = Project.objects.filter(title__icontains="Projekt")

    assert years_with(partnerships, "starts_on") == [datetime.date(2011, 1, 1)]
    assert years_with(searched, "starts_on") == list(searched.dates("starts_on", "year"))
    assert years_with(Project.objects.none(), "starts_on") == []
    assert years_with(Project.objects.filter(kind="other"), "starts_on") == []
