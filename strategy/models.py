"""The strategy, its objectives and its revisions (S16, S21)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.models import Decision
from governance.records import BoundedTextField, PublicRecord, ValidatedModel
from governance.uploads import DocumentValidator, describe

STRATEGY_DOCUMENT_KEPT = _(
    "The adopted strategy's document is a public record: it is not removed or replaced. A "
    "revised strategy is recorded as a new strategy, adopted by its decision, that replaces "
    "this one."
)


class Strategy(PublicRecord):
    """The municipality's strategy for its international contacts, adopted by a decision.
    Never deleted: a later one replaces it."""

    title = models.CharField(_("title"), max_length=300)
    adopted_by = models.OneToOneField(
        Decision,
        verbose_name=_("adopted by"),
        on_delete=models.PROTECT,
        related_name="adopted_strategy",
    )
    summary = BoundedTextField(_("summary"), blank=True)
    document = models.FileField(
        _("document"), upload_to="strategy/", blank=True, validators=[DocumentValidator()]
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
    )

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["-adopted_by__meeting_date"]

    def __str__(self):
        return self.title

    @property
    def document_label(self) -> str:
        """The document's kind and size for its link, "PDF, 1,2 MB"; empty without one."""
        return describe(self.document)

    def check_stored_kept(self):
        """The document of the strategy as adopted is kept (#11): attached once, never
        cleared or replaced; a revised strategy is a new one that replaces this one."""
        super().check_stored_kept()
        stored = self.stored_row(["document"])
        if stored and stored["document"] and stored["document"] != self.document.name:
            raise ValidationError({"document": STRATEGY_DOCUMENT_KEPT})

    def clean(self):
        if self.adopted_by_id and not self.adopted_by.body.decides:
            raise ValidationError({"adopted_by": _("A strategy is adopted by a deciding body.")})


class Objective(ValidatedModel):
    """One of the strategy's objectives ("Vad vill vi uppnå?", S16)."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.PROTECT, related_name="objectives"
    )
    number = models.PositiveSmallIntegerField(pgettext_lazy("ordinal", "number"))
    text = BoundedTextField(_("text"))
    short_name = models.CharField(_("short name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["strategy", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message=_(
                    "The strategy already has an objective with this number."
                ),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="%(app_label)s_%(class)s_number_positive",
                violation_error_message=_("Objectives are numbered from 1."),
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.short_name or self.text[:60]}"


class Revision(ValidatedModel):
    """A revision of the strategy, due once per term of office (S21)."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.PROTECT, related_name="revisions"
    )
    decision = models.OneToOneField(
        Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="revision"
    )
    summary = BoundedTextField(_("summary"))

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-decision__meeting_date"]

    def __str__(self):
        return f"{self.strategy}: {self.decision.citation}"

    def clean(self):
        if self.decision_id and self.strategy_id:
            adopted = self.strategy.adopted_by
            if self.decision.meeting_date < adopted.meeting_date:
                raise ValidationError(
                    {"decision": _("A revision cannot be decided before the strategy was adopted.")}
                )
