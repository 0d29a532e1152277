"""What every browser test shares: the WCAG 2.1 A/AA check with axe-core, and a visitor that
runs it on each page it opens."""

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WCAG = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}


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
            results = Axe().run(page, options=WCAG)
            break
        except PlaywrightError as error:
            if attempt == attempts - 1 or not any(m in str(error) for m in NAVIGATING):
                raise
            page.wait_for_timeout(200)
    return [
        f"{v['id']}: {[node['target'] for node in v['nodes']]}"
        for v in results.response["violations"]
    ]


class Visitor:
    """One browser tab, with an axe check of every page it looks at."""

    def __init__(self, page, base_url):
        self.page = page
        self.base = base_url
        self.reports = {}

    def go(self, path):
        self.page.goto(self.base + path)
        self.check()

    def click(self, selector):
        self.page.click(selector)
        self.page.wait_for_load_state()
        self.check()

    def check(self):
        violations = axe_violations(self.page)
        if violations:
            self.reports[self.page.url] = violations

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
