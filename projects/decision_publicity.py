"""Which decisions the public sees, and the stored mark that says so (#15).

A decision is public when it stands behind published work (S19): it established or ended a
published relationship (of a published place), changed one's status or signed one's
agreement, decided an application of a published project, or adopted the strategy or one
of its revisions. ``rule`` says it, once, for any decisions; nothing else does.

The public pages, feeds and the API do not ask the rule: at 100,000 projects it joins every
application with the projects table for every list (0.7 to 0.9 s, docs/performance.md).
They read ``governance.DecisionPublicity``, a row per public decision, which
``refresh_public_marks`` writes for the decisions a change concerns, in the change's own
transaction, so the mark commits (or rolls back) with the change and the public pages'
caches, raised after the commit, never see one without the other. ``projects/signals.py``
calls it on every save and delete the rule depends on (relationships, places, status
changes, agreements, applications, projects, strategies, revisions and decisions
themselves), on every path: the services (publishing, recording, correcting), the admin and
its actions, the spreadsheet import, the loading commands and the shell. Writes in bulk that
send no signals are followed by ``rebuild`` (``manage.py rebuild_decision_marks``), which
also reports where the mark disagreed with the rule.
"""

from collections.abc import Iterable

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Exists, OuterRef

from governance.models import Decision, DecisionPublicity
from partners.models import Agreement, Relationship, StatusChange
from projects.marks import Changes, StoredMark
from projects.models import Application, Project
from strategy.models import Revision, Strategy


def _published_relationships(using: str):
    return Relationship.objects.using(using).published()


def rule(using: str = DEFAULT_DB_ALIAS):
    """The decisions that are public by the rule (see the module's docstring), as a queryset
    of decisions; each condition is a correlated ``EXISTS`` that reads one foreign-key index,
    so asking it of a few decisions costs a few index probes."""
    relationships = _published_relationships(using)
    return Decision.objects.using(using).filter(
        Exists(relationships.filter(established_by=OuterRef("pk")))
        | Exists(relationships.filter(ended_by=OuterRef("pk")))
        | Exists(
            StatusChange.objects.using(using).filter(
                decision=OuterRef("pk"), relationship__in=_published_relationships(using)
            )
        )
        | Exists(
            Agreement.objects.using(using).filter(
                decision=OuterRef("pk"), relationship__in=_published_relationships(using)
            )
        )
        | Exists(
            Application.objects.using(using).filter(
                decision=OuterRef("pk"),
                project__in=Project.objects.using(using).published(),
            )
        )
        | Exists(Strategy.objects.using(using).filter(adopted_by=OuterRef("pk")))
        | Exists(Revision.objects.using(using).filter(decision=OuterRef("pk")))
    )


def is_public(decision: Decision) -> bool:
    """Whether the rule makes ``decision`` public (asked of the database, not the mark)."""
    return rule().filter(pk=decision.pk).exists()


MARK = StoredMark(DecisionPublicity, "decision", "public_since", rule)


def refresh_public_marks(decision_ids: Iterable, using: str = DEFAULT_DB_ALIAS) -> Changes:
    """Make the mark of each of these decisions (primary keys; None is skipped) agree with
    ``rule``: a row for each public one, none for the others (``StoredMark.refresh``)."""
    return MARK.refresh(decision_ids, using)


def disagreements(using: str = DEFAULT_DB_ALIAS) -> Changes:
    """Where the stored mark disagrees with the rule, for every decision: ``marked`` the
    public decisions without a mark, ``unmarked`` the marks of decisions that are not
    public. Empty when the mark is right."""
    return MARK.disagreements(using)


def rebuild(using: str = DEFAULT_DB_ALIAS, *, dry_run: bool = False) -> Changes:
    """Every decision's mark made to agree with the rule (after writes in bulk that send no
    signals: the bench's data, a restore, a raw SQL repair); returns what was wrong."""
    return MARK.rebuild(using, dry_run=dry_run)


# --- which decisions a change of a record concerns ----------------------------------------


def decisions_of_relationships(relationship_ids: Iterable, using: str = DEFAULT_DB_ALIAS) -> set:
    """The decisions a relationship's publication decides about: those that established or
    ended it, changed its status or signed its agreements."""
    ids = list(relationship_ids)
    if not ids:
        return set()
    found = set()
    for pair in (
        Relationship.objects.using(using)
        .filter(pk__in=ids)
        .values_list("established_by_id", "ended_by_id")
    ):
        found.update(pair)
    found.update(
        StatusChange.objects.using(using)
        .filter(relationship__in=ids, decision__isnull=False)
        .values_list("decision_id", flat=True)
    )
    found.update(
        Agreement.objects.using(using)
        .filter(relationship__in=ids, decision__isnull=False)
        .values_list("decision_id", flat=True)
    )
    found.discard(None)
    return found


def decisions_of_projects(project_ids: Iterable, using: str = DEFAULT_DB_ALIAS) -> set:
    """The decisions of the projects' applications."""
    ids = list(project_ids)
    if not ids:
        return set()
    return set(
        Application.objects.using(using)
        .filter(project__in=ids, decision__isnull=False)
        .values_list("decision_id", flat=True)
    )


# Each record whose own foreign keys name the decisions it makes public: its model and the
# fields (before and after a change, both are refreshed).
DECISION_LINKS = {
    Relationship: ("established_by", "ended_by"),
    StatusChange: ("decision",),
    Agreement: ("decision",),
    Application: ("decision",),
    Strategy: ("adopted_by",),
    Revision: ("decision",),
}
