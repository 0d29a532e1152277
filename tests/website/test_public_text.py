"""Plain words on the public pages (#14): no strategy clause ids outside the strategy page,
the English copy edit, empty sections left out rather than "Inga.", phones' folded filters,
and hreflang alternates that search engines accept."""

import re

import pytest
from django.urls import reverse
from django.utils.translation import override

from tests.website.pages import page_urls

pytestmark = pytest.mark.django_db

CLAUSE_ID = re.compile(r"\(S\d+[),]|\bS\d+\)")


def _html_pages(world):
    return [url for url in page_urls(world) if not url.endswith((".csv", ".ics", ".atom"))]


def test_no_clause_ids_outside_the_strategy_page(client, world):
    found = {}
    for url in _html_pages(world):
        if url in ("/strategi/", "/en/strategy/"):
            continue
        html = client.get(url).content.decode()
        text = re.sub(r"<[^>]+>", " ", html)
        if CLAUSE_ID.search(text):
            found[url] = CLAUSE_ID.findall(text)
    assert found == {}


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/en/", ["Home", "Upcoming meetings"]),
        ("/en/projects/skolutbyte-joniskis/", ["Home", "Type", "Participants by category"]),
        ("/en/projects/", ["Type", "All types"]),
    ],
)
def test_the_english_copy_edit(client, world, url, words):
    html = client.get(url).content.decode()

    for word in words:
        assert word in html, word
    for slip in (">Start<", "Coming meetings", ">Kind<", "Participants by level"):
        assert slip not in html


def test_the_calendar_leaves_empty_sections_out(client, db):
    html = client.get(reverse("website:calendar")).content.decode()

    assert "Inga." not in html
    assert "Inga offentliga sammanträden har publicerats ännu." in html


def test_filters_are_folded_unless_one_is_in_use(client, world):
    plain = client.get(reverse("website:project-list")).content.decode()
    filtered = client.get(reverse("website:project-list") + "?kind=school_exchange").content
    searched = client.get(reverse("website:project-list") + "?q=skol").content.decode()

    assert '<details class="filter-more">' in plain
    assert '<details class="filter-more" open>' in filtered.decode()
    assert '<details class="filter-more">' in searched  # the search box is never folded


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_page_names_itself_the_other_language_and_a_default(client, world, language):
    with override(language):
        url = reverse("website:place-detail", args=["joniskis"])
    html = client.get(url).content.decode()

    links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert links == {
        "sv": "http://testserver/orter/joniskis/",
        "en": "http://testserver/en/places/joniskis/",
        "x-default": "http://testserver/orter/joniskis/",
    }


def test_alternates_on_every_page_point_at_pages_that_answer(client, world):
    """Every page but the embed, which is shown inside other websites' pages."""
    for url in _html_pages(world):
        if "/embed/" in url:
            continue
        html = client.get(url).content.decode()
        links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
        assert set(links) == {"sv", "en", "x-default"}, url
        for href in links.values():
            path = href.removeprefix("http://testserver")
            assert client.get(path).status_code == 200, (url, href)
