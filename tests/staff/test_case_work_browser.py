"""The new case-work pages in Chromium, each checked with axe-core for WCAG 2.1 AA (#12):
the step list, the proposal, the reason for no consultation, the confirmation of a decision,
returning a case and the confirmation of a withdrawal."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from governance.models import Decision, Role
from projects.models import ApplicationStatus
from tests import factories
from tests.accessibility import Visitor
from tests.staff.conftest import STOCKHOLM, board_member, make_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def frozen_clock():
    with time_machine.travel(DAY, tick=True):
        yield


@pytest.fixture
def quick_sessions(settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True


def test_case_work_pages(
    frozen_clock, quick_sessions, live_server, page, contributor, coordinator, bun
):
    board_member("bun-sekreterare", bun, datetime.date(2023, 1, 1), role=Role.SECRETARY)
    project = factories.ProjectFactory(title="Utbyte med Joniškis", responsible_body=bun)
    draft = make_application(project, contributor.person, title="Utbyte 2027")
    detail = reverse("staff:application-detail", args=[draft.pk])
    you = Visitor(page, live_server.url)

    # The coordinator sees the steps, records why the network is not asked and sends the
    # case with the funding check still open: the warning goes with it.
    you.sign_in("samordnare")
    you.go(detail)
    assert page.locator("[aria-current=step]").count() == 1
    you.go(reverse("staff:application-no-consultation", args=[draft.pk]))
    page.fill("#id_reason", "Nätverket möts först i februari.")
    you.submit("no-consultation-form")
    page.click("#submit-application")
    you.check()
    you.go(reverse("staff:application-proposal", args=[draft.pk]))
    page.fill("#id_proposed_decision", "Nämnden beviljar utbytet.")
    you.submit("proposal-form")
    you.sign_out()

    # The secretary finds the case cannot be approved, checks the confirmation page, and
    # returns the case instead.
    you.sign_in("bun-sekreterare")
    you.go(reverse("staff:application-decide", args=[draft.pk]))
    assert page.input_value("#id_motivation") == "Nämnden beviljar utbytet."
    page.select_option("#id_outcome", "rejected")
    page.fill("#id_meeting_date", "2026-11-27")
    page.fill("#id_paragraph", "9")
    you.submit("decision-form")
    assert page.locator("#confirm-decision").count() == 1
    page.click("button[name=edit]")
    you.check()
    you.go(detail)
    page.click("#return-application")
    you.check()
    page.fill("#id_reason", "Finansieringskontrollen saknas.")
    you.submit("return-form")
    you.sign_out()
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT

    # The school reads why and withdraws, after a confirmation.
    you.sign_in("skola")
    you.go(detail)
    assert "Finansieringskontrollen saknas." in page.locator("#returned").inner_text()
    page.click("#withdraw-application")
    you.check()
    page.click("#confirm-withdraw")
    you.check()
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.WITHDRAWN
    assert Decision.objects.count() == 0

    you.sign_out()

    # The staff lists' search and filters (#12), with a filter's error shown.
    you.sign_in("samordnare")
    you.go(reverse("staff:application-list") + "?q=utbyte&status=withdrawn")
    assert page.locator("#list-filter").count() == 1
    you.go(reverse("staff:project-list") + "?year=abc")
    assert page.locator("#id_year[aria-invalid=true]").count() == 1

    assert you.reports == {}, "\n\n".join(f"{u}\n{r}" for u, r in you.reports.items())
