"""S3: each kind of work counts as the last activity it did before the dashboard read it from
two subqueries per partner instead of grouping every project (#15).

A project's activity is its end, or today for approved work still running without an end,
or its start for other work without one; cancelled work and work not yet started do not
count; the latest through the relationship, the place or a visit wins.
"""

import datetime

import pytest

from followup.queries import dashboard
from partners.models import Relationship
from tests import factories

TODAY = datetime.date(2026, 6, 15)


def _work(partner, bun, *, through="place", **fields):
    fields.setdefault("status", "planned")
    if fields["status"] in ("ongoing", "completed"):
        fields.update(
            funding_check_closed_on=datetime.date(2020, 1, 1),
            funding_check_closed_by=factories.PersonFactory(),
        )
    project = factories.ProjectFactory(responsible_body=bun, kind="school_exchange", **fields)
    if through == "place":
        project.places.add(partner.place)
    else:
        project.relationships.add(partner)
    return project


def _last(partner):
    relationships = list(Relationship.objects.filter(pk=partner.pk))
    return dashboard.last_activity_by_relationship(relationships, TODAY)[partner.pk]


@pytest.mark.parametrize("through", ["place", "relationship"])
@pytest.mark.parametrize(
    ("works", "expected"),
    [
        ([], None),
        (
            [{"starts_on": datetime.date(2019, 5, 1), "ends_on": datetime.date(2019, 9, 1)}],
            "2019-09-01",
        ),
        # An end after today is the activity, as it was.
        (
            [{"starts_on": datetime.date(2026, 1, 1), "ends_on": datetime.date(2027, 3, 1)}],
            "2027-03-01",
        ),
        # Running approved work without an end is active today.
        (
            [{"status": "ongoing", "starts_on": datetime.date(2010, 1, 1), "ends_on": None}],
            "2026-06-15",
        ),
        # Planned work without an end counts from its start.
        ([{"starts_on": datetime.date(2021, 4, 1), "ends_on": None}], "2021-04-01"),
        # Cancelled work and work that has not started do not count.
        (
            [
                {"status": "cancelled", "starts_on": datetime.date(2025, 1, 1), "ends_on": None},
                {"starts_on": datetime.date(2026, 9, 1), "ends_on": datetime.date(2026, 12, 1)},
                {"starts_on": datetime.date(2012, 1, 1), "ends_on": datetime.date(2012, 2, 1)},
            ],
            "2012-02-01",
        ),
        # The latest of ended and open-ended work wins, whichever it is.
        (
            [
                {"starts_on": datetime.date(2018, 1, 1), "ends_on": None},
                {"starts_on": datetime.date(2015, 1, 1), "ends_on": datetime.date(2016, 1, 1)},
            ],
            "2018-01-01",
        ),
        (
            [
                {"starts_on": datetime.date(2014, 1, 1), "ends_on": None},
                {"starts_on": datetime.date(2015, 1, 1), "ends_on": datetime.date(2023, 1, 1)},
            ],
            "2023-01-01",
        ),
    ],
)
def test_the_last_activity_of_each_kind_of_work(bun, db, through, works, expected):
    partner = factories.RelationshipFactory(place__name="Joniškis")
    for fields in works:
        _work(partner, bun, through=through, **fields)
    last = _last(partner)
    assert (last.isoformat() if last else None) == expected


def test_a_visit_and_work_elsewhere(bun, db):
    partner = factories.RelationshipFactory(place__name="Tønder")
    other = factories.RelationshipFactory(place__name="Kauhava")
    _work(other, bun, starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 2, 1))
    factories.VisitFactory(
        place=partner.place,
        relationship=partner,
        starts_on=datetime.date(2024, 5, 2),
        ends_on=datetime.date(2024, 5, 4),
    )
    assert _last(partner) == datetime.date(2024, 5, 4)
    assert _last(other) == datetime.date(2025, 2, 1)
