"""Publishing approved work from its preview, and registering a visit, in Chromium (#12):
each page on the way checked with axe-core for WCAG 2.1 AA, and none wider than the screen
(390 px for the public page's preview, 1366 px for the staff pages)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from partners.models import Visit
from projects.models import Project
from tests import factories
from tests.accessibility import Visitor
from tests.staff.conftest import TODAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def frozen_clock():
    """Inside the BUN members' term, after the decision's meeting day (tests/staff/conftest)."""
    with time_machine.travel(TODAY, tick=True):
        yield


@pytest.fixture
def quick_sessions(settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_coordinator_previews_and_publishes_approved_work(
    frozen_clock, quick_sessions, live_server, page, approved, coordinator
):
    project = Project.objects.get(pk=approved.project_id)
    project.summary_sv = "Elever i Vimmerby och Joniškis skriver brev."
    project.save()
    you = Visitor(page, live_server.url)
    you.sign_in(coordinator.username)

    you.go(reverse("staff:home"))
    you.click("#unpublished a")
    assert page.locator("#preview-banner").count() == 1
    page.set_viewport_size({"width": 390, "height": 844})
    you.check()
    assert page_width(page) <= 390
    page.set_viewport_size({"width": 1366, "height": 900})

    you.click("#publish-project")

    assert Project.objects.get(pk=project.pk).published
    assert page.locator(".alert-success").count() == 1
    assert page_width(page) <= 1366
    assert you.reports == {}, "\n\n".join(f"{u}\n{r}" for u, r in you.reports.items())


def test_the_coordinator_registers_a_visit(
    frozen_clock, quick_sessions, live_server, page, coordinator
):
    factories.PlaceFactory(name="Joniškis", published=True)
    factories.PersonFactory(first_name="Karin", last_name="Ordförande")
    page.set_viewport_size({"width": 1366, "height": 900})
    you = Visitor(page, live_server.url)
    you.sign_in(coordinator.username)

    you.go(reverse("staff:visit-list"))
    you.click("#visit-create")
    page.select_option("#id_place", label="Joniškis")
    page.select_option("#id_direction", "outgoing")
    page.fill("#id_starts_on", "2026-05-04")
    page.fill("#id_ends_on", "2026-05-01")
    page.fill("#id_purpose", "Vänortsbesök")
    page.select_option("#id_participants-0-person", label="Karin Ordförande")
    page.select_option("#id_participants-0-level", "elected")
    you.submit("visit-form")
    assert "Ett besök kan inte sluta innan det har börjat." in page.content()
    assert not Visit.objects.exists()
    assert page_width(page) <= 1366

    page.fill("#id_ends_on", "2026-05-06")
    you.submit("visit-form")

    visit = Visit.objects.get()
    assert visit.ends_on == datetime.date(2026, 5, 6)
    assert [str(p.person) for p in visit.participants.all()] == ["Karin Ordförande"]
    # The list shows the dates whole: a date never breaks at its hyphens (#14, #12).
    you.go(reverse("staff:visit-list"))
    heights = page.eval_on_selector_all(
        "table .text-nowrap", "spans => spans.map(s => s.getClientRects().length)"
    )
    assert heights == [1, 1]
    assert you.reports == {}, "\n\n".join(f"{u}\n{r}" for u, r in you.reports.items())
