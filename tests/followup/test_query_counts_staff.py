"""The signed-in pages ask the same number of queries for a few projects and for a few dozen
(#15, S22): none reads a row per project, application, visit or year on record.

The bench (docs/performance.md, "Signed-in pages, uncached") times the same pages at 1,000
and 100,000 projects; here the counts are pinned exactly, at two sizes of the same shape:
projects over several years, most approved with their body's decision, some without a
completed funding check, one approved without the decision it needs (S7, S8), applications
decided and waiting in the queue, visits in the report year.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import BodyKind
from partners.models import RelationshipKind
from projects import missing_decisions
from projects.models import Application, Project, ProjectKind, ProjectStatus
from tests import factories

pytestmark = pytest.mark.django_db

REPORT_YEAR = 2025
YEARS = 5  # the projects start in 2021 to 2025, at both sizes
FEW, MANY = 3, 30


def _records(count: int, body, person):
    """``count`` projects in the same proportions whatever the count."""
    places = [factories.PlaceFactory() for _ in range(3)]
    partner = factories.RelationshipFactory(
        place=places[0], kind=RelationshipKind.PARTNERSHIP, theme="Skola"
    )
    closed = {
        "funding_check_closed_on": datetime.date(2020, 2, 2),
        "funding_check_closed_by": person,
    }
    for i in range(count):
        year = REPORT_YEAR - i % YEARS
        project = factories.ProjectFactory(
            responsible_body=body,
            kind=ProjectKind.PARTNERSHIP if i % 3 == 0 else ProjectKind.SCHOOL_EXCHANGE,
            needs_decision=True,
            status=ProjectStatus.PLANNED,
            starts_on=datetime.date(year, 3, 1),
            ends_on=datetime.date(year, 11, 30),
        )
        project.places.add(places[i % 3], places[(i + 1) % 3])
        project.relationships.add(partner)
        factories.ParticipantCountFactory(project=project, count=10 + i)
        factories.FundingCheckFactory(project=project, checked_by=person)
        factories.ProjectCostFactory(project=project, year=year)
        if i % 5 == 2:
            factories.ApplicationFactory(
                project=project, status="submitted", submitted_on=datetime.date(2026, 2, 1)
            )
            continue
        if i % 4 == 3:
            continue  # an idea still without a completed funding check (S6)
        if i != 1:  # the first approved without its decision (S7, S8)
            factories.DecidedApplicationFactory(
                project=project,
                decision__meeting_date=datetime.date(year, 2, 1),
            )
        # Stored as approved work of earlier years is: the state written as it was.
        Project.objects.filter(pk=project.pk).update(status=ProjectStatus.COMPLETED, **closed)
        if year == REPORT_YEAR:
            factories.VisitFactory(
                place=partner.place, relationship=partner, starts_on=datetime.date(year, 5, 4)
            )
    # The states were written in bulk, without signals: the marks written again after it, as
    # the bench's builder and ``manage.py rebuild_decision_marks`` do (#15).
    missing_decisions.rebuild()


@pytest.fixture
def records(coordinator, today):
    """The data of one size: ``records(count)``; the coordinator signs in."""
    body = factories.BodyFactory(short_name="BUN", kind=BodyKind.COMMITTEE)

    def build(count):
        _records(count, body, coordinator.person)
        return coordinator

    return build


def _pages():
    application = Application.objects.filter(decision__isnull=False).order_by("pk").first()
    return {
        "staff start": reverse("staff:home"),
        "decision queue": reverse("staff:decision-queue"),
        "application": reverse("staff:application-detail", args=[application.pk]),
        "staff project list": reverse("staff:project-list"),
        "admin project list": reverse("admin:projects_project_changelist"),
        "dashboard": reverse("followup:dashboard"),
        "yearly report": reverse("followup:report") + f"?year={REPORT_YEAR}",
    }


def _counts(client, user) -> dict[str, int]:
    client.force_login(user)
    counts = {}
    for page, url in _pages().items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (page, response.status_code)
        counts[page] = len(queries)
    return counts


# The counts at both sizes: the session and the user, the rights, then the page's own reads.
EXPECTED = {
    # #12: the visit's time kept in the session (savepoint, update, release); the approved
    # work not yet published (one query at any size).
    "staff start": 10,
    "decision queue": 5,
    # #12: the decision's corrections, shown on the case; the documents of the case (1).
    # #15: the case read once with all the page shows, not twice and its body a third time;
    # +1, its proposed place, drafter and consultation meeting in a second query (eleven
    # tables joined in one cost PostgreSQL more to plan than the two queries). -5 on
    # 2026-12-07: the case with every record it shows in one query and its lists in one
    # more, not five prefetches, both compiled once per process (projects.queries.case_page).
    "application": 9,
    "staff project list": 6,  # #12: the filter's body select
    # #12: the staff menu in the admin's header (the user's groups). #15: -1, the year
    # navigation's first and last date read with its years (projects.queries.year_span).
    "admin project list": 9,
    # #13: the key figures (4 queries, each summing this year and last at once), this year's
    # granted kronor by funder and body (1) and the report's texts of the year (1); the
    # funding-check row keeps its 2 queries; the deadlines read the yearly calls too (1).
    # #15: -3, the funding-check and external-funding rows list and count in one query each,
    # the objectives not served are read with the strategy in force; -1 on the dashboard,
    # the coming and the overdue reports read in one query.
    # #15: the partners and their last activity in one query, not four (the report's
    # deviations judge the same rows).
    # #15: -3, the four key figures in one query (the dashboard's alone); -3 on both, the
    # unconsulted applications and the twin towns without a decision listed and counted in
    # one query each, the network's and the region's meetings in one; -1 on both, the
    # decision revising the strategy read in one query, not two.
    "dashboard": 23,  # #12: the approved work not yet published
    "yearly report": 33,
}


@pytest.mark.parametrize("size", [FEW, MANY])
def test_signed_in_pages_ask_a_fixed_number_of_queries(client, records, size):
    user = records(size)

    assert Project.objects.count() == size
    assert _counts(client, user) == EXPECTED


def test_the_pages_show_the_records_they_count(client, records):
    """The counts above are of pages that show what they should, at the larger size."""
    client.force_login(records(MANY))

    queue = client.get(reverse("staff:decision-queue")).content.decode()
    admin = client.get(reverse("admin:projects_project_changelist")).content.decode()
    dashboard = client.get(reverse("followup:dashboard")).content.decode()
    report = client.get(reverse("followup:report") + f"?year={REPORT_YEAR}").content.decode()

    waiting = Application.objects.filter(status="submitted")
    assert waiting.count() == 6
    assert all(application.title in queue for application in waiting)
    # The admin's year navigation: every year with a project, from the index on starts_on.
    for year in range(REPORT_YEAR - YEARS + 1, REPORT_YEAR + 1):
        assert f"?starts_on__year={year}" in admin
    assert "?starts_on__year=2020" not in admin
    # S7, S8: the one approved project without its decision is found among them all.
    assert "1 record claims a decision it lacks." in dashboard
    # The report: the year's six projects, each with its two places, and its visits.
    in_year = Project.objects.filter(starts_on__year=REPORT_YEAR).order_by("title")
    assert len(in_year) == 6
    for project in in_year:
        places = ", ".join(place.name for place in project.places.all())
        assert f"<td>{places}</td>" in report
