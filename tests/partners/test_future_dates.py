"""A relationship's status change is not dated after today (#11, S2): through the model,
the service ``record_status_change`` and the admin's status-change row."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from partners.models import RelationshipStatus, StatusChange
from partners.services import record_status_change
from tests import factories

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TODAY = datetime.date(2026, 4, 15)
TOMORROW = TODAY + datetime.timedelta(days=1)
FUTURE_CHANGE = "En statusändring kan inte dateras senare än i dag; registrera den samma dag."


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 4, 15, 23, 30, tzinfo=STOCKHOLM), tick=False):
        yield


@pytest.fixture
def relationship(db):
    return factories.RelationshipFactory(status=RelationshipStatus.ACTIVE)


def _unchanged(relationship):
    relationship.refresh_from_db()
    assert relationship.status == RelationshipStatus.ACTIVE
    assert relationship.ended_on is None
    assert relationship.history.count() == 1
    assert StatusChange.objects.count() == 0
    assert StatusChange.history.count() == 0


def test_status_change_model_refuses_a_date_after_today(relationship):
    change = StatusChange(
        relationship=relationship,
        changed_on=TOMORROW,
        from_status=RelationshipStatus.ACTIVE,
        to_status=RelationshipStatus.DORMANT,
        reason="Vilande.",
    )

    with pytest.raises(ValidationError) as error:
        change.save()

    assert error.value.message_dict["changed_on"] == [FUTURE_CHANGE]
    _unchanged(relationship)


def test_service_refuses_a_status_change_after_today(relationship):
    with pytest.raises(ValidationError) as error:
        record_status_change(
            relationship, to_status=RelationshipStatus.ENDED, on=TOMORROW, reason="Avslutad."
        )

    assert error.value.message_dict["changed_on"] == [FUTURE_CHANGE]
    _unchanged(relationship)


def test_service_records_a_status_change_today(relationship):
    change = record_status_change(
        relationship, to_status=RelationshipStatus.ENDED, on=TODAY, reason="Avslutad."
    )

    assert change.changed_on == TODAY
    relationship.refresh_from_db()
    assert (relationship.status, relationship.ended_on) == (RelationshipStatus.ENDED, TODAY)


def test_admin_refuses_a_status_change_row_after_today(client, coordinator, relationship):
    client.force_login(coordinator)
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
        "status_changes-TOTAL_FORMS": "1",
        "status_changes-INITIAL_FORMS": "0",
        "status_changes-0-changed_on": TOMORROW.isoformat(),
        "status_changes-0-to_status": "ended",
        "status_changes-0-reason_sv": "Avslutad.",
    }

    response = client.post(
        reverse("admin:partners_relationship_change", args=[relationship.pk]), data
    )

    assert response.status_code == 200
    assert escape(FUTURE_CHANGE) in response.content.decode()
    _unchanged(relationship)
