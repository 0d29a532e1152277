"""Places, relationships, agreements and visits in the admin (partners/admin.py).

Decisions, agreements, relationships and their status changes end, are withdrawn or are
revoked; the admin offers no way to destroy them, and a status changes only through a dated
status change (DESIGN.md, S2). A twin-town visit without the chair of KF or KS is flagged (S14).
Bad input answers with a clear error on the form and saves nothing.
"""

import datetime

from django.contrib.messages import get_messages
from django.utils.html import escape

from governance.models import Role
from partners.models import (
    Agreement,
    Place,
    Relationship,
    RelationshipKind,
    RelationshipStatus,
    StatusChange,
    VisitParticipant,
)
from tests import factories
from tests.admin_forms import admin_url, english_admin_url, inline_rows, no_inline_rows, shows

# --- Relationships, status changes and agreements: public records (S2) -----------------------


def test_relationship_inlines_offer_no_delete_for_public_records(client, coordinator):
    relationship = factories.RelationshipFactory()
    client.force_login(coordinator)

    response = client.get(admin_url(Relationship, "change", relationship.pk))

    can_delete = {
        inline.formset.prefix: inline.formset.can_delete
        for inline in response.context["inline_admin_formsets"]
    }
    assert can_delete == {"status_changes": False, "agreements": False, "peers": True}


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
        admin_url(Relationship, "change", relationship.pk),
        _relationship_data(relationship, status="dormant"),
    )

    assert response.status_code == 302
    relationship.refresh_from_db()
    assert relationship.status == RelationshipStatus.ACTIVE
    assert StatusChange.objects.count() == 0


def test_relationship_status_is_editable_when_added(client, coordinator):
    client.force_login(coordinator)

    response = client.get(admin_url(Relationship, "add"))

    assert "status" in response.context["adminform"].form.fields


def test_status_change_added_inline_goes_through_the_service(client, coordinator):
    """S2: the new row gets its previous status and the relationship takes the new one."""
    relationship = factories.RelationshipFactory(status=RelationshipStatus.ACTIVE)
    client.force_login(coordinator)
    row = {"changed_on": "2020-05-01", "to_status": "informal", "reason_sv": "Sammanslagning."}
    data = _relationship_data(relationship, **_new_status_change(0, 0, **row))

    response = client.post(admin_url(Relationship, "change", relationship.pk), data)

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

    response = client.post(english_admin_url("partners_relationship_change", relationship.pk), data)

    assert response.status_code == 302
    change = StatusChange.objects.get()
    assert (change.reason_sv, change.reason_en) == ("Sammanslagning.", "Merger.")


def test_status_change_to_the_same_status_is_a_form_error(client, coordinator):
    relationship = factories.RelationshipFactory(status=RelationshipStatus.ACTIVE)
    client.force_login(coordinator)
    row = {"changed_on": "2020-05-01", "to_status": "active", "reason_sv": "Ingen ändring."}
    data = _relationship_data(relationship, **_new_status_change(0, 0, **row))

    response = client.post(english_admin_url("partners_relationship_change", relationship.pk), data)

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

    response = client.post(english_admin_url("partners_relationship_change", relationship.pk), data)

    assert response.status_code == 302
    assert response.url == english_admin_url("partners_relationship_change", relationship.pk)
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

    response = client.post(admin_url(StatusChange, "add"), data)

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

    response = client.post(admin_url(StatusChange, "change", change.pk), data)

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

    response = client.post(admin_url(Agreement, "change", agreement.pk), data)

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.withdrawn_on == datetime.date(2015, 6, 30)


# --- Visits: a twin-town visit without the chair of KF or KS is flagged (S14) ----------------


def _visit(kind, *participants):
    relationship = factories.RelationshipFactory(kind=kind, theme="Barns rättigheter")
    visit = factories.VisitFactory(place=relationship.place, relationship=relationship)
    for person in participants:
        factories.VisitParticipantFactory(visit=visit, person=person)
    return visit


def _chair_of(body):
    membership = factories.MembershipFactory(
        body=body, role=Role.CHAIR, starts_on=datetime.date(2023, 1, 1)
    )
    return membership.person


def _chair_column(client):
    response = client.get(english_admin_url("partners_visit_changelist"))
    model_admin = response.context["cl"].model_admin
    return {
        visit.pk: model_admin.chair_present(visit) for visit in response.context["cl"].result_list
    }


def test_chair_column_flags_twin_town_visit_without_chair(client, coordinator, ks):
    """S14: the chair of KF or KS should go on twin-town visits."""
    with_chair = _visit(RelationshipKind.TWIN_TOWN, _chair_of(ks))
    without_chair = _visit(RelationshipKind.TWIN_TOWN, factories.PersonFactory())
    partnership = _visit(RelationshipKind.PARTNERSHIP, factories.PersonFactory())
    client.force_login(coordinator)

    column = _chair_column(client)

    assert column == {with_chair.pk: True, without_chair.pk: False, partnership.pk: None}


def test_chair_of_a_committee_does_not_count(client, coordinator, bun):
    visit = _visit(RelationshipKind.TWIN_TOWN, _chair_of(bun))
    client.force_login(coordinator)

    column = _chair_column(client)

    assert column == {visit.pk: False}


def test_filter_lists_twin_town_visits_without_chair(client, coordinator, kf):
    _visit(RelationshipKind.TWIN_TOWN, _chair_of(kf))
    without_chair = _visit(RelationshipKind.TWIN_TOWN)
    _visit(RelationshipKind.PARTNERSHIP)
    client.force_login(coordinator)

    response = client.get(english_admin_url("partners_visit_changelist"), {"without_chair": "yes"})

    assert list(response.context["cl"].result_list) == [without_chair]


