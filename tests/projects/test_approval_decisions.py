"""Work that needs a political decision is approved, ongoing or completed only with its
responsible body's approving decision (#11, S8, S11).

The rule is on entering that state (a new record, or a change of status, kind, cost, "needs a
decision" or responsible body into it), through the model on every path: here the model and
the admin's add and change forms; the staff page and the spreadsheet import have their own
tests (tests/staff/views/test_project_decisions.py, tests/followup/test_import_decisions.py).
Work stored in that state before the rule may still be saved with other edits; the dashboard
lists it (``Project.objects.approved_without_decision``).
"""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from governance.models import Outcome
from projects import predicates
from projects.models import Project, ProjectKind, ProjectStatus
from projects.services import applications
from tests import factories
from tests.admin_forms import admin_url, inline_rows, shows

pytestmark = pytest.mark.django_db


def needs_decision_of(body_name):
    return (
        "Arbetet kräver ett politiskt beslut (S8, S11): det blir godkänt, pågående eller "
        f"avslutat först när {body_name} bifaller en ansökan om det. Lämna en ansökan till "
        f"{body_name}; dess ledamöter eller sekreterare registrerar beslutet."
    )


FUNDING_CHECK_FIRST = "Arbete kan inte beviljas innan finansieringskontrollen är slutförd (S6)."


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 9, 0), tick=False):
        yield datetime.date(2026, 6, 15)


def _checked(project):
    """The funding check completed (S6), so only the decision is missing."""
    project.funding_check_closed_on = datetime.date(2026, 2, 2)
    project.funding_check_closed_by = factories.PersonFactory()
    project.save()
    return project


@pytest.fixture
def partnership(bun):
    return _checked(factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.PLANNED))


# --- The predicate ----------------------------------------------------------------------------


def test_only_an_approving_decision_of_the_responsible_body_counts(partnership):
    assert not predicates.has_approving_decision(partnership)
    rejected = factories.DecisionFactory(body=partnership.responsible_body, outcome="rejected")
    factories.DecidedApplicationFactory(project=partnership, decision=rejected)
    assert not predicates.has_approving_decision(partnership)
    factories.DecidedApplicationFactory(project=partnership)
    assert predicates.has_approving_decision(partnership)


def test_an_unsaved_project_has_no_decision(bun):
    project = Project(responsible_body=bun, kind=ProjectKind.PARTNERSHIP)
    project.status = ProjectStatus.APPROVED
    assert not predicates.has_approving_decision(project)
    assert predicates.lacks_approving_decision(project)


# --- The model ----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", predicates.APPROVED_STATUSES)
def test_work_needing_a_decision_does_not_enter_an_approved_state_without_it(partnership, status):
    partnership.status = status

    with pytest.raises(ValidationError) as refusal:
        partnership.save()

    assert refusal.value.message_dict["status"] == [
        needs_decision_of("Barn- och utbildningsnämnden")
    ]
    partnership.refresh_from_db()
    assert partnership.status == ProjectStatus.PLANNED


def test_the_responsible_bodys_approval_lets_the_work_go_on(partnership, bun_member):
    application = applications.submit(
        factories.ApplicationFactory(project=partnership), on=datetime.date(2026, 3, 1)
    )
    applications.decide(
        application,
        by=bun_member,
        outcome=Outcome.APPROVED,
        meeting_date=datetime.date(2026, 3, 10),
        paragraph=7,
    )
    partnership.refresh_from_db()
    assert partnership.status == ProjectStatus.APPROVED

    partnership.status = ProjectStatus.ONGOING
    partnership.save()

    assert Project.objects.get().status == ProjectStatus.ONGOING


def test_work_needing_no_decision_is_approved_without_one(bun):
    exchange = _checked(
        factories.ProjectFactory(responsible_body=bun, kind=ProjectKind.SCHOOL_EXCHANGE)
    )
    exchange.status = ProjectStatus.APPROVED
    exchange.save()

    assert Project.objects.get().status == ProjectStatus.APPROVED


def test_approved_work_does_not_come_to_need_a_decision_it_lacks(bun):
    """Ticking "needs a political decision" on approved work: it would claim a decision."""
    exchange = _checked(
        factories.ProjectFactory(responsible_body=bun, kind=ProjectKind.SCHOOL_EXCHANGE)
    )
    exchange.status = ProjectStatus.APPROVED
    exchange.save()
    exchange.needs_decision = True

    with pytest.raises(ValidationError) as refusal:
        exchange.save()

    assert refusal.value.message_dict["status"] == [
        needs_decision_of("Barn- och utbildningsnämnden")
    ]
    assert Project.objects.get().needs_decision is False


