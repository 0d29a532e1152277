"""The versions of an agreement's document (#11, S4): each uploaded file is kept.

An agreement's ``document`` is its current version. Uploading another file makes a new
version; the earlier ones stay, with the day each came into force, so the history shows
which file was in force when. A version is never deleted, and its file is never replaced;
an agreement's document is never cleared (``Agreement.clean``): it is superseded only by a
new version. ``record_document_version`` is called by ``Agreement.save``, so the admin, the
loading commands and the shell all keep the versions.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.records import PublicRecord
from governance.uploads import DocumentValidator, describe

VERSION_IS_FIXED = _(
    "A version of an agreement's document is kept as it was uploaded; upload a new version instead."
)


class AgreementDocument(PublicRecord):
    """One uploaded file of an agreement, in force from the day it was uploaded until the
    next version's. Never deleted, never replaced."""

    agreement = models.ForeignKey(
        "partners.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="document_versions",
    )
    file = models.FileField(
        _("document"), upload_to="agreements/%Y/", validators=[DocumentValidator()]
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("version of an agreement's document")
        verbose_name_plural = _("versions of agreements' documents")
        ordering = ["agreement", "uploaded_at", "pk"]
        indexes = [models.Index(fields=["agreement", "uploaded_at"])]

    def __str__(self):
        return f"{self.agreement_id}: {self.file.name} ({self.in_force_from.isoformat()})"

    @property
    def in_force_from(self) -> datetime.date:
        return timezone.localdate(self.uploaded_at)

    @property
    def label(self) -> str:
        """The file's kind and size for its link, "PDF, 120 kB"."""
        return describe(self.file)

    def get_public_url(self) -> str:
        return reverse("website:agreement-document-version", args=[self.agreement_id, self.pk])

    def clean(self):
        if self.pk is None:
            return
        stored = (
            AgreementDocument.objects.filter(pk=self.pk)
            .values("agreement_id", "file", "uploaded_at")
            .first()
        )
        if stored is not None and (
            stored["agreement_id"] != self.agreement_id
            or stored["file"] != self.file.name
            or stored["uploaded_at"] != self.uploaded_at
        ):
            raise ValidationError(VERSION_IS_FIXED)


def record_document_version(agreement, *, user=None) -> AgreementDocument | None:
    """A new version when the agreement's document is not its latest version's file."""
    if not agreement.document:
        return None
    latest = agreement.document_versions.order_by("-uploaded_at", "-pk").first()
    if latest is not None and latest.file.name == agreement.document.name:
        return None
    if user is None:
        user = _request_user()
    version = AgreementDocument(agreement=agreement, file=agreement.document.name, uploaded_by=user)
    version.save()
    return version


def _request_user():
    """Who is uploading: the signed-in user of the request simple-history's middleware saw."""
    from simple_history.models import HistoricalRecords

    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def periods(versions) -> list[tuple[AgreementDocument, datetime.date | None]]:
    """Each version (oldest first) with the day the next one replaced it (None: in force)."""
    versions = list(versions)
    return [
        (version, versions[index + 1].in_force_from if index + 1 < len(versions) else None)
        for index, version in enumerate(versions)
    ]
