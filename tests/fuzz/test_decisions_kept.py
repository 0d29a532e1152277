"""Hypothesis drives the admin's decision, application and relationship forms over outcome x
status x kind x decision (#11): no recorded decision changes (only its justering and anslag
dates, filled in once), a decided application stays as decided, and a link to a decision,
once set, stays. Every answer is sound (no 500, a message in Swedish, nothing half-saved)."""

import contextlib
import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.models import Decision, Outcome
from partners.models import Relationship, RelationshipKind, RelationshipStatus
from projects.models import Application, ApplicationKind, ApplicationStatus
from tests import factories
from tests.admin_forms import admin_url
from tests.fuzz.integrity import rolled_back
from tests.fuzz.submit import FUZZ

pytestmark = pytest.mark.django_db

DAYS = st.dates(min_value=datetime.date(2025, 1, 1), max_value=datetime.date(2026, 4, 15))
OUTCOMES = st.sampled_from([*Outcome.values, "", "revoked"])
TEXTS = st.text(max_size=40)


def _columns(model, pk, names):
    attnames = [model._meta.get_field(name).attname for name in names]
    return model.objects.filter(pk=pk).values(*attnames).get()


DECISION_KEPT = (
    "body",
    "meeting",
    "meeting_date",
    "paragraph",
    "case_number",
    "title_sv",
    "outcome",
    "text",
)


@pytest.fixture
def recorded(kf):
    return factories.DecisionFactory(body=kf, paragraph=172, title_sv="Vänort", text="Beslut")


def test_decision_change_form_changes_no_recorded_field(fuzz_client, coordinator, recorded, ks):
    fuzz_client.force_login(coordinator)
    url = admin_url(Decision, "change", recorded.pk)
    before = _columns(Decision, recorded.pk, DECISION_KEPT)

    @settings(FUZZ)
    @given(
        body=st.sampled_from([recorded.body_id, ks.pk]),
        meeting_date=DAYS,
        paragraph=st.integers(min_value=-1, max_value=10_000),
        title=TEXTS,
        outcome=OUTCOMES,
        minutes=st.one_of(st.just(""), DAYS),
    )
    def post(body, meeting_date, paragraph, title, outcome, minutes):
        with rolled_back():
            response = fuzz_client.post(
                url,
                {
                    "body": body,
                    "meeting_date": meeting_date.isoformat(),
                    "paragraph": paragraph,
                    "title_sv": title,
                    "outcome": outcome,
                    "text": title,
                    "minutes_approved_on": str(minutes),
                },
            )
            assert response.status_code in (200, 302)
            assert _columns(Decision, recorded.pk, DECISION_KEPT) == before

    post()


def test_decided_application_change_form_changes_nothing(fuzz_client, coordinator, ks, bun):
    application = factories.DecidedApplicationFactory(
        addressed_to=bun, project=factories.ProjectFactory(responsible_body=bun)
    )
    fuzz_client.force_login(coordinator)
    url = admin_url(Application, "change", application.pk)
    names = ("kind", "title", "summary", "addressed_to", "status", "decision", "cost")
    before = _columns(Application, application.pk, names)

    @settings(FUZZ)
    @given(
        kind=st.sampled_from(ApplicationKind.values),
        status=st.sampled_from(ApplicationStatus.values),
        addressed_to=st.sampled_from([bun.pk, ks.pk]),
        decision=st.sampled_from(["", application.decision_id]),
        title=TEXTS,
    )
    def post(kind, status, addressed_to, decision, title):
        with rolled_back():
            response = fuzz_client.post(
                url,
                {
                    "kind": kind,
                    "status": status,
                    "addressed_to": addressed_to,
                    "decision": decision,
                    "title": title,
                    "summary": title,
                },
            )
            assert response.status_code in (200, 302)
            assert _columns(Application, application.pk, names) == before

    post()


def test_relationship_keeps_its_establishing_decision(fuzz_client, coordinator, kf):
    first = factories.DecisionFactory(body=kf)
    other = factories.DecisionFactory(body=kf)
    relationship = factories.RelationshipFactory(
        kind=RelationshipKind.TWIN_TOWN, status=RelationshipStatus.ACTIVE, established_by=first
    )

    @settings(FUZZ)
    @given(
        established_by=st.sampled_from([other.pk, "", first.pk]),
        ended_by=st.sampled_from(["", other.pk]),
    )
    def save(established_by, ended_by):
        with rolled_back():
            record = Relationship.objects.get(pk=relationship.pk)
            record.established_by_id = established_by or None
            record.ended_by_id = ended_by or None
            with contextlib.suppress(ValidationError):  # a refusal; the row is what is checked
                record.save()
            assert Relationship.objects.get(pk=relationship.pk).established_by_id == first.pk

    save()
