"""Public records (allmänna handlingar), validation on every save, and dated periods.

Decisions, agreements, relationships and their status changes, memberships, meetings,
funding checks and strategies are public records: they may not be destroyed without a
disposal decision, so neither a model instance nor a queryset of them can be deleted. They
end, are withdrawn or are archived instead. Nor can a queryset of them be updated in bulk:
``QuerySet.update()`` writes past ``full_clean()`` and leaves no history, so every change goes
through ``save()``. Applications and projects are public records
once decided; that rule depends on their state and lives in ``projects.predicates``
(``may_be_deleted``, ``project_may_be_deleted``), raising ``PublicRecordDeleteError`` too.

What was recorded stays as recorded (#11): ``ValidatedModel.full_clean`` also asks
``check_stored_kept()``, which compares the record with its stored row; by default it keeps
``set_once_fields`` (links to a decision, set once), and models add their own (a decision's
frozen fields, a decided application).

A record of what happened (a decision, its minutes and notice, a status change, a
consultation) is not dated after today: ``after_today`` is the one test of that, and
``check_not_after_today`` its check for ``clean()``.

Many records have a period; that its end is not before its start is written once here, as
a database constraint (``end_not_before_start``) and, where the database cannot compare
the two (a date against a time), as a check for ``clean()`` (``check_end_not_before_start``).

Free text has a length limit (#15): ``BoundedTextField`` is a text column whose limit every
path meets, the admin, the staff pages, imports, the API and the shell alike.
"""

import contextlib
import contextvars
import datetime

from django.core.exceptions import FieldError, PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import DatabaseError, connections, models, router, transaction
from django.db.models import F, Q, Value
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Coalesce
from django.db.models.sql import Query
from django.db.models.sql.constants import SINGLE
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NOT_DELETABLE = _(
    "%(record)s is a public record (allmän handling) and cannot be deleted. "
    "End it, withdraw it or archive it instead."
)


# Free text's limits, in characters (#15): about four pages, and a long document's text.
LONG_TEXT_MAX_LENGTH = 10_000
DOCUMENT_TEXT_MAX_LENGTH = 50_000


class BoundedTextField(models.TextField):
    """A text column with a length limit (``LONG_TEXT_MAX_LENGTH`` unless given).

    Django's ``TextField`` passes ``max_length`` to its form field only; here it is also a
    validator of the model field, so ``full_clean()`` (run by every ``ValidatedModel.save()``)
    refuses a longer text with Django's own message in the user's language, and forms, the
    admin and imports meet the same limit. The database column stays ``text``.
    """

    def __init__(self, *args, max_length=LONG_TEXT_MAX_LENGTH, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(self.max_length))


class PublicRecordDeleteError(PermissionDenied):
    """Raised when code tries to delete a public record."""


class PublicRecordUpdateError(PermissionDenied):
    """Raised when code tries to change public records in bulk, past their rules and history."""


NOT_UPDATABLE_IN_BULK = _(
    "%(record)s is a public record (allmän handling): each change is checked and kept in its "
    "history, so records cannot be changed in bulk."
)


class PublicRecordQuerySet(models.QuerySet):
    """A queryset whose rows can be neither deleted nor updated in bulk.

    ``update()`` would skip ``full_clean()`` (the rules) and the history; change each record
    with ``save()``. A test that needs a row as it was stored before a rule existed writes it
    through the model's ``_base_manager``, which is Django's plain manager.
    """

    def delete(self):
        raise PublicRecordDeleteError(NOT_DELETABLE % {"record": self.model._meta.verbose_name})

    delete.queryset_only = True

    def update(self, **kwargs):
        raise PublicRecordUpdateError(
            NOT_UPDATABLE_IN_BULK % {"record": self.model._meta.verbose_name}
        )

    update.queryset_only = True


def _names_in(condition) -> set[str]:
    """The fields a constraint's condition names: each lookup's first part, and every F()."""
    if isinstance(condition, Q):
        names = set()
        for child in condition.children:
            if isinstance(child, tuple):
                lookup, value = child
                names.add(lookup.split(LOOKUP_SEP, 1)[0])
                names |= _names_in(value)
            else:
                names |= _names_in(child)
        return names
    if isinstance(condition, F):
        return {condition.name.split(LOOKUP_SEP, 1)[0]}
    names = set()
    for source in getattr(condition, "get_source_expressions", list)():
        if source is not None:
            names |= _names_in(source)
    return names


