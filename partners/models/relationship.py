"""Relationships with places abroad, their status history, agreements and the Nordic chain."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance.models import Decision, Outcome
from governance.records import (
    BoundedTextField,
    PublicRecord,
    PublicRecordQuerySet,
    ValidatedModel,
    check_not_after_today,
    end_not_before_start,
)
from governance.uploads import DocumentValidator, describe
from partners.models.agreement_document import periods, record_document_version
from partners.models.place import Place


class RelationshipKind(models.TextChoices):
    TWIN_TOWN = "twin_town", _("twin town")
    PARTNERSHIP = "partnership", _("municipal partnership")
    INFORMAL = "informal_contact", _("informal contact")


class RelationshipStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACTIVE = "active", _("active")
    INFORMAL = "informal", _("informal")
    DORMANT = "dormant", _("dormant")
    ENDED = "ended", _("ended")


# Relationships that are kept up, formally or not: the ones expected to show activity (S3).
CURRENT_STATUSES = (RelationshipStatus.ACTIVE, RelationshipStatus.INFORMAL)


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")
    APPROXIMATE = "approximate", _("approximate")
    UNKNOWN = "unknown", _("unknown")


class Channel(models.TextChoices):
    DIRECT = "direct", _("direct")
    ORGANISATION = "organisation", _("through an organisation")


def format_partial_date(day: datetime.date | None, precision: str, note: str = "") -> str:
    """A date shown only as precisely as it is known: "1988", "2007-03", "ca 1945"."""
    if precision == DatePrecision.UNKNOWN or day is None:
        return note or str(_("unknown"))
    if precision == DatePrecision.YEAR:
        return str(day.year)
    if precision == DatePrecision.MONTH:
        return day.strftime("%Y-%m")
    if precision == DatePrecision.APPROXIMATE:
        return note or f"ca {day.year}"
    return day.isoformat()


class Chain(ValidatedModel):
    """A twin-town chain, such as the Nordic chain of S1."""

    name = models.CharField(_("name"), max_length=200)
    description = BoundedTextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("twin-town chain")
        verbose_name_plural = _("twin-town chains")
        ordering = ["name"]

    def __str__(self):
        return self.name


class RelationshipQuerySet(PublicRecordQuerySet):
    def published(self):
        return self.filter(published=True, place__published=True)

    def current(self):
        return self.filter(status__in=CURRENT_STATUSES)

    def active_twin_town_of(self, place):
        """The place's active twin town, of which there is at most one (S7)."""
        return self.filter(
            place=place, kind=RelationshipKind.TWIN_TOWN, status=RelationshipStatus.ACTIVE
        )

    def active_twin_towns_without_decision(self):
        """Active twin towns with no decision establishing them (S7): imported from earlier
        years or entered by hand. The dashboard lists them so that KF's decision is attached."""
        return self.filter(
            kind=RelationshipKind.TWIN_TOWN,
            status=RelationshipStatus.ACTIVE,
            established_by__isnull=True,
        )


# Messages of the twin-town rules (S7, #11), also asked by the services that refuse early.
TWIN_TOWN_NEEDS_KF_DECISION = _(
    "An active twin town needs the municipal council's (KF) decision establishing it (S7). "
    "Choose KF's approving decision under “established by decision”, or record the "
    "relationship as proposed until KF has decided."
)
KIND_CHANGED_TO_TWIN_TOWN = _(
    "A relationship cannot be changed into a twin town: a new twin town is a new relationship, "
    "established by the municipal council's (KF) decision (S7)."
)
TWIN_TOWN_ACTIVATION_NEEDS_KF_DECISION = _(
    "A twin town becomes active only with the municipal council's (KF) decision establishing "
    "it (S7). Choose KF's approving decision for this status change; the coordinator records "
    "it once KF has decided."
)
ONE_ACTIVE_TWIN_TOWN_PER_PLACE = _(
    "The place already has an active twin town; a place has at most one (S7)."
)


def is_establishing_decision(decision: Decision) -> bool:
    """A decision that may establish a twin town: the council's (KF), approving (S7)."""
    return decision.body.is_council and decision.outcome == Outcome.APPROVED


