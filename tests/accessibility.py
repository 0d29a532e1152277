"""What every browser test shares: the WCAG 2.1 A/AA check with axe-core, and a visitor that
runs it on each page it opens."""

import weakref

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Only the violations are detailed (axe's "resultTypes"): the passing rules' elements, which
# nothing reads, were most of what a check sent back to the test (#15).
WCAG = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

# axe-core as axe-playwright-python ships it (572 kB). It is given to each browser context once,
# to run in every document the context loads (Playwright's init script), instead of being sent
# to the page at every check: a check took about 0.26 s, now about 0.14 s (#15).
AXE_SCRIPT = Axe().axe_script
# The run, in the page: each violation's rule and the elements it names, nothing else.
AXE_RUN = """options => axe.run(document, options).then(results => results.violations.map(
    violation => ({id: violation.id, targets: violation.nodes.map(node => node.target)})))"""
_CONTEXTS_WITH_AXE = weakref.WeakSet()


def _axe_in(page):
    """axe-core in the page's document: from the context's init script, or sent now (the first
    document a context checks was loaded before the script was added)."""
    context = page.context
    if context not in _CONTEXTS_WITH_AXE:
        context.add_init_script(script=AXE_SCRIPT)
        _CONTEXTS_WITH_AXE.add(context)
    if page.evaluate("() => typeof axe === 'undefined'"):
        page.evaluate(AXE_SCRIPT)


# A fingerprint of the markup as it stands, taken in the page (#15): the form's masked CSRF
# token, the one part that differs on every load, left out; the length and two 32-bit hashes
# (FNV-1a and a multiply-xor) of the rest. Reading the markup itself (``page.content()``) cost
# 20 to 36 ms a page through Playwright, this 5 to 11 ms.
MARKUP_FINGERPRINT = r"""() => {
  const markup = document.documentElement.outerHTML.replace(
    /(name="csrfmiddlewaretoken" value=")[^"]*"/g, "$1");
  let first = 0x811c9dc5, second = 0x01000193 ^ markup.length;
  for (let i = 0; i < markup.length; i++) {
    const code = markup.charCodeAt(i);
    first = Math.imul(first ^ code, 0x01000193);
    second = Math.imul(second ^ code, 0x5bd1e995);
  }
  return [markup.length, first >>> 0, second >>> 0].join(":");
}"""

# The public pages have no script (the admin alone has one): once "load" has fired (what
# ``page.goto`` waits for: every image and style sheet), every request a public page makes has
# been made. Waiting for the network to be idle as well cost half a second a page (#15); the
# tests that list a page's requests assert this, so a page with a script would show.
NO_SCRIPT = "() => document.scripts.length === 0"

# What Chromium says when a click's navigation replaces the document while axe reads it.
NAVIGATING = ("documentElement", "Execution context was destroyed", "navigat")


def axe_violations(page, attempts=3) -> list[str]:
    """The violations on the page as it stands, one line each (rule and elements).

    A click that submits a form may start its navigation only after Playwright's click has
    returned; axe would then read a document being replaced. The page is read again once the
    new document has loaded, so the check is of the page the visitor ends on."""
    for attempt in range(attempts):
        page.wait_for_load_state("load")
        try:
            _axe_in(page)
            violations = page.evaluate(AXE_RUN, WCAG)
            break
        except PlaywrightError as error:
            if attempt == attempts - 1 or not any(m in str(error) for m in NAVIGATING):
                raise
            page.wait_for_timeout(200)
    return [f"{v['id']}: {v['targets']}" for v in violations]


class Visitor:
    """One browser tab, with an axe check of every page it looks at."""

    def __init__(self, page, base_url):
        self.page = page
        self.base = base_url
        self.reports = {}
        # Documents axe has read, by address, viewport and markup: a page loaded again exactly
        # as it was (a failed sign-in repeated, a list revisited) is not read again (#15).
        self.checked = set()

    def go(self, path):
        self.page.goto(self.base + path)
        self.check()

    def click(self, selector):
        self.page.click(selector)
        self.page.wait_for_load_state()
        self.check()

    def document(self):
        """What axe's answer depends on: the address, the viewport and the markup as it is."""
        try:
            self.page.wait_for_load_state("load")
            markup = self.page.evaluate(MARKUP_FINGERPRINT)
        except PlaywrightError:  # navigating: read it with axe, remember nothing
            return None
        return (self.page.url, str(self.page.viewport_size), markup)

    def check(self):
        before = self.document()
        if before is not None and before in self.checked:
            return
        violations = axe_violations(self.page)
        if violations:
            self.reports[self.page.url] = violations
        elif before is not None and self.document() == before:
            self.checked.add(before)

    def sign_in(self, username):
        self.go(reverse("accounts:login"))
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", "demo-password")
        self.page.click("#sign-in")
        self.page.wait_for_load_state()
        self.check()

    def sign_out(self):
        self.page.click("form[action$='/logga-ut/'] button")

    def submit(self, form_id):
        self.page.click(f"#{form_id} button[type=submit]")
        self.check()