# --- Visits: participants added inline -------------------------------------------------------


def _visit_data(place, *participants):
    return {
        "place": place.pk,
        "direction": "outgoing",
        "starts_on": "2026-05-04",
        "purpose": "Vänortsbesök",
        "pupil_count": "12",
        "young_people_count": "0",
        **inline_rows("participants", *participants),
    }


def test_visit_added_with_its_participants(client, coordinator):
    place, person = factories.PlaceFactory(), factories.PersonFactory()
    client.force_login(coordinator)
    row = {"person": person.pk, "role": "ordförande", "level": "elected"}

    response = client.post(english_admin_url("partners_visit_add"), _visit_data(place, row))

    assert response.status_code == 302
    assert VisitParticipant.objects.get().person == person


def test_pupil_named_on_a_visit_is_refused(client, coordinator):
    """Pupils are counted on the visit, never named."""
    place, pupil = factories.PlaceFactory(), factories.PersonFactory()
    client.force_login(coordinator)
    row = {"person": pupil.pk, "level": "pupil"}

    response = client.post(english_admin_url("partners_visit_add"), _visit_data(place, row))

    assert response.status_code == 200
    message = "Pupils and young people are counted on the visit, never named."
    assert escape(message) in response.content.decode()
    assert VisitParticipant.objects.count() == 0
    assert place.visits.count() == 0


# --- Bad input: a clear error, nothing saved -------------------------------------------------


def test_visit_ending_before_it_starts_is_refused(client, coordinator):
    place = factories.PlaceFactory()
    client.force_login(coordinator)
    data = {
        "place": place.pk,
        "direction": "outgoing",
        "starts_on": "2026-05-04",
        "ends_on": "2026-05-01",
        "purpose": "Vänortsbesök",
        "pupil_count": "0",
        "young_people_count": "0",
        **no_inline_rows("participants"),
    }

    response = client.post(english_admin_url("partners_visit_add"), data)

    assert response.status_code == 200
    assert shows(response, "A visit cannot end before it starts.")
    assert place.visits.count() == 0


def _new_relationship_data(place, **overrides):
    data = {
        "place": place.pk,
        "kind": "twin_town",
        "status": "active",
        "started_on": "2026-03-10",
        "start_precision": "day",
        "channel": "direct",
        **no_inline_rows("agreements", "peers"),
    }
    return {**data, **overrides}


def test_twin_town_established_by_a_decision_not_of_kf_is_refused(client, coordinator, ks):
    """S7: only KF decides a new twin town."""
    decision = factories.DecisionFactory(body=ks, meeting_date=datetime.date(2026, 3, 10))
    place = factories.PlaceFactory()
    client.force_login(coordinator)
    data = _new_relationship_data(place, established_by=decision.pk)

    response = client.post(english_admin_url("partners_relationship_add"), data)

    assert response.status_code == 200
    assert shows(
        response,
        f"A new twin town is decided by the municipal council (KF) only (S7); "
        f"{decision.citation} is a decision of Kommunstyrelsen.",
    )
    assert Relationship.objects.count() == 0


def test_partnership_without_theme_is_refused_on_the_swedish_theme(client, coordinator):
    """S7: a partnership has a theme; the error lands on the field the form shows."""
    place = factories.PlaceFactory()
    client.force_login(coordinator)

    response = client.post(
        english_admin_url("partners_relationship_add"),
        _new_relationship_data(place, kind="partnership"),
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["theme_sv"] == ["A municipal partnership has a theme (S7)."]
    assert Relationship.objects.count() == 0


def test_ended_relationship_losing_its_end_date_is_refused(client, coordinator):
    """The status is read-only on the form, yet its rule with the end date still holds."""
    relationship = factories.RelationshipFactory(
        status=RelationshipStatus.ENDED, ended_on=datetime.date(2006, 12, 31)
    )
    client.force_login(coordinator)
    data = _new_relationship_data(
        relationship.place, started_on="1994-01-01", start_precision="year", ended_on=""
    )
    data.update(no_inline_rows("status_changes"))

    response = client.post(english_admin_url("partners_relationship_change", relationship.pk), data)

    assert response.status_code == 200
    assert shows(response, "An ended relationship needs its end date.")
    relationship.refresh_from_db()
    assert relationship.ended_on == datetime.date(2006, 12, 31)


def _place_data(**overrides):
    data = {"name": "Mukono", "slug": "mukono", "country": "UG", "kind": "municipality"}
    return {**data, **overrides}


def test_place_without_country_is_refused(client, coordinator):
    client.force_login(coordinator)

    response = client.post(english_admin_url("partners_place_add"), _place_data(country=""))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["country"] == ["This field is required."]
    assert Place.objects.count() == 0


def test_latitude_out_of_range_is_refused(client, coordinator):
    client.force_login(coordinator)
    data = _place_data(latitude="95", longitude="32.75")

    response = client.post(english_admin_url("partners_place_add"), data)

    assert response.status_code == 200
    assert shows(response, "The latitude must be between -90 and 90 degrees.")
    assert Place.objects.count() == 0


def test_longitude_out_of_range_is_refused(client, coordinator):
    client.force_login(coordinator)
    data = _place_data(latitude="0.35", longitude="200")

    response = client.post(english_admin_url("partners_place_add"), data)

    assert response.status_code == 200
    assert shows(response, "The longitude must be between -180 and 180 degrees.")
    assert Place.objects.count() == 0
