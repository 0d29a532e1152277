"""A twin town is active only with KF's decision establishing it, one per place (#11, S7).

The rule is on entering the state, on every path: the model (so the shell and commands), the
status-change service, the admin's add and change forms and its status-change pages. A twin
town of earlier years, stored without its decision (the municipality's loader), may still be
saved with other edits; the dashboard lists it. Each refusal is asserted in Swedish, the
default language, with proof that nothing changed.
"""

import datetime

import pytest
import time_machine
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import RequestFactory

from governance.models import Outcome
from governance.records import LINK_SET_ONCE
from partners import services
from partners.models import Relationship, RelationshipKind, RelationshipStatus, StatusChange
from tests import factories
from tests.admin_forms import admin_url, shows

NEEDS_KF = (
    "En aktiv vänort kräver kommunfullmäktiges (KF) beslut om att inrätta den (S7). Välj KF:s "
    "bifallsbeslut under ”inrättad genom beslut”, eller registrera relationen som föreslagen "
    "tills KF har beslutat."
)
ACTIVATION_NEEDS_KF = (
    "En vänort blir aktiv endast genom kommunfullmäktiges (KF) beslut om att inrätta den (S7). "
    "Välj KF:s bifallsbeslut för den här statusändringen; samordnaren registrerar den när KF "
    "har beslutat."
)
NOT_BY_CHANGE_OF_KIND = (
    "En relation kan inte ändras till en vänort: en ny vänort är en ny relation, som inrättas "
    "genom kommunfullmäktiges (KF) beslut (S7)."
)
ONE_PER_PLACE = "Orten har redan en aktiv vänort; en ort har högst en (S7)."

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 9, 0), tick=False):
        yield datetime.date(2026, 6, 15)


@pytest.fixture
def kf_decision(kf):
    return factories.DecisionFactory(body=kf, meeting_date=datetime.date(2026, 3, 10))


def _twin_town(place, **fields):
    return Relationship(
        place=place,
        kind=RelationshipKind.TWIN_TOWN,
        started_on=datetime.date(2026, 3, 10),
        start_precision="day",
        **fields,
    )


def _messages(error: ValidationError, field: str) -> list[str]:
    return error.message_dict[field]


# --- The model: every path that saves ---------------------------------------------------------


def test_a_new_active_twin_town_without_kfs_decision_is_refused():
    place = factories.PlaceFactory()

    with pytest.raises(ValidationError) as refusal:
        _twin_town(place).save()

    assert _messages(refusal.value, "established_by") == [NEEDS_KF]
    assert not Relationship.objects.exists()


def test_a_new_active_twin_town_with_kfs_approving_decision_is_saved(kf_decision):
    relationship = _twin_town(factories.PlaceFactory(), established_by=kf_decision)
    relationship.save()

    assert Relationship.objects.get().established_by == kf_decision
    assert not relationship.lacks_establishing_decision


def test_kfs_rejection_does_not_establish_a_twin_town(kf):
    rejected = factories.DecisionFactory(body=kf, outcome=Outcome.REJECTED)

    with pytest.raises(ValidationError) as refusal:
        _twin_town(factories.PlaceFactory(), established_by=rejected).save()

    [message] = _messages(refusal.value, "established_by")
    assert "En vänort inrättas genom KF:s bifallsbeslut (S7)" in message
    assert "biföll den inte (avslag)" in message
    assert not Relationship.objects.exists()


def test_a_proposed_twin_town_waits_for_kf_without_a_decision():
    _twin_town(factories.PlaceFactory(), status=RelationshipStatus.PROPOSED).save()

    assert Relationship.objects.get().status == RelationshipStatus.PROPOSED


def test_a_relationship_never_becomes_a_twin_town_by_a_change_of_kind(kf_decision):
    partnership = factories.RelationshipFactory(kind=RelationshipKind.PARTNERSHIP, theme="Skola")
    partnership.kind = RelationshipKind.TWIN_TOWN
    partnership.established_by = kf_decision

    with pytest.raises(ValidationError) as refusal:
        partnership.save()

    assert _messages(refusal.value, "kind") == [NOT_BY_CHANGE_OF_KIND]
    stored = Relationship.objects.get()
    assert (stored.kind, stored.established_by) == (RelationshipKind.PARTNERSHIP, None)


def test_a_twin_town_of_earlier_years_is_saved_with_other_edits():
    """Loaded without its decision (data/vimmerby.toml): other edits are still possible."""
    earlier = Relationship.from_earlier_years(
        place=factories.PlaceFactory(),
        kind=RelationshipKind.TWIN_TOWN,
        started_on=datetime.date(1994, 1, 1),
        start_precision="year",
    )
    earlier.save()
    earlier.internal_note = "Beslutet från 1994 är inte hittat ännu."
    earlier.save()

    stored = Relationship.objects.get()
    assert stored.internal_note == "Beslutet från 1994 är inte hittat ännu."
    assert list(Relationship.objects.active_twin_towns_without_decision()) == [stored]


