"""Grants in the programme's currency and in kronor at the rate the coordinator records (#13,
S6, S22): the rule on the model, so the admin, the staff page and the import all meet it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from projects.models import Currency, FundingCheck, FundingOutcome
from tests import factories

pytestmark = pytest.mark.django_db


def _euro_programme():
    return factories.ProgrammeFactory(grant_currency=Currency.EUR, name="Erasmus+ skola")


def test_a_check_on_a_programme_without_currency_is_in_kronor_at_rate_one():
    check = factories.FundingCheckFactory(
        outcome=FundingOutcome.GRANTED, amount_applied=120000, amount_granted=100000
    )

    check.refresh_from_db()
    assert check.currency == Currency.SEK
    assert check.exchange_rate == Decimal(1)
    assert (check.applied_sek, check.granted_sek) == (Decimal(120000), Decimal(100000))
    assert not check.kronor_unknown


def test_a_check_takes_its_programmes_currency_and_converts_at_the_recorded_rate():
    check = factories.FundingCheckFactory(
        programme=_euro_programme(),
        outcome=FundingOutcome.GRANTED,
        amount_granted=Decimal("20000"),
        exchange_rate=Decimal("11.4750"),
    )

    assert check.currency == Currency.EUR
    assert check.granted_sek == Decimal("229500.00")


def test_an_amount_in_euro_without_a_rate_is_refused_and_nothing_saved():
    with pytest.raises(ValidationError) as refused:
        factories.FundingCheckFactory(
            programme=_euro_programme(), outcome=FundingOutcome.APPLIED, amount_applied=20000
        )

    assert "exchange_rate" in refused.value.error_dict
    assert "kronor per EUR" in str(refused.value)
    assert not FundingCheck.objects.exists()


def test_the_refusal_is_in_swedish_by_default():
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        factories.FundingCheckFactory(
            programme=_euro_programme(), outcome=FundingOutcome.APPLIED, amount_applied=20000
        )

    assert "växelkurs" in str(refused.value).lower()


def test_a_euro_check_without_amounts_needs_no_rate():
    check = factories.FundingCheckFactory(
        programme=_euro_programme(), outcome=FundingOutcome.NOT_APPLICABLE
    )

    assert check.exchange_rate is None
    assert check.granted_sek is None
    assert not check.kronor_unknown


def test_kronor_always_have_the_rate_one_whatever_is_entered():
    check = factories.FundingCheckFactory(
        outcome=FundingOutcome.APPLIED, amount_applied=5000, exchange_rate=Decimal("2")
    )

    assert check.exchange_rate == Decimal(1)


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"currency": ""}, "projects_fundingcheck_currency_known"),
        ({"currency": "XYZ"}, "projects_fundingcheck_currency_known"),
        (
            {"exchange_rate": Decimal(0), "currency": "EUR"},
            "projects_fundingcheck_exchange_rate_positive",
        ),
        (
            {"exchange_rate": Decimal(-1), "currency": "EUR"},
            "projects_fundingcheck_exchange_rate_positive",
        ),
        ({"exchange_rate": Decimal(2)}, "projects_fundingcheck_kronor_at_par"),
        ({"exchange_rate": None}, "projects_fundingcheck_kronor_at_par"),
    ],
)
def test_the_database_refuses_a_raw_write_that_bypasses_the_model(changes, constraint):
    check = factories.FundingCheckFactory(outcome=FundingOutcome.APPLIED, amount_applied=5000)

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        FundingCheck._base_manager.filter(pk=check.pk).update(**changes)


def test_the_staff_page_refuses_an_amount_in_euro_without_a_rate(client, coordinator, bun):
    project = factories.ProjectFactory(responsible_body=bun)
    client.force_login(coordinator)
    programme = _euro_programme()
    url = reverse("staff:fundingcheck-create", args=[project.pk])
    data = {
        "programme": programme.pk,
        "checked_on": "2026-02-01",
        "outcome": "applied",
        "amount_applied": "20000",
        "currency": "",
        "exchange_rate": "",
        "note": "",
    }

    response = client.post(url, data)

    assert response.status_code == 200
    assert "kronor per EUR" in response.content.decode()
    assert not FundingCheck.objects.exists()

    data["exchange_rate"] = "11.5"
    response = client.post(url, data)
    assert response.status_code == 302
    check = FundingCheck.objects.get()
    assert (check.currency, check.applied_sek) == ("EUR", Decimal("230000.00"))


def test_the_spreadsheet_import_meets_the_same_rule(coordinator):
    from followup import spreadsheets
    from followup.resources import FundingCheckResource

    factories.ProjectFactory(slug="utbyte")
    factories.ProgrammeFactory(grant_currency=Currency.EUR, slug="erasmus")
    content = (
        b"project,programme,checked_on,outcome,amount_applied,currency,exchange_rate\n"
        b"utbyte,erasmus,2026-02-01,applied,20000,EUR,\n"
    )

    data = spreadsheets.load(content, "csv")
    outcome = spreadsheets.run(
        FundingCheckResource(checked_by=coordinator.person), data, dry_run=False
    )

    assert outcome.has_errors
    assert not FundingCheck.objects.exists()


def test_the_projects_staff_page_shows_the_amounts_and_their_kronor(client, coordinator, bun):
    project = factories.ProjectFactory(responsible_body=bun)
    factories.FundingCheckFactory(
        project=project,
        programme=_euro_programme(),
        outcome=FundingOutcome.GRANTED,
        amount_granted=Decimal("20000"),
        exchange_rate=Decimal("11.5"),
    )
    legacy = factories.FundingCheckFactory(
        project=project, programme=_euro_programme(), outcome=FundingOutcome.APPLIED
    )
    FundingCheck._base_manager.filter(pk=legacy.pk).update(amount_applied=Decimal("9000"))
    client.force_login(coordinator)

    page = client.get(reverse("staff:project-detail", args=[project.pk])).content.decode()
    page = page.replace("\xa0", " ")

    # Kronor as every page shows them, "kr" in Swedish (governance.amounts, #12).
    assert "Beviljat: 20 000 EUR (230 000 kr)" in page
    assert "Sökt: 9 000 EUR (kronor okända: ingen växelkurs antecknad)" in page
