"""The dashboard's row for records whose state claims a decision they lack (#11, S7, S8).

Twin towns and approved work imported from earlier years, or set by hand in the admin, may
claim a decision nobody attached; the coordinator sees them here and attaches it. Messages are
asserted in English, as in the other follow-up tests (tests/followup/conftest.py).
"""

import datetime

from django.utils import translation

from followup.queries import dashboard
from governance.models import BodyKind, Outcome
from partners.models import Relationship, RelationshipKind, RelationshipStatus
from projects import missing_decisions
from projects.models import Project, ProjectKind, ProjectStatus
from projects.services import applications
from tests import factories


def _row(today):
    return next(row for row in dashboard.rows(today) if row.key == "missing_decisions")


def _approved(project):
    """Stored as approved before the rule of #11 (imported from earlier years, or set by hand
    then): the funding check completed (S6), no application, no decision. Today every path
    refuses to enter that state, so the row is written as it was stored."""
    factories.FundingCheckFactory(project=project)
    project.funding_check_closed_on = datetime.date(2026, 2, 2)
    project.funding_check_closed_by = factories.PersonFactory()
    project.save()
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.APPROVED)
    # A write in bulk sends no signal: the marks are written again after it, as the data
    # migration and ``manage.py rebuild_decision_marks`` do (#15).
    missing_decisions.rebuild()
    project.refresh_from_db()
    return project


def test_row_lists_an_active_twin_town_without_kfs_decision(db, today):
    place = factories.PlaceFactory(name="Tønder")
    factories.RelationshipFactory(place=place, kind=RelationshipKind.TWIN_TOWN)

    row = _row(today)

    assert not row.ok
    assert row.summary == "1 record claims a decision it lacks."
    assert [(i.label, i.note) for i in row.items] == [("Tønder", "twin town without a decision")]
    assert row.items[0].url.startswith("/en/admin/partners/relationship/")


def test_a_twin_town_established_by_kf_or_ended_is_not_listed(db, today):
    kf = factories.BodyFactory(short_name="KF", kind=BodyKind.COUNCIL)
    decision = factories.DecisionFactory(body=kf, meeting_date=datetime.date(2016, 6, 27))
    factories.RelationshipFactory(kind=RelationshipKind.TWIN_TOWN, established_by=decision)
    factories.RelationshipFactory(kind=RelationshipKind.PARTNERSHIP, theme="Skola")
    factories.RelationshipFactory(
        kind=RelationshipKind.TWIN_TOWN,
        status=RelationshipStatus.ENDED,
        ended_on=datetime.date(2010, 1, 1),
    )

    row = _row(today)

    assert Relationship.objects.active_twin_towns_without_decision().count() == 0
    assert row.ok
    assert row.items == []


def test_row_lists_approved_work_that_needs_a_decision_without_one(bun, today):
    _approved(factories.ProjectFactory(responsible_body=bun, title="Partnerskap Mukono"))

    row = _row(today)

    assert not row.ok
    assert [item.label for item in row.items] == ["Partnerskap Mukono"]
    assert row.items[0].url.startswith("/en/admin/projects/project/")


def test_approved_work_that_needs_no_decision_is_not_listed(bun, today, settings):
    settings.SCHOOL_EXCHANGE_DECISION_THRESHOLD = 50000
    _approved(
        factories.ProjectFactory(
            responsible_body=bun, kind=ProjectKind.SCHOOL_EXCHANGE, own_cost=20000
        )
    )

    assert Project.objects.approved_without_decision().count() == 0
    assert _row(today).ok


def test_a_costly_school_exchange_needs_its_decision(bun, today, settings):
    """S11: above the threshold a school exchange needs a political decision."""
    settings.SCHOOL_EXCHANGE_DECISION_THRESHOLD = 50000
    _approved(
        factories.ProjectFactory(
            responsible_body=bun, kind=ProjectKind.SCHOOL_EXCHANGE, own_cost=80000
        )
    )

    assert Project.objects.approved_without_decision().count() == 1


def test_the_summary_speaks_swedish_on_the_swedish_dashboard(db, today):
    factories.RelationshipFactory(kind=RelationshipKind.TWIN_TOWN)
    factories.RelationshipFactory(kind=RelationshipKind.TWIN_TOWN)

    with translation.override("sv"):
        row = _row(today)

    assert row.summary == "2 uppgifter saknar de beslut de bygger på."
    assert row.title == "Beslut bakom uppgifterna"


def test_work_approved_by_its_bodys_decision_is_not_listed(bun, bun_member, today):
    project = factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.PLANNED)
    factories.FundingCheckFactory(project=project)
    project.funding_check_closed_on = datetime.date(2026, 2, 2)
    project.funding_check_closed_by = factories.PersonFactory()
    project.save()
    application = applications.submit(
        factories.ApplicationFactory(project=project, addressed_to=bun),
        on=datetime.date(2026, 6, 1),
    )
    applications.decide(
        application,
        by=bun_member,
        outcome=Outcome.APPROVED,
        meeting_date=datetime.date(2026, 6, 10),
        paragraph=12,
    )
    project.refresh_from_db()

    assert project.status in (ProjectStatus.APPROVED, ProjectStatus.ONGOING)
    assert Project.objects.approved_without_decision().count() == 0
    assert _row(today).ok
