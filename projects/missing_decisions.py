"""The stored mark of approved work that lacks its political decision (S7, S8, #15).

Work whose status claims an approval (approved, ongoing, completed), that needs a political
decision and has no approving one of its responsible body (imported from earlier years, or
set by hand) is what the dashboard's row "Decisions behind the records" lists, and what the
list of work awaiting publication leaves out. The rule is ``predicates.lacks_approving_decision``
and its queryset form ``ProjectQuerySet.approved_without_decision``; nothing else says it.

Asked of every project, the rule is an anti-join of every approved project of every year
against the approving applications (130 ms at 100,000 projects, docs/performance.md). The
pages read ``projects.MissingDecision`` instead, a row per project the rule finds, which
``refresh`` writes for the projects a change concerns, in the change's own transaction, as
``projects.decision_publicity`` does for the public decisions. ``projects/signals.py`` calls
it on every save and delete the rule depends on: a project's own save (status, kind, cost,
"needs a decision", responsible body), an application's save or delete (its decision
recorded, its project changed, withdrawn), a decision's save (recorded or corrected), on
every path (services, admin, import, commands, shell). Writes in bulk that send no signals,
and a change of ``SCHOOL_EXCHANGE_DECISION_THRESHOLD``, are followed by ``rebuild``
(``manage.py rebuild_decision_marks``), which also reports where the mark disagreed.
"""

from collections.abc import Iterable

from django.db import DEFAULT_DB_ALIAS

from projects.marks import Changes, StoredMark
from projects.models import Application, MissingDecision, Project


def rule(using: str = DEFAULT_DB_ALIAS):
    """The projects that lack their decision by the rule, as a queryset."""
    return Project.objects.using(using).approved_without_decision()


MARK = StoredMark(MissingDecision, "project", "since", rule)


def refresh(project_ids: Iterable, using: str = DEFAULT_DB_ALIAS) -> Changes:
    """Make the mark of each of these projects (primary keys; None is skipped) agree with
    ``rule`` (``StoredMark.refresh``). ``marked`` are the projects newly found lacking their
    decision, ``unmarked`` those whose mark was removed."""
    return MARK.refresh(project_ids, using)


def disagreements(using: str = DEFAULT_DB_ALIAS) -> Changes:
    """Where the stored mark disagrees with the rule, for every project: ``marked`` the
    projects lacking their decision without a mark, ``unmarked`` the marks of projects that
    do not. Empty when the mark is right."""
    return MARK.disagreements(using)


def rebuild(using: str = DEFAULT_DB_ALIAS, *, dry_run: bool = False) -> Changes:
    """Every project's mark made to agree with the rule; returns what was wrong."""
    return MARK.rebuild(using, dry_run=dry_run)


def projects_of_decisions(decision_ids: Iterable, using: str = DEFAULT_DB_ALIAS) -> set:
    """The projects whose applications carry these decisions."""
    ids = [pk for pk in decision_ids if pk is not None]
    if not ids:
        return set()
    return set(
        Application.objects.using(using)
        .filter(decision__in=ids, project__isnull=False)
        .values_list("project_id", flat=True)
    )
