"""A school's own work (#12): the one next step of a project, the moves of its status the
rules allow (S6, S8, S11), the application kind that fits the project, participants counted
never below zero (S15), and the application that takes the project's cost and objectives."""

import datetime
import decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from governance.models import BodyKind, Outcome, ParticipantLevel, Role
from projects import predicates, steps
from projects.models import (
    Application,
    ApplicationKind,
    ParticipantCount,
    ProjectKind,
    ProjectStatus,
    application_kind_for,
)
from projects.services import applications, funding
from projects.services import projects as project_service
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 4, 15)


@pytest.fixture(autouse=True)
def pinned_day():
    """A fixed day, and English words (the Swedish ones are asserted where they matter)."""
    with (
        time_machine.travel(datetime.datetime(2026, 4, 15, 10, 0), tick=False),
        translation.override("en"),
    ):
        yield


@pytest.fixture
def checker():
    return factories.PersonFactory()


def _check_completed(project, person):
    factories.FundingCheckFactory(project=project, checked_by=person)
    funding.complete_funding_check(project, by=person, on=datetime.date(2026, 2, 2))
    project.refresh_from_db()
    return project


def _exchange(bun, **fields):
    """A school exchange below the S11 threshold: it needs no political decision."""
    defaults = {"kind": ProjectKind.SCHOOL_EXCHANGE, "responsible_body": bun, "own_cost": 0}
    return factories.ProjectFactory(**{**defaults, **fields, "status": ProjectStatus.PLANNED})


def _code(project):
    step = steps.next_step(project)
    return step.code if step else None


# --- next_step -----------------------------------------------------------------------------


def test_an_idea_is_planned_first(bun):
    project = factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.IDEA)

    step = steps.next_step(project)

    assert step.code == steps.PLAN
    with translation.override("sv"):
        assert step.url == f"/arbete/projekt/{project.pk}/andra/"


def test_work_needing_a_decision_writes_the_application_first(bun):
    project = factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.PLANNED)

    step = steps.next_step(project)

    assert project.requires_decision  # a partnership (S8)
    assert step.code == steps.WRITE_APPLICATION
    with translation.override("sv"):
        assert str(step.label) == "Skriv ansökan"
        assert step.url.endswith(f"?project={project.pk}")


def test_with_the_application_drafted_the_funding_check_is_next(bun, checker):
    project = factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.PLANNED)
    draft = factories.ApplicationFactory(project=project)

    assert _code(project) == steps.FUNDING_CHECK
    with translation.override("sv"):
        assert str(steps.next_step(project).label) == "Genomför finansieringskontrollen"

    _check_completed(project, checker)
    step = steps.next_step(project)
    assert step.code == steps.FOLLOW_APPLICATION
    assert step.url == f"/en/work/applications/{draft.pk}/"


def test_an_exchange_needing_no_decision_starts_after_its_check(bun, checker):
    project = _exchange(bun)
    assert _code(project) == steps.FUNDING_CHECK

    _check_completed(project, checker)

    assert _code(project) == steps.START


def test_ongoing_work_records_its_participants_then_completes(bun, checker):
    project = _check_completed(_exchange(bun), checker)
    project.status = ProjectStatus.ONGOING
    project.save()
    assert _code(project) == steps.RECORD_PARTICIPANTS

    factories.ParticipantCountFactory(project=project, level=ParticipantLevel.PUPIL, count=24)

    assert _code(project) == steps.COMPLETE


def test_completed_or_cancelled_work_has_no_next_step(bun, checker):
    project = _check_completed(_exchange(bun), checker)
    factories.ParticipantCountFactory(project=project, level=ParticipantLevel.PUPIL, count=24)
    project.status = ProjectStatus.COMPLETED
    project.save()
    cancelled = factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.CANCELLED)

    assert steps.next_step(project) is None
    assert steps.next_step(cancelled) is None


# --- the moves of a status (S6, S8, S11) -------------------------------------------------------


def test_without_a_completed_check_work_cannot_start(bun):
    project = _exchange(bun)

    assert predicates.project_moves(project) == (ProjectStatus.IDEA, ProjectStatus.CANCELLED)
    assert "funding check is completed (S6)" in predicates.project_move_refusal(
        project, ProjectStatus.ONGOING
    )


def test_work_needing_a_decision_starts_only_after_its_approval(bun, checker):
    project = _check_completed(
        factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.PLANNED), checker
    )

    assert ProjectStatus.ONGOING not in predicates.project_moves(project)
    assert "needs a political decision (S8, S11)" in predicates.project_move_refusal(
        project, ProjectStatus.ONGOING
    )


def test_an_approved_project_moves_on_to_ongoing_and_completed(bun, checker, coordinator):
    project = _check_completed(
        factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.PLANNED), checker
    )
    factories.DecidedApplicationFactory(
        project=project, decision__outcome=Outcome.APPROVED, decision__body=bun
    )
    project.status = ProjectStatus.APPROVED
    project.save()

    project_service.move(project, to=ProjectStatus.ONGOING, by=coordinator)
    project_service.move(project, to=ProjectStatus.COMPLETED, by=coordinator)

    project.refresh_from_db()
    assert project.status == ProjectStatus.COMPLETED
    assert project.history.count() >= 3  # each move is in the record's history
    assert predicates.project_moves(project) == ()


