"""The open data API's page size is capped and its bad limits and offsets are harmless (#15).

``?limit=99999999999999999999`` answered 500 and any large limit returned every record in
one answer. Now a page holds at most ``API_MAX_LIMIT`` records, a limit or offset that is not
a whole number gives the default, and the cap is in the OpenAPI description (S20).
"""

import pytest
from django.conf import settings

from tests import factories
from website.pagination import CappedLimitOffsetPagination

pytestmark = pytest.mark.django_db

LIST_ENDPOINTS = [
    "/api/v1/places/",
    "/api/v1/relationships/",
    "/api/v1/projects/",
    "/api/v1/objectives/",
    "/api/v1/decisions/",
    "/api/v1/meetings/",
    "/api/v1/nordic-meetings/",
]
BAD_LIMITS = [
    "99999999999999999999",
    "9223372036854775808",
    "-1",
    "0",
    "1.5",
    "1e309",
    "NaN",
    "abc",
    "",
    "9" * 5000,  # longer than Python turns into an int
]
BAD_OFFSETS = [*BAD_LIMITS, "2147483648"]


@pytest.fixture
def places(db):
    return [factories.PlaceFactory(published=True) for _ in range(3)]


def test_the_cap_is_500_and_the_default_50():
    assert settings.API_MAX_LIMIT == 500
    assert settings.API_DEFAULT_LIMIT == 50
    assert CappedLimitOffsetPagination.max_limit == 500
    assert CappedLimitOffsetPagination.default_limit == 50


def test_a_limit_above_the_cap_gives_a_page_of_the_cap(client, places, monkeypatch):
    monkeypatch.setattr(CappedLimitOffsetPagination, "max_limit", 2)

    data = client.get("/api/v1/places/", {"limit": "99999999999999999999"}).json()

    assert data["count"] == 3
    assert len(data["results"]) == 2
    assert "limit=2" in data["next"]


@pytest.mark.parametrize("path", LIST_ENDPOINTS)
@pytest.mark.parametrize("limit", BAD_LIMITS)
def test_no_limit_is_a_server_error(client, path, limit):
    response = client.get(path, {"limit": limit})

    assert response.status_code == 200
    assert "results" in response.json()


@pytest.mark.parametrize("offset", BAD_OFFSETS)
def test_no_offset_is_a_server_error(client, places, offset):
    response = client.get("/api/v1/places/", {"offset": offset, "limit": "99999999999999999999"})

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    # A huge offset is past the end (an empty page); a bad one starts at the first record.
    past_end = offset in ("99999999999999999999", "9223372036854775808", "2147483648")
    assert len(data["results"]) == (0 if past_end else 3)


def test_a_bad_limit_gives_the_default_page(client, places, monkeypatch):
    monkeypatch.setattr(CappedLimitOffsetPagination, "default_limit", 1)

    data = client.get("/api/v1/places/", {"limit": "-5"}).json()

    assert len(data["results"]) == 1


def test_a_huge_key_is_a_404(client):
    response = client.get("/api/v1/relationships/99999999999999999999/")

    assert response.status_code == 404


def test_the_description_gives_the_cap(client):
    description = client.get("/api/schema/", {"format": "json"}).json()

    parameters = description["paths"]["/api/v1/projects/"]["get"]["parameters"]
    limit = next(p for p in parameters if p["name"] == "limit")
    offset = next(p for p in parameters if p["name"] == "offset")
    assert limit["schema"] == {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}
    assert "at most 500" in limit["description"]
    assert offset["schema"]["minimum"] == 0


def test_the_open_data_page_gives_the_cap_in_swedish_and_english(client):
    from django.urls import reverse
    from django.utils import translation

    swedish = client.get(reverse("website:open-data")).content.decode()
    with translation.override("en"):
        english = client.get(reverse("website:open-data")).content.decode()

    assert "limit (50 poster om inget annat anges, högst 500)" in swedish
    assert "limit (50 records unless given, at most 500)" in english
