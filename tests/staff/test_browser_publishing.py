"""Publishing moderation in Chromium (#11): a school changes its published exchange's title,
the coordinator sends it back with a reason, the school reads it. Every page on the way is
checked with axe-core for WCAG 2.1 AA."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from projects.models import Project, TextProposal
from tests.accessibility import Visitor
from tests.staff.conftest import STOCKHOLM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def frozen_clock():
    with time_machine.travel(DAY, tick=True):
        yield


@pytest.fixture
def quick_sessions(settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True


def test_a_school_change_waits_and_comes_back_with_a_reason(
    frozen_clock, quick_sessions, live_server, page, sodra_exchange, sodra_contributor, coordinator
):
    sodra_exchange.published = True
    sodra_exchange.save()
    you = Visitor(page, live_server.url)

    you.sign_in(sodra_contributor.username)
    you.go(reverse("staff:project-update", args=[sodra_exchange.pk]))
    page.fill("#id_title", "Brevväxling och besök")
    you.submit("project-form")
    assert page.locator("#proposal-waiting").count() == 1
    you.sign_out()

    proposal = TextProposal.objects.get()
    you.sign_in("samordnare")
    you.go(reverse("staff:proposal-list"))
    page.fill(f"#reason-{proposal.pk}", "Besöket är inte beslutat än.")
    you.submit(f"send-back-{proposal.pk}")
    you.sign_out()

    you.sign_in(sodra_contributor.username)
    you.go(reverse("staff:project-detail", args=[sodra_exchange.pk]))
    assert "Besöket är inte beslutat än." in page.locator("#proposal-returned").inner_text()
    assert Project.objects.get(pk=sodra_exchange.pk).title_sv == "Brevväxling med Kauhava"

    assert you.reports == {}, "\n\n".join(f"{u}\n{r}" for u, r in you.reports.items())
