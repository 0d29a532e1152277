"""A first load weighs under 60 KB compressed, CSS and JavaScript included, images not."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.website.conftest import shared_world

# The public site's world, written once for the module's tests (tests/website/conftest.py).
SHARED_WORLD = True
pytestmark = [pytest.mark.django_db, shared_world]
BUDGET = 60 * 1024


def _first_load(client, url) -> int:
    html = client.get(url).content
    total = len(gzip.compress(html, 6))
    for href in re.findall(rb'<(?:link rel="stylesheet"|script)[^>]*(?:href|src)="([^"]+)"', html):
        path = finders.find(href.decode().removeprefix("/static/"))
        with open(path, "rb") as file:
            total += len(gzip.compress(file.read(), 6))
    return total


@pytest.mark.parametrize(
    "name", ["website:home", "website:project-list", "website:place-list", "website:strategy"]
)
def test_first_load_is_under_60_kb_compressed(client, world, name):
    assert _first_load(client, reverse(name)) < BUDGET


def test_pages_load_no_javascript(client, world):
    assert b"<script" not in client.get(reverse("website:home")).content
