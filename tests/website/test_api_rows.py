"""The API's project list is read as plain rows (website.api_rows, #15, S19): every row must be
exactly what the serializer writes for the same project, which the detail answer still is."""

import datetime

import pytest
from django.test import RequestFactory

from governance.models import Decision
from projects.models import FundingOutcome
from tests import factories
from website import serializers as s

pytestmark = pytest.mark.django_db


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
