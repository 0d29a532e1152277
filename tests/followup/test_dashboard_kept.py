"""The dashboard's rows with their queries built and compiled once per process
(``governance.compiled``, #15): the rows are the ones the ORM gives building and compiling each
query every time, in both languages, after the records change and on another day; the lists
that stop at ITEMS_LISTED still count every record, in one query each."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from followup.queries import dashboard
from governance import compiled
from governance.models import BodyKind
from projects.models import ApplicationStatus, ProjectStatus
from tests import factories

pytestmark = pytest.mark.django_db


def _orm_each_time(monkeypatch):
    monkeypatch.setattr(compiled, "rows", lambda name, make, *args: list(make(*args)))


def _meeting(kind, day):
    return factories.MeetingFactory(
        body=factories.BodyFactory(kind=kind),
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))),
    )


@pytest.fixture
def records(bun, network_body):
    """A record behind every row that lists records."""
    relationship = factories.RelationshipFactory()  # a twin town without KF's decision
    project = factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.PLANNED)
    project.relationships.add(relationship)
    factories.ApplicationFactory(status=ApplicationStatus.SUBMITTED, project=project)
    factories.VisitFactory(place=relationship.place, relationship=relationship)
    _meeting(BodyKind.INTERNATIONAL_NETWORK, datetime.date(2026, 3, 1))
    _meeting(BodyKind.REGIONAL_NETWORK, datetime.date(2026, 4, 1))
    factories.StrategyFactory()
    return relationship


def _rows(language, day):
    with translation.override(language):
        return [(row, row.state_label, row.rule) for row in dashboard.rows(day)]


def test_the_rows_are_the_ones_the_orm_gives(records, today, monkeypatch):
    later = today + datetime.timedelta(days=200)
    first = [_rows(language, day) for language in ("sv", "en") for day in (today, later)]
    factories.ApplicationFactory(
        status=ApplicationStatus.SUBMITTED, project=factories.ProjectFactory()
    )
    factories.RelationshipFactory()
    changed = [_rows(language, day) for language in ("sv", "en") for day in (today, later)]

    _orm_each_time(monkeypatch)
    orm = [_rows(language, day) for language in ("sv", "en") for day in (today, later)]

    assert changed == orm
    assert first != changed  # the kept queries read the records as they are now


@pytest.mark.parametrize(
    ("key", "make"),
    [
        (
            "consultation",
            lambda: factories.ApplicationFactory(
                status=ApplicationStatus.SUBMITTED, project=factories.ProjectFactory()
            ),
        ),
        ("missing_decisions", factories.RelationshipFactory),
    ],
)
def test_a_long_list_counts_every_record_in_the_same_query(db, today, monkeypatch, key, make):
    for _ in range(5):
        make()
    monkeypatch.setattr(dashboard, "ITEMS_LISTED", 2)
    build = {"consultation": dashboard.consultation_row}.get(key, dashboard.missing_decisions_row)

    with CaptureQueriesContext(connection) as queries:
        row = build(today)

    assert (len(row.items), row.total, row.more) == (2, 5, 3)
    assert len(queries) == (1 if key == "consultation" else 2)  # and the projects' marks


def test_the_two_rows_of_meetings_read_them_in_one_query(db, today):
    _meeting(BodyKind.INTERNATIONAL_NETWORK, datetime.date(2026, 3, 1))
    _meeting(BodyKind.INTERNATIONAL_NETWORK, datetime.date(2026, 5, 1))
    _meeting(BodyKind.REGIONAL_NETWORK, datetime.date(2026, 4, 1))
    _meeting(BodyKind.REGIONAL_NETWORK, datetime.date(2026, 9, 1))  # not held yet

    with CaptureQueriesContext(connection) as queries:
        meetings = dashboard.held_meetings(today.year)
    network = dashboard.network_meetings_row(today, meetings)
    regional = dashboard.regional_network_row(today, meetings)

    assert len(queries) == 1
    assert network == dashboard.network_meetings_row(today)
    assert regional == dashboard.regional_network_row(today)
    assert (network.ok, len(network.items), regional.ok, len(regional.items)) == (
        True,
        2,
        True,
        1,
    )


def test_the_revision_is_read_in_one_query_a_revision_before_a_new_strategy(db, today):
    """S21: the latest revision in the term is the one cited, even when a new strategy was
    adopted later in it; without a revision, the latest adoption; a decision of another
    term, or one neither revising nor adopting, counts for neither."""
    old = factories.StrategyFactory()
    kf = old.adopted_by.body

    def decision(day, paragraph):
        return {
            "decision__body": kf,
            "decision__meeting_date": day,
            "decision__paragraph": paragraph,
        }

    factories.RevisionFactory(strategy=old, **decision(datetime.date(2022, 9, 1), 1))  # earlier
    factories.DecisionFactory(body=kf, meeting_date=datetime.date(2026, 5, 1), paragraph=9)
    factories.StrategyFactory(
        adopted_by__body=kf,
        adopted_by__meeting_date=datetime.date(2025, 3, 3),
        adopted_by__paragraph=5,
    )
    with CaptureQueriesContext(connection) as queries:
        by_adoption = dashboard.revision_row(today)
    factories.RevisionFactory(strategy=old, **decision(datetime.date(2023, 1, 9), 2))

    by_revision = dashboard.revision_row(today)

    assert len(queries) == 1
    assert by_adoption.ok
    assert by_adoption.items[0].label == "KF 2025-03-03 § 5"
    assert by_revision.items[0].label == "KF 2023-01-09 § 2"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_the_unconsulted_applications_are_counted_from_their_partial_index(db, today):
    """The count beside the list is ``COUNT(*)``, which the partial index of the rule's rows
    (``projects_app_unconsulted``) answers alone, an index-only scan; counting the keys read
    every row from the table (#15)."""
    for _ in range(3):
        factories.ApplicationFactory(
            status=ApplicationStatus.SUBMITTED, project=factories.ProjectFactory()
        )

    with CaptureQueriesContext(connection) as queries:
        row = dashboard.consultation_row(today)

    assert row.total == 3
    (query,) = queries.captured_queries
    with connection.cursor() as cursor:
        # As at 100,000 projects: no scan of the whole table, no bitmap of the rows.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + query["sql"])
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "Index Only Scan using projects_app_unconsulted" in plan, plan
