"""Ids and years too large for a column or a date are a refusal, never a 500 (issue #15).

The reported inputs: a 20-digit id in a staff form's multiple choice of records (places,
objectives, cooperating bodies), which raised OverflowError on SQLite, and the admin's
``?starts_on__year=99999999999999999999``. The fuzz suite sends such numbers to every form
and list (tests/fuzz/test_huge_numbers.py); here each fix is shown on its own.
"""

import pytest
from django.urls import reverse

from governance.admin import BoundedChangeList
from partners.models import Place
from tests import factories

pytestmark = pytest.mark.django_db

HUGE = 99999999999999999999


@pytest.mark.parametrize("number", [HUGE, 2**63, -(2**63) - 1, 2**31])
def test_in_leaves_out_numbers_no_column_holds(number):
    place = factories.PlaceFactory()

    assert list(Place.objects.filter(pk__in=[number])) == []
    assert list(Place.objects.filter(pk__in=[number, place.pk])) == [place]
    assert list(Place.objects.exclude(pk__in=[number])) == [place]


@pytest.mark.parametrize(
    "query",
    [
        {"starts_on__year": str(HUGE)},
        {"starts_on__year": "2026", "starts_on__month": str(HUGE)},
        {"starts_on__year": "2026", "starts_on__month": "1", "starts_on__day": str(HUGE)},
        {"responsible_body__id__exact": str(HUGE)},
    ],
)
def test_the_admin_answers_a_huge_year_or_id_as_a_bad_filter(client, coordinator, query):
    client.force_login(coordinator)
    url = reverse("admin:projects_project_changelist")

    response = client.get(url, query)

    # Django's answer to a filter it cannot use: the list again, marked invalid (?e=1).
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response.url == f"{url}?e=1"


def test_every_admin_list_is_bounded():
    from django.contrib import admin

    plain = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if model_admin.get_changelist(None) is not BoundedChangeList
    ]
    assert plain == []


def test_a_staff_form_refuses_a_huge_place_in_swedish(client, coordinator, bun):
    client.force_login(coordinator)
    url = reverse("staff:project-create")

    response = client.post(url, {"title": "Utbyte", "places": [str(HUGE)]})

    assert response.status_code == 200
    assert f"Välj ett giltigt alternativ. {HUGE} finns inte bland tillgängliga alternativ." in (
        response.content.decode()
    )
