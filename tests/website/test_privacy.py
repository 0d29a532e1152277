"""Personal data, internal notes and funding details never reach a public response (S19)."""

import pytest

from tests.website.conftest import SECRET, shared_world
from tests.website.pages import all_public_urls

# The public site's world, written once for the module's tests (tests/website/conftest.py).
SHARED_WORLD = True
pytestmark = [pytest.mark.django_db, shared_world]


def test_no_public_response_contains_personal_data_or_internal_notes(client, world):
    leaks = []
    for url in all_public_urls(world):
        body = client.get(url).content.decode()
        if SECRET in body or "hemlig@example.org" in body or "k@example.lt" in body:
            leaks.append(url)

    assert leaks == []


def test_no_public_response_contains_funding_amounts(client, world):
    leaks = [
        url
        for url in all_public_urls(world)
        if any(amount in client.get(url).content.decode() for amount in ("876543", "987654"))
    ]

    assert leaks == []


def test_no_public_response_names_the_people_involved(client, world):
    names = ("Stina", "Stängare", "Hemlig P", "Kontrollant")
    leaks = [
        url
        for url in all_public_urls(world)
        if any(name in client.get(url).content.decode() for name in names)
    ]

    assert leaks == []


def test_public_pages_set_no_cookies(client, world):
    with_cookies = [url for url in all_public_urls(world) if client.get(url).cookies]

    assert with_cookies == []
