"""The staff list of visits (staff/views/visits.py): a twin-town visit without the chair of KF
or KS is flagged (S14), and the list runs no query per row."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.models import Role
from tests import factories
from tests.staff.conftest import en

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_visit_list_query_count_does_not_grow(client, coordinator):
    factories.VisitParticipantFactory()
    client.force_login(coordinator)
    one = _count(client, en("visit-list"))
    for _ in range(3):
        factories.VisitParticipantFactory.create_batch(2, visit=factories.VisitFactory())

    assert _count(client, en("visit-list")) == one


def test_twin_town_visit_without_chair_is_flagged(client, coordinator, ks):
    flagged = factories.VisitFactory(starts_on=datetime.date(2026, 3, 1))
    with_chair = factories.VisitFactory(starts_on=datetime.date(2026, 2, 1))
    chair = factories.PersonFactory(first_name="Ordf", last_name="KS")
    factories.MembershipFactory(
        person=chair, body=ks, role=Role.CHAIR, starts_on=datetime.date(2023, 1, 1)
    )
    factories.VisitParticipantFactory(visit=with_chair, person=chair, role="ordförande")
    client.force_login(coordinator)

    response = client.get(en("visit-list"))

    flags = {v.pk: v.has_chair for v in response.context["visits"]}
    assert flags == {flagged.pk: False, with_chair.pk: True}
    assert response.text.count("Twin-town visit without the chair (S14)") == 1