def test_the_mark_of_earlier_years_serves_one_save_only(kf_decision):
    """Once stored, an earlier-years record loses KF's decision no more than any other."""
    relationship = Relationship.from_earlier_years(
        place=factories.PlaceFactory(),
        kind=RelationshipKind.TWIN_TOWN,
        started_on=datetime.date(1994, 1, 1),
        start_precision="year",
        established_by=kf_decision,
    )
    relationship.save()
    relationship.established_by = None

    with pytest.raises(ValidationError) as refusal:
        relationship.save()

    # Both rules speak: an active twin town needs KF's decision, and the link is set once.
    messages = _messages(refusal.value, "established_by")
    assert NEEDS_KF in messages
    assert str(LINK_SET_ONCE) in messages
    assert Relationship.objects.get().established_by == kf_decision


def test_a_place_has_one_active_twin_town(kf, kf_decision):
    place = factories.PlaceFactory()
    _twin_town(place, established_by=kf_decision).save()
    second = factories.DecisionFactory(body=kf)

    with pytest.raises(ValidationError) as refusal:
        _twin_town(place, established_by=second).save()

    assert refusal.value.messages == [ONE_PER_PLACE]
    assert Relationship.objects.count() == 1


def test_the_database_refuses_a_second_active_twin_town_written_around_the_model(kf_decision):
    place = factories.PlaceFactory()
    _twin_town(place, established_by=kf_decision).save()

    with pytest.raises(IntegrityError), transaction.atomic():
        Relationship.objects.bulk_create([_twin_town(place)])

    assert Relationship.objects.count() == 1


def test_an_ended_twin_town_leaves_room_for_a_new_one(kf_decision):
    place = factories.PlaceFactory()
    factories.RelationshipFactory(
        place=place, status=RelationshipStatus.ENDED, ended_on=datetime.date(2007, 1, 1)
    )
    _twin_town(place, established_by=kf_decision).save()

    assert Relationship.objects.filter(place=place).count() == 2


# --- Status changes: activating a twin town ---------------------------------------------------


def _proposed(place=None):
    relationship = _twin_town(place or factories.PlaceFactory(), status=RelationshipStatus.PROPOSED)
    relationship.save()
    return relationship


def test_activating_a_twin_town_without_kfs_decision_is_refused_by_the_service():
    relationship = _proposed()

    with pytest.raises(ValidationError) as refusal:
        services.record_status_change(
            relationship,
            to_status=RelationshipStatus.ACTIVE,
            on=datetime.date(2026, 5, 1),
            reason="Vi har bestämt oss.",
        )

    assert _messages(refusal.value, "decision") == [ACTIVATION_NEEDS_KF]
    relationship.refresh_from_db()
    assert relationship.status == RelationshipStatus.PROPOSED
    assert not StatusChange.objects.exists()


def test_kfs_decision_activating_a_twin_town_becomes_the_one_establishing_it(kf_decision):
    relationship = _proposed()

    change = services.record_status_change(
        relationship,
        to_status=RelationshipStatus.ACTIVE,
        on=datetime.date(2026, 5, 1),
        reason="KF beslutade.",
        decision=kf_decision,
    )

    relationship.refresh_from_db()
    assert (relationship.status, relationship.established_by) == ("active", kf_decision)
    assert change.decision == kf_decision


def test_reactivating_a_dormant_twin_town_established_by_kf_needs_no_new_decision(kf_decision):
    relationship = _twin_town(
        factories.PlaceFactory(), status=RelationshipStatus.DORMANT, established_by=kf_decision
    )
    relationship.save()

    services.record_status_change(
        relationship, to_status="active", on=datetime.date(2026, 5, 1), reason="Nytt liv."
    )

    relationship.refresh_from_db()
    assert relationship.status == RelationshipStatus.ACTIVE


def test_a_twin_town_of_earlier_years_needs_kf_to_become_active_again():
    """Skærbæk-like: informal since 2007, with no decision on record."""
    earlier = Relationship.from_earlier_years(
        place=factories.PlaceFactory(),
        kind=RelationshipKind.TWIN_TOWN,
        status=RelationshipStatus.INFORMAL,
        started_on=datetime.date(1994, 1, 1),
        start_precision="year",
    )
    earlier.save()

    with pytest.raises(ValidationError) as refusal:
        services.record_status_change(
            earlier, to_status="active", on=datetime.date(2026, 5, 1), reason="Igen."
        )

    assert _messages(refusal.value, "decision") == [ACTIVATION_NEEDS_KF]
    earlier.refresh_from_db()
    assert earlier.status == RelationshipStatus.INFORMAL


def test_activating_a_second_twin_town_of_a_place_is_refused(kf, kf_decision):
    place = factories.PlaceFactory()
    _twin_town(place, established_by=kf_decision).save()
    relationship = _twin_town(place, status=RelationshipStatus.PROPOSED)
    relationship.save()

    with pytest.raises(ValidationError) as refusal:
        services.record_status_change(
            relationship,
            to_status="active",
            on=datetime.date(2026, 5, 1),
            reason="KF beslutade.",
            decision=factories.DecisionFactory(body=kf),
        )

    assert _messages(refusal.value, "to_status") == [ONE_PER_PLACE]
    relationship.refresh_from_db()
    assert relationship.status == RelationshipStatus.PROPOSED


