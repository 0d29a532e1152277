"""Public records (allmänna handlingar) in the admin: never deleted, status changed with history.

Decisions, agreements, relationships and their status changes end, are withdrawn or are
revoked; the admin offers no way to destroy them (DESIGN.md, S2).
"""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from governance.models import Decision
from partners.models import Agreement, Relationship, RelationshipStatus, StatusChange
from tests import factories

PUBLIC_RECORDS = {
    Decision: factories.DecisionFactory,
    Agreement: factories.AgreementFactory,
    Relationship: factories.RelationshipFactory,
    StatusChange: factories.StatusChangeFactory,
}


def _url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _english(name, *args):
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


@pytest.mark.parametrize("model", PUBLIC_RECORDS, ids=lambda model: model.__name__)
def test_delete_page_refuses_coordinator(client, coordinator, model):
    record = PUBLIC_RECORDS[model]()
    client.force_login(coordinator)

    response = client.get(_url(model, "delete", record.pk))

    assert response.status_code == 403


@pytest.mark.parametrize("model", PUBLIC_RECORDS, ids=lambda model: model.__name__)
def test_delete_post_refuses_coordinator_and_record_stays(client, coordinator, model):
    record = PUBLIC_RECORDS[model]()
    client.force_login(coordinator)

    response = client.post(_url(model, "delete", record.pk), {"post": "yes"})

    assert response.status_code == 403
    assert list(model.objects.all()) == [record]


@pytest.mark.parametrize("model", PUBLIC_RECORDS, ids=lambda model: model.__name__)
def test_changelist_offers_no_delete_action(client, coordinator, model):
    PUBLIC_RECORDS[model]()
    client.force_login(coordinator)

    response = client.get(_url(model, "changelist"))

    model_admin = response.context["cl"].model_admin
    assert "delete_selected" not in model_admin.get_actions(response.wsgi_request)


def test_relationship_inlines_offer_no_delete_for_public_records(client, coordinator):
    relationship = factories.RelationshipFactory()
    client.force_login(coordinator)

    response = client.get(_url(Relationship, "change", relationship.pk))

    can_delete = {
        inline.formset.prefix: inline.formset.can_delete
        for inline in response.context["inline_admin_formsets"]
    }
    assert can_delete == {"status_changes": False, "agreements": False, "peers": True}


def test_meeting_decisions_inline_offers_no_delete(client, coordinator):
    meeting = factories.MeetingFactory()
    client.force_login(coordinator)

    response = client.get(_url(meeting.__class__, "change", meeting.pk))

    [decisions] = response.context["inline_admin_formsets"]
    assert decisions.formset.can_delete is False


def _relationship_data(relationship, **overrides):
    data = {
        "place": relationship.place.pk,
        "kind": relationship.kind,
        "started_on": "1994-01-01",
        "start_precision": "year",
        "channel": "direct",
        "agreements-TOTAL_FORMS": "0",
        "agreements-INITIAL_FORMS": "0",
        "peers-TOTAL_FORMS": "0",
        "peers-INITIAL_FORMS": "0",
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
    }
    return {**data, **overrides}


def _new_status_change(index, initial, **row):
    data = {
        "status_changes-TOTAL_FORMS": str(index + 1),
        "status_changes-INITIAL_FORMS": str(initial),
    }
    data.update({f"status_changes-{index}-{name}": value for name, value in row.items()})
    return data


def test_relationship_status_is_read_only_on_the_change_form(client, coordinator):
    """S2: the status changes only through a dated status change."""
    relationship = factories.RelationshipFactory(status=RelationshipStatus.ACTIVE)
    client.force_login(coordinator)

    response = client.post(
        _url(Relationship, "change", relationship.pk),
        _relationship_data(relationship, status="dormant"),
    )

    assert response.status_code == 302
    relationship.refresh_from_db()
    assert relationship.status == RelationshipStatus.ACTIVE
    assert StatusChange.objects.count() == 0


def test_relationship_status_is_editable_when_added(client, coordinator):
    client.force_login(coordinator)

    response = client.get(_url(Relationship, "add"))

    assert "status" in response.context["adminform"].form.fields


