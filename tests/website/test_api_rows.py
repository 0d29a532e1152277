"""The API's project list is read as plain rows (website.api_rows, #15, S19): every row must be
exactly what the serializer writes for the same project, which the detail answer still is."""

import datetime

import pytest
from django.test import RequestFactory

from governance.models import Decision
from projects.models import FundingCheck, FundingOutcome
from tests import factories
from tests.website.conftest import shared_world
from website import serializers as s

# The public site's world, written once for the module's tests (tests/website/conftest.py).
SHARED_WORLD = True
pytestmark = [pytest.mark.django_db, shared_world]


@pytest.fixture
def richer(world, kf, ks):
    """A second published project with two of everything, ordering to get right in each."""
    project = factories.ProjectFactory(
        title="Kulturutbyte",
        slug="kulturutbyte-2",
        kind="culture",
        status="planned",
        responsible_body=world.bun,
        published=True,
        starts_on=datetime.date(2024, 3, 1),
        ends_on=None,
        school="Vimmerby gymnasium",
    )
    project.places.add(world.skaerbaek, world.joniskis, world.hidden_place, world.tonder)
    project.relationships.add(world.ended_twin_town, world.twin_town, world.hidden_relationship)
    project.objectives.add(world.other_objective, world.objective)
    project.cooperating_bodies.add(ks, kf)
    factories.ParticipantCountFactory(project=project, level="staff", count=3)
    factories.ParticipantCountFactory(project=project, level="pupil", count=12)
    nordplus = factories.FunderFactory(name="Nordplus")
    for programme in (
        factories.ProgrammeFactory(funder=nordplus),
        factories.ProgrammeFactory(funder__name="Sida"),
        factories.ProgrammeFactory(funder=nordplus),  # the same funder twice: named once
    ):
        factories.FundingCheckFactory(
            project=project, programme=programme, outcome=FundingOutcome.GRANTED
        )
    factories.FundingCheckFactory(
        project=project,
        programme__funder__name="Erasmus+",
        programme__funder__short_name="EU",
        outcome=FundingOutcome.GRANTED,
    )
    factories.FundingCheckFactory(project=project, programme__funder__name="Avslagen")
    for day, paragraph in ((datetime.date(2024, 2, 1), 7), (datetime.date(2023, 9, 4), 120)):
        factories.DecidedApplicationFactory(
            project=project,
            addressed_to=world.bun,
            decision__meeting_date=day,
            decision__paragraph=paragraph,
        )
    return project


def test_every_listed_project_is_what_its_detail_answer_says(client, richer):
    listed = client.get("/api/v1/projects/").json()["results"]
    assert [row["slug"] for row in listed] == ["skolutbyte-joniskis", "kulturutbyte-2"]
    for row in listed:
        assert row == client.get(f"/api/v1/projects/{row['slug']}/").json()
    rich = listed[1]
    assert rich["places"] == ["joniskis", "skaerbaek"]  # published ones, by name
    assert rich["funders"] == ["EU", "Nordplus", "Sida"]
    assert [d["citation"][-5:] for d in rich["decisions"]] == ["§ 120", "1 § 7"]
    assert rich["participants"] == {"pupil": 12, "staff": 3}


def test_filtered_and_searched_lists_match_the_serializer(client, richer):
    for query in ("kind=culture", "place=joniskis", "q=Kulturutbyte", "offset=1", "limit=1"):
        listed = client.get(f"/api/v1/projects/?{query}").json()
        assert listed["results"], query
        for row in listed["results"]:
            assert row == client.get(f"/api/v1/projects/{row['slug']}/").json(), query


def test_an_empty_page_is_an_empty_list(client, world):
    answer = client.get("/api/v1/projects/?offset=50").json()
    assert answer["results"] == [] and answer["count"] == 1


@pytest.mark.parametrize("slug", ["skolutbyte-joniskis", "a_b-1", "x0slugmarker0y"])
def test_page_links_are_the_serializers(slug):
    request = RequestFactory().get("/api/v1/projects/")
    links = s.PageLinks(request, "website:project-detail", s.PageLinks.SLUG)
    assert links(slug) == s._page(request, "website:project-detail", slug)