class Relationship(PublicRecord):
    """A twin town, a municipal partnership or an informal contact with a place (S1-S4, S7)."""

    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="relationships"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RelationshipKind.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RelationshipStatus.choices,
        default=RelationshipStatus.ACTIVE,
        help_text=_("Changed through a dated status change, which keeps the history."),
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    start_precision = models.CharField(
        _("precision of the start"),
        max_length=20,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    start_note = models.CharField(
        _("note on the start"),
        max_length=200,
        blank=True,
        help_text=_('For example "since the Second World War".'),
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.DIRECT
    )
    channel_organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("For example Föreningen Norden."),
    )
    theme = models.CharField(
        _("theme"), max_length=300, blank=True, help_text=_("Required for a partnership (S7).")
    )
    period_ends_on = models.DateField(
        _("period ends on"),
        null=True,
        blank=True,
        help_text=_("For a time-limited partnership: when the agreed period ends."),
    )
    established_by = models.ForeignKey(
        Decision,
        verbose_name=_("established by decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="established_relationships",
    )
    ended_by = models.ForeignKey(
        Decision,
        verbose_name=_("ended by decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ended_relationships",
    )
    # Once set, the decisions that established and ended it stay (#11; ValidatedModel).
    set_once_fields = ("established_by", "ended_by")
    chain = models.ForeignKey(
        Chain,
        verbose_name=_("chain"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relationships",
    )
    public_text = BoundedTextField(_("public text"), blank=True)
    published = models.BooleanField(_("published"), default=False)
    internal_note = BoundedTextField(_("internal note"), blank=True)

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        ordering = ["place__name", "kind"]
        constraints = [
            end_not_before_start(
                start="started_on",
                end="ended_on",
                message=_("A relationship cannot end before it started."),
                start_may_be_empty=True,
            ),
            end_not_before_start(
                start="started_on",
                end="period_ends_on",
                name="period_after_start",
                message=_("The period cannot end before the relationship started."),
                start_may_be_empty=True,
            ),
            models.CheckConstraint(
                condition=Q(start_precision=DatePrecision.UNKNOWN, started_on__isnull=True)
                | (~Q(start_precision=DatePrecision.UNKNOWN) & Q(started_on__isnull=False)),
                name="%(app_label)s_%(class)s_start_matches_precision",
                violation_error_message=_(
                    "Give a start date, or set its precision to unknown; not both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(channel=Channel.DIRECT) | ~Q(channel_organisation=""),
                name="%(app_label)s_%(class)s_channel_has_organisation",
                violation_error_message=_("Name the organisation the contacts go through."),
            ),
            models.CheckConstraint(
                condition=~Q(status=RelationshipStatus.ENDED) | Q(ended_on__isnull=False),
                name="%(app_label)s_%(class)s_ended_has_date",
                violation_error_message=_("An ended relationship needs its end date."),
            ),
            models.UniqueConstraint(
                fields=["place"],
                condition=Q(kind=RelationshipKind.TWIN_TOWN, status=RelationshipStatus.ACTIVE),
                name="%(app_label)s_%(class)s_one_active_twin_town_per_place",
                violation_error_message=ONE_ACTIVE_TWIN_TOWN_PER_PLACE,
            ),
        ]

    def __str__(self):
        return f"{self.place} ({self.get_kind_display()})"

    @classmethod
    def from_earlier_years(cls, **fields) -> "Relationship":
        """An unsaved relationship as it stood in earlier years, whose decision is not on record.

        The one way to store an active twin town without KF's decision establishing it
        (S7, #11): Vimmerby's twin towns date from decades before the decisions this system
        holds. Only the municipality's loader (``municipality.loading``) uses it; the admin,
        the staff pages and the imports never do. The dashboard lists such records
        (``active_twin_towns_without_decision``) until the coordinator attaches the decision.
        """
        relationship = cls(**fields)
        relationship._from_earlier_years = True
        return relationship

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Once stored, the record is "already in its state"; the mark served its one save.
        self._from_earlier_years = False

    @property
    def start_display(self) -> str:
        return format_partial_date(self.started_on, self.start_precision, self.start_note)

    @property
    def is_twin_town(self) -> bool:
        return self.kind == RelationshipKind.TWIN_TOWN

    @property
    def is_active(self) -> bool:
        return self.status == RelationshipStatus.ACTIVE

    @property
    def has_ended(self) -> bool:
        return self.status == RelationshipStatus.ENDED

    @property
    def lacks_establishing_decision(self) -> bool:
        """An active twin town without KF's approving decision establishing it (S7)."""
        return self.is_twin_town and self.is_active and not self.has_establishing_decision

    @property
    def has_establishing_decision(self) -> bool:
        """Established by an approving decision of the municipal council (KF, S7)."""
        return self.established_by_id is not None and is_establishing_decision(self.established_by)

    def _twin_town_state_errors(self) -> dict:
        """An active twin town is entered only with KF's decision, and a relationship never
        becomes a twin town by a change of kind (S7, #11).

        The rule is on entering the state (a new record, or a change of kind, status or
        decision into it): a record stored in it from earlier years, without its decision,
        may still be saved with other edits, and the dashboard lists it.
        """
        if not self.is_twin_town:
            return {}
        stored = None
        if self.pk is not None:
            stored = (
                type(self)
                ._default_manager.filter(pk=self.pk)
                .values("kind", "status", "established_by_id")
                .first()
            )
        if stored and stored["kind"] != RelationshipKind.TWIN_TOWN:
            return {"kind": KIND_CHANGED_TO_TWIN_TOWN}
        if not self.lacks_establishing_decision or getattr(self, "_from_earlier_years", False):
            return {}
        already_so = (
            stored is not None
            and stored["status"] == RelationshipStatus.ACTIVE
            and stored["established_by_id"] in (None, self.established_by_id)
        )
        return {} if already_so else {"established_by": TWIN_TOWN_NEEDS_KF_DECISION}

    def clean(self):
        errors = {}
        if self.kind == RelationshipKind.PARTNERSHIP and not self.theme:
            errors["theme"] = _("A municipal partnership has a theme (S7).")
        if self.is_twin_town and self.established_by_id and not self.established_by.body.is_council:
            errors["established_by"] = _(
                "A new twin town is decided by the municipal council (KF) only (S7); "
                "%(citation)s is a decision of %(body)s."
            ) % {"citation": self.established_by.citation, "body": self.established_by.body.name}
        elif (
            self.is_twin_town
            and self.established_by_id
            and self.established_by.outcome != Outcome.APPROVED
        ):
            errors["established_by"] = _(
                "A twin town is established by KF's approving decision (S7); %(citation)s "
                "did not approve it (%(outcome)s)."
            ) % {
                "citation": self.established_by.citation,
                "outcome": self.established_by.get_outcome_display(),
            }
        for name, message in self._twin_town_state_errors().items():
            errors.setdefault(name, message)
        if self.start_precision == DatePrecision.APPROXIMATE and not self.start_note:
            errors["start_note"] = _("Say what the approximate start is, e.g. “since the 1940s”.")
        if errors:
            raise ValidationError(errors)


class StatusChange(PublicRecord):
    """A dated change of a relationship's status; the history of S2. Never overwritten."""

    relationship = models.ForeignKey(
        Relationship,
        verbose_name=_("relationship"),
        on_delete=models.PROTECT,
        related_name="status_changes",
    )
    changed_on = models.DateField(_("date"))
    from_status = models.CharField(
        _("from status"), max_length=20, choices=RelationshipStatus.choices
    )
    to_status = models.CharField(_("to status"), max_length=20, choices=RelationshipStatus.choices)
    reason = BoundedTextField(_("reason"))
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_changes",
    )
    set_once_fields = ("decision",)  # once set, the decision stays (#11)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["relationship", "changed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=models.F("to_status")),
                name="%(app_label)s_%(class)s_changes_status",
                violation_error_message=_("A status change must change the status."),
            ),
        ]

    def __str__(self):
        return (
            f"{self.changed_on}: {self.get_from_status_display()} → {self.get_to_status_display()}"
        )

    def clean(self):
        # A status change records what happened; a change planned ahead is not one yet (#11).
        check_not_after_today(
            self.changed_on,
            field="changed_on",
            message=_("A status change cannot be dated after today; record it on the day."),
        )
        if self.relationship_id and self.activates_twin_town:
            self._check_twin_town_activation()

    @property
    def activates_twin_town(self) -> bool:
        """Makes a twin town that is not active now an active one (a row of history written
        for a relationship already in its state activates nothing)."""
        relationship = self.relationship
        return (
            relationship.is_twin_town
            and not relationship.is_active
            and self.to_status == RelationshipStatus.ACTIVE
        )

    @property
    def establishes(self) -> bool:
        """Activating a twin town that has no establishing decision, with KF's decision: the
        decision becomes the one establishing it (``record_status_change``)."""
        return (
            self.relationship_id is not None
            and self.activates_twin_town
            and not self.relationship.has_establishing_decision
            and self.decision_id is not None
            and is_establishing_decision(self.decision)
        )

    def _check_twin_town_activation(self) -> None:
        """An active twin town has KF's decision, and a place at most one (S7, #11)."""
        relationship = self.relationship
        if not relationship.has_establishing_decision and not self.establishes:
            raise ValidationError({"decision": TWIN_TOWN_ACTIVATION_NEEDS_KF_DECISION})
        others = Relationship.objects.active_twin_town_of(relationship.place_id)
        if others.exclude(pk=relationship.pk).exists():
            raise ValidationError({"to_status": ONE_ACTIVE_TWIN_TOWN_PER_PLACE})


class PeerMunicipality(ValidatedModel):
    """A Swedish municipality with an active partnership in the same area (S10)."""

    relationship = models.ForeignKey(
        Relationship,
        verbose_name=_("relationship"),
        on_delete=models.CASCADE,
        related_name="peers",
    )
    name = models.CharField(_("municipality"), max_length=200)
    area = models.CharField(_("area of cooperation"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("peer municipality")
        verbose_name_plural = _("peer municipalities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "name"], name="%(app_label)s_%(class)s_unique"
            )
        ]

    def __str__(self):
        return self.name


class NordicMeeting(ValidatedModel):
    """A Nordic meeting (Nordenmöte) of the chain, held every other year (S18)."""

    chain = models.ForeignKey(
        Chain, verbose_name=_("chain"), on_delete=models.PROTECT, related_name="nordic_meetings"
    )
    year = models.PositiveIntegerField(_("year"))
    host = models.ForeignKey(
        Place,
        verbose_name=_("host"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_nordic_meetings",
        help_text=_("Leave empty when our own municipality hosts."),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    notes = BoundedTextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("Nordic meeting")
        verbose_name_plural = _("Nordic meetings")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "year"],
                name="%(app_label)s_%(class)s_one_per_year",
                violation_error_message=_("The chain already has a Nordic meeting that year."),
            ),
            end_not_before_start(
                start="starts_on",
                end="ends_on",
                message=_("The meeting cannot end before it starts."),
                start_may_be_empty=True,
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1900, year__lte=2200),
                name="%(app_label)s_%(class)s_year_range",
                violation_error_message=_("Give a year between 1900 and 2200."),
            ),
        ]

    def __str__(self):
        return f"{self.chain} {self.year}"

    def clean(self):
        if self.starts_on and self.year and self.starts_on.year != self.year:
            raise ValidationError({"starts_on": _("The meeting starts in another year.")})


