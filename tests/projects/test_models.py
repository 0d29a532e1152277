"""Rules on projects, funding checks and applications (S6-S9, S11, S12, S15)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from governance.models import BodyKind, ParticipantLevel
from projects.models import (
    Application,
    ApplicationKind,
    ParticipantCount,
    Programme,
    Project,
    ProjectKind,
    ProjectStatus,
)
from tests import factories


def test_project_ending_before_it_starts_is_refused(bun):
    with pytest.raises(ValidationError):
        factories.ProjectFactory(
            responsible_body=bun,
            starts_on=datetime.date(2026, 5, 1),
            ends_on=datetime.date(2026, 4, 1),
        )

    assert Project.objects.count() == 0


def test_project_ending_before_it_starts_is_refused_by_the_database(bun):
    project = Project(
        title="x",
        slug="x",
        kind=ProjectKind.OTHER,
        responsible_body=bun,
        starts_on=datetime.date(2026, 5, 1),
        ends_on=datetime.date(2026, 4, 1),
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        models.Model.save(project)


def test_project_under_an_administration_is_refused(db):
    """S12: the responsible body is a board or committee that bears the cost."""
    administration = factories.BodyFactory(kind=BodyKind.ADMINISTRATION)

    with pytest.raises(ValidationError) as error:
        factories.ProjectFactory(responsible_body=administration)

    assert list(error.value.message_dict) == ["responsible_body"]


def test_project_approved_without_funding_check_is_refused(bun):
    """S6: work without a completed funding check cannot be approved."""
    with pytest.raises(ValidationError) as error:
        factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.APPROVED)

    assert list(error.value.message_dict) == ["status"]


def test_school_exchange_over_threshold_requires_decision(bun, settings):
    """S11: an exchange whose cost exceeds the threshold needs a political decision."""
    settings.SCHOOL_EXCHANGE_DECISION_THRESHOLD = 50000
    cheap = factories.ProjectFactory(
        responsible_body=bun, kind=ProjectKind.SCHOOL_EXCHANGE, own_cost=Decimal("20000")
    )
    costly = factories.ProjectFactory(
        responsible_body=bun, kind=ProjectKind.SCHOOL_EXCHANGE, own_cost=Decimal("50001")
    )
    marked = factories.ProjectFactory(
        responsible_body=bun, kind=ProjectKind.SCHOOL_EXCHANGE, needs_decision=True
    )

    assert [cheap.requires_decision, costly.requires_decision, marked.requires_decision] == [
        False,
        True,
        True,
    ]


def test_participants_by_gender_cannot_exceed_count(bun):
    project = factories.ProjectFactory(responsible_body=bun)

    with pytest.raises(ValidationError):
        ParticipantCount.objects.create(
            project=project, level=ParticipantLevel.PUPIL, count=10, women=6, men=5
        )

    assert ParticipantCount.objects.count() == 0


def test_programme_with_minimum_grant_above_maximum_is_refused(db):
    with pytest.raises(ValidationError):
        factories.ProgrammeFactory(grant_min=Decimal("1000"), grant_max=Decimal("10"))

    assert Programme.objects.count() == 0


def test_twin_town_application_to_a_committee_is_refused(bun):
    """S7: only KF decides a new twin town."""
    with pytest.raises(ValidationError) as error:
        Application.objects.create(
            kind=ApplicationKind.TWIN_TOWN,
            title="Ny vänort",
            summary="x",
            proposed_place=factories.PlaceFactory(),
            why_not_partnership="Bred kontakt över många områden.",
            addressed_to=bun,
        )

    assert list(error.value.message_dict) == ["addressed_to"]
    assert Application.objects.count() == 0


def test_twin_town_application_asks_why_not_a_partnership(kf):
    """S7: the proposal says why a themed or time-limited partnership would not serve."""
    with pytest.raises(ValidationError) as error:
        Application.objects.create(
            kind=ApplicationKind.TWIN_TOWN,
            title="Ny vänort",
            summary="x",
            proposed_place=factories.PlaceFactory(),
            addressed_to=kf,
        )

    assert list(error.value.message_dict) == ["why_not_partnership"]


def test_partnership_application_to_the_council_is_refused(kf, bun):
    """S8: partnerships are decided by the executive board or a committee."""
    project = factories.ProjectFactory(responsible_body=bun)

    with pytest.raises(ValidationError) as error:
        factories.ApplicationFactory(project=project, addressed_to=kf)

    assert list(error.value.message_dict) == ["addressed_to"]


def test_consultation_must_be_at_a_network_meeting(bun):
    """S9: the consultation is held in the international network."""
    # Held today: a consultation is given once the application exists (#11).
    board_meeting = factories.MeetingFactory(
        body=bun, starts_at=datetime.datetime.now(datetime.UTC)
    )
    project = factories.ProjectFactory(responsible_body=bun)

    with pytest.raises(ValidationError) as error:
        factories.ApplicationFactory(
            project=project,
            consultation_meeting=board_meeting,
            consultation_on=board_meeting.date,
            consultation_view="Positiv.",
        )

    assert list(error.value.message_dict) == ["consultation_meeting"]
