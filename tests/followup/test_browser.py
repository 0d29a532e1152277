"""The follow-up pages in Chromium, inside the one staff shell: axe-core finds nothing (WCAG 2.1
AA) and the menu takes the coordinator from /arbete/ to /uppfoljning/ and back."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from tests import factories
from tests.accessibility import Visitor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm"))


@pytest.fixture(autouse=True)
def swedish(english):
    """In the browser as the users see it: Swedish, the default (after the English override)."""
    with translation.override("sv"):
        yield


@pytest.fixture
def frozen_clock():
    with time_machine.travel(DAY, tick=True):
        yield


@pytest.fixture
def quick_sessions(settings):
    # The server's clock is moved; a cookie that expires by that clock must not vanish.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True


def test_coordinator_follows_up_in_the_staff_shell(
    frozen_clock, quick_sessions, live_server, page, coordinator, ks, bun
):
    project = factories.ProjectFactory(responsible_body=bun, title="Elevutbyte Joniškis")
    project.places.add(factories.PlaceFactory(name="Joniškis", country="LT"))
    factories.ProgrammeFactory(name="Nordplus Junior", eligible_countries=["FI", "LT"])
    you = Visitor(page, live_server.url)

    you.sign_in("samordnare")
    assert page.url == live_server.url + reverse("staff:home")

    # From the staff pages to the follow-up, through the menu.
    you.click("#nav-follow-up")
    assert page.url == live_server.url + reverse("followup:dashboard")
    current = page.locator("nav[aria-label='Uppföljning'] [aria-current='page']")
    assert current.inner_text() == "Strategiöversikt"
    you.go(reverse("followup:report"))
    you.go(reverse("followup:spreadsheets"))
    assert page.locator("#nav-records").get_attribute("href") == reverse("admin:index")

    # And back: the brand is the staff home page.
    you.click(".navbar-brand")
    assert page.url == live_server.url + reverse("staff:home")

    # A project's funding suggestions, from the project's staff page.
    you.go(reverse("staff:project-detail", args=[project.pk]))
    you.click("#funding-suggestions")
    assert page.url == live_server.url + reverse("staff:funding-suggestions", args=[project.pk])
    assert page.get_by_text("Nordplus Junior").count() >= 1

    assert you.reports == {}, "\n\n".join(f"{u}\n{r}" for u, r in you.reports.items())
