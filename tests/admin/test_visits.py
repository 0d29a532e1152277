"""Visits in the admin: a twin-town visit without the chair of KF or KS is flagged (S14)."""

import datetime

from django.urls import reverse
from django.utils import translation

from governance.models import Role
from partners.models import RelationshipKind
from tests import factories


def _english(name, *args):
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


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
    response = client.get(_english("partners_visit_changelist"))
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

    response = client.get(_english("partners_visit_changelist"), {"without_chair": "yes"})

    assert list(response.context["cl"].result_list) == [without_chair]
