"""What each status of an application or a project allows (projects.predicates).

Every predicate is asked for every status, so a new status or a changed rule shows here.
"""

import datetime

import pytest

from governance.models import Outcome
from projects import predicates
from projects.models import Application, ApplicationStatus, Project, ProjectStatus
from tests import factories

DRAFT = ApplicationStatus.DRAFT
IN_CONSULTATION = ApplicationStatus.IN_CONSULTATION
SUBMITTED = ApplicationStatus.SUBMITTED
DECIDED = ApplicationStatus.DECIDED
WITHDRAWN = ApplicationStatus.WITHDRAWN
# Statuses a project may be saved in without a completed funding check (S6).
UNCHECKED = predicates.UNDECIDED_STATUSES


def _application(status, **fields):
    return Application(status=status, **fields)


def _allowed(predicate):
    """The application statuses for which ``predicate`` holds."""
    return [status for status in ApplicationStatus if predicate(_application(status))]


# --- applications: status alone ------------------------------------------------------------


def test_may_be_edited_only_before_it_is_sent_for_decision():
    assert _allowed(predicates.may_be_edited) == [DRAFT, IN_CONSULTATION]


def test_is_shown_to_deciding_body_once_it_leaves_the_draft_s8():
    assert _allowed(predicates.is_shown_to_deciding_body) == [
        IN_CONSULTATION,
        SUBMITTED,
        DECIDED,
        WITHDRAWN,
    ]


def test_may_be_submitted_from_draft_or_consultation_with_or_without_it_s9():
    assert _allowed(predicates.may_be_submitted) == [DRAFT, IN_CONSULTATION]


def test_may_be_consulted_until_decided_or_withdrawn_s9():
    assert _allowed(predicates.may_be_consulted) == [DRAFT, IN_CONSULTATION, SUBMITTED]


def test_starts_consultation_only_from_a_draft_s9():
    assert _allowed(predicates.starts_consultation) == [DRAFT]


def test_may_be_decided_only_when_submitted_s8():
    assert _allowed(predicates.may_be_decided) == [SUBMITTED]


def test_may_be_withdrawn_until_decided():
    assert _allowed(predicates.may_be_withdrawn) == [DRAFT, IN_CONSULTATION, SUBMITTED]


def test_is_decided_and_is_withdrawn_name_one_status_each():
    assert _allowed(predicates.is_decided) == [DECIDED]
    assert _allowed(predicates.is_withdrawn) == [WITHDRAWN]


def test_lacks_consultation_only_when_waiting_for_a_decision_without_it_s9():
    assert _allowed(predicates.lacks_consultation) == [SUBMITTED]


def test_lacks_consultation_not_once_the_network_gave_its_view_s9():
    consulted = _application(SUBMITTED, consultation_on=datetime.date(2026, 2, 1))

    assert not predicates.lacks_consultation(consulted)


def test_the_status_sets_cover_every_application_status_once():
    open_, closed = predicates.OPEN_APPLICATION_STATUSES, predicates.CLOSED_APPLICATION_STATUSES

    assert sorted([*open_, SUBMITTED, *closed]) == sorted(ApplicationStatus.values)
    assert predicates.SENT_APPLICATION_STATUSES == (SUBMITTED, DECIDED)


# --- applications: decision and funding check -------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (Outcome.APPROVED, True),
        (Outcome.REJECTED, False),
        (Outcome.RETURNED, False),
        (Outcome.NOTED, False),
    ],
)
def test_may_be_given_steering_group_only_after_approval_s8(db, outcome, expected):
    application = factories.DecidedApplicationFactory(decision__outcome=outcome)

    assert predicates.is_approved(application) is expected
    assert predicates.may_be_given_steering_group(application) is expected


@pytest.mark.parametrize("status", [DRAFT, IN_CONSULTATION, SUBMITTED, WITHDRAWN])
def test_may_be_given_steering_group_never_without_a_decision_s8(db, status):
    application = factories.ApplicationFactory(status=status)

    assert not predicates.may_be_given_steering_group(application)


def test_may_be_approved_needs_the_completed_funding_check_s6(db):
    application = factories.ApplicationFactory(status=SUBMITTED)

    assert not predicates.may_be_approved(application)

    application.project.funding_check_closed_on = datetime.date(2026, 2, 2)
    application.project.funding_check_closed_by = factories.PersonFactory()

    assert predicates.may_be_approved(application)


