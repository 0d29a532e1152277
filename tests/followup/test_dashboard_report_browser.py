"""The dashboard's states and key figures, the report's texts page and the report with its
texts, in Chromium: axe-core finds nothing (WCAG 2.1 AA), and a state is never told by colour
alone (#13)."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from governance.models import BodyKind
from projects.models import Currency, FundingOutcome, ProjectStatus
from tests import factories
from tests.accessibility import Visitor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm"))


@pytest.fixture(autouse=True)
def swedish(english):
    with translation.override("sv"):
        yield


@pytest.fixture
def frozen_clock():
    with time_machine.travel(DAY, tick=True):
        yield


def test_dashboard_and_report_texts_are_accessible(
    frozen_clock, settings, live_server, page, coordinator, kf, bun
):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    factories.BodyFactory(short_name="KSF", kind=BodyKind.ADMINISTRATION)  # a deviation
    factories.ProjectFactory(
        responsible_body=bun, status=ProjectStatus.IDEA, title="Tanke om Kauhava"
    )
    planned = factories.ProjectFactory(
        responsible_body=bun,
        status=ProjectStatus.PLANNED,
        title="Elevutbyte Joniškis",
        starts_on=datetime.date(2026, 3, 1),
    )
    factories.FundingCheckFactory(
        project=planned,
        programme=factories.ProgrammeFactory(grant_currency=Currency.EUR),
        outcome=FundingOutcome.GRANTED,
        amount_granted=Decimal("20000"),
        exchange_rate=Decimal("11.5"),
        checked_on=datetime.date(2026, 3, 1),
    )
    you = Visitor(page, live_server.url)
    you.sign_in("samordnare")

    you.go(reverse("followup:dashboard"))
    assert page.locator("#figure-granted .figure-this").inner_text().replace("\xa0", " ") in (
        "230 000",
        "230,000",
    )
    states = page.locator("#dashboard .state").all_inner_texts()
    assert {text.split(" ", 1)[1] for text in states} >= {"Uppfylld", "Snart dags", "Avvikelse"}
    assert "Kauhava" not in page.locator("#row-funding_check").inner_text()

    you.go(reverse("followup:report-texts") + "?year=2026")
    page.fill("#id_case_number", "KS 2027/12")
    page.select_option("#id_addressed_to", str(kf.pk))
    page.fill("#id_introduction", "Ett år av utbyten.")
    you.submit("report-texts-form")
    page.wait_for_load_state()
    assert "/uppfoljning/aterredovisning/" in page.url
    you.check()
    assert page.locator("h1").inner_text() == "Internationell årsrapport 2026"
    assert "KS 2027/12" in page.locator("#report-case").inner_text()

    # Bad input: the message in Swedish, on the field, and the page still accessible.
    you.go(reverse("followup:report-texts") + "?year=2026")
    page.fill("#id_case_number", "dnr 12")
    you.submit("report-texts-form")
    assert "Diarienumret har inte kommunens format" in page.content()

    assert you.reports == {}
