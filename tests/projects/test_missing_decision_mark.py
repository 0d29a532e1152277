"""The stored mark of approved work lacking its political decision (#15, S7, S8):
``projects.missing_decisions``.

Whether approved work lacks its decision is one rule (``predicates.lacks_approving_decision``,
its queryset form ``Project.objects.approved_without_decision``); the dashboard, the yearly
report and the list of work awaiting publication read the mark it keeps
(``projects.MissingDecision``). After every kind of change the rule depends on (a decision
recorded or corrected, an application withdrawn, a project's status, kind, cost, "needs a
decision" or responsible body changed, the spreadsheet import, writes in bulk followed by the
command) the mark must equal the rule.
"""

import base64
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from followup.queries import dashboard
from governance import services as governance_services
from projects import missing_decisions, predicates, queries
from projects.models import MissingDecision, Project, ProjectKind, ProjectStatus
from projects.services import applications
from tests import factories
from tests.staff import conftest as staff

# The staff tests' fixtures, reused; the tests run on the staff tests' fixed day (2026-04-15).
bun_administration = staff.bun_administration
bun_project = staff.bun_project
contributor = staff.contributor
frozen_today = staff.frozen_today

pytestmark = pytest.mark.django_db


def marked() -> set:
    return set(MissingDecision.objects.values_list("project_id", flat=True))


def assert_mark_is_the_rule() -> set:
    """The mark and the rule agree on every project, as does the predicate on each; the
    projects lacking their decision."""
    expected = set(Project.objects.approved_without_decision().values_list("pk", flat=True))
    assert marked() == expected
    assert not missing_decisions.disagreements()
    for project in Project.objects.all():
        assert predicates.lacks_approving_decision(project) == (project.pk in expected)
    return expected


def _stored_as(project, **fields):
    """Written as earlier years' work was stored (in bulk, no signal), then the command."""
    Project.objects.filter(pk=project.pk).update(**fields)
    call_command("rebuild_decision_marks", verbosity=0)
    project.refresh_from_db()
    return project


@pytest.fixture
def lacking(bun_project):
    """A partnership of BUN stored as completed without any decision."""
    return _stored_as(bun_project, kind=ProjectKind.PARTNERSHIP, status=ProjectStatus.COMPLETED)


def _apply(project, applicant, **fields):
    application = factories.ApplicationFactory(
        project=project,
        addressed_to=project.responsible_body,
        submitted_by=applicant.person,
        **fields,
    )
    return applications.submit(application, on=datetime.date(2026, 2, 1))


def _decide(application, member, outcome="approved"):
    return applications.decide(
        application,
        by=member,
        outcome=outcome,
        meeting_date=datetime.date(2026, 3, 10),
        paragraph=41,
        case_number="BUN 2026/41",
    )


def test_work_stored_in_bulk_is_marked_by_the_command_which_reports_it(bun_project, capsys):
    Project.objects.filter(pk=bun_project.pk).update(
        kind=ProjectKind.PARTNERSHIP, status=ProjectStatus.COMPLETED
    )
    assert missing_decisions.disagreements().marked == {bun_project.pk}

    with pytest.raises(CommandError):
        call_command("rebuild_decision_marks", "--check")
    assert marked() == set()  # --check writes nothing

    call_command("rebuild_decision_marks")
    assert "1 projects were marked as lacking their decision" in capsys.readouterr().out
    assert assert_mark_is_the_rule() == {bun_project.pk}
    call_command("rebuild_decision_marks", "--check")
    assert "Every project's mark of a missing decision agrees" in capsys.readouterr().out


def test_the_dashboard_row_and_the_unpublished_list_read_the_mark(lacking):
    row = dashboard.missing_decisions_row(datetime.date(2026, 4, 15))
    assert [item.label for item in row.items] == [lacking.title]
    assert queries.awaiting_publication() == ([], 0)

    # A mark the rule does not back (a raw repair gone wrong) is what the pages show, until the
    # command puts it right: they read the mark, never the rule.
    MissingDecision.objects.all().delete()
    assert dashboard.missing_decisions_row(datetime.date(2026, 4, 15)).ok
    assert queries.awaiting_publication()[1] == 1
    call_command("rebuild_decision_marks", verbosity=0)
    assert not dashboard.missing_decisions_row(datetime.date(2026, 4, 15)).ok