class Agreement(PublicRecord):
    """A signed agreement of a relationship, with its document (S4). Withdrawn, never deleted."""

    relationship = models.ForeignKey(
        Relationship,
        verbose_name=_("relationship"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    title = models.CharField(_("title"), max_length=300)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_precision = models.CharField(
        _("precision of the signing date"),
        max_length=20,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    document = models.FileField(
        _("document"),
        upload_to="agreements/%Y/",
        blank=True,
        validators=[DocumentValidator()],
        help_text=_(
            "The document in force. A new upload becomes a new version; the earlier ones are "
            "kept, and the document is never removed."
        ),
    )
    document_is_internal = models.BooleanField(
        _("document is internal"),
        default=False,
        help_text=_("An internal document is never shown on the public site."),
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = BoundedTextField(_("reason for withdrawal"), blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["relationship", "-signed_on"]
        constraints = [
            end_not_before_start(
                start="valid_from",
                end="valid_until",
                name="valid_period",
                message=_("An agreement cannot end before it starts."),
                start_may_be_empty=True,
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True, withdrawal_reason="")
                | (Q(withdrawn_on__isnull=False) & ~Q(withdrawal_reason="")),
                name="%(app_label)s_%(class)s_withdrawal_complete",
                violation_error_message=_("A withdrawal needs both its date and its reason."),
            ),
            models.CheckConstraint(
                condition=Q(signed_on__isnull=False) | Q(signed_precision=DatePrecision.UNKNOWN),
                name="%(app_label)s_%(class)s_signed_matches_precision",
                violation_error_message=_(
                    "Give the signing date, or set its precision to unknown."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def signed_display(self) -> str:
        return format_partial_date(self.signed_on, self.signed_precision)

    @property
    def document_label(self) -> str:
        """The document's kind and size for its link, "PDF, 120 kB"; empty without one."""
        return describe(self.document)

    # --- The document's versions (partners.models.agreement_document, #11) ---------------

    def clean(self):
        # A document is superseded by a new version, never cleared: the public link and the
        # history keep answering.
        if self.pk and not self.document:
            stored = Agreement.objects.filter(pk=self.pk).values_list("document", flat=True)
            if stored.first():
                raise ValidationError({"document": DOCUMENT_IS_NOT_CLEARED})

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            record_document_version(self)

    @property
    def document_periods(self):
        """Every version of the document, oldest first, with the day the next replaced it."""
        return periods(self.document_versions.all())

    @property
    def earlier_documents(self):
        """The superseded versions, newest first, each with the day it was replaced."""
        return list(reversed(self.document_periods[:-1]))


DOCUMENT_IS_NOT_CLEARED = _(
    "An agreement's document is not removed: it stays a public record. Upload a new version "
    "to supersede it (an internal document is never shown on the public site)."
)
