"""Each row of the strategy dashboard, with a deviation present and absent."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from followup.queries import dashboard
from governance.models import BodyKind, Role
from partners.models import RelationshipKind
from projects.models import ApplicationStatus, FundingOutcome, ProjectKind, ProjectStatus
from tests import factories


def _row(key, today):
    return next(row for row in dashboard.rows(today) if row.key == key)


def _meeting(body, day):
    return factories.MeetingFactory(
        body=body, starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    )


def _checked(project, by=None):
    factories.FundingCheckFactory(project=project)
    project.funding_check_closed_on = datetime.date(2026, 2, 2)
    project.funding_check_closed_by = by or factories.PersonFactory()
    project.save()
    return project


# S6 ---------------------------------------------------------------------------------------


def test_funding_check_row_lists_work_without_completed_check(bun, today):
    # Planned: an idea needs no check yet (#13, tests/followup/test_dashboard_states.py).
    project = factories.ProjectFactory(
        responsible_body=bun, title="Elevutbyte Joniškis", status=ProjectStatus.PLANNED
    )

    row = _row("funding_check", today)

    assert not row.ok
    assert [item.label for item in row.items] == ["Elevutbyte Joniškis"]
    assert row.summary == "1 project or exchange has no completed funding check."
    assert project.funding_check_closed_on is None


def test_funding_check_row_is_met_when_every_check_is_completed(bun, today):
    _checked(factories.ProjectFactory(responsible_body=bun))
    factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.CANCELLED)

    row = _row("funding_check", today)

    assert row.ok
    assert row.items == []


# S9 ---------------------------------------------------------------------------------------


def test_consultation_row_lists_application_submitted_without_consultation(bun, today):
    factories.ApplicationFactory(
        title="Partnerskap Mukono",
        status=ApplicationStatus.SUBMITTED,
        project=factories.ProjectFactory(responsible_body=bun),
    )

    row = _row("consultation", today)

    assert not row.ok
    assert [(i.label, i.note) for i in row.items] == [("Partnerskap Mukono", "BUN")]


def test_consultation_row_is_met_for_consulted_and_draft_applications(bun, network_body, today):
    # On the day the application is drafted: not before it exists (#11).
    meeting = _meeting(network_body, datetime.date(2026, 6, 15))
    factories.ApplicationFactory(
        status=ApplicationStatus.SUBMITTED,
        project=factories.ProjectFactory(responsible_body=bun),
        consultation_meeting=meeting,
        consultation_on=meeting.date,
        consultation_view="Positivt.",
    )
    factories.ApplicationFactory(project=factories.ProjectFactory(responsible_body=bun))

    assert _row("consultation", today).ok


# S17 --------------------------------------------------------------------------------------


def test_network_meetings_row_flags_fewer_than_two_this_year(network_body, today):
    _meeting(network_body, datetime.date(2026, 3, 10))
    _meeting(network_body, datetime.date(2025, 10, 1))

    row = _row("network_meetings", today)

    assert not row.ok
    assert row.summary == "1 of 2 network meetings held in 2026."


def test_network_meetings_row_is_met_with_two_this_year(network_body, today):
    _meeting(network_body, datetime.date(2026, 3, 10))
    _meeting(network_body, datetime.date(2026, 5, 20))

    assert _row("network_meetings", today).ok


def test_representation_row_lists_administration_without_representative(ks, network_body, today):
    factories.BodyFactory(
        short_name="BUF",
        name="Barn- och utbildningsförvaltningen",
        kind=BodyKind.ADMINISTRATION,
    )

    row = _row("representation", today)

    assert not row.ok
    assert [i.label for i in row.items] == ["Barn- och utbildningsförvaltningen (BUF)"]


def test_representation_row_is_met_when_every_administration_is_represented(
    ks, network_body, today
):
    administration = factories.BodyFactory(short_name="BUF", kind=BodyKind.ADMINISTRATION)
    factories.MembershipFactory(
        body=network_body,
        role=Role.REPRESENTATIVE,
        represents=administration,
        starts_on=datetime.date(2025, 1, 1),
    )

    assert _row("representation", today).ok


# S18 --------------------------------------------------------------------------------------


def test_nordic_meeting_row_flags_gap_of_more_than_two_years(db, today):
    factories.NordicMeetingFactory(year=2023)

    row = _row("nordic_meeting", today)

    assert not row.ok
    assert row.summary == (
        "The last Nordic meeting was in 2023 (3 years ago); the next is due in 2025."
    )


def test_nordic_meeting_row_flags_none_recorded(db, today):
    assert _row("nordic_meeting", today).summary == "No Nordic meeting is recorded."


def test_nordic_meeting_row_is_met_within_two_years(db, today):
    # The year after the last one; in the second year it is due soon (#13).
    factories.NordicMeetingFactory(year=2025)
    # A meeting planned later this year has not been held yet, so it does not count.
    factories.NordicMeetingFactory(year=2026, starts_on=datetime.date(2026, 8, 1))

    row = _row("nordic_meeting", today)

    assert row.ok
    assert row.summary.startswith("The last Nordic meeting was in 2025")


# S3 ---------------------------------------------------------------------------------------


def test_inactive_partners_row_lists_partner_without_recent_activity(bun, today, settings):
    settings.PARTNER_INACTIVITY_MONTHS = 24
    quiet = factories.RelationshipFactory(place__name="Joniškis")
    factories.ProjectFactory(
        responsible_body=bun,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2024, 6, 14),
    ).relationships.add(quiet)

    row = _row("inactive_partners", today)

    assert not row.ok
    assert [(i.label, i.note) for i in row.items] == [
        ("Joniškis (twin town)", "last activity: 2024-06-14")
    ]


def test_inactive_partners_row_counts_visits_and_projects_at_the_place(bun, today):
    visited = factories.RelationshipFactory()
    factories.VisitFactory(
        place=visited.place, relationship=visited, starts_on=datetime.date(2025, 5, 1)
    )
    worked_with = factories.RelationshipFactory()
    factories.ProjectFactory(responsible_body=bun, starts_on=datetime.date(2026, 1, 1)).places.add(
        worked_with.place
    )
    factories.RelationshipFactory(status="ended", ended_on=datetime.date(2010, 1, 1))

    assert _row("inactive_partners", today).ok


def test_inactive_partners_period_is_a_setting(bun, today, settings):
    settings.PARTNER_INACTIVITY_MONTHS = 6
    visited = factories.RelationshipFactory()
    factories.VisitFactory(
        place=visited.place, relationship=visited, starts_on=datetime.date(2025, 5, 1)
    )

    assert not _row("inactive_partners", today).ok


def test_active_bodies_by_relationship_names_the_municipal_areas(bun, ks, today):
    relationship = factories.RelationshipFactory()
    factories.ProjectFactory(responsible_body=bun).relationships.add(relationship)
    factories.ProjectFactory(responsible_body=ks).places.add(relationship.place)

    assert dashboard.active_bodies_by_relationship([relationship]) == {
        relationship.pk: ["BUN", "KS"]
    }


# S4 ---------------------------------------------------------------------------------------


def test_unfunded_partnerships_row_lists_partnership_without_external_funding(bun, today):
    project = _checked(
        factories.ProjectFactory(
            responsible_body=bun, kind=ProjectKind.PARTNERSHIP, title="Mukono barnrätt"
        )
    )
    factories.DecidedApplicationFactory(project=project)  # approved by its body (S8)
    project.status = ProjectStatus.ONGOING
    project.save()

    row = _row("unfunded_partnerships", today)

    assert not row.ok
    assert [i.label for i in row.items] == ["Mukono barnrätt"]
    assert row.state == dashboard.State.DEVIATION


def test_a_planned_partnership_that_will_apply_is_due_soon_not_a_deviation(bun, today):
    """#13: planned work that has not applied yet is on its way, not a deviation; an idea
    is not listed at all."""
    planned = factories.ProjectFactory(
        responsible_body=bun,
        kind=ProjectKind.PARTNERSHIP,
        status=ProjectStatus.PLANNED,
        title="Planerat partnerskap",
    )
    factories.FundingCheckFactory(project=planned, outcome=FundingOutcome.WILL_APPLY, note="")
    factories.ProjectFactory(
        responsible_body=bun, kind=ProjectKind.PARTNERSHIP, status=ProjectStatus.IDEA
    )

    row = _row("unfunded_partnerships", today)

    assert (row.ok, row.state) == (False, dashboard.State.DUE_SOON)
    assert [i.label for i in row.items] == ["Planerat partnerskap"]


def test_unfunded_partnerships_row_is_met_with_granted_funding(bun, today):
    project = factories.ProjectFactory(
        responsible_body=bun, kind=ProjectKind.PARTNERSHIP, status=ProjectStatus.PLANNED
    )
    factories.FundingCheckFactory(
        project=project, outcome=FundingOutcome.GRANTED, amount_granted=400000
    )
    factories.ProjectFactory(responsible_body=bun, kind=ProjectKind.CULTURE)

    assert _row("unfunded_partnerships", today).ok


# S14 --------------------------------------------------------------------------------------


def test_chairless_visits_row_lists_twin_town_visit_without_chair(db, today):
    visit = factories.VisitFactory(starts_on=datetime.date(2026, 5, 4), purpose="Vänortsbesök")
    factories.VisitParticipantFactory(visit=visit)

    row = _row("chairless_visits", today)

    assert not row.ok
    assert [i.note for i in row.items] == ["Vänortsbesök"]


def test_chairless_visits_row_is_met_when_the_ks_chair_went(ks, today):
    chair = factories.PersonFactory()
    factories.MembershipFactory(
        person=chair, body=ks, role=Role.CHAIR, starts_on=datetime.date(2023, 1, 1)
    )
    visit = factories.VisitFactory(starts_on=datetime.date(2026, 5, 4))
    factories.VisitParticipantFactory(visit=visit, person=chair)
    informal = factories.RelationshipFactory(kind=RelationshipKind.INFORMAL)
    factories.VisitFactory(place=informal.place, relationship=informal)

    assert _row("chairless_visits", today).ok


# S16 --------------------------------------------------------------------------------------


def test_idle_objectives_row_lists_objective_no_current_work_serves(bun, today):
    served = factories.ObjectiveFactory(number=1, short_name="Demokrati")
    idle = factories.ObjectiveFactory(strategy=served.strategy, number=2, short_name="Miljö")
    factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.PLANNED).objectives.add(
        served
    )
    factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.IDEA).objectives.add(idle)

    row = _row("idle_objectives", today)

    assert not row.ok
    assert [i.label for i in row.items] == ["2. Miljö"]


def test_idle_objectives_row_is_met_when_every_objective_is_served(bun, today):
    objective = factories.ObjectiveFactory(number=1)
    factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.PLANNED).objectives.add(
        objective
    )

    assert _row("idle_objectives", today).ok


# S21 --------------------------------------------------------------------------------------


def test_revision_row_flags_a_term_without_revision_and_days_left(db, today):
    factories.StrategyFactory()

    row = _row("revision", today)

    assert not row.ok
    assert row.summary == (
        "The strategy has not been revised in this term (2022–2026); 121 days are left."
    )


def test_revision_row_is_met_with_a_revision_this_term(db, today):
    strategy = factories.StrategyFactory()
    factories.RevisionFactory(
        strategy=strategy,
        decision__body=strategy.adopted_by.body,
        decision__meeting_date=datetime.date(2024, 2, 26),
        decision__paragraph=12,
    )

    row = _row("revision", today)

    assert row.ok
    assert row.summary == "The strategy was revised in this term (2022–2026): KF 2024-02-26 § 12."


# S20 --------------------------------------------------------------------------------------


@pytest.fixture
def regional_network(db):
    return factories.BodyFactory(
        short_name="RN", name="Regionens internationella nätverk", kind=BodyKind.REGIONAL_NETWORK
    )


def test_regional_network_row_flags_no_meeting_attended_this_year(regional_network, today):
    _meeting(regional_network, datetime.date(2025, 11, 1))

    assert not _row("regional_network", today).ok


def test_regional_network_row_is_met_with_a_meeting_this_year(regional_network, today):
    _meeting(regional_network, datetime.date(2026, 4, 1))

    row = _row("regional_network", today)

    assert row.ok
    assert row.summary == "1 regional network meeting attended in 2026."


# The whole dashboard ----------------------------------------------------------------------


def test_dashboard_takes_the_same_queries_for_one_and_many_records(
    bun, network_body, today, django_assert_num_queries
):
    def add_records():
        relationship = factories.RelationshipFactory()
        factories.ProjectFactory(responsible_body=bun).relationships.add(relationship)
        factories.VisitFactory(place=relationship.place, relationship=relationship)
        factories.ApplicationFactory(
            status=ApplicationStatus.SUBMITTED,
            project=factories.ProjectFactory(responsible_body=bun),
        )

    add_records()
    with CaptureQueriesContext(connection) as one:
        dashboard.rows(today)
    for _ in range(5):
        add_records()
    with django_assert_num_queries(len(one.captured_queries)):
        dashboard.rows(today)