# --- The admin ---------------------------------------------------------------------------------


def _form(place, **fields):
    data = {
        "place": place.pk,
        "kind": RelationshipKind.TWIN_TOWN,
        "status": RelationshipStatus.ACTIVE,
        "started_on": "2026-03-10",
        "start_precision": "day",
        "channel": "direct",
        "agreements-TOTAL_FORMS": "0",
        "agreements-INITIAL_FORMS": "0",
        "peers-TOTAL_FORMS": "0",
        "peers-INITIAL_FORMS": "0",
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
    }
    return {**data, **fields}


def test_admin_add_of_an_active_twin_town_without_kfs_decision_is_refused(client, coordinator):
    client.force_login(coordinator)
    place = factories.PlaceFactory()

    response = client.post(admin_url(Relationship, "add"), _form(place))

    assert response.status_code == 200
    assert shows(response, NEEDS_KF)
    assert not Relationship.objects.exists()


def test_admin_add_with_kfs_decision_establishes_the_twin_town(client, coordinator, kf_decision):
    client.force_login(coordinator)
    place = factories.PlaceFactory()

    response = client.post(
        admin_url(Relationship, "add"), _form(place, established_by=kf_decision.pk)
    )

    assert response.status_code == 302
    assert Relationship.objects.get().established_by == kf_decision


def test_admin_change_of_kind_to_twin_town_is_refused(client, coordinator, kf_decision):
    partnership = factories.RelationshipFactory(kind=RelationshipKind.PARTNERSHIP, theme="Skola")
    client.force_login(coordinator)

    response = client.post(
        admin_url(Relationship, "change", partnership.pk),
        _form(partnership.place, established_by=kf_decision.pk, theme="Skola"),
    )

    assert response.status_code == 200
    assert shows(response, NOT_BY_CHANGE_OF_KIND)
    partnership.refresh_from_db()
    assert (partnership.kind, partnership.established_by) == ("partnership", None)


def test_admin_change_of_a_twin_town_of_earlier_years_keeps_working(client, coordinator):
    earlier = factories.RelationshipFactory()  # as the loader stores it, without a decision
    client.force_login(coordinator)

    response = client.post(
        admin_url(Relationship, "change", earlier.pk),
        _form(earlier.place, started_on="1994-01-01", start_precision="year", internal_note="Ok"),
    )

    assert response.status_code == 302
    earlier.refresh_from_db()
    assert (earlier.internal_note, earlier.status) == ("Ok", RelationshipStatus.ACTIVE)


def test_admin_status_change_row_activating_without_kfs_decision_is_refused(client, coordinator):
    relationship = _proposed()
    client.force_login(coordinator)
    data = _form(
        relationship.place,
        **{
            "status_changes-TOTAL_FORMS": "1",
            "status_changes-0-changed_on": "2026-05-01",
            "status_changes-0-to_status": "active",
            "status_changes-0-reason_sv": "Vi har bestämt oss.",
        },
    )

    response = client.post(admin_url(Relationship, "change", relationship.pk), data)

    assert response.status_code == 200
    assert shows(response, ACTIVATION_NEEDS_KF)
    relationship.refresh_from_db()
    assert relationship.status == RelationshipStatus.PROPOSED
    assert not StatusChange.objects.exists()


def test_admin_status_change_page_activating_without_kfs_decision_is_refused(client, coordinator):
    relationship = _proposed()
    client.force_login(coordinator)
    data = {
        "relationship": relationship.pk,
        "changed_on": "2026-05-01",
        "to_status": "active",
        "reason_sv": "Vi har bestämt oss.",
    }

    response = client.post(admin_url(StatusChange, "add"), data)

    assert response.status_code == 200
    assert shows(response, ACTIVATION_NEEDS_KF)
    relationship.refresh_from_db()
    assert relationship.status == RelationshipStatus.PROPOSED
    assert not StatusChange.objects.exists()


def test_admin_status_change_page_with_kfs_decision_activates(client, coordinator, kf_decision):
    relationship = _proposed()
    client.force_login(coordinator)
    data = {
        "relationship": relationship.pk,
        "changed_on": "2026-05-01",
        "to_status": "active",
        "reason_sv": "KF beslutade.",
        "decision": kf_decision.pk,
    }

    response = client.post(admin_url(StatusChange, "add"), data)

    assert response.status_code == 302
    relationship.refresh_from_db()
    assert (relationship.status, relationship.established_by) == ("active", kf_decision)


def test_the_relationship_list_offers_no_bulk_action_that_sets_a_state(coordinator):
    """No bulk path: a status changes only through a dated status change (S2)."""
    request = RequestFactory().get(admin_url(Relationship, "changelist"))
    request.user = coordinator

    actions = site._registry[Relationship].get_actions(request)

    assert list(actions) == []
