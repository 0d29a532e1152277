"""Each page type in Swedish and English, as a browser shows it: no axe-core violation of
WCAG 2.1 A/AA, no request to another host, and a language switch that keeps the page."""

from urllib.parse import urlsplit

import pytest

from tests.accessibility import NO_SCRIPT, axe_violations

pytestmark = pytest.mark.browser

# (page type, Swedish path, English path): each language has its own paths (#10).
PAGES = [
    ("start", "/", "/en/"),
    ("list with a filter", "/projekt/?kind=school_exchange", "/en/projects/?kind=school_exchange"),
    ("search with hits", "/projekt/?q=Joni%C5%A1kis", "/en/projects/?q=Joni%C5%A1kis"),
    ("search without hits", "/projekt/?q=xyzzy", "/en/projects/?q=xyzzy"),
    # On PostgreSQL the words most like it are searched instead (marked in the titles).
    ("search with a misspelling", "/projekt/?q=Joniskiss", "/en/projects/?q=Joniskiss"),
    ("place", "/orter/skaerbaek/", "/en/places/skaerbaek/"),
    ("project", "/projekt/skolutbyte-joniskis/", "/en/projects/skolutbyte-joniskis/"),
    ("statement", "/tillganglighet/", "/en/accessibility/"),
    ("page with a table", "/orter/", "/en/places/"),
    ("another page with a table", "/beslut/", "/en/decisions/"),
    ("a 404", "/no-such-page/", "/en/no-such-page/"),
]
COUNTERPART = {**{sv: en for _, sv, en in PAGES}, **{en: sv for _, sv, en in PAGES}}
LANGUAGES = {"sv": 1, "en": 2}  # each language's column of PAGES


def _visit(page, live_server, path, requested) -> dict:
    """What one visit to ``path`` finds, then the language switch: its answer, whether it has
    no script, axe-core's violations, what it asked of other hosts, and where the switch led."""
    requested.clear()
    response = page.goto(live_server.url + path)  # waits for "load"
    found = {
        "status": response.status,
        "no script": page.evaluate(NO_SCRIPT),
        "violations": axe_violations(page),
        "other hosts": [
            url for url in requested if urlsplit(url).netloc != urlsplit(live_server.url).netloc
        ],
    }
    page.locator(".language-switch a").click()
    page.wait_for_load_state()
    found["switched to"] = page.url.removeprefix(live_server.url)
    found["lang"] = page.locator("html").get_attribute("lang")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_is_accessible_self_contained_and_switches_language(
    page, live_world, live_server, language
):
    """One visit per page type in the language checks the three things a browser alone can
    show: no axe-core violation, no request to another host, a language switch that keeps the
    page. Every page is visited, and a failure names each page and what it found; the world
    is written once per language rather than once per page (#15)."""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    other = "en" if language == "sv" else "sv"
    found, expected = {}, {}
    for row in PAGES:
        kind, path = row[0], row[LANGUAGES[language]]
        found[kind] = _visit(page, live_server, path, requested)
        expected[kind] = {
            "status": 404 if "no-such-page" in path else 200,
            "no script": True,
            "violations": [],
            "other hosts": [],
            "switched to": COUNTERPART[path],
            "lang": other,
        }

    assert found == expected


def test_pages_work_without_javascript(browser, live_world, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    page.goto(live_server.url + "/projekt/")
    page.select_option("#id_kind", "school_exchange")
    page.get_by_role("button").click()

    assert "kind=school_exchange" in page.url
    assert page.locator(".project-item").count() == 1
    context.close()


def test_page_breaks_no_content_security_rule(page, live_world, live_server):
    messages = []
    page.on("console", lambda message: messages.append(message.text))

    for path in ("/", "/en/places/", "/projekt/skolutbyte-joniskis/", "/embed/projects/"):
        page.goto(live_server.url + path)
        assert page.evaluate(NO_SCRIPT), path

    assert [m for m in messages if "Content Security Policy" in m] == []


def test_reflows_on_a_narrow_screen(browser, live_world, live_server):
    """WCAG 1.4.10: 320 CSS pixels wide, no horizontal scrolling of the page."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()

    for path in ("/", "/en/projects/", "/orter/skaerbaek/"):
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")

        assert width <= 320, path
    context.close()
