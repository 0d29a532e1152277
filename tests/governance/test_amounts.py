"""Amounts with Swedish digit grouping everywhere (#12): governance.amounts, its template
filters, and the places that show amounts: staff pages, the follow-up report, the funding
suggestions' grant text and the admin's lists and read-only fields, in Swedish and English."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from governance import amounts
from projects.models import Programme
from tests import factories

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "value", "currency", "shown"),
    [
        ("sv", 12500, "SEK", f"12{NBSP}500 kr"),
        ("en", 12500, "SEK", "12,500 SEK"),
        ("sv", Decimal("1234567.50"), "SEK", f"1{NBSP}234{NBSP}568 kr"),
        ("en", Decimal("999.49"), "SEK", "999 SEK"),
        ("sv", Decimal("4000.00"), "EUR", f"4{NBSP}000 EUR"),
        ("en", Decimal("4000.00"), "EUR", "4,000 EUR"),
        ("sv", 0, "SEK", "0 kr"),
        ("sv", None, "SEK", "–"),
        ("sv", 2500, "", f"2{NBSP}500 kr"),
    ],
)
def test_an_amount_is_grouped_by_the_languages_rule(language, value, currency, shown):
    with translation.override(language):
        assert amounts.amount(value, currency) == shown


@pytest.mark.parametrize(("language", "shown"), [("sv", f"12{NBSP}500"), ("en", "12,500")])
def test_grouped_gives_the_number_alone(language, shown):
    with translation.override(language):
        assert amounts.grouped(Decimal("12500.00")) == shown
        assert amounts.grouped(None) == "–"


def test_the_template_filters(db):
    template = Template("{% load amounts %}{{ a|amount }}|{{ a|amount:'EUR' }}|{{ a|grouped }}")

    with translation.override("sv"):
        shown = template.render(Context({"a": Decimal("12500")}))

    assert shown == f"12{NBSP}500 kr|12{NBSP}500 EUR|12{NBSP}500"


@pytest.mark.parametrize(
    ("language", "low", "high"),
    [("sv", f"10{NBSP}000", f"250{NBSP}000"), ("en", "10,000", "250,000")],
)
def test_a_programmes_grant_is_grouped(db, language, low, high):
    programme = Programme(grant_min=10000, grant_max=250000, grant_currency="EUR")

    with translation.override(language):
        text = programme.grant_text

    assert f"{low} " in text
    assert f"{high} EUR" in text


def test_the_admins_cost_list_shows_grouped_amounts(client, coordinator):
    factories.ProjectCostFactory(amount=Decimal("12500.00"))
    client.force_login(coordinator)

    swedish = client.get(reverse("admin:projects_projectcost_changelist"))
    with translation.override("en"):
        english = client.get(reverse("admin:projects_projectcost_changelist"))

    assert f"12{NBSP}500 kr" in swedish.content.decode()
    assert "12,500 SEK" in english.content.decode()
    assert "12500,00" not in swedish.content.decode()


def test_a_decided_applications_cost_is_grouped_in_the_admin(client, coordinator):
    application = factories.DecidedApplicationFactory(cost=Decimal("75000.00"))
    client.force_login(coordinator)

    page = client.get(reverse("admin:projects_application_change", args=[application.pk]))

    assert page.status_code == 200
    assert f"75{NBSP}000 kr" in page.content.decode()


def test_the_staff_application_page_shows_a_grouped_cost(client, coordinator):
    application = factories.ApplicationFactory(cost=Decimal("48000"))
    client.force_login(coordinator)

    with translation.override("en"):
        english = client.get(reverse("staff:application-detail", args=[application.pk]))
    swedish = client.get(reverse("staff:application-detail", args=[application.pk]))

    assert "48,000 SEK" in english.content.decode()
    assert f"48{NBSP}000 kr" in swedish.content.decode()


def test_a_funding_checks_amounts_on_the_staff_project_page(client, coordinator):
    check = factories.FundingCheckFactory(
        amount_applied=Decimal("20000"),
        currency="EUR",
        exchange_rate=Decimal("11.5"),
        checked_on=datetime.date(2026, 2, 2),
    )
    client.force_login(coordinator)

    page = client.get(reverse("staff:project-detail", args=[check.project.pk]))

    text = page.content.decode()
    assert f"20{NBSP}000 EUR" in text
    assert f"230{NBSP}000 kr" in text
