"""A change to a published project's public text, waiting for the coordinator (#11).

The project row keeps the published text: the public pages, search, the Atom feed and the API
read it. A change by anyone but the coordinator is kept here until the coordinator publishes it
(applies it to the project) or sends it back with a reason. The steps are in
``projects.publishing``; who may take them is asked of ``governance.access``.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models import Person
from governance.records import BoundedTextField, ValidatedModel
from projects.models.project import Project

# What the public pages, search, the feed and the API show of a project as text.
PUBLIC_TEXT_FIELDS = ("title_sv", "title_en", "summary_sv", "summary_en", "school")


class ProposalStatus(models.TextChoices):
    WAITING = "waiting", _("waiting for publishing")
    PUBLISHED = "published", _("published")
    RETURNED = "returned", _("sent back")
    REPLACED = "replaced", _("replaced by a later change")


class TextProposal(ValidatedModel):
    """Proposed public text of a published project: who proposed what, when, and what the
    coordinator did with it. Kept, with its history, after it is handled."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="text_proposals",
    )
    changes = models.JSONField(
        _("proposed text"), help_text=_("The public texts that change, by field.")
    )
    proposed_by = models.ForeignKey(
        Person,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.WAITING
    )
    handled_by = models.ForeignKey(
        Person,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    reason = BoundedTextField(
        _("reason"), blank=True, help_text=_("Why the change is sent back to the proposer.")
    )

    class Meta:
        verbose_name = _("proposed public text")
        verbose_name_plural = _("proposed public texts")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status="waiting"),
                name="%(app_label)s_%(class)s_one_waiting_per_project",
                violation_error_message=_("The project already has a change waiting."),
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(reason=""),
                name="%(app_label)s_%(class)s_returned_with_reason",
                violation_error_message=_("Say why the change is sent back."),
            ),
        ]

    def __str__(self):
        return f"{self.project}: {self.get_status_display()}"

    @property
    def is_waiting(self) -> bool:
        return self.status == ProposalStatus.WAITING

    @property
    def is_returned(self) -> bool:
        return self.status == ProposalStatus.RETURNED

    def rows(self) -> list[tuple[str, str, str]]:
        """(field label, published text, proposed text) for each changed field."""
        return [
            (
                str(Project._meta.get_field(name).verbose_name),
                getattr(self.project, name) or "",
                value or "",
            )
            for name, value in self.changes.items()
        ]

    def clean(self):
        if not isinstance(self.changes, dict) or not self.changes:
            raise ValidationError({"changes": _("A proposal changes at least one public text.")})
        unknown = set(self.changes) - set(PUBLIC_TEXT_FIELDS)
        if unknown:
            message = _("Only the public texts wait for publishing, not: %(fields)s.")
            raise ValidationError({"changes": message % {"fields": ", ".join(sorted(unknown))}})
