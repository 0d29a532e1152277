"""The project admin's year navigation (``{% project_date_hierarchy %}``) is Django's
``{% date_hierarchy %}`` and ``admin/date_hierarchy.html``, character for character, with the
first and last date and the years read in one query, not two (``projects.queries.year_span``),
and its HTML written in Python (#15): for projects over several years, in one year, in one
month, for none, for a filtered list, and with a filter's value to escape."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from projects.models import Project, ProjectKind
from projects.queries import year_span
from projects.templatetags.project_admin import project_date_hierarchy
from tests import factories

pytestmark = pytest.mark.django_db


def _changelist(query=None):
    path = reverse("admin:projects_project_changelist")
    request = RequestFactory().get(path, query or {})
    user = get_user_model().objects.filter(username="years").first()
    request.user = user or get_user_model().objects.create_superuser("years", "y@example.org", "x")
    request.resolver_match = resolve(path)
    request.session = {}
    return admin.site._registry[Project].get_changelist_instance(request)


def _both(query=None):
    """Django's navigation (its context) and its HTML and ours, with the number of queries
    each asked."""
    changelist = _changelist(query)
    with CaptureQueriesContext(connection) as djangos_queries:
        djangos = date_hierarchy(changelist)
    with CaptureQueriesContext(connection) as our_queries:
        ours = project_date_hierarchy(changelist)
    assert ours == render_to_string("admin/date_hierarchy.html", djangos)
    return djangos, ours, len(djangos_queries), len(our_queries)


def _projects(*days, kind=ProjectKind.CULTURE):
    for day in days:
        factories.ProjectFactory(starts_on=day, kind=kind)


def test_projects_over_several_years_in_one_query_not_two():
    _projects(datetime.date(2003, 12, 31), datetime.date(2011, 1, 1), datetime.date(2024, 6, 1))
    factories.ProjectFactory(starts_on=None)

    djangos, ours, djangos_count, our_count = _both()

    assert [choice["title"] for choice in djangos["choices"]] == ["2003", "2011", "2024"]
    assert '<a href="?starts_on__year=2011">2011</a>' in ours
    assert (djangos_count, our_count) == (2, 1)


@pytest.mark.parametrize(
    ("days", "shown", "queries"),
    [
        # One year: its months, as Django shows them, read with the span: one query, as for
        # several years (the same count at every size, #15), where Django asks two.
        ((datetime.date(2024, 2, 1), datetime.date(2024, 11, 30)), 2, 1),
        ((datetime.date(2024, 2, 1), datetime.date(2024, 2, 9), datetime.date(2024, 12, 31)), 2, 1),
        # One month: its days, in as many queries as Django's (the span, the days).
        ((datetime.date(2024, 5, 2), datetime.date(2024, 5, 30)), 2, 2),
    ],
)
def test_projects_in_one_year_or_month_show_djangos_months_or_days(days, shown, queries):
    _projects(*days)

    djangos, ours, djangos_count, our_count = _both()

    assert 'class="date-back"' in ours
    assert len(djangos["choices"]) == shown
    assert (djangos_count, our_count) == (2, queries)


def test_no_projects_and_a_filtered_list_are_djangos():
    assert _both()[0] == {"show": True, "back": None, "choices": []}

    _projects(datetime.date(2011, 3, 1), datetime.date(2012, 3, 1), kind=ProjectKind.PARTNERSHIP)
    _projects(datetime.date(2020, 3, 1))
    djangos, ours, _count, our_count = _both({"kind__exact": ProjectKind.PARTNERSHIP})

    assert [choice["title"] for choice in djangos["choices"]] == ["2011", "2012"]
    assert "?kind__exact=partnership&amp;starts_on__year=2012" in ours
    assert our_count == 1
    _both({"starts_on__year": "2011"})
    _both({"starts_on__year": "2011", "starts_on__month": "3"})
    _both({"starts_on__year": "2011", "starts_on__month": "3", "starts_on__day": "1"})
    # A search whose words are the links' own marks, and text to escape: Django's links.
    _both({"q": "zq86420975a <&> zq86420975a"})


def test_year_span_is_the_first_day_of_each_year_and_the_last_day():
    _projects(datetime.date(2003, 12, 31), datetime.date(2003, 2, 1), datetime.date(2024, 6, 1))
    _projects(datetime.date(2011, 7, 7), kind=ProjectKind.PARTNERSHIP)

    assert year_span(Project.objects.all(), "starts_on") == (
        [datetime.date(2003, 2, 1), datetime.date(2011, 7, 7), datetime.date(2024, 6, 1)],
        datetime.date(2024, 6, 1),
    )
    partnerships = Project.objects.filter(kind=ProjectKind.PARTNERSHIP)
    july = datetime.date(2011, 7, 7)
    assert year_span(partnerships, "starts_on") == ([july], july)
    assert year_span(Project.objects.none(), "starts_on") == ([], None)
    assert year_span(Project.objects.none(), "starts_on", months=True) == ([], None, [])
    assert year_span(Project.objects.distinct(), "starts_on") is None
    assert year_span(Project.objects.annotate(place_count=Count("places")), "starts_on") is None


def test_year_span_with_the_first_years_months():
    """The earliest day of each month of the first year, read with the years (#15)."""
    _projects(datetime.date(2003, 12, 31), datetime.date(2003, 2, 9), datetime.date(2003, 2, 1))
    _projects(datetime.date(2003, 7, 7), datetime.date(2024, 6, 1))

    assert year_span(Project.objects.all(), "starts_on", months=True) == (
        [datetime.date(2003, 2, 1), datetime.date(2024, 6, 1)],
        datetime.date(2024, 6, 1),
        [datetime.date(2003, 2, 1), datetime.date(2003, 7, 7), datetime.date(2003, 12, 31)],
    )
