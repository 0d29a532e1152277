"""Documents of case work (#12): a plan, a budget, an invitation letter, a minutes extract.

A document belongs to exactly one of an application, a project, a meeting or a decision
(a constraint). Its file is checked by content and size like every upload
(``governance.uploads.DocumentValidator``) and served only through the application, as a
download. A document is internal unless the coordinator marks it public
(``Rights.may_publish_document``); the public pages list only those.

A document is never deleted nor its file replaced: one that should no longer count is
withdrawn, with the day, who and why, and stays in the record with its history. The one
exception is a draft that is itself deleted (an application or project not yet decided,
``projects.predicates.may_be_deleted``): its documents go with it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance.records import PublicRecord, PublicRecordQuerySet
from governance.uploads import DocumentValidator, describe

# The records a document may belong to, exactly one of them.
TARGETS = ("application", "project", "meeting", "decision")

DOCUMENT_IS_FIXED = _(
    "A document is kept as it was uploaded; upload a new one and withdraw this one instead."
)
WITHDRAWAL_NEEDS_REASON = _("Give the reason why the document is withdrawn.")
ONE_TARGET = _("A document belongs to exactly one application, project, meeting or decision.")


class DocumentKind(models.TextChoices):
    PLAN = "plan", _("plan")
    BUDGET = "budget", _("budget")
    INVITATION = "invitation", _("invitation letter")
    MINUTES_EXTRACT = "minutes_extract", _("minutes extract")
    AGENDA = "agenda", _("agenda")
    MINUTES = "minutes", _("minutes")
    OTHER = "other", _("other document")


# Which kinds each record takes (#12): a meeting its notice, agenda and minutes; case work
# (an application, a project, a decision) its plan, budget, invitation and minutes extract.
MEETING_KINDS = (DocumentKind.INVITATION, DocumentKind.AGENDA, DocumentKind.MINUTES)
CASE_KINDS = (
    DocumentKind.PLAN,
    DocumentKind.BUDGET,
    DocumentKind.INVITATION,
    DocumentKind.MINUTES_EXTRACT,
)


def kinds_for(target_field: str) -> tuple[DocumentKind, ...]:
    """The kinds of document the record named by its field ("meeting", "project" ...) takes."""
    return (*(MEETING_KINDS if target_field == "meeting" else CASE_KINDS), DocumentKind.OTHER)


KIND_NOT_TAKEN = _(
    "A document of the kind “%(kind)s” does not belong to this record (%(record)s); "
    "choose one of: %(kinds)s."
)


class CaseDocumentQuerySet(PublicRecordQuerySet):
    def current(self):
        """Not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def public(self):
        """Marked public by the coordinator and not withdrawn."""
        return self.current().filter(public=True)


def _one_target() -> Q:
    condition = Q()
    for name in TARGETS:
        only = Q(**{f"{name}__isnull": False}) & Q(
            **{f"{other}__isnull": True for other in TARGETS if other != name}
        )
        condition |= only
    return condition


class CaseDocument(PublicRecord):
    """One uploaded document of an application, project, meeting or decision."""

    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Empty: the kind names it.")
    )
    file = models.FileField(
        _("file"), upload_to="case-documents/%Y/", validators=[DocumentValidator()]
    )
    application = models.ForeignKey(
        "projects.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    meeting = models.ForeignKey(
        "governance.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Listed on the public pages. Only the coordinator marks a document public."),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)

    objects = CaseDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=_one_target(),
                name="%(app_label)s_%(class)s_exactly_one_target",
                violation_error_message=ONE_TARGET,
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason=""),
                name="%(app_label)s_%(class)s_withdrawal_has_reason",
                violation_error_message=WITHDRAWAL_NEEDS_REASON,
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        field = next((name for name in TARGETS if getattr(self, f"{name}_id")), None)
        if field is not None and self.kind and self.kind not in kinds_for(field):
            taken = ", ".join(str(kind.label) for kind in kinds_for(field))
            message = KIND_NOT_TAKEN % {
                "kind": self.get_kind_display(),
                "record": self._meta.get_field(field).verbose_name,
                "kinds": taken,
            }
            raise ValidationError({"kind": message})

    @property
    def name(self) -> str:
        """Its title, or its kind's name."""
        return self.title or str(self.get_kind_display()).capitalize()

    @property
    def label(self) -> str:
        """The file's kind and size for its link, "PDF, 120 kB"."""
        return describe(self.file)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def target(self):
        """The application, project, meeting or decision the document belongs to."""
        for name in TARGETS:
            if getattr(self, f"{name}_id") is not None:
                return getattr(self, name)
        return None

    def check_stored_kept(self) -> None:
        """The file, what it belongs to and when it came are kept; a withdrawal is for good."""
        super().check_stored_kept()
        names = ("file", "uploaded_at", "withdrawn_at", "withdrawal_reason", *TARGETS)
        stored = self.stored_row(names)
        if stored is None:
            return
        fixed = ("file", "uploaded_at", *(f"{name}_id" for name in TARGETS))
        current = {"file": self.file.name or "", "uploaded_at": self.uploaded_at}
        if any(stored[a] != current.get(a, getattr(self, a)) for a in fixed):
            raise ValidationError(DOCUMENT_IS_FIXED)
        if stored["withdrawn_at"] is not None and (
            stored["withdrawn_at"] != self.withdrawn_at
            or stored["withdrawal_reason"] != self.withdrawal_reason
        ):
            raise ValidationError(DOCUMENT_IS_FIXED)
