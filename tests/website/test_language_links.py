"""The language switch and the hreflang alternates from the request's own resolving (#15):
the same links as ``translate_url`` gives, which resolves the address again; asked only
where the request was not resolved (a 404 page)."""

import pytest
from django.core.cache import cache
from django.urls import translate_url

from tests.website.pages import page_urls
from website.caching import per_version
from website.templatetags import website as tags

pytestmark = pytest.mark.django_db

NOT_FOUND = ["/no-such-page/", "/en/no-such-page/", "/projekt/no-such-project/?q=a&b=c"]


def _html(client, address) -> str:
    cache.clear()
    per_version.forget()
    return client.get(address).content.decode()


def _html_pages(world) -> list[str]:
    pages = [
        url
        for url in page_urls(world)
        if not url.endswith((".csv", ".ics", ".atom")) and "/embed/" not in url
    ]
    return [*pages, "/projekt/?kind=school_exchange&q=skol", "/en/projects/?page=1&q=a%20b"]


def _counting(monkeypatch) -> list[str]:
    asked = []

    def counted(path, code):
        asked.append(path)
        return translate_url(path, code)

    monkeypatch.setattr(tags, "translate_url", counted)
    return asked


def test_the_links_are_the_ones_translate_url_gives(client, world, monkeypatch):
    addresses = [*_html_pages(world), *NOT_FOUND]
    resolved = {address: _html(client, address) for address in addresses}
    monkeypatch.setattr(tags, "_reversed_in", lambda match, path, code: translate_url(path, code))
    translated = {address: _html(client, address) for address in addresses}

    assert resolved == translated
    assert 'hreflang="en"' in resolved["/projekt/?kind=school_exchange&q=skol"]


def test_a_resolved_page_is_not_resolved_again(client, world, monkeypatch):
    asked = _counting(monkeypatch)
    for address in _html_pages(world):
        assert 'class="language-switch"' in _html(client, address)

    assert asked == []


def test_a_404_page_asks_translate_url_once(client, db, monkeypatch):
    asked = _counting(monkeypatch)
    html = _html(client, "/en/no-such-page/")

    # One other language, once for the switch and the alternates together.
    assert asked == ["/en/no-such-page/"]
    assert 'href="/no-such-page/" hreflang="sv"' in html
    assert 'hreflang="sv" href="http://testserver/no-such-page/"' in html