@pytest.mark.parametrize(
    "args", [("kf", "2016-06-27", 172), ("bun", "1999-01-02", 1), ("x_y", "2025-12-31", 10**9)]
)
def test_decision_page_links_are_the_serializers(args):
    request = RequestFactory().get("/api/v1/decisions/")
    forms = (s.PageLinks.SLUG, s.PageLinks.ISO_DATE, s.PageLinks.NUMBER)
    links = s.PageLinks(request, "website:decision-detail", *forms)
    assert links(*args) == s._page(request, "website:decision-detail", *args)


def test_every_listed_decision_is_what_its_detail_answer_says(client, richer, coordinator):
    """The decision list is read as rows too (#15): each row, corrections and the appeal's
    last day included, is the serializer's answer for the same decision."""
    from governance import services
    from governance.models import Decision

    decision = Decision.objects.get(paragraph=7, meeting_date=datetime.date(2024, 2, 1))
    decision.minutes_approved_on = datetime.date(2024, 2, 8)
    decision.notice_posted_on = datetime.date(2024, 2, 9)
    decision.save()
    for field, corrected in (("title_sv", "Rättad titel"), ("paragraph", "8")):
        services.correct_decision(
            decision, by=coordinator, field=field, corrected=corrected, reason="Fel i protokollet."
        )
        decision.refresh_from_db()
    for query in ("", "offset=1", "limit=1", "limit=2&offset=2"):
        listed = client.get(f"/api/v1/decisions/?{query}").json()
        assert listed["results"], query
        for row in listed["results"]:
            assert row == client.get(f"/api/v1/decisions/{row['id']}/").json(), query
    rows = {row["id"]: row for row in client.get("/api/v1/decisions/?limit=100").json()["results"]}
    corrected = rows[decision.pk]
    assert corrected["citation"].endswith("2024-02-01 § 8")
    assert [c["field"] for c in corrected["corrections"]] == ["title_sv", "paragraph"]
    assert corrected["appeal_deadline"] == "2024-03-01"
    assert list(corrected) == list(s.DecisionSerializer().fields)


def test_the_decision_list_counts_the_public_decisions_only(client, richer):
    """The list counts the decisions' marks, not the decisions joined to them (#15): the
    count is that of the public decisions, and a decision of hidden work is not in it."""
    from website import queries

    answer = client.get("/api/v1/decisions/?limit=1").json()

    public = queries.public_decisions()
    assert answer["count"] == public.count() == len({row["id"] for row in public.values("id")})
    assert answer["count"] < Decision.objects.count()  # the world has a hidden decision
    assert len(answer["results"]) == 1


@pytest.fixture
def history(world, kf):
    """The relationships' history with everything the list reads: a status change and
    agreements with and without a decision, an ended relationship, a place of another's."""
    decided = factories.DecisionFactory(
        body=kf, meeting_date=datetime.date(2007, 2, 1), paragraph=12, title="Avslut"
    )
    factories.StatusChangeFactory(
        relationship=world.twin_town,
        changed_on=datetime.date(1994, 6, 1),
        from_status="proposed",
        to_status="active",
        reason="Avtalet undertecknades.",
        decision=decided,
    )
    for signed, decision in (
        (datetime.date(1995, 3, 1), decided),
        (datetime.date(1994, 6, 1), None),
    ):
        factories.AgreementFactory(
            relationship=world.twin_town, signed_on=signed, decision=decision, title="Avtal"
        )
    world.ended_twin_town.ended_by = decided
    world.ended_twin_town.save()
    return world


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_listed_relationship_is_what_its_detail_answer_says(client, history, language):
    """The relationship list is read as rows with its history as values (#15): each row is
    the serializer's answer for the same relationship, in either language."""
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    for query in ("", "offset=1", "limit=1"):
        listed = client.get(f"/api/v1/relationships/?{query}", **headers).json()
        assert listed["results"], query
        for row in listed["results"]:
            detail = client.get(f"/api/v1/relationships/{row['id']}/", **headers).json()
            assert row == detail, query
    rows = client.get("/api/v1/relationships/", **headers).json()["results"]
    by_id = {row["id"]: row for row in rows}
    ended = by_id[history.ended_twin_town.pk]
    assert [c["decision"] for c in ended["status_changes"]] == [None]
    assert ended["ended_by"]["citation"] == "KF 2007-02-01 § 12"
    assert ended["chain"] == "Nordiska vänortskedjan"
    twin = by_id[history.twin_town.pk]
    assert [a["signed_on"] for a in twin["agreements"]] == ["1994-06-01", "1995-03-01"]
    assert [a["decision"] is None for a in twin["agreements"]] == [True, False]
    assert twin["status_changes"][0]["decision"]["citation"] == "KF 2007-02-01 § 12"
    assert twin["established_by"]["citation"] == "KF 1994-05-30 § 55"
    assert list(twin) == list(s.RelationshipSerializer().fields)