def test_an_approving_decision_recorded_removes_the_mark(lacking, contributor, bun_member):
    _decide(_apply(lacking, contributor), bun_member)

    assert assert_mark_is_the_rule() == set()
    assert queries.awaiting_publication()[1] == 1


def test_a_rejecting_decision_leaves_the_mark(lacking, contributor, bun_member):
    _decide(_apply(lacking, contributor), bun_member, outcome="rejected")

    assert assert_mark_is_the_rule() == {lacking.pk}


def test_a_corrected_decision_keeps_the_mark_the_rule(
    lacking, contributor, bun_member, coordinator
):
    decision = _decide(_apply(lacking, contributor), bun_member)

    governance_services.correct_decision(
        decision, by=coordinator, field="paragraph", corrected="42", reason="Felskrivet."
    )

    assert assert_mark_is_the_rule() == set()


def test_an_application_withdrawn_leaves_the_mark(lacking, contributor):
    applications.withdraw(_apply(lacking, contributor))

    assert assert_mark_is_the_rule() == {lacking.pk}


@pytest.mark.parametrize(
    "change",
    [
        {"status": ProjectStatus.CANCELLED},
        {"kind": ProjectKind.CULTURE},
        {"kind": ProjectKind.SCHOOL_EXCHANGE, "own_cost": Decimal("100")},
    ],
    ids=["cancelled", "no longer a partnership", "a cheap school exchange"],
)
def test_a_change_of_the_project_that_ends_the_need_removes_the_mark(lacking, change, settings):
    settings.SCHOOL_EXCHANGE_DECISION_THRESHOLD = 50000
    for name, value in change.items():
        setattr(lacking, name, value)
    lacking.save()

    assert assert_mark_is_the_rule() == set()


def test_needs_decision_and_cost_set_again_mark_the_work_stored_without_it(bun_project, settings):
    settings.SCHOOL_EXCHANGE_DECISION_THRESHOLD = 50000
    project = _stored_as(
        bun_project,
        kind=ProjectKind.SCHOOL_EXCHANGE,
        own_cost=Decimal("100"),
        needs_decision=False,
        status=ProjectStatus.COMPLETED,
    )
    assert assert_mark_is_the_rule() == set()

    # Stored before #11 in that state, it may still be saved: the rule is on entering it.
    Project.objects.filter(pk=project.pk).update(needs_decision=True)
    missing_decisions.refresh([project.pk])
    assert assert_mark_is_the_rule() == {project.pk}

    project.refresh_from_db()
    project.needs_decision = False
    project.save()
    assert assert_mark_is_the_rule() == set()


def test_another_responsible_body_keeps_the_mark_of_work_still_lacking(lacking, ks):
    lacking.responsible_body = ks
    lacking.save()

    assert assert_mark_is_the_rule() == {lacking.pk}


def test_a_refused_change_into_the_lack_changes_no_mark(bun_project, contributor, bun_member, ks):
    _stored_as(bun_project, kind=ProjectKind.PARTNERSHIP)  # planned: needs BUN's decision
    _decide(_apply(bun_project, contributor), bun_member)
    project = Project.objects.get(pk=bun_project.pk)
    assert project.status == ProjectStatus.APPROVED
    assert assert_mark_is_the_rule() == set()

    project.responsible_body = ks  # KS has not approved it: entering the lack is refused
    with pytest.raises(ValidationError):
        project.save()

    assert assert_mark_is_the_rule() == set()


def test_the_spreadsheet_import_cancelling_work_removes_its_mark(client, coordinator, lacking):
    client.force_login(coordinator)
    content = "\n".join(
        [
            "slug,title,kind,status,responsible_body,published",
            f"{lacking.slug},{lacking.title_sv},{lacking.kind},cancelled,BUN,0",
        ]
    ).encode()

    response = client.post(
        reverse("followup:import", kwargs={"dataset": "projects"}),
        {"payload": base64.b64encode(content).decode(), "format": "csv"},
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    lacking.refresh_from_db()
    assert lacking.status == ProjectStatus.CANCELLED
    assert assert_mark_is_the_rule() == set()


def test_a_refresh_of_unchanged_projects_costs_two_queries(lacking, django_assert_num_queries):
    ids = list(Project.objects.values_list("pk", flat=True))
    with django_assert_num_queries(2):
        assert not missing_decisions.refresh(ids)
