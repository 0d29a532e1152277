"""List and detail pages run as many queries for fifty rows as for one (no query per row)."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import BodyKind
from partners.models import RelationshipKind, RelationshipStatus
from tests import factories

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def _published_project(index, bun, place, objective):
    project = factories.ProjectFactory(
        title=f"Projekt {index}",
        slug=f"projekt-nr-{index}",
        responsible_body=bun,
        published=True,
        status="planned",
    )
    project.places.add(place)
    project.objectives.add(objective)
    return project


@pytest.fixture
def bun_place_objective(db, bun):
    place = factories.PlaceFactory(published=True, slug="joniskis", latitude=56, longitude=23)
    factories.RelationshipFactory(place=place, published=True)
    objective = factories.ObjectiveFactory(number=1)
    return bun, place, objective


PROJECT_LISTS = [
    "/",
    "/projekt/",
    "/projekt/?kind=partnership&year=2026",
    "/en/projects/?q=Projekt",
    "/strategi/",
    "/orter/joniskis/",
    "/feeds/projects.atom",
    "/embed/projects/",
    "/api/v1/projects/",
    "/api/v1/objectives/",
]


def test_project_lists_cost_the_same_for_1_and_50_projects(
    client, bun_place_objective, django_assert_num_queries
):
    bun, place, objective = bun_place_objective
    _published_project(1, bun, place, objective)
    counts = {url: _queries(client, url) for url in PROJECT_LISTS}
    for index in range(2, 51):
        _published_project(index, bun, place, objective)

    for url, one in counts.items():
        cache.clear()
        with django_assert_num_queries(one):
            client.get(url)


def test_project_page_costs_the_same_with_1_and_50_of_everything(
    client, db, bun, ks, django_assert_num_queries
):
    project = factories.ProjectFactory(slug="stort", responsible_body=bun, published=True)
    strategy = factories.StrategyFactory()

    def add(index):
        place = factories.PlaceFactory(published=True)
        project.places.add(place)
        relationship = factories.RelationshipFactory(place=place, published=True)
        project.relationships.add(relationship)
        project.objectives.add(factories.ObjectiveFactory(strategy=strategy, number=index))
        project.cooperating_bodies.add(factories.BodyFactory())
        factories.FundingCheckFactory(project=project, outcome="granted")
        factories.DecidedApplicationFactory(project=project, decision__paragraph=1000 + index)

    add(1)
    factories.ParticipantCountFactory(project=project, level="pupil")
    url = reverse("website:project-detail", args=["stort"])
    one = _queries(client, url)
    for index in range(2, 51):
        add(index)
    cache.clear()

    with django_assert_num_queries(one):
        client.get(url)


def test_place_page_costs_the_same_with_1_and_50_relationships(
    client, db, kf, django_assert_num_queries
):
    place = factories.PlaceFactory(published=True, slug="manga")

    def add(index):
        # A place has one active twin town (S7, #11); its other relationships are partnerships.
        kind = RelationshipKind.TWIN_TOWN if index == 1 else RelationshipKind.PARTNERSHIP
        relationship = factories.RelationshipFactory(
            place=place,
            kind=kind,
            theme=f"Tema {index}",
            published=True,
            established_by=factories.DecisionFactory(body=kf),
            chain=factories.ChainFactory(),
        )
        factories.StatusChangeFactory(
            relationship=relationship,
            from_status=RelationshipStatus.PROPOSED,
            to_status=RelationshipStatus.ACTIVE,
            decision=factories.DecisionFactory(body=kf),
        )
        factories.AgreementFactory(
            relationship=relationship, decision=factories.DecisionFactory(body=kf)
        )
        factories.PeerMunicipalityFactory(relationship=relationship)
        factories.PlaceFactory(published=True, successor=place, merged_on=datetime.date(2007, 1, 1))

    add(1)
    url = reverse("website:place-detail", args=["manga"])
    one = _queries(client, url)
    for index in range(2, 51):
        add(index)
    cache.clear()

    with django_assert_num_queries(one):
        client.get(url)


def test_place_list_and_api_cost_the_same_for_1_and_50_places(
    client, db, django_assert_num_queries
):
    def add():
        place = factories.PlaceFactory(published=True, latitude=56, longitude=23)
        factories.RelationshipFactory(place=place, published=True)

    add()
    urls = ["/orter/", "/api/v1/places/", "/api/v1/relationships/", "/open-data/twin-towns.csv"]
    counts = {url: _queries(client, url) for url in urls}
    for _ in range(49):
        add()

    for url, one in counts.items():
        cache.clear()
        with django_assert_num_queries(one):
            client.get(url)


def test_decision_list_and_calendar_cost_the_same_for_1_and_50(
    client, db, kf, ks, django_assert_num_queries
):
    network = factories.BodyFactory(short_name="IN", kind=BodyKind.INTERNATIONAL_NETWORK)

    def add():
        factories.RelationshipFactory(
            published=True,
            place__published=True,
            established_by=factories.DecisionFactory(body=kf),
        )
        factories.MeetingFactory(body=ks, is_public=True)
        factories.MeetingFactory(body=network, is_public=True)

    add()
    urls = [
        "/beslut/",
        "/kalender/",
        "/natverk/",
        "/feeds/meetings.ics",
        "/api/v1/decisions/",
        "/api/v1/meetings/",
    ]
    counts = {url: _queries(client, url) for url in urls}
    for _ in range(49):
        add()

    for url, one in counts.items():
        cache.clear()
        with django_assert_num_queries(one):
            client.get(url)


def test_a_cached_page_costs_one_query(client, world, django_assert_max_num_queries):
    url = reverse("website:project-detail", args=[world.project.slug])
    client.get(url)

    with django_assert_max_num_queries(1):
        client.get(url)
