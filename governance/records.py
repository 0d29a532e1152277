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

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, router
from django.db.models import F, Q
from django.db.models.constants import LOOKUP_SEP
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


_NOT_NAMED: dict = {}


def _fields_not_named(model_class, constraint) -> frozenset[str]:
    """The fields a check constraint's condition does not read (none if a field is generated:
    its value comes from others)."""
    key = (model_class, constraint.name)
    if key not in _NOT_NAMED:
        fields = model_class._meta.local_concrete_fields
        names = _names_in(constraint.condition)
        _NOT_NAMED[key] = (
            frozenset()
            if any(field.generated for field in fields)
            else frozenset(field.name for field in fields) - names
        )
    return _NOT_NAMED[key]


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
        """Django's, except that a check constraint is given the fields its condition names
        and no others (#15). Django evaluates a check in one query over every field of the
        record; the answer is the same over the fields it reads, at a fraction of the cost,
        and a save checks several. Other constraints are Django's own."""
        exclude = set(exclude or ())
        using = router.db_for_write(type(self), instance=self)
        errors = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                not_read = exclude
                if isinstance(constraint, models.CheckConstraint):
                    not_read = exclude | _fields_not_named(model_class, constraint)
                try:
                    constraint.validate(model_class, self, exclude=not_read, using=using)
                except ValidationError as error:
                    if getattr(error, "code", None) == "unique" and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

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
