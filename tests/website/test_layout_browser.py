"""Every public page at a phone's 390 px and a desktop's 1366 px (#14): no sideways scrolling,
no axe-core violation of WCAG 2.1 A/AA, no request to another host, no date broken over two
lines, and the partner map present, labelled and readable."""

from urllib.parse import urlsplit

import pytest

from tests.accessibility import NO_SCRIPT, axe_violations
from tests.website.pages import page_urls

pytestmark = pytest.mark.browser

WIDTHS = (390, 1366)


def _html_pages(world) -> list[str]:
    """Every public HTML page in both languages (feeds and files left out)."""
    return [url for url in page_urls(world) if not url.endswith((".csv", ".ics", ".atom"))]


OVERFLOW = """() => {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1)
    .slice(0, 5).map(e => e.tagName + '.' + e.className);
  return {scroll: root.scrollWidth, client: root.clientWidth, wide};
}"""

BROKEN_DATES = """() => [...document.querySelectorAll('time')]
  .filter(t => t.getClientRects().length > 1 || t.getBoundingClientRect().height > 2 *
    parseFloat(getComputedStyle(t).lineHeight || '24'))
  .map(t => t.textContent)"""

MAP_LABELS = """() => [...document.querySelectorAll('.partner-map__svg .map-label')]
  .map(t => { const r = t.getBoundingClientRect();
    return {name: t.textContent, size: parseFloat(getComputedStyle(t).fontSize) *
      t.getScreenCTM().a, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; })"""


@pytest.mark.parametrize("width", WIDTHS)
def test_every_public_page_fits_the_screen_and_is_accessible(
    browser, live_world, live_server, width
):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    own = urlsplit(live_server.url).netloc
    problems = {}
    for path in _html_pages(live_world):
        page.goto(live_server.url + path)  # waits for "load": every image and style sheet
        found = [] if page.evaluate(NO_SCRIPT) else ["runs a script: wait for its requests"]
        overflow = page.evaluate(OVERFLOW)
        if overflow["scroll"] > overflow["client"]:
            found.append(f"scrolls sideways: {overflow}")
        found += axe_violations(page)
        broken = page.evaluate(BROKEN_DATES)
        if broken:
            found.append(f"dates broken over two lines: {broken}")
        if found:
            problems[path] = found
    context.close()

    assert problems == {}
    assert [url for url in requested if urlsplit(url).netloc != own] == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["/", "/orter/", "/en/places/"])
def test_the_map_is_present_labelled_and_readable(page, live_world, live_server, width, path):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + path)

    svg = page.locator(".partner-map__svg")
    assert svg.count() == 1
    assert svg.get_attribute("role") == "img"
    assert page.locator("#map-title").text_content().strip()
    assert page.locator(".partner-map__svg .map-land").count() > 10
    labels = page.evaluate(MAP_LABELS)
    assert {label["name"] for label in labels} >= {"Joniškis", "Skærbæk"}
    assert all(label["size"] >= 12 for label in labels), labels
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            apart = a["x1"] <= b["x0"] or b["x1"] <= a["x0"] or a["y1"] <= b["y0"]
            assert apart or b["y1"] <= a["y0"], (a, b)
