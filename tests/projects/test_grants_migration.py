"""The migration that brought currencies and rates to funding checks (#13): each existing
check gets its programme's currency, kronor get the rate 1, euro gets none (kronor unknown)."""

import datetime
from decimal import Decimal

import pytest

from tests.migrating import migrate, newest

# governance stays at its newest migration: it does not depend on projects, so migrating
# projects back leaves its columns (a person's language) in place, and the states must say so.
GOVERNANCE = newest("governance")
BEFORE = [("projects", "0012_searchdocument"), GOVERNANCE]
AFTER = [("projects", "0013_fundingcheck_currency_exchange_rate"), GOVERNANCE]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_newest_afterwards")
def test_existing_checks_get_their_programmes_currency_and_kronor_the_rate_one():
    old = migrate(BEFORE)
    body = old.get_model("governance", "Body").objects.create(
        name="Barn- och utbildningsnämnden",
        name_sv="Barn- och utbildningsnämnden",
        short_name="BUN",
        slug="bun",
        kind="committee",
    )
    person = old.get_model("governance", "Person").objects.create(
        first_name="Sam", last_name="Samordnare"
    )
    project = old.get_model("projects", "Project").objects.create(
        title="Utbyte",
        title_sv="Utbyte",
        slug="utbyte",
        kind="school_exchange",
        status="planned",
        responsible_body=body,
    )
    funder = old.get_model("projects", "Funder").objects.create(name="EU", kind="eu")
    Programme = old.get_model("projects", "Programme")
    euro = Programme.objects.create(
        funder=funder, name="Erasmus+", name_sv="Erasmus+", slug="erasmus", grant_currency="EUR"
    )
    plain = Programme.objects.create(funder=funder, name="ICLD", name_sv="ICLD", slug="icld")
    Check = old.get_model("projects", "FundingCheck")
    for programme in (euro, plain):
        Check.objects.create(
            project=project,
            programme=programme,
            checked_on=datetime.date(2025, 2, 1),
            checked_by=person,
            outcome="granted",
            amount_granted=Decimal("1000"),
        )

    new = migrate(AFTER)
    rows = dict(
        new.get_model("projects", "FundingCheck").objects.values_list("programme__slug", "currency")
    )
    rates = dict(
        new.get_model("projects", "FundingCheck").objects.values_list(
            "programme__slug", "exchange_rate"
        )
    )

    assert rows == {"erasmus": "EUR", "icld": "SEK"}
    assert rates == {"erasmus": None, "icld": Decimal(1)}
