"""Approved work not yet published (#12), as the staff start page and the dashboard list it:
the rows and the total agree with the rule, read from the stored mark of work lacking its
decision (``projects.missing_decisions``, #15)."""

import datetime

import pytest

from governance.models import Outcome
from projects import missing_decisions, queries
from projects.models import Project, ProjectKind, ProjectStatus
from tests import factories

pytestmark = pytest.mark.django_db


def _stored(title, *, kind, status=ProjectStatus.COMPLETED, published=False, **fields):
    """A project stored in ``status`` as earlier years' work is (the state written as it was,
    in bulk, without signals; the marks written again after it, as the command does)."""
    project = factories.ProjectFactory(title=title, kind=kind, **fields)
    Project.objects.filter(pk=project.pk).update(status=status, published=published)
    missing_decisions.rebuild()
    return project


def test_the_rows_and_the_total_follow_the_rule():
    needs_none = _stored("A culture project", kind=ProjectKind.CULTURE)
    decided = _stored("B partnership, decided", kind=ProjectKind.PARTNERSHIP)
    factories.DecidedApplicationFactory(project=decided)
    lacking = _stored("C partnership without its decision", kind=ProjectKind.PARTNERSHIP)
    refused = _stored("D partnership refused", kind=ProjectKind.PARTNERSHIP)
    factories.DecidedApplicationFactory(project=refused, decision__outcome=Outcome.REJECTED)
    _stored("E culture, published", kind=ProjectKind.CULTURE, published=True)
    _stored("F culture idea", kind=ProjectKind.CULTURE, status=ProjectStatus.IDEA)
    _stored(
        "G culture planned",
        kind=ProjectKind.CULTURE,
        status=ProjectStatus.PLANNED,
        starts_on=datetime.date(2026, 3, 1),
    )

    rows, total = queries.awaiting_publication()

    assert [p.pk for p in rows] == [needs_none.pk, decided.pk]
    assert total == 2
    assert lacking in Project.objects.approved_without_decision()
    assert refused in Project.objects.approved_without_decision()
    assert set(Project.objects.marked_without_decision()) == {lacking, refused}
    assert set(Project.objects.unpublished_approved()) == {needs_none, decided, lacking, refused}


def test_the_total_leaves_out_the_unpublished_work_lacking_its_decision():
    _stored("A culture project", kind=ProjectKind.CULTURE)
    _stored("B partnership without its decision", kind=ProjectKind.PARTNERSHIP)

    rows, total = queries.awaiting_publication()

    assert [p.title for p in rows] == ["A culture project"]
    assert total == 1


def test_the_total_counts_beyond_the_rows_listed():
    for n in range(queries.UNPUBLISHED_LISTED + 2):
        _stored(f"Culture {n:02}", kind=ProjectKind.CULTURE)

    rows, total = queries.awaiting_publication()

    assert len(rows) == queries.UNPUBLISHED_LISTED
    assert total == queries.UNPUBLISHED_LISTED + 2


def test_nothing_awaiting_gives_no_rows_and_nothing_counted():
    _stored("Published", kind=ProjectKind.CULTURE, published=True)

    assert queries.awaiting_publication() == ([], 0)