_NAMED: dict = {}


def _names_read(model_class, constraints) -> frozenset[str] | None:
    """The fields (and ``pk``) that a model's check constraints read together, or None when
    a field is generated (its value comes from others: the record's whole map is given)."""
    key = (model_class, tuple(constraint.name for constraint in constraints))
    if key not in _NAMED:
        fields = model_class._meta.local_concrete_fields
        names = frozenset().union(*(_names_in(constraint.condition) for constraint in constraints))
        _NAMED[key] = None if any(field.generated for field in fields) else names
    return _NAMED[key]


def _checks_failed(model_class, instance, constraints, exclude, using) -> list | None:
    """The check constraints of ``constraints`` that ``instance`` violates, all evaluated in
    one query, or None if the database could not evaluate them together (then each is
    asked alone, as Django does).

    Django's ``CheckConstraint.validate`` asks the database once per constraint (``Q.check``:
    a savepoint, the query, its release), and a save checks several: here one query selects
    each condition as a column, ``COALESCE(condition, true)`` as Django's own ``WHERE``. A
    condition that reads an excluded field is skipped (Django's ``FieldError``), a NULL
    passes, a condition that can match nothing fails, as in ``Q.check`` (#15)."""
    against = instance._get_field_expression_map(meta=model_class._meta, exclude=exclude)
    named = _names_read(model_class, constraints)
    query = Query(None)
    for name, value in against.items():
        if named is None or name in named:
            if not hasattr(value, "resolve_expression"):
                value = Value(value)
            query.add_annotation(value, name, select=False)
    checked = []
    for number, constraint in enumerate(constraints):
        condition = Coalesce(Q(constraint.condition), True, output_field=models.BooleanField())
        try:
            query.add_annotation(condition, f"_check_{number}")
        except FieldError:
            continue  # it reads an excluded field: not checked, as in Django
        checked.append(constraint)
    if not checked:
        return []
    connection = connections[using]
    atomic = (
        transaction.atomic(using=using) if connection.in_atomic_block else contextlib.nullcontext()
    )
    try:
        with atomic:
            row = query.get_compiler(using=using).execute_sql(SINGLE)
    except DatabaseError:
        return None
    if row is None:  # no row at all (not expected of a SELECT without FROM): ask each alone
        return None
    return [constraint for constraint, passed in zip(checked, row, strict=True) if not passed]


