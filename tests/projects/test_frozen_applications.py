"""A decided application is frozen, and so is the link between a decision and what it decided
(#11): the model refuses a change whatever path saves it, the admin shows the fields read-only,
and the refusal says what to do instead."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from partners.models import Relationship, StatusChange
from projects.models import Application, SteeringGroup
from tests import factories
from tests.admin_forms import admin_url

pytestmark = pytest.mark.django_db

FROZEN = (
    "Ett beslutat ärende är en allmän handling och ändras inte. Ett fel i beslutet rättas genom "
    "en rättelse; en ändring av arbetet kräver en ny ansökan och ett nytt beslut."
)
LINK_KEPT = (
    "Länken till beslutet registreras en gång och ändras inte. Ett felaktigt beslut upphävs "
    "eller ersätts genom ett senare beslut av organet, som registreras för sig."
)


@pytest.fixture
def decided(bun):
    return factories.DecidedApplicationFactory(
        addressed_to=bun, project=factories.ProjectFactory(responsible_body=bun), title="Utbyte"
    )


def _refused(record, field):
    with pytest.raises(ValidationError) as error:
        record.save()
    return error.value.message_dict[field]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Annat utbyte"),
        ("summary", "Annat innehåll"),
        ("cost", 99000),
        ("consultation_view", "Tillstyrks i efterhand."),
    ],
)
def test_decided_application_is_not_changed(decided, field, value):
    setattr(decided, field, value)

    assert FROZEN in _refused(decided, field)
    stored = Application.objects.get()
    assert getattr(stored, field) != value
    assert stored.history.count() == 1


def test_decided_application_cannot_be_readdressed(decided, ks):
    decided.addressed_to = ks

    assert FROZEN in _refused(decided, "addressed_to")
    assert Application.objects.get().addressed_to.short_name == "BUN"


def test_decision_link_of_an_application_does_not_change(decided, bun):
    other = factories.DecisionFactory(body=bun)
    original = decided.decision_id
    decided.decision = other

    assert FROZEN in _refused(decided, "decision")
    assert Application.objects.get().decision_id == original


def test_objectives_of_a_decided_application_stay(decided):
    objective = factories.ObjectiveFactory()

    with pytest.raises(ValidationError) as error, transaction.atomic():
        decided.objectives.add(objective)

    assert error.value.message_dict["objectives"] == [FROZEN]
    assert decided.objectives.count() == 0


def test_undecided_application_still_changes(bun):
    application = factories.ApplicationFactory(
        project=factories.ProjectFactory(responsible_body=bun)
    )
    application.title = "Nytt namn"
    application.save()

    assert Application.objects.get().title == "Nytt namn"


def test_admin_shows_a_decided_application_read_only(client, coordinator, decided):
    client.force_login(coordinator)
    url = admin_url(Application, "change", decided.pk)

    page = client.get(url)
    client.post(url, {"title": "Ändrad", "summary": "Ändrad", "kind": decided.kind})

    fields = page.context["adminform"].form.fields
    assert not {"title", "summary", "addressed_to", "project", "objectives"} & set(fields)
    assert Application.objects.get().title == "Utbyte"


# --- The links from what was decided to its decision ------------------------------------------


def test_relationship_established_by_is_set_once(kf):
    relationship = factories.RelationshipFactory(kind="twin_town", status="active")
    first = factories.DecisionFactory(body=kf)
    relationship.established_by = first  # attached later, as the dashboard asks (#11)
    relationship.save()

    relationship.established_by = factories.DecisionFactory(body=kf)

    assert _refused(relationship, "established_by") == [LINK_KEPT]
    assert Relationship.objects.get().established_by == first


def test_status_change_decision_is_set_once(kf):
    change = factories.StatusChangeFactory(decision=factories.DecisionFactory(body=kf))
    original = change.decision_id

    change.decision = factories.DecisionFactory(body=kf)

    assert _refused(change, "decision") == [LINK_KEPT]
    assert StatusChange.objects.get().decision_id == original


def test_steering_group_appointing_decision_is_set_once(decided, bun):
    group = factories.SteeringGroupFactory(application=decided)

    group.appointed_by = factories.DecisionFactory(body=bun)

    assert LINK_KEPT in _refused(group, "appointed_by")
    assert SteeringGroup.objects.get().appointed_by_id == decided.decision_id
