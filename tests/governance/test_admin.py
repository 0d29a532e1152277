"""The admin's common base (governance/admin.py) and governance's own records in it.

Every ModelAdmin derives from ``RecordAdmin``: it records who changed what and refuses to revert
to an old version; ``PublicRecordMixin`` keeps public records (allmänna handlingar) from being
deleted. Meetings and decisions added through the admin are held to the models' rules. The
English admin is used where messages are compared, so that they are the source strings.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from governance.models import BodyKind, Decision, Meeting
from partners.models import (
    Agreement,
    Place,
    Relationship,
    StatusChange,
)
from tests import factories
from tests.admin_forms import admin_url, english_admin_url, inline_rows, shows

# --- History: who changed what (DESIGN.md) ---------------------------------------------------


def test_place_changed_in_admin_records_the_coordinator(client, coordinator):
    place = factories.PlaceFactory(name="Joniškis", slug="joniskis", country="LT")
    client.force_login(coordinator)
    data = {"name": "Joniškis", "slug": "joniskis", "country": "LT", "kind": "municipality"}
    data["public_text_sv"] = "Vänort sedan 1994."
    data.update(inline_rows("pictures"))  # #14: the place's pictures, none posted

    response = client.post(reverse("admin:partners_place_change", args=[place.pk]), data)

    assert response.status_code == 302
    place.refresh_from_db()
    assert place.public_text_sv == "Vänort sedan 1994."
    assert place.history.first().history_user == coordinator


def test_history_page_lists_the_change_by_the_coordinator(client, coordinator):
    place = factories.PlaceFactory()
    client.force_login(coordinator)
    url = reverse("admin:partners_place_change", args=[place.pk])
    data = {"name": "Rygge", "slug": place.slug, "country": "NO", "kind": "municipality"}
    client.post(url, data)

    response = client.get(reverse("admin:partners_place_history", args=[place.pk]))

    assert response.status_code == 200
    assert "samordnare" in response.content.decode()


def test_reverting_to_an_old_version_is_refused(client, coordinator):
    """Reverting would skip the services (a decision could be undone); history is read-only."""
    place = factories.PlaceFactory(name="Moss")
    version = place.history.first()
    client.force_login(coordinator)
    url = reverse("admin:partners_place_simple_history", args=[place.pk, version.history_id])
    data = {"name": "Ändrad", "slug": place.slug, "country": "NO", "kind": "municipality"}

    response = client.post(url, data)

    assert response.status_code == 403
    assert Place.objects.get().name == "Moss"


def test_old_version_can_be_viewed(client, coordinator):
    place = factories.PlaceFactory()
    version = place.history.first()
    client.force_login(coordinator)
    url = reverse("admin:partners_place_simple_history", args=[place.pk, version.history_id])

    response = client.get(url)

    assert response.status_code == 200
    assert response.context["original"] == place
    assert f'value="{place.name}"' in response.content.decode()


# --- Public records are never deleted (DESIGN.md) --------------------------------------------


PUBLIC_RECORDS = {
    Decision: factories.DecisionFactory,
    Agreement: factories.AgreementFactory,
    Relationship: factories.RelationshipFactory,
    StatusChange: factories.StatusChangeFactory,
}


@pytest.mark.parametrize("model", PUBLIC_RECORDS, ids=lambda model: model.__name__)
def test_delete_page_refuses_coordinator(client, coordinator, model):
    record = PUBLIC_RECORDS[model]()
    client.force_login(coordinator)

    response = client.get(admin_url(model, "delete", record.pk))

    assert response.status_code == 403
    assert "403 Forbidden" in response.content.decode()
    assert list(model.objects.all()) == [record]


@pytest.mark.parametrize("model", PUBLIC_RECORDS, ids=lambda model: model.__name__)
def test_delete_post_refuses_coordinator_and_record_stays(client, coordinator, model):
    record = PUBLIC_RECORDS[model]()
    client.force_login(coordinator)

    response = client.post(admin_url(model, "delete", record.pk), {"post": "yes"})

    assert response.status_code == 403
    assert list(model.objects.all()) == [record]


@pytest.mark.parametrize("model", PUBLIC_RECORDS, ids=lambda model: model.__name__)
def test_changelist_offers_no_delete_action(client, coordinator, model):
    PUBLIC_RECORDS[model]()
    client.force_login(coordinator)

    response = client.get(admin_url(model, "changelist"))

    model_admin = response.context["cl"].model_admin
    assert "delete_selected" not in model_admin.get_actions(response.wsgi_request)


def test_meeting_decisions_inline_offers_no_delete(client, coordinator):
    meeting = factories.MeetingFactory()
    client.force_login(coordinator)

    response = client.get(admin_url(meeting.__class__, "change", meeting.pk))

    formsets = {f.formset.prefix: f for f in response.context["inline_admin_formsets"]}
    assert formsets["decisions"].formset.can_delete is False


# --- Meetings and their decisions: inline rows and bad input ---------------------------------


def _meeting_data(meeting, *decisions):
    return {
        "body": meeting.body.pk,
        "starts_at_0": "2026-03-10",
        "starts_at_1": "18:00",
        **inline_rows("decisions", *decisions),
        **inline_rows("documents"),  # #12: the meeting's documents, none posted
    }


def test_decision_added_to_a_meeting_takes_its_body_and_date(client, coordinator, ks):
    """The coordinator records it as KS's secretary (#11: not as the coordinator)."""
    meeting = factories.MeetingFactory(body=ks)
    factories.MembershipFactory(person=coordinator.person, body=ks, role="secretary")
    client.force_login(coordinator)
    row = {"paragraph": "7", "title_sv": "Vänortsavtal", "outcome": "approved"}

    response = client.post(
        english_admin_url("governance_meeting_change", meeting.pk), _meeting_data(meeting, row)
    )

    assert response.status_code == 302
    assert Decision.objects.get().citation == "KS 2026-03-10 § 7"


