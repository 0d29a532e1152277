"""The path of an application to its decision, through the domain services (S6-S9)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from governance.models import Decision
from partners.models import Relationship
from projects.models import ApplicationKind, ApplicationStatus, ProjectStatus
from projects.services import applications, funding
from tests import factories


@pytest.fixture
def bun_application(bun):
    project = factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.PLANNED)
    application = factories.ApplicationFactory(project=project, addressed_to=bun)
    return applications.submit(application, on=datetime.date(2026, 2, 1))


def _complete_check(project):
    check = factories.FundingCheckFactory(project=project)
    funding.complete_funding_check(project, by=check.checked_by, on=datetime.date(2026, 2, 2))


def _decide(application, user, **overrides):
    arguments = {
        "by": user,
        "outcome": "approved",
        "meeting_date": datetime.date(2026, 3, 10),
        "paragraph": 12,
        "case_number": "BUN 2026/4",
    }
    arguments.update(overrides)
    return applications.decide(application, **arguments)


def test_member_of_addressed_body_decides(bun_application, bun_member):
    _complete_check(bun_application.project)

    decision = _decide(bun_application, bun_member)

    bun_application.refresh_from_db()
    assert decision.citation == "BUN 2026-03-10 § 12"
    assert bun_application.status == ApplicationStatus.DECIDED
    assert bun_application.project.status == ProjectStatus.APPROVED


def test_member_of_another_body_is_refused(bun_application, ks_member):
    """S8: only the addressed body decides."""
    _complete_check(bun_application.project)

    with pytest.raises(PermissionDenied):
        _decide(bun_application, ks_member)

    bun_application.refresh_from_db()
    assert bun_application.status == ApplicationStatus.SUBMITTED
    assert Decision.objects.count() == 0


def test_approval_without_completed_funding_check_is_refused(bun_application, bun_member):
    """S6: no approval without a completed funding check."""
    with pytest.raises(ValidationError):
        _decide(bun_application, bun_member)

    assert Decision.objects.count() == 0


def test_rejection_needs_no_funding_check(bun_application, bun_member):
    decision = _decide(bun_application, bun_member, outcome="rejected")

    assert decision.outcome == "rejected"


def test_decision_dated_before_submission_is_refused(bun_application, bun_member):
    _complete_check(bun_application.project)

    with pytest.raises(ValidationError):
        _decide(bun_application, bun_member, meeting_date=datetime.date(2026, 1, 1))

    assert Decision.objects.count() == 0


def test_second_decision_on_same_application_is_refused(bun_application, bun_member):
    _complete_check(bun_application.project)
    _decide(bun_application, bun_member)

    with pytest.raises(ValidationError):
        _decide(bun_application, bun_member, paragraph=13)

    assert Decision.objects.count() == 1


def test_paragraph_already_used_that_day_leaves_nothing_half_written(
    bun_application, bun_member, bun
):
    _complete_check(bun_application.project)
    factories.DecisionFactory(body=bun, meeting_date=datetime.date(2026, 3, 10), paragraph=12)

    with pytest.raises(ValidationError):
        _decide(bun_application, bun_member)

    bun_application.refresh_from_db()
    assert bun_application.status == ApplicationStatus.SUBMITTED
    assert bun_application.project.status == ProjectStatus.PLANNED
    assert Decision.objects.count() == 1


def test_member_whose_term_has_ended_is_refused(bun_application, bun_member):
    """A membership's right to decide ends the day after its term (2026-12-31)."""
    _complete_check(bun_application.project)

    with pytest.raises(PermissionDenied):
        _decide(bun_application, bun_member, meeting_date=datetime.date(2027, 1, 1))


def test_approved_twin_town_becomes_a_relationship_established_by_kf(kf, kf_member):
    """S7: KF decides a new twin town, and the relationship records that decision."""
    application = factories.ApplicationFactory(
        kind=ApplicationKind.TWIN_TOWN,
        project=None,
        proposed_place=factories.PlaceFactory(),
        addressed_to=kf,
        why_not_partnership="Kontakter över alla verksamhetsområden.",
    )
    applications.submit(application, on=datetime.date(2026, 2, 1))

    decision = _decide(application, kf_member, case_number="KS 2026/7")

    relationship = Relationship.objects.get()
    assert relationship.established_by == decision
    assert relationship.kind == "twin_town"


def test_submitted_application_without_consultation_carries_warning(bun_application):
    """S9: sent for decision without consulting the network: a visible warning."""
    assert bun_application.lacks_consultation is True


def test_consultation_recorded_at_network_meeting_clears_warning(bun_application, network_body):
    # Held today: a consultation is given once the application exists (#11).
    meeting = factories.MeetingFactory(
        body=network_body, starts_at=datetime.datetime.now(datetime.UTC)
    )

    application = applications.record_consultation(
        bun_application, meeting=meeting, view="Nätverket tillstyrker."
    )

    assert application.lacks_consultation is False
    assert application.consultation_on == meeting.date


def test_funding_check_cannot_be_completed_without_any_source_checked(bun):
    project = factories.ProjectFactory(responsible_body=bun)

    with pytest.raises(ValidationError):
        funding.complete_funding_check(project, by=factories.PersonFactory())

    project.refresh_from_db()
    assert project.funding_check_complete is False
