"""The read-only open data API: published records only, both languages, OpenAPI described."""

import re

import pytest
import yaml

from tests.website.conftest import shared_world

# The public site's world, written once for the module's tests (tests/website/conftest.py).
SHARED_WORLD = True
pytestmark = [pytest.mark.django_db, shared_world]


def test_projects_endpoint_lists_published_projects_with_both_languages(client, world):
    data = client.get("/api/v1/projects/").json()

    assert data["count"] == 1
    project = data["results"][0]
    assert project["slug"] == "skolutbyte-joniskis"
    assert project["title_sv"] == "Skolutbyte med Joniškis"
    assert project["title_en"] == "School exchange with Joniškis"
    assert project["places"] == ["joniskis"]
    assert project["funders"] == ["Svenska institutet"]
    assert project["participants"] == {"pupil": 24}
    assert project["decisions"][0]["citation"] == "BUN 2025-06-10 § 41"
    assert project["pages"]["en"] == "http://testserver/en/projects/skolutbyte-joniskis/"


def test_project_fields_are_exactly_the_public_ones(client, world):
    project = client.get("/api/v1/projects/skolutbyte-joniskis/").json()

    assert sorted(project) == sorted(
        [
            "slug", "title_sv", "title_en", "summary_sv", "summary_en", "kind", "status",
            "starts_on", "ends_on", "places", "relationships", "responsible_body",
            "cooperating_bodies", "school", "objectives", "participants", "funders",
            "decisions", "updated_at", "pages",
        ]
    )  # fmt: skip


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/projects/hemligt-projekt/",
        "/api/v1/places/hemligby/",
        "/api/v1/places/tonder/",
        "/api/v1/places/no-such-place/",
        "/api/v1/relationships/999999/",
        "/api/v1/decisions/999999/",
        "/api/v1/meetings/999999/",
    ],
)
def test_unpublished_or_unknown_is_404(client, world, path):
    response = client.get(path)

    # The same answer as for an address that never existed: nothing says the record is hidden.
    assert response.status_code == 404
    assert re.fullmatch(r"No [A-Za-z]+ matches the given query\.", response.json()["detail"])


def test_hidden_records_are_not_listed(client, world):
    relationships = client.get("/api/v1/relationships/").json()["results"]
    decisions = client.get("/api/v1/decisions/").json()["results"]
    meetings = client.get("/api/v1/meetings/").json()["results"]

    assert world.hidden_relationship.pk not in [r["id"] for r in relationships]
    assert sorted(r["place"] for r in relationships) == ["joniskis", "skaerbaek"]
    assert world.hidden_decision.pk not in [d["id"] for d in decisions]
    assert [m["id"] for m in meetings] == [world.public_meeting.pk]


def test_hidden_decision_detail_is_404(client, world):
    response = client.get(f"/api/v1/decisions/{world.hidden_decision.pk}/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No Decision matches the given query."}


def test_relationship_carries_its_status_history(client, world):
    data = client.get(f"/api/v1/relationships/{world.ended_twin_town.pk}/").json()

    assert data["status"] == "ended"
    assert data["status_changes"][0]["reason_sv"] == "Skærbæk gick upp i Tønder kommun."
    assert data["channel_organisation"] == "Föreningen Norden"


def test_place_does_not_point_to_an_unpublished_place(client, world):
    data = client.get("/api/v1/places/skaerbaek/").json()

    assert data["successor"] is None
    assert data["administered_by"] is None
    assert data["merged_on"] == "2007-01-01"


def test_projects_endpoint_takes_the_page_filters(client, world):
    assert client.get("/api/v1/projects/?place=joniskis").json()["count"] == 1
    assert client.get("/api/v1/projects/?kind=culture").json()["count"] == 0


def test_unknown_filter_value_is_400(client, world):
    response = client.get("/api/v1/projects/?kind=spaceship")

    assert response.status_code == 400
    assert "kind" in response.json()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_is_read_only(client, world, method):
    response = getattr(client, method)(
        "/api/v1/projects/skolutbyte-joniskis/", data={}, content_type="application/json"
    )

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_api_is_read_only_for_staff_too(client, world, coordinator):
    client.force_login(coordinator)

    response = client.post("/api/v1/projects/", data={}, content_type="application/json")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_api_sets_no_cookie(client, world):
    response = client.get("/api/v1/projects/")

    assert response.cookies == {}


def test_openapi_schema_describes_every_endpoint(client, world):
    response = client.get("/api/schema/")

    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert sorted(p for p in schema["paths"] if p.count("/") == 4) == [
        "/api/v1/decisions/",
        "/api/v1/meetings/",
        "/api/v1/nordic-meetings/",
        "/api/v1/objectives/",
        "/api/v1/places/",
        "/api/v1/projects/",
        "/api/v1/relationships/",
    ]
    assert all(list(operations) == ["get"] for operations in schema["paths"].values())


def test_api_docs_address_leads_to_the_open_data_page(client, db):
    response = client.get("/api/docs/")

    assert response.status_code == 302
    assert response["Location"] == "/oppna-data/"


def test_objectives_give_the_address_of_their_projects_not_the_list(client, world):
    """An objective's projects are the project list filtered by it, in pages like every list:
    a list of every slug inside each objective grew with the data (#15)."""
    world.hidden_project.objectives.add(world.objective)
    objectives = client.get("/api/v1/objectives/").json()["results"]

    first = next(row for row in objectives if row["id"] == world.objective.pk)
    assert first["projects"] == f"http://testserver/api/v1/projects/?objective={world.objective.pk}"
    served = client.get(first["projects"]).json()
    assert [row["slug"] for row in served["results"]] == ["skolutbyte-joniskis"]
    other = next(row for row in objectives if row["id"] == world.other_objective.pk)
    assert client.get(other["projects"]).json()["count"] == 0