def test_every_listed_place_is_what_its_detail_answer_says(client, history):
    """The place list is read as values (#15): each row is the serializer's answer, an
    unpublished administering place or successor a null."""
    listed = client.get("/api/v1/places/").json()["results"]
    assert [row["slug"] for row in listed] == ["joniskis", "skaerbaek"]
    for row in listed:
        assert row == client.get(f"/api/v1/places/{row['slug']}/").json()
    joniskis, skaerbaek = listed
    assert joniskis["latitude"] == "56.240830" or isinstance(joniskis["latitude"], str)
    assert joniskis["relationships"] == [history.twin_town.pk]
    assert skaerbaek["administered_by"] is None and skaerbaek["successor"] is None
    assert skaerbaek["merged_on"] == "2007-01-01"
    assert list(joniskis) == list(s.PlaceSerializer().fields)


def test_a_compiled_query_runs_with_each_pages_ids(client, richer):
    """The related records' queries are compiled once for each number of ids (#15): pages of
    the same size with other projects, and of other sizes, get their own projects' records."""
    from website import api_rows

    api_rows._COMPILED.clear()
    for query in ("limit=1", "limit=1&offset=1", "limit=2", "limit=1"):
        listed = client.get(f"/api/v1/projects/?{query}").json()["results"]
        for row in listed:
            assert row == client.get(f"/api/v1/projects/{row['slug']}/").json(), query
    assert {k[1:] for k, v in api_rows._COMPILED.items() if k[1] == "project places" and v} == {
        ("project places", "sv", 1),
        ("project places", "sv", 2),
    }


def test_a_query_whose_ids_cannot_be_told_apart_is_run_by_the_orm(richer):
    """A query with another negative whole number among its parameters is not compiled: it is
    run as it is, with the same rows."""
    from projects.models import ParticipantCount
    from website import api_rows

    def make(ids):
        counts = ParticipantCount.objects.filter(project_id__in=ids).exclude(project_id=-3)
        return counts.order_by("level").values_list("project_id", "level")

    ids = [richer.pk]
    assert api_rows._rows_of("test negative", make, ids) == [
        (richer.pk, "pupil"),
        (richer.pk, "staff"),
    ]
    assert [v for k, v in api_rows._COMPILED.items() if k[1] == "test negative"] == [False]


def test_a_query_with_a_date_in_it_is_not_kept(richer):
    """A related query with a date among its parameters (today, say) is run by the ORM each
    time, never kept with the date it was first compiled with."""
    from website import api_rows

    def make(ids):
        checks = FundingCheck.objects.filter(project_id__in=ids, checked_on__lte=datetime.date.max)
        return checks.order_by("pk").values_list("project_id", "outcome")

    rows = api_rows._rows_of("test dated", make, [richer.pk])
    assert len(rows) == 5 and {project for project, _outcome in rows} == {richer.pk}
    assert [v for k, v in api_rows._COMPILED.items() if k[1] == "test dated"] == [False]


@pytest.mark.parametrize("query", ["kind=spaceship", "year=abc", "place=nowhere", "kind="])
def test_the_project_filter_still_judges_every_parameter_it_takes(client, richer, query):
    """The list builds its filter only when one of its parameters is given (#15): a bad one
    still answers 400 with the filter's reason, an empty one lists every project."""
    response = client.get(f"/api/v1/projects/?{query}&limit=1")
    if query == "kind=":
        assert response.status_code == 200 and response.json()["count"] == 2
    else:
        assert response.status_code == 400
        assert list(response.json()) == [query.split("=")[0]]


def test_the_unfiltered_list_is_every_published_project(client, richer, world):
    """Without a filter's parameter (a page's only) the list is every published project."""
    answer = client.get("/api/v1/projects/?limit=1&offset=1").json()
    assert answer["count"] == 2
    assert [row["slug"] for row in answer["results"]] == ["kulturutbyte-2"]
