"""An application is addressed to its project's responsible body, one at a time per project,
and a new twin town is not proposed for a place that has one (#11, S7, S8, S12).

Through the model (every path), the database's constraint, ``decide`` and the admin's add form.
The staff application form takes the body from the project
(tests/staff/views/test_project_decisions.py).
"""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from governance.models import Decision, Outcome
from partners.models import Relationship
from projects.models import Application, ApplicationKind, ApplicationStatus, ProjectStatus
from projects.services import applications, funding
from tests import factories
from tests.admin_forms import admin_url, shows
from tests.staff.conftest import board_member

pytestmark = pytest.mark.django_db

ONE_UNDER_WAY = (
    "Projektet har redan en ansökan på väg till beslut (ett utkast, på samråd eller inlämnad); "
    "fortsätt med den, eller dra tillbaka den först (#11)."
)


def addressed_to_responsible(body_name):
    return (
        f"Ansökan ställs till projektets ansvariga nämnd, {body_name}, som beslutar om arbetet "
        "och bär dess kostnad (S8, S12)."
    )


def twin_town_exists(place_name):
    return (
        f"{place_name} är redan en aktiv vänort; en ort har högst en (S7). En ny ansökan om "
        "orten gäller ett partnerskap eller den befintliga vänorten."
    )


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 9, 0), tick=False):
        yield datetime.date(2026, 6, 15)


@pytest.fixture
def bun_project(bun):
    project = factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.PLANNED)
    check = factories.FundingCheckFactory(project=project)
    funding.complete_funding_check(project, by=check.checked_by, on=datetime.date(2026, 2, 2))
    project.refresh_from_db()
    return project


def _application(project, **fields):
    values = {
        "kind": ApplicationKind.PARTNERSHIP,
        "title": "Partnerskap",
        "summary": "Ett partnerskap om barns rättigheter.",
        "project": project,
        "addressed_to": project.responsible_body,
    }
    return Application(**{**values, **fields})


# --- Addressed to the project's responsible body ----------------------------------------------


def test_an_application_addressed_to_another_body_than_the_projects_is_refused(bun_project, ks):
    """A KS approval of BUN's work cannot even be asked for (S8, S12)."""
    with pytest.raises(ValidationError) as refusal:
        _application(bun_project, addressed_to=ks).save()

    assert refusal.value.message_dict["addressed_to"] == [
        addressed_to_responsible("Barn- och utbildningsnämnden")
    ]
    assert not Application.objects.exists()


def test_an_application_to_the_projects_body_is_saved(bun_project):
    _application(bun_project).save()

    assert Application.objects.get().addressed_to == bun_project.responsible_body


def test_moving_the_application_to_another_project_moves_its_body_too(bun_project, ks):
    application = _application(bun_project)
    application.save()
    application.project = factories.ProjectFactory(responsible_body=ks)

    with pytest.raises(ValidationError) as refusal:
        application.save()

    [message] = refusal.value.message_dict["addressed_to"]
    assert message == addressed_to_responsible("Kommunstyrelsen")
    assert Application.objects.get().project == bun_project


def test_admin_add_of_an_application_to_another_body_is_refused(
    client, coordinator, bun_project, ks
):
    client.force_login(coordinator)
    data = {
        "kind": ApplicationKind.PARTNERSHIP,
        "title": "Partnerskap",
        "summary": "Ett partnerskap.",
        "project": bun_project.pk,
        "addressed_to": ks.pk,
    }

    response = client.post(admin_url(Application, "add"), data)

    assert response.status_code == 200
    assert shows(response, addressed_to_responsible("Barn- och utbildningsnämnden"))
    assert not Application.objects.exists()


# --- One application under way per project ----------------------------------------------------


