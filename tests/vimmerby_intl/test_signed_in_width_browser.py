"""Every signed-in page fits a 1366 px screen (#12): the coordinator, on the demo's records,
opens every admin list, every admin add page, the change page of a record of each model, and
every staff and follow-up page; none is wider than the screen. The admin's index, the
project change page and the admin's decision confirmation are checked with axe-core (WCAG
2.1 AA) as well.

One browser session for all of them, so the test stays fast.
"""

import datetime
import zoneinfo

import pytest
import time_machine
from django.contrib import admin
from django.urls import reverse

from governance.models import Meeting, Person, Role
from projects.models import Application, ApplicationStatus, Project
from tests import factories
from tests.accessibility import axe_violations
from tests.admin_records import make
from tests.municipality.helpers import run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
# The demo is loaded and read on a pinned day in a term of office (as tests/municipality).
DAY = datetime.datetime(2027, 3, 1, 12, tzinfo=STOCKHOLM)
WIDTH = 1366

OVERFLOW = """() => {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1)
    .slice(0, 4).map(e => e.tagName + '#' + e.id + '.' + e.className);
  return {scroll: root.scrollWidth, wide};
}"""


@pytest.fixture
def demo(settings):
    settings.DEMO_DATA_ALLOWED = True
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # the server's clock is moved
    with time_machine.travel(DAY, tick=True):
        run("load_municipality")
        run("load_demo")
        yield


def _admin_pages() -> list[str]:
    """Each model's list, its add page (where one may add) and a record's change page."""
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        urls.append(reverse(f"{name}_changelist"))
        urls.append(reverse(f"{name}_add"))  # 403 where no one adds (sign-in records)
        record = model._default_manager.order_by("pk").first() or make(model)
        urls.append(reverse(f"{name}_change", args=[record.pk]))
    return urls


def _staff_pages() -> list[str]:
    """Every staff and follow-up page the coordinator opens, on a record in each state."""
    decided = Application.objects.filter(decision__isnull=False).order_by("pk").first()
    pending = Application.objects.filter(decision__isnull=True).order_by("pk").first()
    project = Project.objects.order_by("pk").first()
    urls = [
        reverse(f"staff:{name}")
        for name in (
            "home",
            "funding-calendar",
            "application-list",
            "application-create",
            "decision-queue",
            "project-list",
            "project-create",
            "visit-list",
            "proposal-list",
            "term-registration",
        )
    ]
    for application in (decided, pending):
        urls.append(reverse("staff:application-detail", args=[application.pk]))
    for name in ("update", "proposal", "no-consultation", "consultation", "withdraw", "return"):
        urls.append(reverse(f"staff:application-{name}", args=[pending.pk]))
    urls.append(reverse("staff:application-correct-decision", args=[decided.pk]))
    for name in ("project-detail", "project-update", "fundingcheck-create", "funding-suggestions"):
        urls.append(reverse(f"staff:{name}", args=[project.pk]))
    # The bodies' meetings (#12): the list, the form, and a meeting with its decisions.
    meeting = (
        Meeting.objects.filter(decisions__isnull=False).order_by("pk").first()
        or Meeting.objects.order_by("pk").first()
    )
    urls += [reverse("staff:meeting-list"), reverse("staff:meeting-create")]
    for name in ("meeting-detail", "meeting-update", "meeting-document-create"):
        urls.append(reverse(f"staff:{name}", args=[meeting.pk]))
    urls += [
        reverse("followup:dashboard"),
        reverse("followup:report") + f"?year={DAY.year - 1}",
        reverse("followup:report-texts"),
        reverse("followup:spreadsheets"),
    ]
    return urls


def _sign_in(page, base):
    page.goto(base + reverse("accounts:login"))
    page.fill("#id_username", "samordnare")
    page.fill("#id_password", "demo")
    page.click("#sign-in")
    page.wait_for_load_state()


def _decision_confirmation(page, base) -> dict:
    """The admin's decision confirmation (#12), seen as the addressed body's secretary."""
    application = Application.objects.filter(status=ApplicationStatus.SUBMITTED).first()
    factories.MembershipFactory(
        person=Person.objects.get(user__username="samordnare"),
        body=application.addressed_to,
        role=Role.SECRETARY,
        starts_on=DAY.date() - datetime.timedelta(days=30),
    )
    page.goto(base + reverse("admin:projects_application_record_decision", args=[application.pk]))
    page.fill("#id_meeting_date", DAY.date().isoformat())
    page.fill("#id_paragraph", "901")
    page.click("#decision-form input[type=submit]")
    page.wait_for_load_state()
    return {
        "summary": page.locator("#decision-summary").count(),
        "scroll": page.evaluate(OVERFLOW)["scroll"],
        "axe": axe_violations(page),
    }


def test_every_signed_in_page_fits_1366_px(browser, live_server, demo):
    context = browser.new_context(viewport={"width": WIDTH, "height": 800})
    page = context.new_page()
    _sign_in(page, live_server.url)
    project = Project.objects.order_by("pk").first()
    meeting = Meeting.objects.order_by("pk").first()
    sampled = {
        reverse("admin:index"),
        reverse("admin:projects_project_change", args=[project.pk]),
        reverse("staff:meeting-list"),
        reverse("staff:meeting-detail", args=[meeting.pk]),
    }
    too_wide, inaccessible, failed = {}, {}, {}
    for path in [*_admin_pages(), *_staff_pages()]:
        response = page.goto(live_server.url + path)
        if response.status >= 500:
            failed[path] = response.status
        found = page.evaluate(OVERFLOW)
        if found["scroll"] > WIDTH:
            too_wide[path] = found
        if path in sampled:
            inaccessible[path] = axe_violations(page)
    confirmation = _decision_confirmation(page, live_server.url)
    context.close()

    assert confirmation == {"summary": 1, "scroll": WIDTH, "axe": []}
    assert failed == {}
    assert too_wide == {}
    assert inaccessible == {path: [] for path in sampled}
