"""The project list's queries (#15): its page with its count in one query
(``website.pagination.CountedPagePaginator``), and the year filter's years read with the
other choices of its filters (``website.filters.choice_records``), whose records and options
are made once for the same rows and again when a row changes."""

import datetime

import pytest
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import Place
from projects.models import Project
from tests import factories
from website import queries
from website.filters import ProjectFilter, choice_records
from website.pagination import CountedPagePaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(bun):
    for index in range(7):
        factories.ProjectFactory(
            title=f"Utbyte {index}",
            slug=f"utbyte-{index}",
            kind="school_exchange" if index % 2 else "culture",
            responsible_body=bun,
            starts_on=datetime.date(2020 + index, 1, 1),
            ends_on=None,
            published=index != 6,
        )


def _pages(paginator_class, queryset, number, per_page=2, **kwargs):
    paginator = paginator_class(queryset, per_page, **kwargs)
    page = paginator.page(number)
    return paginator.count, paginator.num_pages, [project.slug for project in page], page.number


@pytest.mark.parametrize("kind", [None, "school_exchange", "nothing"])
def test_a_page_and_its_count_in_one_query_as_django_pages(projects, kind):
    queryset = Project.objects.published().order_by("slug")
    if kind:
        queryset = queryset.filter(kind=kind)
    last = Paginator(queryset, 2).num_pages
    for number in range(1, last + 1):
        with CaptureQueriesContext(connection) as captured:
            counted = _pages(CountedPagePaginator, queryset, number)
        assert len(captured) == 1
        assert counted == _pages(Paginator, queryset, number)
    assert counted[0] == (0 if kind == "nothing" else queryset.count())


@pytest.mark.parametrize("number", [0, -1, 99, "x", 1.5, None])
def test_a_page_that_is_not_one_is_refused_as_django_refuses_it(projects, number):
    queryset = Project.objects.published().order_by("slug")

    with pytest.raises(EmptyPage if isinstance(number, int) else PageNotAnInteger) as django:
        Paginator(queryset, 2).page(number)
    with pytest.raises(type(django.value)) as counted:
        CountedPagePaginator(queryset, 2).page(number)
    assert str(counted.value) == str(django.value)


def test_an_empty_first_page_refused_when_it_must_not_be_empty(projects):
    queryset = Project.objects.filter(kind="nothing").order_by("slug")

    assert _pages(CountedPagePaginator, queryset, 1) == (0, 1, [], 1)
    with pytest.raises(EmptyPage):
        CountedPagePaginator(queryset, 2, allow_empty_first_page=False).page(1)


def test_what_is_no_plain_queryset_is_paged_as_django_pages_it(projects):
    listed = list(Project.objects.published().order_by("slug"))
    distinct = Project.objects.published().order_by("slug").distinct()

    assert _pages(CountedPagePaginator, listed, 2) == _pages(Paginator, listed, 2)
    assert _pages(CountedPagePaginator, distinct, 3) == _pages(Paginator, distinct, 3)
    assert _pages(CountedPagePaginator, distinct, 2, orphans=1) == _pages(
        Paginator, distinct, 2, orphans=1
    )


def test_the_list_counts_and_pages_as_before(client, projects):
    response = client.get(reverse("website:project-list") + "?kind=school_exchange")

    assert response.status_code == 200
    assert response.context["paginator"].count == 3
    assert [p.slug for p in response.context["object_list"]] == ["utbyte-5", "utbyte-3", "utbyte-1"]
    assert client.get(reverse("website:project-list") + "?page=9").status_code == 404


def test_the_years_read_with_the_choices_are_the_year_filters(projects):
    with CaptureQueriesContext(connection) as captured:
        records = choice_records(ProjectFilter)
    assert len(captured) == 1
    assert records.years == queries.project_years() == list(range(2025, 2019, -1))


def test_no_year_without_published_work(db):
    assert choice_records(ProjectFilter).years == queries.project_years() == []


def test_a_year_checked_against_the_years_given_without_a_query(projects):
    years = choice_records(ProjectFilter).years

    with CaptureQueriesContext(connection) as captured:
        good = ProjectFilter({"year": "2021"}, queryset=Project.objects.none(), years=years)
        bad = ProjectFilter({"year": "2019"}, queryset=Project.objects.none(), years=years)
        assert good.is_valid(), good.errors
        assert not bad.is_valid()
    assert len(captured) == 0


def test_without_years_given_the_year_filter_reads_the_same_years(projects):
    own = ProjectFilter(None).filters["year"].field.choices

    assert [value for value, _label in own if value] == [
        str(year) for year in choice_records(ProjectFilter).years
    ]


def test_a_year_outside_the_published_work_is_a_bad_request(client, projects):
    assert client.get(reverse("website:project-list") + "?year=2019").status_code == 400
    assert client.get(reverse("website:project-list") + "?year=2021").status_code == 200


def test_the_records_made_once_for_the_same_rows_and_again_for_changed_ones(client, world):
    first = choice_records(ProjectFilter)
    assert choice_records(ProjectFilter) is first

    place = Place.objects.get(slug="joniskis")
    place.name = "Joniškis stad"
    place.save()
    changed = choice_records(ProjectFilter)

    assert changed is not first
    assert "Joniškis stad" in [str(record) for record in changed["place"]]


def test_the_partners_select_shows_a_renamed_partner(client, world):
    cache.clear()
    before = client.get(reverse("website:project-list")).content.decode()
    place = Place.objects.get(slug="joniskis")
    place.name = "Joniškis stad"
    place.save()
    cache.clear()
    after = client.get(reverse("website:project-list")).content.decode()

    assert '<option value="joniskis">Joniškis</option>' in before
    assert '<option value="joniskis">Joniškis stad</option>' in after
    assert '<option value="joniskis" selected>Joniškis stad</option>' in (
        client.get(reverse("website:project-list") + "?place=joniskis").content.decode()
    )


def test_years_given_also_when_the_class_year_field_was_made_before(projects):
    """A schema generator may make the class's filter's field first; the filter set's copy
    of it then offers the years given all the same, without a query."""
    made = "_field" in ProjectFilter.base_filters["year"].__dict__
    ProjectFilter.base_filters["year"].field  # noqa: B018  (made, as a schema generator does)
    try:
        filterset = ProjectFilter({"year": "2019"}, queryset=Project.objects.none(), years=[2019])
        with CaptureQueriesContext(connection) as captured:
            assert filterset.is_valid(), filterset.errors
        assert len(captured) == 0
    finally:
        if not made:
            del ProjectFilter.base_filters["year"].__dict__["_field"]


def test_the_unfiltered_list_reads_the_number_the_database_keeps(client, projects):
    """Every published project: the count is the one the database keeps (migration projects
    0029), in the page's query; a filtered list counts its rows in it."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("website:project-list"))
    assert response.context["paginator"].count == 6
    page = [q["sql"] for q in captured if "paginator_total_count" in q["sql"]]
    assert len(page) == 1
    assert "projects_project_total" in page[0]
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("website:project-list") + "?kind=culture")
    assert response.context["paginator"].count == 3
    page = [q["sql"] for q in captured if "paginator_total_count" in q["sql"]]
    assert len(page) == 1
    assert "projects_project_total" not in page[0]
    assert "COUNT(*)" in page[0]