def test_a_move_the_rules_do_not_allow_changes_nothing(bun, coordinator):
    project = _exchange(bun)

    with pytest.raises(ValidationError, match="cannot go from"):
        project_service.move(project, to=ProjectStatus.COMPLETED, by=coordinator)
    with pytest.raises(ValidationError, match="funding check is completed"):
        project_service.move(project, to=ProjectStatus.ONGOING, by=coordinator)

    project.refresh_from_db()
    assert project.status == ProjectStatus.PLANNED


def test_another_school_cannot_move_the_work(bun, contributor):
    administration = factories.BodyFactory(kind=BodyKind.ADMINISTRATION, parent=bun)
    sodra = factories.BodyFactory(kind=BodyKind.UNIT, parent=administration, name="Södra")
    vimar = factories.BodyFactory(kind=BodyKind.UNIT, parent=administration, name="Vimar")
    factories.MembershipFactory(
        person=contributor.person, body=vimar, role=Role.OFFICIAL, starts_on=TODAY
    )
    project = _exchange(bun, unit=sodra)

    with pytest.raises(PermissionDenied, match="Only staff of Södra"):
        project_service.move(project, to=ProjectStatus.CANCELLED, by=contributor)

    project.refresh_from_db()
    assert project.status == ProjectStatus.PLANNED


# --- the application kind fits the project (#12) ----------------------------------------------


@pytest.mark.parametrize(
    ("project_kind", "application_kind"),
    [
        (ProjectKind.SCHOOL_EXCHANGE, ApplicationKind.SCHOOL_EXCHANGE),
        (ProjectKind.YOUTH_EXCHANGE, ApplicationKind.YOUTH_EXCHANGE),
        (ProjectKind.STAFF_EXCHANGE, ApplicationKind.STAFF_EXCHANGE),
        (ProjectKind.PARTNERSHIP, ApplicationKind.PARTNERSHIP),
        (ProjectKind.CULTURE, ApplicationKind.PARTNERSHIP),
    ],
)
def test_each_project_kind_has_its_application_kind(bun, project_kind, application_kind):
    project = factories.ProjectFactory(responsible_body=bun, kind=project_kind)

    assert application_kind_for(project) == application_kind
    factories.ApplicationFactory(project=project, kind=application_kind).full_clean()


@pytest.mark.parametrize("wrong", [ApplicationKind.SCHOOL_EXCHANGE, ApplicationKind.PARTNERSHIP])
def test_a_youth_exchange_is_not_applied_for_as_another_kind(bun, wrong):
    """The case of the issue: refused as a school exchange, accepted as a partnership."""
    project = factories.ProjectFactory(
        responsible_body=bun, kind=ProjectKind.YOUTH_EXCHANGE, needs_decision=True
    )
    application = Application(
        kind=wrong, title="Ungdomsutbyte", summary="Ett utbyte.", project=project, addressed_to=bun
    )

    with pytest.raises(ValidationError) as refused:
        application.save()  # every path: the admin, the API, an import

    assert "the kind must fit the project" in str(refused.value.message_dict["kind"]).lower()
    assert "youth exchange" in str(refused.value.message_dict["kind"])
    assert Application.objects.count() == 0


def test_the_application_takes_the_projects_cost_and_objectives(bun, contributor):
    project = factories.ProjectFactory(
        responsible_body=bun,
        kind=ProjectKind.YOUTH_EXCHANGE,
        own_cost=decimal.Decimal("60000"),  # above the S11 threshold
    )
    objectives = factories.ObjectiveFactory.create_batch(2, strategy=factories.StrategyFactory())
    project.objectives.set(objectives)

    app = applications.save_draft(
        Application(
            title="Ungdomsutbyte", summary="Ett utbyte.", project=project, addressed_to=bun
        ),
        by=contributor.person,
    )

    assert app.kind == ApplicationKind.YOUTH_EXCHANGE
    assert app.cost == decimal.Decimal("60000")
    assert set(app.objectives.all()) == set(objectives)


def test_a_youth_exchange_needing_no_decision_is_not_applied_for(bun, contributor):
    """S11 holds for youth exchanges as for school exchanges."""
    project = factories.ProjectFactory(responsible_body=bun, kind=ProjectKind.YOUTH_EXCHANGE)

    with pytest.raises(ValidationError, match="needs no political decision"):
        applications.save_draft(
            Application(title="U", summary="U.", project=project, addressed_to=bun),
            by=contributor.person,
        )

    assert Application.objects.count() == 0


# --- participants are counted, never below zero (S15) ----------------------------------------


def test_a_count_below_zero_is_refused_in_words(bun):
    project = factories.ProjectFactory(responsible_body=bun)

    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        ParticipantCount(project=project, level=ParticipantLevel.PUPIL, count=-1).save()

    with translation.override("sv"):
        assert refused.value.message_dict["count"] == [
            "Ett antal deltagare kan inte vara mindre än noll."
        ]
    assert ParticipantCount.objects.count() == 0
