"""Amounts typed on the staff pages (#12): a visit's cost and a project's cost rows read
"12 500" and "12 500,50" (in English "12,500.50"), are shown back grouped, and bad input is
refused with a message in the user's language and nothing saved (governance.amounts)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from partners.models import Visit
from projects.models import ProjectCost
from tests import factories
from tests.staff.conftest import en
from tests.staff.test_visit_pages import form_data

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def sv(name, *args):
    with translation.override("sv"):
        return reverse(f"staff:{name}", args=args)


@pytest.fixture
def place():
    return factories.PlaceFactory(name="Joniškis", published=True)


def test_a_visits_cost_typed_grouped_is_saved_and_shown_back_grouped(client, coordinator, place):
    client.force_login(coordinator)

    response = client.post(sv("visit-create"), form_data(place, cost=f"12{NBSP}500"))

    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.cost == Decimal("12500")
    form = client.get(sv("visit-update", visit.pk)).content.decode()
    assert f'value="12{NBSP}500"' in form
    assert 'inputmode="decimal"' in form
    english = client.get(en("visit-update", visit.pk)).content.decode()
    assert 'value="12,500"' in english


def test_a_visits_cost_with_ore(client, coordinator, place):
    client.force_login(coordinator)

    client.post(en("visit-create"), form_data(place, cost="12,500.50"))

    visit = Visit.objects.get()
    assert visit.cost == Decimal("12500.50")
    assert f'value="12{NBSP}500,50"' in client.get(sv("visit-update", visit.pk)).text


@pytest.mark.parametrize(
    ("page", "typed", "message"),
    [
        (
            sv,
            "12,5,0",
            f"Skriv beloppet med siffror, till exempel 12{NBSP}500 eller 12{NBSP}500,50.",
        ),
        (en, "12,5,0", "Write the amount in digits, for example 12,500 or 12,500.50."),
        (en, "abc", "Write the amount in digits, for example 12,500 or 12,500.50."),
        (en, "-500", "A cost cannot be negative."),
    ],
)
def test_a_bad_cost_is_refused_and_nothing_saved(client, coordinator, place, page, typed, message):
    visit = factories.VisitFactory(place=place, relationship=None, cost=Decimal("800"))
    client.force_login(coordinator)

    response = client.post(page("visit-update", visit.pk), form_data(place, cost=typed))

    assert response.status_code == 400
    assert message in response.text
    visit.refresh_from_db()
    assert visit.cost == Decimal("800")
    assert visit.history.count() == 1


def _costs(*rows, initial=0):
    data = {
        "participants-TOTAL_FORMS": "0",
        "participants-INITIAL_FORMS": "0",
        "costs-TOTAL_FORMS": str(len(rows)),
        "costs-INITIAL_FORMS": str(initial),
    }
    for index, row in enumerate(rows):
        data.update({f"costs-{index}-{name}": value for name, value in row.items()})
    return data


def test_a_projects_cost_rows_read_and_show_grouped_amounts(
    client, sodra_contributor, sodra_exchange, bun
):
    client.force_login(sodra_contributor)
    row = {"body": bun.pk, "year": "2026", "amount": "12 500", "description": "Resor"}

    response = client.post(sv("project-participants", sodra_exchange.pk), _costs(row))

    assert response.status_code == 302
    cost = ProjectCost.objects.get()
    assert cost.amount == Decimal("12500")
    page = client.get(sv("project-participants", sodra_exchange.pk)).text
    assert f'value="12{NBSP}500"' in page
    assert 'inputmode="decimal"' in page


def test_a_bad_cost_row_is_refused_and_nothing_changes(
    client, sodra_contributor, sodra_exchange, bun
):
    kept = factories.ProjectCostFactory(project=sodra_exchange, body=bun, amount=Decimal("900"))
    client.force_login(sodra_contributor)
    rows = (
        {"id": kept.pk, "body": bun.pk, "year": "2026", "amount": "1 000"},
        {"body": bun.pk, "year": "2027", "amount": "12,5,0"},
    )

    response = client.post(en("project-participants", sodra_exchange.pk), _costs(*rows, initial=1))

    assert response.status_code == 400
    assert "Write the amount in digits, for example 12,500 or 12,500.50." in response.text
    assert 'value="12,5,0"' in response.text
    kept.refresh_from_db()
    assert kept.amount == Decimal("900")
    assert ProjectCost.objects.count() == 1