def test_another_bodys_approval_is_not_the_decision(partnership, ks):
    """The decision of KS on an application does not approve BUN's work (S8, S12)."""
    ks_decision = factories.DecisionFactory(body=ks)
    application = factories.DecidedApplicationFactory(project=partnership)
    # Written around the model, as a record from before #11 could be: KS decided it.
    type(application).objects.filter(pk=application.pk).update(
        decision=ks_decision, addressed_to=ks
    )
    partnership.status = ProjectStatus.APPROVED

    with pytest.raises(ValidationError):
        partnership.save()

    assert Project.objects.get().status == ProjectStatus.PLANNED
    assert list(Project.objects.approved_without_decision()) == []


def test_work_stored_approved_without_its_decision_is_saved_with_other_edits(partnership):
    """Approved before the rule (imported from earlier years): listed, and still editable."""
    Project.objects.filter(pk=partnership.pk).update(status=ProjectStatus.APPROVED)
    partnership.refresh_from_db()
    partnership.internal_notes = "Beslutet från 2015 ska hittas."
    partnership.status = ProjectStatus.COMPLETED
    partnership.save()

    stored = Project.objects.get()
    assert (stored.internal_notes, stored.status) == (
        "Beslutet från 2015 ska hittas.",
        ProjectStatus.COMPLETED,
    )
    assert list(Project.objects.approved_without_decision()) == [stored]


# --- The admin ----------------------------------------------------------------------------------


def _project_form(project, **fields):
    data = {
        "title_sv": project.title,
        "slug": project.slug,
        "kind": project.kind,
        "status": project.status,
        "responsible_body": project.responsible_body_id,
        "own_cost": "0",
        **inline_rows("funding_checks"),
        **inline_rows("participant_counts"),
        **inline_rows("costs"),
        **inline_rows("pictures"),  # #14
        **inline_rows("documents"),  # #12
    }
    return {**data, **fields}


def test_admin_add_of_approved_work_is_refused(client, coordinator, bun):
    client.force_login(coordinator)
    data = _project_form(
        Project(title="Partnerskap", slug="partnerskap", kind="partnership", responsible_body=bun),
        status=ProjectStatus.ONGOING,
    )

    response = client.post(admin_url(Project, "add"), data)

    assert response.status_code == 200
    # Without a completed funding check, S6 is what it lacks first.
    assert shows(response, FUNDING_CHECK_FIRST)
    assert not Project.objects.exists()


@pytest.mark.parametrize("status", predicates.APPROVED_STATUSES)
def test_admin_change_into_an_approved_state_without_the_decision_is_refused(
    client, coordinator, partnership, status
):
    client.force_login(coordinator)

    response = client.post(
        admin_url(Project, "change", partnership.pk), _project_form(partnership, status=status)
    )

    assert response.status_code == 200
    assert shows(response, needs_decision_of("Barn- och utbildningsnämnden"))
    partnership.refresh_from_db()
    assert partnership.status == ProjectStatus.PLANNED


def test_admin_change_of_kind_into_needing_the_decision_is_refused(client, coordinator, bun):
    culture = _checked(factories.ProjectFactory(responsible_body=bun, kind=ProjectKind.CULTURE))
    culture.status = ProjectStatus.ONGOING
    culture.save()
    client.force_login(coordinator)

    response = client.post(
        admin_url(Project, "change", culture.pk),
        _project_form(culture, kind=ProjectKind.PARTNERSHIP),
    )

    assert response.status_code == 200
    assert shows(response, needs_decision_of("Barn- och utbildningsnämnden"))
    culture.refresh_from_db()
    assert culture.kind == ProjectKind.CULTURE


def test_admin_change_after_the_approval_is_saved(client, coordinator, partnership):
    factories.DecidedApplicationFactory(project=partnership)
    client.force_login(coordinator)

    response = client.post(
        admin_url(Project, "change", partnership.pk),
        _project_form(partnership, status=ProjectStatus.ONGOING),
    )

    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.status == ProjectStatus.ONGOING


def test_the_project_list_offers_no_bulk_action_that_sets_a_status(client, coordinator):
    client.force_login(coordinator)

    response = client.get(admin_url(Project, "changelist"))

    choices = [value for value, _label in response.context["action_form"].fields["action"].choices]
    # Publishing (#12) asks the publishing service, which sets no status.
    assert [c for c in choices if c] == ["delete_selected", "complete_funding_check", "publish"]
