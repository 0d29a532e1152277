"""The accessibility check itself (tests/accessibility.py) finds what it is there to find: a
page with known WCAG 2.1 A/AA failures is reported rule by rule, on the first document of a
browser context (axe-core sent to the page) and on the next ones (axe-core run by the context's
init script), so an empty answer elsewhere means a page without violations, not a check that
did not run."""

import pytest

from tests.accessibility import Visitor, axe_violations

pytestmark = pytest.mark.browser

FAILING = (
    "<html><head></head><body><main>"
    "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>"
    "<a href='/somewhere'></a>"
    "</main></body></html>"
)
PASSING = (
    "<html lang='sv'><head><title>Sida</title></head><body><main>"
    "<h1>Rubrik</h1><a href='/somewhere'>Någonstans</a>"
    "</main></body></html>"
)


def rules(violations):
    return {line.split(":", 1)[0] for line in violations}


def test_the_check_names_each_failing_rule_and_its_element(page):
    page.set_content(FAILING)

    violations = axe_violations(page)

    assert {"image-alt", "link-name", "html-has-lang", "document-title"} <= rules(violations)
    assert "image-alt: [['img']]" in violations


def test_the_next_documents_of_the_context_are_checked_too(page):
    page.set_content(PASSING)
    assert axe_violations(page) == []

    page.goto("data:text/html," + FAILING)  # a new document: axe-core from the init script

    assert page.evaluate("() => typeof axe") == "object"
    assert "image-alt" in rules(axe_violations(page))


def with_token(markup, token):
    """The page with a form carrying a CSRF token, as Django writes it."""
    field = f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
    return markup.replace("<main>", f"<main><form>{field}<button>Skicka</button></form>")


def test_a_visitor_reads_a_page_again_only_when_its_markup_changed(page):
    """The visitor remembers each page axe found clean by its address, viewport and a
    fingerprint of its markup without the form's CSRF token (which differs at every load)."""
    you = Visitor(page, "")

    page.set_content(with_token(PASSING, "first-token"))
    you.check()
    fingerprint = you.document()
    page.set_content(with_token(PASSING, "second-token"))
    same_but_token = you.document()
    page.set_content(with_token(PASSING.replace("Rubrik", "Annan rubrik"), "first-token"))
    other_text = you.document()

    assert you.reports == {} and you.checked == {fingerprint}
    assert same_but_token == fingerprint
    assert other_text != fingerprint

    page.set_content(FAILING)
    you.check()
    assert any("image-alt" in line for line in you.reports[page.url])
