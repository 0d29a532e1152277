"""schemathesis against the open data API's OpenAPI description (/api/schema/).

Issue #6 (reliability): no answer is a 500, and every answer is what the description says
(status, content type, headers, body). The API is read-only (S20: published records only),
so the generated requests, valid and invalid alike, must change no row either.
"""

import datetime
import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import settings
from schemathesis import checks

from governance.models import Meeting
from partners.models import NordicMeeting
from tests import factories
from tests.fuzz.integrity import changed_tables, snapshot
from tests.fuzz.submit import FUZZ

# Every answer checked against the description. Not checked: that invalid input is refused
# (unknown query parameters are ignored, as in most APIs) and that valid input is accepted (a
# well-formed filter value that matches no record is refused with 400, as documented).
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


def _published_world():
    """One published record of each kind the API lists, linked as on the public site."""
    kf = factories.BodyFactory(short_name="KF", name="Kommunfullmäktige", kind="council")
    decision = factories.DecisionFactory(body=kf, meeting_date=datetime.date(2016, 6, 27))
    strategy = factories.StrategyFactory(adopted_by=decision)
    objective = factories.ObjectiveFactory(strategy=strategy)
    place = factories.PlaceFactory(slug="joniskis", published=True)
    chain = factories.ChainFactory()
    relationship = factories.RelationshipFactory(place=place, chain=chain, published=True)
    factories.AgreementFactory(relationship=relationship, decision=decision)
    project = factories.ProjectFactory(slug="skolutbyte", published=True)
    project.places.add(place)
    project.objectives.add(objective)
    Meeting._base_manager.filter(pk=factories.MeetingFactory(body=kf).pk).update(is_public=True)
    NordicMeeting.objects.create(chain=chain, year=2024, host=place)


def _description() -> dict:
    """The OpenAPI description as /api/schema/ serves it (drf-spectacular, no request)."""
    return SchemaGenerator().get_schema(request=None, public=True)


# Loaded when the module is collected: generating the description reads no database. (The
# fixture loader, schemathesis.pytest.from_fixture, fails under pytest 9 in schemathesis
# 4.32: it reads ``request.node._nodeid``, which pytest 9 no longer has.)
schema = schemathesis.openapi.from_dict(json.loads(json.dumps(_description(), default=str)))
schema.app = WSGIHandler()


@pytest.fixture
def published_world(db):
    """Published records, served over in-process WSGI from the test database."""
    _published_world()
    # As Django's test client does: a request must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_description_fuzzed_is_the_one_served(client):
    """The description given to schemathesis is the one at /api/schema/ (issue #6)."""
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    assert response.json() == schema.raw_schema


@schema.parametrize()
@settings(FUZZ, max_examples=12)
def test_api_answers_as_described(published_world, case):
    """Valid and invalid requests: no 500, and answers conform to the description (S20)."""
    before = snapshot()

    case.call_and_validate(checks=CHECKS)

    assert changed_tables(before, snapshot()) == []
