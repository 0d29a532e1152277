"""The yearly report in kronor (#13, S22): granted kronor per funder and per body in the year
they are recorded, kronor unknown said plainly, the coordinator's texts on the page and in the
files, one name on screen and in the file names, visits apart from the network's meetings."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from lxml import etree
from openpyxl import load_workbook

from followup import iati, report
from followup.models import ReportText
from projects.models import Currency, FundingCheck, FundingOutcome, ProjectStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def grants(bun, ks, today):
    """BUN's exchange granted euro at a recorded rate, KS's partnership granted kronor, a
    grant of last year, and a euro check from before the rates (no rate: kronor unknown)."""
    erasmus = factories.ProgrammeFactory(
        grant_currency=Currency.EUR, funder__name="Europeiska kommissionen", slug="erasmus"
    )
    icld = factories.ProgrammeFactory(funder__name="ICLD", slug="icld")
    exchange = factories.ProjectFactory(
        title="Elevutbyte Joniškis",
        responsible_body=bun,
        status=ProjectStatus.PLANNED,
        starts_on=datetime.date(2026, 1, 1),
    )
    partnership = factories.ProjectFactory(
        title="Mukono",
        responsible_body=ks,
        status=ProjectStatus.PLANNED,
        starts_on=datetime.date(2026, 1, 1),
    )
    factories.FundingCheckFactory(
        project=exchange,
        programme=erasmus,
        outcome=FundingOutcome.GRANTED,
        amount_applied=Decimal("25000"),
        amount_granted=Decimal("20000"),
        exchange_rate=Decimal("11.5"),
        checked_on=datetime.date(2026, 3, 1),
    )
    factories.FundingCheckFactory(
        project=partnership,
        programme=icld,
        outcome=FundingOutcome.GRANTED,
        amount_applied=Decimal("400000"),
        amount_granted=Decimal("350000"),
        checked_on=datetime.date(2026, 4, 1),
    )
    factories.FundingCheckFactory(
        project=partnership,
        programme=factories.ProgrammeFactory(funder=icld.funder, slug="icld-2025"),
        outcome=FundingOutcome.GRANTED,
        amount_granted=Decimal("100000"),
        checked_on=datetime.date(2025, 4, 1),
    )
    legacy = factories.FundingCheckFactory(
        project=factories.ProjectFactory(responsible_body=bun, starts_on=datetime.date(2026, 1, 1)),
        programme=erasmus,
        outcome=FundingOutcome.APPLIED,
        checked_on=datetime.date(2026, 2, 1),
    )
    # Stored before #13: an amount on a euro programme, no rate recorded (the migration's case).
    FundingCheck.objects.filter(pk=legacy.pk).update(amount_applied=Decimal("9000"))
    return {"exchange": exchange, "partnership": partnership}


def test_granted_kronor_are_summed_per_funder_and_body_in_the_year_recorded(grants):
    yearly = report.build(2026)

    assert [(f.funder, f.checks, f.applied, f.granted, f.unknown) for f in yearly.funding] == [
        ("Europeiska kommissionen", 2, Decimal("287500.00"), Decimal("230000.00"), 1),
        ("ICLD", 1, Decimal("400000.00"), Decimal("350000.00"), 0),
    ]
    assert [(f.funder, f.granted) for f in yearly.funding_by_body] == [
        ("Barn- och utbildningsnämnden", Decimal("230000.00")),
        ("Kommunstyrelsen", Decimal("350000.00")),
    ]
    assert yearly.granted_total == Decimal("580000.00")
    assert yearly.unknown_kronor == 1
    # Last year's grant is last year's: counted once, in the year it was recorded.
    assert report.build(2025).granted_total == Decimal("100000.00")


def test_a_committees_report_sums_only_its_own_grants(grants, bun):
    yearly = report.build(2026, bun)

    assert yearly.granted_total == Decimal("230000.00")
    assert [f.funder for f in yearly.funding_by_body] == ["Barn- och utbildningsnämnden"]


def test_the_page_says_plainly_when_kronor_are_unknown(client, coordinator, grants):
    client.force_login(coordinator)

    page = client.get(reverse("followup:report") + "?year=2026").content.decode()

    assert 'id="unknown-kronor"' in page
    assert "1 funding check has an amount in another currency without an exchange rate" in page
    assert 'id="figure-granted">580,000' in page or 'id="figure-granted">580 000' in page


def test_iati_carries_each_grant_as_incoming_funds_in_its_currency(grants):
    project = grants["exchange"]
    project.grants = list(FundingCheck.objects.filter(project=project))
    activity = etree.Element("iati-activity")

    iati._transactions(activity, project)

    [transaction] = activity.findall("transaction")
    assert transaction.find("transaction-type").get("code") == "1"
    value = transaction.find("value")
    assert (value.get("currency"), value.get("value-date"), value.text) == (
        "EUR",
        "2026-03-01",
        "20000.00",
    )


def test_one_name_on_screen_and_in_the_file_names(client, coordinator, grants, bun):
    client.force_login(coordinator)

    with translation.override("sv"):
        page = client.get("/uppfoljning/aterredovisning/?year=2026").content.decode()
        xlsx = client.get("/uppfoljning/aterredovisning/xlsx/?year=2026")
        committee = client.get(f"/uppfoljning/aterredovisning/xlsx/?year=2026&body={bun.pk}")

    assert "<h1>Internationell årsrapport 2026</h1>" in page
    assert "<title>Internationell årsrapport 2026" in page
    assert 'filename="internationell-arsrapport-2026.xlsx"' in xlsx["Content-Disposition"]
    assert 'filename="internationell-arsrapport-2026-bun.xlsx"' in committee["Content-Disposition"]


def test_visits_are_not_listed_among_the_networks_meetings(client, coordinator, network_body):
    factories.MeetingFactory(body=network_body)
    place = factories.PlaceFactory(name="Kauhava")
    factories.VisitFactory(place=place, starts_on=datetime.date(2026, 5, 4))
    client.force_login(coordinator)

    page = client.get(reverse("followup:report") + "?year=2026").content.decode()

    meetings = page.split('id="meetings-heading"')[1].split("</section>")[0]
    visits = page.split('id="visits-heading"')[1].split("</section>")[0]
    assert "Kauhava" not in meetings
    assert "Kauhava" in visits


# --- The coordinator's texts -------------------------------------------------------------


def _texts_url(year=2026):
    return reverse("followup:report-texts") + f"?year={year}"


def test_the_coordinator_writes_the_texts_and_every_report_shows_them(
    client, coordinator, grants, kf
):
    client.force_login(coordinator)

    response = client.post(
        _texts_url(),
        {
            "case_number": "KS 2027/12",
            "addressed_to": kf.pk,
            "introduction": "Ett år av utbyten.",
            "comment_funding": "Erasmus+ beviljade mer än väntat.",
        },
    )

    assert response.status_code == 302
    texts = ReportText.objects.get(year=2026)
    assert (texts.case_number, texts.addressed_to) == ("KS 2027/12", kf)
    page = client.get(reverse("followup:report") + "?year=2026").content.decode()
    assert "KS 2027/12" in page
    assert "Kommunfullmäktige" in page
    assert "Ett år av utbyten." in page
    funding = page.split('id="funding-heading"')[1].split("</section>")[0]
    assert "Erasmus+ beviljade mer än väntat." in funding

    xlsx = client.get(reverse("followup:report-xlsx") + "?year=2026")
    workbook = load_workbook(io.BytesIO(xlsx.content))
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True)}
    assert summary["Case number"] == "KS 2027/12"
    assert summary["Goes to"] == "Kommunfullmäktige"
    assert summary["Report"] == "International annual report 2026"
    texts_sheet = list(workbook["Texts"].iter_rows(values_only=True))
    assert ("Introduction", "Ett år av utbyten.") in texts_sheet
    assert ("Funding applied for and granted", "Erasmus+ beviljade mer än väntat.") in texts_sheet


def test_a_bad_case_number_is_refused_in_swedish_and_nothing_saved(client, coordinator, kf):
    client.force_login(coordinator)

    with translation.override("sv"):
        response = client.post(
            "/uppfoljning/aterredovisning/texter/?year=2026",
            {"case_number": "dnr 12", "addressed_to": kf.pk, "introduction": "Text"},
        )

    assert response.status_code == 400
    assert "Diarienumret har inte kommunens format" in response.content.decode()
    assert not ReportText.objects.exists()


def test_the_report_goes_to_a_deciding_body(client, coordinator, network_body):
    client.force_login(coordinator)

    response = client.post(_texts_url(), {"addressed_to": network_body.pk})

    assert response.status_code == 400
    assert not ReportText.objects.exists()


def test_a_bad_year_is_refused(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("followup:report-texts") + "?year=twenty")

    assert response.status_code == 400
    assert "Give a year." in response.content.decode()


def test_only_the_coordinator_writes_the_texts(client, ks_member):
    client.force_login(ks_member)

    assert client.get(_texts_url()).status_code == 403
    assert client.post(_texts_url(), {"introduction": "x"}).status_code == 403
    assert not ReportText.objects.exists()


def test_the_pdf_carries_the_name_and_the_texts(grants, kf):
    from django.template.loader import render_to_string

    ReportText.objects.create(
        year=2026,
        case_number="KS 2027/12",
        addressed_to=kf,
        introduction="Ett år av utbyten.",
        comment_deviations="Nätverket möts i höst.",
    )
    yearly = report.build(2026)

    html = render_to_string("followup/report_pdf.html", {"report": yearly})

    assert "<title>International annual report 2026: The whole municipality</title>" in html
    assert "<h1>International annual report 2026</h1>" in html
    assert "KS 2027/12" in html
    assert "Kommunfullmäktige" in html
    assert "Ett år av utbyten." in html
    assert "Nätverket möts i höst." in html


def test_the_texts_page_in_english_refuses_in_english(client, coordinator, kf):
    client.force_login(coordinator)

    response = client.post(
        "/en/follow-up/report/texts/?year=2026", {"case_number": "dnr 12", "addressed_to": kf.pk}
    )

    assert response.status_code == 400
    assert "The case number does not have the municipality" in response.content.decode()
    assert not ReportText.objects.exists()
