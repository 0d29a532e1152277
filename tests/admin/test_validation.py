"""Bad input through the admin's forms answers with a clear error and saves nothing.

The rules are the models' (constraints and ``clean()``); these tests make sure the admin shows
them on the form instead of failing on save. The English admin is used so that the messages
compared are the source strings.
"""

import datetime

from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from governance.models import BodyKind, Decision, Meeting
from partners.models import Place, Relationship, RelationshipStatus
from projects.models import Application, Project
from tests import factories


def _english(name, *args):
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


def _no_rows(*prefixes):
    """The management data of inline formsets posted without rows."""
    data = {}
    for prefix in prefixes:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data


def _shows(response, message):
    return escape(message) in response.content.decode()


def test_meeting_ending_before_it_starts_is_refused(client, coordinator, ks):
    client.force_login(coordinator)
    data = {
        "body": ks.pk,
        "starts_at_0": "2026-03-10",
        "starts_at_1": "18:00",
        "ends_at_0": "2026-03-10",
        "ends_at_1": "17:00",
    }

    response = client.post(_english("governance_meeting_add"), data)

    assert response.status_code == 200
    assert _shows(response, "A meeting cannot end before it starts.")
    assert Meeting.objects.count() == 0


def test_project_ending_before_it_starts_is_refused(client, coordinator, bun):
    client.force_login(coordinator)
    data = {
        "title_sv": "Utbyte med Joniškis",
        "slug": "utbyte-joniskis",
        "kind": "school_exchange",
        "status": "idea",
        "responsible_body": bun.pk,
        "starts_on": "2026-05-01",
        "ends_on": "2026-04-01",
        "own_cost": "0",
        **_no_rows("funding_checks", "participant_counts", "costs"),
    }

    response = client.post(_english("projects_project_add"), data)

    assert response.status_code == 200
    assert _shows(response, "The end date cannot be before the start date.")
    assert Project.objects.count() == 0


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
        **_no_rows("participants"),
    }

    response = client.post(_english("partners_visit_add"), data)

    assert response.status_code == 200
    assert _shows(response, "A visit cannot end before it starts.")
    assert place.visits.count() == 0


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

    response = client.post(_english("governance_decision_add"), _decision_data(administration))

    assert response.status_code == 200
    assert _shows(
        response,
        "Kommunledningsförvaltningen does not take decisions; only the council, the executive "
        "board and committees do.",
    )
    assert Decision.objects.count() == 0


def test_same_paragraph_twice_for_a_body_and_meeting_date_is_refused(client, coordinator, ks):
    factories.DecisionFactory(body=ks, meeting_date=datetime.date(2026, 3, 10), paragraph=12)
    client.force_login(coordinator)

    response = client.post(_english("governance_decision_add"), _decision_data(ks))

    assert response.status_code == 200
    assert _shows(
        response, "This body already has a decision with this paragraph on this meeting date."
    )
    assert Decision.objects.count() == 1


def _relationship_data(place, **overrides):
    data = {
        "place": place.pk,
        "kind": "twin_town",
        "status": "active",
        "started_on": "2026-03-10",
        "start_precision": "day",
        "channel": "direct",
        **_no_rows("agreements", "peers"),
    }
    return {**data, **overrides}


def test_twin_town_established_by_a_decision_not_of_kf_is_refused(client, coordinator, ks):
    """S7: only KF decides a new twin town."""
    decision = factories.DecisionFactory(body=ks, meeting_date=datetime.date(2026, 3, 10))
    place = factories.PlaceFactory()
    client.force_login(coordinator)
    data = _relationship_data(place, established_by=decision.pk)

    response = client.post(_english("partners_relationship_add"), data)

    assert response.status_code == 200
    assert _shows(
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
        _english("partners_relationship_add"), _relationship_data(place, kind="partnership")
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
    data = _relationship_data(
        relationship.place, started_on="1994-01-01", start_precision="year", ended_on=""
    )
    data.update(_no_rows("status_changes"))

    response = client.post(_english("partners_relationship_change", relationship.pk), data)

    assert response.status_code == 200
    assert _shows(response, "An ended relationship needs its end date.")
    relationship.refresh_from_db()
    assert relationship.ended_on == datetime.date(2006, 12, 31)


def _place_data(**overrides):
    data = {"name": "Mukono", "slug": "mukono", "country": "UG", "kind": "municipality"}
    return {**data, **overrides}


def test_place_without_country_is_refused(client, coordinator):
    client.force_login(coordinator)

    response = client.post(_english("partners_place_add"), _place_data(country=""))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["country"] == ["This field is required."]
    assert Place.objects.count() == 0


def test_latitude_out_of_range_is_refused(client, coordinator):
    client.force_login(coordinator)
    data = _place_data(latitude="95", longitude="32.75")

    response = client.post(_english("partners_place_add"), data)

    assert response.status_code == 200
    assert _shows(response, "The latitude must be between -90 and 90 degrees.")
    assert Place.objects.count() == 0


def test_longitude_out_of_range_is_refused(client, coordinator):
    client.force_login(coordinator)
    data = _place_data(latitude="0.35", longitude="200")

    response = client.post(_english("partners_place_add"), data)

    assert response.status_code == 200
    assert _shows(response, "The longitude must be between -180 and 180 degrees.")
    assert Place.objects.count() == 0


def test_decided_application_readdressed_to_another_body_is_refused(client, coordinator, ks):
    """S8: the decision stays with the body the application was addressed to."""
    application = factories.DecidedApplicationFactory()
    client.force_login(coordinator)
    data = {
        "kind": application.kind,
        "title": application.title,
        "summary": application.summary,
        "project": application.project.pk,
        "addressed_to": ks.pk,
    }

    response = client.post(_english("projects_application_change", application.pk), data)

    assert response.status_code == 200
    assert _shows(
        response, "Decision: Only the body the application is addressed to decides it (S8)."
    )
    assert Application.objects.get().addressed_to == application.addressed_to
