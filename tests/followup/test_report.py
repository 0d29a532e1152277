"""The yearly report (S22): figures against hand-counted data, bounded queries, no data."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from followup import report
from partners.models import RelationshipKind
from projects.models import FundingOutcome, ProjectKind, ProjectStatus
from tests import factories


def _closed(project):
    project.funding_check_closed_on = datetime.date(2026, 1, 10)
    project.funding_check_closed_by = factories.PersonFactory()
    return project


@pytest.fixture
def year_2026(kf, ks, bun, network_body, today):
    """Two reported projects (BUN's exchange, KS's partnership) and some that are not."""
    objective_1 = factories.ObjectiveFactory(number=1, short_name="Demokrati")
    objective_2 = factories.ObjectiveFactory(
        strategy=objective_1.strategy, number=2, short_name="Miljö"
    )
    joniskis = factories.RelationshipFactory(place__name="Joniškis", place__country="LT")
    mukono = factories.RelationshipFactory(
        place__name="Mukono",
        place__country="UG",
        kind=RelationshipKind.PARTNERSHIP,
        theme="Barnkonventionen",
        started_on=datetime.date(2007, 5, 1),
    )
    exchange = factories.ProjectFactory(
        title="Elevutbyte Joniškis",
        responsible_body=bun,
        kind=ProjectKind.SCHOOL_EXCHANGE,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    factories.FundingCheckFactory(
        project=exchange,
        programme__funder__name="Europeiska kommissionen",
        outcome=FundingOutcome.GRANTED,
        amount_applied=200000,
        amount_granted=150000,
    )
    _closed(exchange).status = ProjectStatus.ONGOING
    exchange.save()
    exchange.places.add(joniskis.place)
    exchange.objectives.add(objective_1)
    factories.ParticipantCountFactory(project=exchange, level="pupil", count=20, women=12, men=8)
    factories.ParticipantCountFactory(project=exchange, level="staff", count=3)
    partnership = factories.ProjectFactory(
        title="Mukono barnrätt",
        responsible_body=ks,
        status=ProjectStatus.PLANNED,
        starts_on=datetime.date(2026, 3, 1),
    )
    partnership.relationships.add(mukono)
    partnership.objectives.add(objective_1, objective_2)
    factories.ParticipantCountFactory(project=partnership, level="elected", count=2)
    factories.ParticipantCountFactory(project=partnership, level="official", count=1)
    factories.FundingCheckFactory(
        project=partnership,
        programme__funder__name="ICLD",
        outcome=FundingOutcome.APPLIED,
        amount_applied=300000,
    )
    factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.IDEA)
    factories.ProjectFactory(
        responsible_body=bun,
        status=ProjectStatus.PLANNED,
        starts_on=datetime.date(2023, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
    )
    factories.DecisionFactory(body=ks, meeting_date=datetime.date(2026, 2, 10), paragraph=5)
    factories.DecisionFactory(body=bun, meeting_date=datetime.date(2026, 3, 1), paragraph=7)
    factories.DecisionFactory(body=ks, meeting_date=datetime.date(2025, 12, 1), paragraph=90)
    factories.MeetingFactory(body=network_body)
    factories.ProjectCostFactory(project=exchange, year=2026, amount=Decimal("12500"))
    return {"exchange": exchange, "partnership": partnership}


def test_report_for_the_whole_municipality_has_the_hand_counted_figures(year_2026, today):
    yearly = report.build(2026)

    assert [p.title for p in yearly.projects] == ["Elevutbyte Joniškis", "Mukono barnrätt"]
    assert [(f.level, f.count, f.women, f.men) for f in yearly.participants] == [
        ("elected", 2, None, None),
        ("official", 1, None, None),
        ("staff", 3, None, None),
        ("pupil", 20, 12, 8),
    ]
    assert yearly.participants_total == 26
    assert [(str(o), o.project_count, o.participant_total) for o in yearly.objectives] == [
        ("1. Demokrati", 2, 26),
        ("2. Miljö", 1, 3),
    ]
    assert [(f.funder, f.checks, f.applied, f.granted) for f in yearly.funding] == [
        ("Europeiska kommissionen", 1, Decimal(200000), Decimal(150000)),
        ("ICLD", 1, Decimal(300000), Decimal(0)),
    ]
    assert (yearly.applied_total, yearly.granted_total) == (Decimal(500000), Decimal(150000))
    assert [d.citation for d in yearly.decisions] == ["KS 2026-02-10 § 5", "BUN 2026-03-01 § 7"]
    assert len(yearly.meetings) == 1
    assert [str(r) for r in yearly.relationships] == [
        "Joniškis (twin town)",
        "Mukono (municipal partnership)",
    ]
    assert [(c["body__short_name"], c["total"]) for c in yearly.costs] == [
        ("BUN", Decimal("12500"))
    ]


def test_report_for_a_committee_has_only_its_own_work(year_2026, bun, today):
    yearly = report.build(2026, bun)

    assert [p.title for p in yearly.projects] == ["Elevutbyte Joniškis"]
    assert yearly.participants_total == 23
    assert (yearly.applied_total, yearly.granted_total) == (Decimal(200000), Decimal(150000))
    assert [d.citation for d in yearly.decisions] == ["BUN 2026-03-01 § 7"]
    assert [str(r) for r in yearly.relationships] == ["Joniškis (twin town)"]
    assert yearly.scope == "Barn- och utbildningsnämnden (BUN)"


def test_report_carries_the_dashboards_deviations(year_2026, today):
    yearly = report.build(2026)

    keys = [row.key for row in yearly.deviations]
    # The planned partnership has no completed funding check: due soon, not a deviation
    # (#13); fewer than two network meetings by mid-June is due soon too. No Nordic meeting
    # is recorded: a deviation. Every administration (none) is represented in the network.
    assert "funding_check" not in keys
    assert "nordic_meeting" in keys
    assert "representation" not in keys


def test_report_shows_relationship_status_at_the_end_of_its_year(ks, today):
    relationship = factories.RelationshipFactory(status="dormant")
    factories.StatusChangeFactory(
        relationship=relationship,
        changed_on=datetime.date(2026, 3, 1),
        from_status="active",
        to_status="dormant",
    )
    factories.DecisionFactory(body=ks, meeting_date=datetime.date(2025, 5, 5))

    assert [r.status_at_end for r in report.build(2025).relationships] == ["active"]
    assert [r.status_at_end for r in report.build(2026).relationships] == ["dormant"]


def test_report_for_a_year_with_no_data_is_empty(year_2026, today):
    yearly = report.build(2019)

    assert yearly.is_empty
    assert yearly.deviations == []


def _add_project(bun, number, objective):
    project = factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.PLANNED)
    project.places.add(factories.PlaceFactory())
    project.objectives.add(objective)
    factories.ParticipantCountFactory(project=project, level="pupil", count=number)
    factories.FundingCheckFactory(project=project)


def test_report_takes_the_same_queries_for_one_and_many_projects(bun, today):
    objective = factories.ObjectiveFactory()
    _add_project(bun, 1, objective)
    with CaptureQueriesContext(connection) as one:
        yearly = report.build(2026)
        list(yearly.projects)
    assert len(yearly.projects) == 1

    for number in range(40):
        _add_project(bun, number, objective)
    with CaptureQueriesContext(connection) as many:
        yearly = report.build(2026)

    assert len(yearly.projects) == 41
    assert len(many.captured_queries) == len(one.captured_queries)