class ValidatedModel(models.Model):
    """A model that runs its full validation on every save, whatever path saves it.

    Rules that span records live in ``clean()``; calling it here means the admin, the staff
    pages, the API, management commands and the shell all meet the same rule.
    """

    # Links to what was decided that are set once and never change (#11): a relationship's
    # establishing decision, a status change's decision, a steering group's appointing one.
    set_once_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.full_clean()
        super().save(*args, **kwargs)

    def validate_constraints(self, exclude=None):
        """Django's, except that a model's check constraints are evaluated in one query
        (``_checks_failed``), not one query with its savepoint each (#15): a save checks
        several. The same constraints refuse the same records with the same messages; other
        constraints (unique ones) are Django's own."""
        exclude = set(exclude or ())
        using = router.db_for_write(type(self), instance=self)
        errors = {}
        for model_class, constraints in self.get_constraints():
            checks = [c for c in constraints if isinstance(c, models.CheckConstraint)]
            failed = _checks_failed(model_class, self, checks, exclude, using) if checks else []
            for constraint in constraints:
                if constraint in checks and failed is not None:
                    if constraint in failed:
                        errors = ValidationError(
                            constraint.get_violation_error_message(),
                            code=constraint.violation_error_code,
                        ).update_error_dict(errors)
                    continue
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    if getattr(error, "code", None) == "unique" and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def clean_fields(self, exclude=None):
        """Django's, except that a link to a record already in hand is not looked up again
        (#15): Django's ``ForeignKey.validate`` asks the database whether the linked row
        exists, one query per link and save, even when the record holds the linked object as
        loaded or saved (a form's choice, a service's argument). ``_links_in_hand`` names
        those links; a link given by id alone, to an object not saved or deleted, or with
        ``limit_choices_to`` (a rule of what may be linked) is looked up as before."""
        super().clean_fields(exclude=set(exclude or ()) | self._links_in_hand())

    def _links_in_hand(self) -> set[str]:
        """The links whose object the record holds as stored in this database: a saved or
        loaded object (not one being added), its key the link's value, and no condition on
        what may be linked or validator of the link's own. Checking them would only find the
        row that the object came from."""
        in_hand = set()
        for field in self._meta.concrete_fields:
            if not (field.many_to_one or field.one_to_one) or field.remote_field.parent_link:
                continue
            linked = field.get_cached_value(self, default=None)
            if (
                linked is not None
                and not linked._state.adding
                and linked._state.db == router.db_for_read(field.related_model, instance=self)
                and getattr(linked, field.target_field.attname) == getattr(self, field.attname)
                and getattr(linked, field.target_field.attname) is not None
                and not field.get_limit_choices_to()
                and not field.validators
            ):
                in_hand.add(field.name)
        return in_hand

    def full_clean(self, *args, **kwargs):
        errors = {}
        try:
            super().full_clean(*args, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            self.check_stored_kept()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def stored_row(self, names) -> dict | None:
        """The named fields' values as stored (by attname), or None for a record not yet saved."""
        if self.pk is None or not names:
            return None
        columns = [self._meta.get_field(name).attname for name in names]
        return type(self)._base_manager.filter(pk=self.pk).values(*columns).first()

    def check_stored_kept(self) -> None:
        """Refuse a change to what the record keeps as stored: by default ``set_once_fields``,
        which may go from empty to a value once, never change after (#11)."""
        stored = self.stored_row(self.set_once_fields)
        if stored is None:
            return
        errors = {}
        for name in self.set_once_fields:
            attname = self._meta.get_field(name).attname
            if stored[attname] is not None and stored[attname] != getattr(self, attname):
                errors[name] = LINK_SET_ONCE
        if errors:
            raise ValidationError(errors)


LINK_SET_ONCE = _(
    "The link to the decision is recorded once and does not change. A decision that was "
    "wrong is revoked or replaced by a later decision of the body, recorded on its own."
)


# On while ``manage.py restore`` loads an archive's rows as they were stored: the rules that
# guard changes (signal receivers such as the frozen objectives of a decided application) let
# the stored state back in unchanged. Nothing else turns it on.
_restoring = contextvars.ContextVar("restoring_stored_records", default=False)


@contextlib.contextmanager
def restoring_stored_records():
    """Load stored rows back as they were (the restore command only)."""
    token = _restoring.set(True)
    try:
        yield
    finally:
        _restoring.reset(token)


def is_restoring() -> bool:
    return _restoring.get()


class PublicRecord(ValidatedModel):
    """A validated model that can never be deleted (see module docstring)."""

    objects = PublicRecordQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise PublicRecordDeleteError(NOT_DELETABLE % {"record": self._meta.verbose_name})


END_BEFORE_START = _("The end date cannot be before the start date.")


def end_not_before_start(
    *,
    start: str,
    end: str,
    name: str = "ends_after_start",
    message=END_BEFORE_START,
    start_may_be_empty: bool = False,
) -> models.CheckConstraint:
    """The constraint that the field ``end`` is empty or not before the field ``start``.

    Named ``<app>_<model>_<name>``. With ``start_may_be_empty`` a period whose start is
    unknown may have any end.
    """
    condition = Q(**{f"{end}__isnull": True})
    if start_may_be_empty:
        condition |= Q(**{f"{start}__isnull": True})
    condition |= Q(**{f"{end}__gte": F(start)})
    return models.CheckConstraint(
        condition=condition,
        name=f"%(app_label)s_%(class)s_{name}",
        violation_error_message=message,
    )


def check_end_not_before_start(
    start: datetime.date | None,
    end: datetime.date | None,
    *,
    field: str,
    message=END_BEFORE_START,
) -> None:
    """For ``clean()``: refuse, on ``field``, an end before its start; an empty date passes."""
    if start is not None and end is not None and end < start:
        raise ValidationError({field: message})


def after_today(day: datetime.date | None) -> bool:
    """Whether ``day`` is later than today in the municipality's time zone; empty is not."""
    return day is not None and day > timezone.localdate()


def check_not_after_today(day: datetime.date | None, *, field: str, message) -> None:
    """For ``clean()``: refuse, on ``field``, a record of what happened dated after today."""
    if after_today(day):
        raise ValidationError({field: message})
