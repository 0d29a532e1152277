"""A new term of office in Chromium (#11): the coordinator registers BUN's next term, the new
member sets a password from the e-mailed link. Every page is checked with axe-core for
WCAG 2.1 AA."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from governance.models import Membership
from tests.accessibility import Visitor
from tests.staff.conftest import STOCKHOLM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# After the 2026 election, before BUN's new term begins on 2027-01-01.
DAY = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def frozen_clock():
    with time_machine.travel(DAY, tick=True):
        yield


@pytest.fixture
def quick_sessions(settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True


def test_the_coordinator_registers_a_term_and_the_member_sets_a_password(
    frozen_clock, quick_sessions, live_server, page, coordinator, bun
):
    you = Visitor(page, live_server.url)
    you.sign_in("samordnare")
    page.click("#nav-terms")
    page.wait_for_load_state()
    you.check()

    page.select_option("#id_body", str(bun.pk))
    page.select_option("#id_election_year", "2026")
    page.fill("#id_m-0-first_name", "Anna")
    page.fill("#id_m-0-last_name", "Ek")
    page.fill("#id_m-0-email", "anna.ek@")
    page.select_option("#id_m-0-role", "chair")
    you.click("#term-enter")  # the form again, with the bad e-mail marked
    assert "mejladress" in page.inner_text("#memberships")

    page.fill("#id_m-0-email", "anna.ek@example.org")
    page.fill("#id_m-1-first_name", "Bo")
    page.fill("#id_m-1-last_name", "Lind")
    page.fill("#id_m-1-email", "bo.lind@example.org")
    page.select_option("#id_m-1-role", "member")
    page.fill("#id_m-1-starts_on", "2026-12-01")  # before BUN's term begins
    you.click("#term-enter")  # the preview, with the row's error, and the form again
    assert "börjar mellan 2027-01-01 och 2030-12-31" in page.inner_text("#preview")
    page.fill("#id_m-1-starts_on", "")
    you.click("#term-enter")  # the preview
    assert "2 medlemskap kan registreras" in page.inner_text("main")
    assert Membership.objects.count() == 0

    you.click("#term-confirm")
    assert "registrerades" in page.inner_text("main")
    assert Membership.objects.filter(body=bun, starts_on=datetime.date(2027, 1, 1)).count() == 2

    you.sign_out()
    page.wait_for_load_state()
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)
    you.go(link)
    assert "Välj ditt lösenord" in page.inner_text("h1")
    page.fill("#id_new_password1", "Kastanj-Ekorre-19")
    page.fill("#id_new_password2", "Kastanj-Ekorre-19")
    you.click("#set-password")
    assert "Ditt lösenord är sparat" in page.inner_text("main")

    you.go(link)  # used once already
    assert "Länken har gått ut" in page.inner_text("#link-expired")

    assert you.reports == {}, "\n\n".join(f"{u}\n{r}" for u, r in you.reports.items())
    assert reverse("accounts:login") in page.content()