def test_status_change_added_inline_goes_through_the_service(client, coordinator):
    """S2: the new row gets its previous status and the relationship takes the new one."""
    relationship = factories.RelationshipFactory(status=RelationshipStatus.ACTIVE)
    client.force_login(coordinator)
    row = {"changed_on": "2020-05-01", "to_status": "informal", "reason_sv": "Sammanslagning."}
    data = _relationship_data(relationship, **_new_status_change(0, 0, **row))

    response = client.post(_url(Relationship, "change", relationship.pk), data)

    assert response.status_code == 302
    change = StatusChange.objects.get()
    assert (change.from_status, change.to_status) == ("active", "informal")
    assert change.reason_sv == "Sammanslagning."
    relationship.refresh_from_db()
    assert relationship.status == RelationshipStatus.INFORMAL


def test_status_change_added_in_english_admin_keeps_both_languages(client, coordinator):
    relationship = factories.RelationshipFactory(status=RelationshipStatus.ACTIVE)
    client.force_login(coordinator)
    row = {
        "changed_on": "2020-05-01",
        "to_status": "informal",
        "reason_sv": "Sammanslagning.",
        "reason_en": "Merger.",
    }
    data = _relationship_data(relationship, **_new_status_change(0, 0, **row))

    response = client.post(_english("partners_relationship_change", relationship.pk), data)

    assert response.status_code == 302
    change = StatusChange.objects.get()
    assert (change.reason_sv, change.reason_en) == ("Sammanslagning.", "Merger.")


def test_status_change_to_the_same_status_is_a_form_error(client, coordinator):
    relationship = factories.RelationshipFactory(status=RelationshipStatus.ACTIVE)
    client.force_login(coordinator)
    row = {"changed_on": "2020-05-01", "to_status": "active", "reason_sv": "Ingen ändring."}
    data = _relationship_data(relationship, **_new_status_change(0, 0, **row))

    response = client.post(_english("partners_relationship_change", relationship.pk), data)

    assert response.status_code == 200
    assert "A status change must change the status." in response.content.decode()
    assert StatusChange.objects.count() == 0


def test_status_change_refused_by_the_service_saves_nothing(client, coordinator):
    """The service refuses a change dated before the latest; the whole form rolls back."""
    earlier = factories.StatusChangeFactory(changed_on=datetime.date(2010, 1, 1))
    relationship = earlier.relationship
    client.force_login(coordinator)
    row = {"changed_on": "2005-01-01", "to_status": "dormant", "reason_sv": "För tidigt."}
    data = _relationship_data(
        relationship,
        internal_note="Ändrad samtidigt.",
        **{"status_changes-0-id": str(earlier.pk)},
        **_new_status_change(1, 1, **row),
    )

    response = client.post(_english("partners_relationship_change", relationship.pk), data)

    assert response.status_code == 302
    assert response.url == _english("partners_relationship_change", relationship.pk)
    # The service runs in the default language (see partners.admin), so its words vary.
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "2010-01-01" in message
    assert list(StatusChange.objects.all()) == [earlier]
    relationship.refresh_from_db()
    assert (relationship.status, relationship.internal_note) == ("active", "")


def test_status_change_added_on_its_own_page_goes_through_the_service(client, coordinator):
    relationship = factories.RelationshipFactory(status=RelationshipStatus.ACTIVE)
    client.force_login(coordinator)
    data = {
        "relationship": relationship.pk,
        "changed_on": "2020-05-01",
        "to_status": "ended",
        "reason_sv": "Avslutat.",
    }

    response = client.post(_url(StatusChange, "add"), data)

    assert response.status_code == 302
    change = StatusChange.objects.get()
    assert (change.from_status, change.to_status) == ("active", "ended")
    relationship.refresh_from_db()
    assert (relationship.status, relationship.ended_on) == ("ended", datetime.date(2020, 5, 1))


def test_status_change_cannot_be_changed_afterwards(client, coordinator):
    """S2: a status change is never overwritten."""
    change = factories.StatusChangeFactory()
    client.force_login(coordinator)
    data = {"changed_on": "2001-01-01", "to_status": "dormant", "reason_sv": "Ändrad."}

    response = client.post(_url(StatusChange, "change", change.pk), data)

    assert response.status_code == 403
    change.refresh_from_db()
    assert change.to_status == "active"


def test_agreement_is_withdrawn_with_date_and_reason(client, coordinator):
    agreement = factories.AgreementFactory()
    client.force_login(coordinator)
    data = {
        "relationship": agreement.relationship.pk,
        "title_sv": agreement.title,
        "signed_on": "2007-03-01",
        "signed_precision": "day",
        "withdrawn_on": "2015-06-30",
        "withdrawal_reason": "Ersatt av ett nytt avtal.",
    }

    response = client.post(_url(Agreement, "change", agreement.pk), data)

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.withdrawn_on == datetime.date(2015, 6, 30)
