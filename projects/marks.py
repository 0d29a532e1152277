"""A rule's answer kept as rows: the stored marks that the pages read instead of asking a rule
over every record (#15). ``projects.decision_publicity`` keeps one (the public decisions),
``projects.missing_decisions`` another (approved work lacking its decision); each says its
rule once and which changes concern which records, and this module keeps the rows."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS
from django.db.models import QuerySet
from django.utils import timezone


@dataclass(frozen=True)
class Changes:
    """What a refresh changed: the records newly marked and those whose mark it removed."""

    marked: frozenset = frozenset()
    unmarked: frozenset = frozenset()

    def __bool__(self):
        return bool(self.marked or self.unmarked)


@dataclass(frozen=True)
class StoredMark:
    """A row of ``model`` for each record that ``rule`` finds, none for the others.

    ``owner`` is the mark's one-to-one field to the record, ``since`` the field that keeps
    when the mark was made, ``rule(using)`` the records the rule finds, as a queryset."""

    model: type
    owner: str
    since: str
    rule: Callable[[str], QuerySet]

    def _marks(self, using: str) -> QuerySet:
        return self.model._default_manager.using(using)

    def refresh(self, ids: Iterable, using: str = DEFAULT_DB_ALIAS) -> Changes:
        """Make the mark of each of these records (primary keys; None is skipped) agree with
        the rule. Two queries for any number of records when nothing changes (none without
        records), one more for each kind of change."""
        ids = {pk for pk in ids if pk is not None}
        if not ids:
            return Changes()
        found = set(self.rule(using).filter(pk__in=ids).values_list("pk", flat=True))
        marked = set(
            self._marks(using)
            .filter(**{f"{self.owner}__in": ids})
            .values_list(f"{self.owner}_id", flat=True)
        )
        return self._write(found - marked, marked - found, using)

    def disagreements(self, using: str = DEFAULT_DB_ALIAS) -> Changes:
        """Where the rows disagree with the rule, over every record: ``marked`` the records
        the rule finds without a row, ``unmarked`` the rows of records it does not find."""
        found = set(self.rule(using).values_list("pk", flat=True))
        marked = set(self._marks(using).values_list(f"{self.owner}_id", flat=True))
        return Changes(frozenset(found - marked), frozenset(marked - found))

    def rebuild(self, using: str = DEFAULT_DB_ALIAS, *, dry_run: bool = False) -> Changes:
        """Every record's mark made to agree with the rule (after writes in bulk that send no
        signals: the bench's data, a restore, a raw SQL repair); returns what was wrong."""
        wrong = self.disagreements(using)
        if not dry_run:
            self._write(set(wrong.marked), set(wrong.unmarked), using)
        return wrong

    def _write(self, to_mark: set, to_unmark: set, using: str) -> Changes:
        if to_unmark:
            self._marks(using).filter(**{f"{self.owner}__in": to_unmark}).delete()
        if to_mark:
            now = timezone.now()
            self._marks(using).bulk_create(
                [self.model(**{f"{self.owner}_id": pk, self.since: now}) for pk in sorted(to_mark)],
                ignore_conflicts=True,  # a concurrent refresh marked it first: the same answer
            )
        return Changes(frozenset(to_mark), frozenset(to_unmark))
