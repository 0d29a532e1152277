"""Public records (allmänna handlingar) and validation on every save.

Decisions, agreements, relationships and their status changes are public records: they may
not be destroyed without a disposal decision, so neither a model instance nor a queryset of
them can be deleted. They end, are withdrawn or are archived instead.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

NOT_DELETABLE = _(
    "%(record)s is a public record (allmän handling) and cannot be deleted. "
    "End it, withdraw it or archive it instead."
)


class PublicRecordDeleteError(PermissionDenied):
    """Raised when code tries to delete a public record."""


class PublicRecordQuerySet(models.QuerySet):
    """A queryset whose rows cannot be deleted in bulk."""

    def delete(self):
        raise PublicRecordDeleteError(NOT_DELETABLE % {"record": self.model._meta.verbose_name})

    delete.queryset_only = True


class ValidatedModel(models.Model):
    """A model that runs its full validation on every save, whatever path saves it.

    Rules that span records live in ``clean()``; calling it here means the admin, the staff
    pages, the API, management commands and the shell all meet the same rule.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.full_clean()
        super().save(*args, **kwargs)


class PublicRecord(ValidatedModel):
    """A validated model that can never be deleted (see module docstring)."""

    objects = PublicRecordQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise PublicRecordDeleteError(NOT_DELETABLE % {"record": self._meta.verbose_name})
