"""The funding outcomes form and the deadline calendar in Chromium, checked with axe-core for
WCAG 2.1 AA (#13)."""

import datetime

import pytest
import time_machine

from projects.models import ProjectKind, ProjectStatus
from tests import factories
from tests.accessibility import Visitor
from tests.staff.conftest import STOCKHOLM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.datetime(2026, 12, 3, 9, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def frozen_clock(settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    with time_machine.travel(DAY, tick=True):
        yield


def test_outcomes_and_calendar_pages_pass_axe(frozen_clock, live_server, page, coordinator, bun):
    programme = factories.ProgrammeFactory(
        name="Nordplus Junior",
        eligible_groups=["nordic_baltic"],
        for_schools=True,
        activity_kinds=[ProjectKind.SCHOOL_EXCHANGE],
    )
    factories.RecurringCallFactory(programme=programme, month=2, day=1)
    factories.ProgrammeFactory(name="Kommunala partnerskap", eligible_groups=["icld"])
    project = factories.ProjectFactory(
        title="Elevutbyte Kauhava",
        kind=ProjectKind.SCHOOL_EXCHANGE,
        school="Södra skolan",
        responsible_body=bun,
        status=ProjectStatus.PLANNED,
    )
    project.places.add(factories.PlaceFactory(name="Kauhava", country="FI"))
    you = Visitor(page, live_server.url)

    you.sign_in("samordnare")
    you.go(f"/arbete/projekt/{project.pk}/finansiering/forslag/")
    page.select_option(f"#id_programme-{programme.pk}-outcome", "not_applicable")
    page.click("#funding-outcomes button[name=complete]")
    page.wait_for_load_state()
    you.check()  # the refusal: a reason is needed
    assert "behöver ett skäl" in page.content()
    page.fill(f"#id_programme-{programme.pk}-note", "Utbytet betalas av skolan.")
    page.click("#funding-outcomes button[name=complete]")
    page.wait_for_load_state()
    you.check()
    project.refresh_from_db()
    assert project.funding_check_complete

    you.click("#nav-funding-calendar")
    assert "Nordplus Junior" in page.content()
    page.click("#feed-form button[name=make]")
    page.wait_for_load_state()
    you.check()
    assert page.input_value("#feed-url").endswith(".ics")

    assert you.reports == {}
