"""Visits registered and changed on the staff pages (#12, S14): the coordinator's, with named
participants (never pupils), under the model's own rules, as in the admin."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from partners.models import Visit, VisitParticipant
from tests import factories
from tests.staff.conftest import en

pytestmark = pytest.mark.django_db


def sv(name, *args):
    with translation.override("sv"):
        return reverse(f"staff:{name}", args=args)


def form_data(place, participants=(), existing=(), **fields):
    """The visit form as posted: the visit's fields and the participants' rows."""
    data = {
        "place": place.pk,
        "relationship": "",
        "direction": "outgoing",
        "starts_on": "2026-05-04",
        "ends_on": "2026-05-06",
        "purpose": "Vänortsbesök i Joniškis",
        "cost": "12000",
        "pupil_count": "12",
        "young_people_count": "0",
        "participants-TOTAL_FORMS": str(len(existing) + len(participants)),
        "participants-INITIAL_FORMS": str(len(existing)),
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
    }
    rows = [*existing, *participants]
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"participants-{index}-{key}"] = value
    data.update(fields)
    return data


@pytest.fixture
def place():
    return factories.PlaceFactory(name="Joniškis", published=True)


@pytest.fixture
def chair():
    return factories.PersonFactory(first_name="Karin", last_name="Ordförande")


def test_the_coordinator_registers_a_visit_with_its_participants(client, coordinator, place, chair):
    client.force_login(coordinator)
    assert client.get(sv("visit-create")).status_code == 200

    response = client.post(
        sv("visit-create"),
        form_data(place, [{"person": chair.pk, "role": "ordförande KS", "level": "elected"}]),
    )

    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.place, visit.ends_on, visit.pupil_count) == (place, datetime.date(2026, 5, 6), 12)
    assert [(p.person, p.level) for p in visit.participants.all()] == [(chair, "elected")]
    listed = client.get(sv("visit-list")).content.decode()
    assert "Karin Ordförande" in listed
    # Participants are personal data: never on a public page (S14).
    assert (
        "Ordförande"
        not in Client().get(reverse("website:place-detail", args=[place.slug])).content.decode()
    )


def test_a_visit_ending_before_it_starts_is_refused_and_nothing_is_saved(
    client, coordinator, place, chair
):
    client.force_login(coordinator)

    response = client.post(
        sv("visit-create"),
        form_data(place, [{"person": chair.pk, "level": "elected"}], ends_on="2026-05-01"),
    )

    assert response.status_code == 400
    assert "Ett besök kan inte sluta innan det har börjat." in response.content.decode()
    assert not Visit.objects.exists() and not VisitParticipant.objects.exists()


def test_a_relationship_with_another_place_is_refused(client, coordinator, place):
    other = factories.RelationshipFactory()
    client.force_login(coordinator)

    response = client.post(sv("visit-create"), form_data(place, relationship=other.pk))

    assert response.status_code == 400
    assert "Relationen gäller en annan ort än besöket." in response.content.decode()
    assert not Visit.objects.exists()


def test_a_pupil_is_never_named_on_a_visit(client, coordinator, place, chair):
    client.force_login(coordinator)

    response = client.post(
        sv("visit-create"), form_data(place, [{"person": chair.pk, "level": "pupil"}])
    )

    assert response.status_code == 400
    assert not Visit.objects.exists()


def test_the_coordinator_changes_a_visit_and_its_participants(client, coordinator, place, chair):
    visit = factories.VisitFactory(place=place, relationship=None)
    gone = factories.VisitParticipantFactory(visit=visit)
    client.force_login(coordinator)
    existing = [
        {
            "id": gone.pk,
            "visit": visit.pk,
            "person": gone.person_id,
            "level": "elected",
            "DELETE": "on",
        }
    ]

    response = client.post(
        sv("visit-update", visit.pk),
        form_data(
            place,
            [{"person": chair.pk, "level": "official"}],
            existing=existing,
            purpose="Ändrat syfte",
        ),
    )

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.purpose == "Ändrat syfte"
    assert [(p.person, p.level) for p in visit.participants.all()] == [(chair, "official")]
    assert visit.history.count() == 2


ACCESS = {"anonymous": 302, "contributor": 403, "bun_member": 403, "coordinator": 200}


@pytest.mark.parametrize("persona", list(ACCESS))
@pytest.mark.parametrize("page", ["visit-create", "visit-update"])
def test_who_registers_visits(request, client, persona, page, place, chair):
    visit = factories.VisitFactory(place=place, relationship=None)
    user = request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)
    args = [visit.pk] if page == "visit-update" else []

    shown = client.get(en(page, *args))
    posted = client.post(en(page, *args), form_data(place, purpose="Ändrat"))

    assert shown.status_code == ACCESS[persona]
    assert posted.status_code == (302 if persona == "coordinator" else ACCESS[persona])
    assert Visit.objects.filter(purpose="Ändrat").exists() == (persona == "coordinator")


@pytest.mark.parametrize("rows", [3, 30])
def test_the_visit_form_costs_the_same_at_any_size(
    client, coordinator, place, rows, django_assert_num_queries
):
    visit = factories.VisitFactory(place=place, relationship=None)
    factories.VisitParticipantFactory.create_batch(rows, visit=visit)
    factories.RelationshipFactory.create_batch(rows)
    client.force_login(coordinator)

    # Session, user, groups (3), the visit, its participants, the people, places and
    # relationships for the selects.
    with django_assert_num_queries(8):
        response = client.get(en("visit-update", visit.pk))

    assert response.status_code == 200
