"""A school's own work in Chromium (#12): the school starts its exchange, records its
participants (a count below zero refused first), and follows the next step; every page
checked with axe-core for WCAG 2.1 AA."""

import datetime

import pytest
import time_machine

from projects.models import ProjectStatus
from projects.services import funding
from tests import factories
from tests.accessibility import Visitor
from tests.staff.conftest import STOCKHOLM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.datetime(2026, 4, 15, 9, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def frozen_clock(settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    with time_machine.travel(DAY, tick=True):
        yield


def test_the_school_moves_its_exchange_and_records_participants(
    frozen_clock, live_server, page, sodra_exchange, sodra_contributor
):
    person = sodra_contributor.person
    factories.FundingCheckFactory(project=sodra_exchange, checked_by=person)
    funding.complete_funding_check(sodra_exchange, by=person, on=datetime.date(2026, 2, 2))
    page.set_viewport_size({"width": 1366, "height": 900})
    you = Visitor(page, live_server.url)
    you.sign_in("skola-sodra")

    you.go(f"/arbete/projekt/{sodra_exchange.pk}/")
    assert page.get_attribute("#next-step-link", "data-step") == "start"
    you.click("#move-ongoing")
    sodra_exchange.refresh_from_db()
    assert sodra_exchange.status == ProjectStatus.ONGOING
    assert page.get_attribute("#next-step-link", "data-step") == "record_participants"

    you.click("#next-step-link")
    page.select_option("#id_participants-0-level", "pupil")
    page.fill("#id_participants-0-count", "-1")
    you.submit("participants-form")
    page.wait_for_load_state()
    you.check()
    assert "kan inte vara mindre än noll" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert sodra_exchange.participant_counts.count() == 0

    page.fill("#id_participants-0-count", "24")
    you.submit("participants-form")
    page.wait_for_load_state()
    you.check()
    assert "elever" in page.inner_text("#participant-table").lower()
    assert page.get_attribute("#next-step-link", "data-step") == "complete"
    # No staff page wider than the screen at 1366 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366

    you.go(f"/arbete/ansokningar/ny/?project={sodra_exchange.pk}")
    you.go("/arbete/ansokningar/ny/?kind=twin_town")

    assert you.reports == {}