def test_may_be_approved_for_a_new_twin_town_that_has_no_project_s6():
    assert predicates.may_be_approved(_application(SUBMITTED, project=None))


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (DRAFT, True),
        (IN_CONSULTATION, True),
        (SUBMITTED, True),
        (DECIDED, False),
        (WITHDRAWN, False),
    ],
)
def test_needs_funding_warning_while_undecided_with_the_check_open_s6(db, status, expected):
    application = factories.ApplicationFactory(status=SUBMITTED)
    application.status = status

    assert predicates.needs_funding_warning(application) is expected
    assert application.needs_funding_warning is expected


@pytest.mark.parametrize("status", [DRAFT, IN_CONSULTATION, SUBMITTED, DECIDED, WITHDRAWN])
def test_needs_funding_warning_never_once_the_check_is_completed_s6(db, status):
    application = factories.ApplicationFactory(status=SUBMITTED)
    application.project.funding_check_closed_on = datetime.date(2026, 2, 2)
    application.status = status

    assert not predicates.needs_funding_warning(application)


def test_application_properties_ask_the_predicates():
    submitted = _application(SUBMITTED)

    assert (submitted.may_be_decided, submitted.may_be_edited, submitted.may_be_withdrawn) == (
        True,
        False,
        True,
    )
    assert (submitted.is_decided, submitted.is_withdrawn, submitted.lacks_consultation) == (
        False,
        False,
        True,
    )


# --- projects --------------------------------------------------------------------------------


def _project_statuses(predicate, **fields):
    return [status for status in ProjectStatus if predicate(Project(status=status, **fields))]


def test_counts_as_approved_from_approval_on_s6():
    assert _project_statuses(predicates.counts_as_approved) == [
        ProjectStatus.APPROVED,
        ProjectStatus.ONGOING,
        ProjectStatus.COMPLETED,
    ]


def test_undecided_statuses_are_every_status_not_counted_as_approved():
    assert sorted(predicates.UNDECIDED_STATUSES) == sorted(
        set(ProjectStatus.values) - set(predicates.APPROVED_STATUSES)
    )


def test_lacks_funding_check_for_approval_when_approved_with_the_check_open_s6():
    assert _project_statuses(predicates.lacks_funding_check_for_approval) == [
        ProjectStatus.APPROVED,
        ProjectStatus.ONGOING,
        ProjectStatus.COMPLETED,
    ]


def test_lacks_funding_check_for_approval_never_once_the_check_is_completed_s6():
    closed = {"funding_check_closed_on": datetime.date(2026, 2, 2)}

    assert _project_statuses(predicates.lacks_funding_check_for_approval, **closed) == []


def test_awaits_approval_as_an_idea_or_planned_s8():
    assert _project_statuses(predicates.awaits_approval) == [
        ProjectStatus.IDEA,
        ProjectStatus.PLANNED,
    ]


def test_is_current_when_planned_approved_or_ongoing_s16():
    assert _project_statuses(predicates.is_current) == [
        ProjectStatus.PLANNED,
        ProjectStatus.APPROVED,
        ProjectStatus.ONGOING,
    ]


def test_is_reported_unless_an_idea_or_cancelled_s22():
    assert _project_statuses(predicates.is_reported) == [
        ProjectStatus.PLANNED,
        ProjectStatus.APPROVED,
        ProjectStatus.ONGOING,
        ProjectStatus.COMPLETED,
    ]


def test_has_started_when_ongoing_or_completed():
    assert _project_statuses(predicates.has_started) == [
        ProjectStatus.ONGOING,
        ProjectStatus.COMPLETED,
    ]


def test_is_completed_and_is_cancelled_name_one_status_each():
    assert _project_statuses(predicates.is_completed) == [ProjectStatus.COMPLETED]
    assert _project_statuses(predicates.is_cancelled) == [ProjectStatus.CANCELLED]


def test_needs_funding_check_unless_cancelled_or_completed_s6():
    open_check = _project_statuses(predicates.needs_funding_check)
    closed = {"funding_check_closed_on": datetime.date(2026, 2, 2)}

    assert open_check == [s for s in ProjectStatus if s != ProjectStatus.CANCELLED]
    assert _project_statuses(predicates.needs_funding_check, **closed) == []


def test_querysets_filter_by_the_same_rules_as_the_predicates(db):
    projects = {status: factories.ProjectFactory(status=status) for status in UNCHECKED}

    assert set(Project.objects.current()) == {
        p for p in projects.values() if predicates.is_current(p)
    }
    assert set(Project.objects.without_completed_funding_check()) == {
        p for p in projects.values() if predicates.needs_funding_check(p)
    }
