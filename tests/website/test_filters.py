"""The project list's filters and search (kind, partner, year, status, objective, committee)."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from projects.models import Project, ProjectKind
from strategy.models import Objective
from tests import factories
from tests.website.conftest import shared_world
from website.filters import ProjectFilter, search_projects

# The public site's world, written once for the module's tests (tests/website/conftest.py).
SHARED_WORLD = True
pytestmark = [pytest.mark.django_db, shared_world]


def _slugs(params) -> list[str]:
    filterset = ProjectFilter(params, queryset=Project.objects.published().order_by("slug"))
    assert filterset.is_valid(), filterset.errors
    return [project.slug for project in filterset.qs]


@pytest.fixture
def culture(world, kf, ks):
    project = factories.ProjectFactory(
        title="Kulturvecka i Skærbæk",
        slug="kulturvecka",
        kind=ProjectKind.CULTURE,
        status="planned",
        responsible_body=ks,
        starts_on=datetime.date(2023, 5, 1),
        ends_on=datetime.date(2023, 5, 7),
        published=True,
    )
    project.places.add(world.skaerbaek)
    project.objectives.add(world.other_objective)
    return project


def test_no_filter_lists_every_published_project(world, culture):
    assert _slugs({}) == ["kulturvecka", "skolutbyte-joniskis"]


def test_filter_by_kind(world, culture):
    assert _slugs({"kind": "culture"}) == ["kulturvecka"]


def test_filter_by_partner_place(world, culture):
    assert _slugs({"place": "joniskis"}) == ["skolutbyte-joniskis"]


def test_filter_by_year_finds_work_running_that_year(world, culture):
    assert _slugs({"year": "2023"}) == ["kulturvecka"]
    assert _slugs({"year": "2026"}) == ["skolutbyte-joniskis"]


def test_year_choices_span_the_published_work(world, culture):
    choices = [value for value, _ in ProjectFilter().filters["year"].field.choices if value]

    assert choices == [str(year) for year in range(2027, 2022, -1)]


def test_filter_by_status(world, culture):
    assert _slugs({"status": "ongoing"}) == ["skolutbyte-joniskis"]


def test_filter_by_objective(world, culture):
    assert _slugs({"objective": str(world.objective.pk)}) == ["skolutbyte-joniskis"]


def test_filter_by_committee_includes_cooperating_work(world, culture):
    assert _slugs({"committee": "bun"}) == ["skolutbyte-joniskis"]
    assert _slugs({"committee": "ks"}) == ["kulturvecka", "skolutbyte-joniskis"]


def test_filters_combine(world, culture):
    assert _slugs({"committee": "ks", "kind": "culture", "year": "2023"}) == ["kulturvecka"]


def test_unpublished_place_is_not_a_choice(world):
    filterset = ProjectFilter({"place": "hemligby"}, queryset=Project.objects.all())

    assert not filterset.is_valid()


def test_search_finds_words_in_title_and_summary(world, culture):
    assert _slugs({"q": "årskurs"}) == ["skolutbyte-joniskis"]
    assert _slugs({"q": "kulturvecka"}) == ["kulturvecka"]
    assert _slugs({"q": "nothing-like-this"}) == []


def test_search_finds_english_texts(world):
    assert _slugs({"q": "exchange"}) == ["skolutbyte-joniskis"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_search_understands_swedish_word_forms_on_postgresql(world):
    project = factories.ProjectFactory(
        title="Ungdomar möts i Kauhava", slug="besok", published=True
    )

    # "ungdomarna" is no substring of "ungdomar": only the Swedish stemmer joins them.
    found = search_projects(Project.objects.published(), "ungdomarna")

    assert list(found) == [project]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_search_understands_english_word_forms_on_postgresql(world):
    found = search_projects(Project.objects.published(), "exchanges")

    assert list(found) == [world.project]


def test_search_with_hits_and_without_on_the_page(client, world):
    with_hits = client.get(reverse("website:project-list") + "?q=skolor+besöker")
    without = client.get(reverse("website:project-list") + "?q=xyzzy")

    assert with_hits.status_code == 200
    assert without.status_code == 200
    assert "Skolutbyte med Joniškis" not in without.content.decode()


@pytest.mark.parametrize(
    "params", [{}, {"kind": "culture"}, {"place": "skaerbaek", "committee": "ks", "year": "2023"}]
)
def test_each_select_written_as_django_writes_it(world, culture, params):
    """``{% select_field %}`` writes each filter's select as the widget's templates would,
    the partners, objectives and committees read as plain lists (#15)."""
    from website.templatetags.website import select_field

    form = ProjectFilter(params or None, queryset=Project.objects.published()).form
    if params:
        assert form.is_valid(), form.errors
    for field in form:
        if field.name != "q":
            assert str(select_field(field)) == field.as_widget(), field.name


def test_model_choices_without_a_server_side_cursor(client, world, culture):
    """Django reads a model choice field's records with iterator(), a server-side cursor
    on PostgreSQL (DECLARE, FETCH, CLOSE: three round trips); the project list reads them in
    one query each (#15)."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("website:project-list"))
    assert response.status_code == 200
    assert "Skærbæk" in response.content.decode()
    assert not [q["sql"] for q in captured if "DECLARE" in q["sql"] or "CURSOR" in q["sql"]]


@pytest.fixture
def more_choices(world, kf):
    """Records some filters list and some not: the objectives of a strategy in force, one
    numbered 10 (after 3, not before), one with a short name, those of the replaced strategy
    (not listed), a committee without an English name, an administration (not deciding) and
    an unpublished place."""
    strategy = world.objective.strategy
    in_force = factories.StrategyFactory(adopted_by__body=kf, adopted_by__paragraph=99)
    strategy.replaced_by = in_force
    strategy.save()
    factories.ObjectiveFactory(strategy=in_force, number=1, text="Nya strategins mål")
    factories.ObjectiveFactory(strategy=in_force, number=10, text="Tionde målet")
    factories.ObjectiveFactory(
        strategy=in_force, number=3, text="Ett långt mål " * 8, short_name="Kort"
    )
    factories.ObjectiveFactory(strategy=in_force, number=12, text="Nya strategins sista")
    factories.BodyFactory(name="Äldrenämnden", short_name="ÄN", slug="an")
    factories.BodyFactory(name="Kulturnämnden", short_name="KN", slug="kn", name_en="")
    factories.BodyFactory(name="Förvaltningen", short_name="FV", kind="administration")
    factories.PlaceFactory(name="Åre", slug="are", published=True)
    factories.PlaceFactory(name="Dold ort", slug="dold", published=False)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_choice_records_are_the_fields_own_in_their_order(world, culture, more_choices, language):
    """``choice_records`` reads the partners, objectives and committees in one query; each
    field lists the same choices, values and labels, in the same order, as from its own
    queryset (#15)."""
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from website.filters import CHOICE_COLUMNS, choice_records

    with translation.override(language):
        filterset = ProjectFilter(None, queryset=Project.objects.published())
        form = filterset.form
        with CaptureQueriesContext(connection) as captured:
            records = choice_records(filterset)
        assert len(captured) == 1
        for name in CHOICE_COLUMNS:
            field = form.fields[name]
            own = [(str(value), label) for value, label in field.choices]
            iterator = field.iterator(field)
            read = [("", field.empty_label)] + [
                (str(value), label) for value, label in map(iterator.choice, records[name])
            ]
            assert read == own, name
            assert len(own) > 2, name
        with CaptureQueriesContext(connection) as captured:
            for name in CHOICE_COLUMNS:
                [str(record) for record in records[name]]  # no deferred column read
        assert len(captured) == 0


@pytest.mark.parametrize(
    "params", [{}, {"objective": "2"}, {"place": "skaerbaek", "committee": "ks", "year": "2023"}]
)
def test_each_select_written_from_the_records_read_together(world, culture, more_choices, params):
    """``{% select_field field records %}`` writes what the widget writes from the field's own
    queryset (#15)."""
    from website.filters import choice_records
    from website.templatetags.website import select_field

    if "objective" in params:  # an objective of the strategy in force
        current = Objective.objects.get(strategy__replaced_by__isnull=True, number=12)
        params = {**params, "objective": str(current.pk)}
    filterset = ProjectFilter(params or None, queryset=Project.objects.published())
    form = filterset.form
    if params:
        assert form.is_valid(), form.errors
    records = choice_records(filterset)
    for field in form:
        if field.name != "q":
            assert str(select_field(field, records)) == field.as_widget(), field.name