def test_decision_added_to_a_meeting_with_a_used_paragraph_is_refused(client, coordinator, ks):
    meeting = factories.MeetingFactory(body=ks)
    factories.DecisionFactory(body=ks, meeting_date=datetime.date(2026, 3, 10), paragraph=7)
    client.force_login(coordinator)
    row = {"paragraph": "7", "title_sv": "Vänortsavtal", "outcome": "approved"}

    response = client.post(
        english_admin_url("governance_meeting_change", meeting.pk), _meeting_data(meeting, row)
    )

    assert response.status_code == 200
    message = "This body already has a decision with this paragraph on this meeting date."
    assert escape(message) in response.content.decode()
    assert Decision.objects.count() == 1


def test_meeting_ending_before_it_starts_is_refused(client, coordinator, ks):
    client.force_login(coordinator)
    data = {
        "body": ks.pk,
        "starts_at_0": "2026-03-10",
        "starts_at_1": "18:00",
        "ends_at_0": "2026-03-10",
        "ends_at_1": "17:00",
    }

    response = client.post(english_admin_url("governance_meeting_add"), data)

    assert response.status_code == 200
    assert shows(response, "A meeting cannot end before it starts.")
    assert Meeting.objects.count() == 0


def _decision_data(body, **overrides):
    data = {
        "body": body.pk,
        "meeting_date": "2026-03-10",
        "paragraph": "12",
        "title_sv": "Partnerskap med Mukono",
        "outcome": "approved",
    }
    return {**data, **overrides}


def test_decision_by_an_administration_is_refused(client, coordinator, ks):
    administration = factories.BodyFactory(
        name="Kommunledningsförvaltningen", kind=BodyKind.ADMINISTRATION, parent=ks
    )
    client.force_login(coordinator)

    response = client.post(
        english_admin_url("governance_decision_add"), _decision_data(administration)
    )

    assert response.status_code == 200
    assert shows(
        response,
        "Kommunledningsförvaltningen does not take decisions; only the council, the executive "
        "board and committees do.",
    )
    assert Decision.objects.count() == 0


def test_same_paragraph_twice_for_a_body_and_meeting_date_is_refused(client, coordinator, ks):
    factories.DecisionFactory(body=ks, meeting_date=datetime.date(2026, 3, 10), paragraph=12)
    client.force_login(coordinator)

    response = client.post(english_admin_url("governance_decision_add"), _decision_data(ks))

    assert response.status_code == 200
    assert shows(
        response, "This body already has a decision with this paragraph on this meeting date."
    )
    assert Decision.objects.count() == 1