@pytest.mark.parametrize(
    "status",
    [ApplicationStatus.DRAFT, ApplicationStatus.IN_CONSULTATION, ApplicationStatus.SUBMITTED],
)
def test_a_second_application_under_way_is_refused(bun_project, status):
    factories.ApplicationFactory(project=bun_project, status=status)

    with pytest.raises(ValidationError) as refusal:
        _application(bun_project, title="En till").save()

    assert refusal.value.messages == [ONE_UNDER_WAY]
    assert Application.objects.count() == 1


def test_after_a_withdrawal_or_a_decision_a_new_application_may_follow(bun_project):
    applications.withdraw(factories.ApplicationFactory(project=bun_project))
    factories.DecidedApplicationFactory(
        project=bun_project, decision=factories.DecisionFactory(body=bun_project.responsible_body)
    )

    _application(bun_project, title="Förlängning").save()

    assert Application.objects.filter(project=bun_project).count() == 3


def test_the_database_refuses_a_second_application_under_way(bun_project):
    factories.ApplicationFactory(project=bun_project)

    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.bulk_create([_application(bun_project, title="Runt modellen")])

    assert Application.objects.count() == 1


def test_admin_add_of_a_second_application_is_refused(client, coordinator, bun_project):
    factories.ApplicationFactory(project=bun_project)
    client.force_login(coordinator)
    data = {
        "kind": ApplicationKind.PARTNERSHIP,
        "title": "En till",
        "summary": "Ett partnerskap.",
        "project": bun_project.pk,
        "addressed_to": bun_project.responsible_body.pk,
    }

    response = client.post(admin_url(Application, "add"), data)

    assert response.status_code == 200
    assert shows(response, ONE_UNDER_WAY)
    assert Application.objects.count() == 1


# --- A new twin town for a place that has one ---------------------------------------------------


def _twin_town_application(place, kf):
    return factories.ApplicationFactory(
        kind=ApplicationKind.TWIN_TOWN,
        project=None,
        proposed_place=place,
        addressed_to=kf,
        why_not_partnership="Kontakter över alla verksamhetsområden.",
    )


def test_a_new_twin_town_is_not_proposed_for_a_place_that_has_one(kf):
    place = factories.PlaceFactory(name="Joniškis")
    factories.RelationshipFactory(place=place)  # active, of earlier years

    with pytest.raises(ValidationError) as refusal:
        _twin_town_application(place, kf)

    assert refusal.value.message_dict["proposed_place"] == [twin_town_exists("Joniškis")]
    assert not Application.objects.exists()


def test_kf_cannot_approve_a_second_twin_town_for_a_place(kf):
    """The place got its twin town while the application waited: approval is refused (S7)."""
    kf_member = board_member("kf-ledamot", kf, datetime.date(2022, 10, 15))
    place = factories.PlaceFactory(name="Tartu")
    application = applications.submit(
        _twin_town_application(place, kf), on=datetime.date(2026, 3, 1)
    )
    # Written around the model, as by another path before #11: the place is a twin town now.
    Relationship.objects.bulk_create([factories.RelationshipFactory.build(place=place)])

    with pytest.raises(ValidationError) as refusal:
        applications.decide(
            application,
            by=kf_member,
            outcome=Outcome.APPROVED,
            meeting_date=datetime.date(2026, 4, 20),
            paragraph=55,
        )

    assert refusal.value.messages == [twin_town_exists("Tartu")]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert not Decision.objects.exists()
    assert Relationship.objects.filter(place=place).count() == 1


def test_kfs_approval_of_a_new_twin_town_establishes_it(kf):
    kf_member = board_member("kf-ledamot", kf, datetime.date(2022, 10, 15))
    place = factories.PlaceFactory(name="Tartu")
    application = applications.submit(
        _twin_town_application(place, kf), on=datetime.date(2026, 3, 1)
    )

    decision = applications.decide(
        application,
        by=kf_member,
        outcome=Outcome.APPROVED,
        meeting_date=datetime.date(2026, 4, 20),
        paragraph=55,
    )

    twin_town = Relationship.objects.get(place=place)
    assert (twin_town.status, twin_town.established_by) == ("active", decision)
    assert not twin_town.lacks_establishing_decision
