"""Funding sources and the funding check every contact needs (S6)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from governance.models import Person
from governance.records import (
    BoundedTextField,
    PublicRecord,
    ValidatedModel,
    check_end_not_before_start,
)
from projects.models.project import Project


class FunderKind(models.TextChoices):
    EU = "eu", _("European Union")
    NORDIC = "nordic", _("Nordic cooperation")
    STATE = "state", _("Swedish state")
    OTHER = "other", _("other")


class Funder(ValidatedModel):
    """An organisation that funds international work: the EU, ICLD, the Swedish Institute ..."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=FunderKind.choices)
    url = models.URLField(_("web address"), blank=True)

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name


class Programme(ValidatedModel):
    """A funder's programme, with the rules that say who may apply."""

    funder = models.ForeignKey(
        Funder, verbose_name=_("funder"), on_delete=models.PROTECT, related_name="programmes"
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = BoundedTextField(_("description"), blank=True)
    url = models.URLField(_("web address"), blank=True)
    eligible_countries = CountryField(_("eligible countries"), multiple=True, blank=True)
    for_municipalities = models.BooleanField(_("municipalities may apply"), default=True)
    for_schools = models.BooleanField(_("schools may apply"), default=False)
    for_associations = models.BooleanField(_("associations may apply"), default=False)
    min_partner_countries = models.PositiveSmallIntegerField(
        _("minimum number of countries"), null=True, blank=True
    )
    min_eu_members = models.PositiveSmallIntegerField(
        _("minimum number of EU member states"), null=True, blank=True
    )
    min_participants = models.PositiveIntegerField(
        _("minimum number of participants"), null=True, blank=True
    )
    grant_min = models.DecimalField(
        _("smallest grant (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    grant_max = models.DecimalField(
        _("largest grant (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["funder__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(grant_min__isnull=True)
                | Q(grant_max__isnull=True)
                | Q(grant_max__gte=models.F("grant_min")),
                name="%(app_label)s_%(class)s_grant_range",
                violation_error_message=_("The smallest grant cannot exceed the largest."),
            ),
            models.CheckConstraint(
                condition=Q(min_eu_members__isnull=True)
                | Q(min_partner_countries__isnull=True)
                | Q(min_partner_countries__gte=models.F("min_eu_members")),
                name="%(app_label)s_%(class)s_eu_members_within_countries",
                violation_error_message=_(
                    "The minimum number of EU members cannot exceed the minimum number of "
                    "countries."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.funder}: {self.name}"


class Call(ValidatedModel):
    """A programme's call for applications in a given year."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="calls"
    )
    year = models.PositiveIntegerField(_("year"))
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    deadline = models.DateTimeField(
        _("deadline"), help_text=_("Date and time, in the funder's time zone.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["deadline"]

    def __str__(self):
        return f"{self.programme.name} {self.year}"

    def clean(self):
        check_end_not_before_start(
            self.opens_on,
            self.deadline.date() if self.deadline else None,
            field="deadline",
            message=_("The deadline cannot be before the call opens."),
        )


class FundingOutcome(models.TextChoices):
    NOT_APPLICABLE = "not_applicable", _("not applicable")
    NOT_ELIGIBLE = "not_eligible", _("not eligible")
    WILL_APPLY = "will_apply", _("will apply")
    APPLIED = "applied", _("applied")
    GRANTED = "granted", _("granted")
    REJECTED = "rejected", _("rejected")


class FundingCheck(PublicRecord):
    """Whether one funding source could pay for a project, and what came of it (S6). Never
    deleted."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="funding_checks",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="funding_checks",
    )
    checked_on = models.DateField(_("checked on"))
    checked_by = models.ForeignKey(
        Person, verbose_name=_("checked by"), on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=FundingOutcome.choices)
    amount_applied = models.DecimalField(
        _("amount applied for (SEK)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_granted = models.DecimalField(
        _("amount granted (SEK)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    deadline = models.DateField(_("application deadline"), null=True, blank=True)
    note = BoundedTextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("funding check")
        verbose_name_plural = _("funding checks")
        ordering = ["project", "-checked_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "programme"],
                name="%(app_label)s_%(class)s_one_per_programme",
                violation_error_message=_("This programme is already checked for the project."),
            ),
            models.CheckConstraint(
                condition=Q(amount_applied__isnull=True) | Q(amount_applied__gte=0),
                name="%(app_label)s_%(class)s_applied_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(amount_granted__isnull=True) | Q(amount_granted__gte=0),
                name="%(app_label)s_%(class)s_granted_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(outcome=FundingOutcome.GRANTED) | Q(amount_granted__isnull=True),
                name="%(app_label)s_%(class)s_granted_only_when_granted",
                violation_error_message=_("An amount granted needs the outcome “granted”."),
            ),
        ]

    def __str__(self):
        return f"{self.project}: {self.programme} ({self.get_outcome_display()})"


class ReportObligation(ValidatedModel):
    """A report owed to a funder, e.g. ICLD's yearly report in English."""

    funding_check = models.ForeignKey(
        FundingCheck,
        verbose_name=_("funding check"),
        on_delete=models.CASCADE,
        related_name="report_obligations",
    )
    title = models.CharField(_("title"), max_length=300)
    due_on = models.DateField(_("due on"))
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("report obligation")
        verbose_name_plural = _("report obligations")
        ordering = ["due_on"]

    def __str__(self):
        return f"{self.title} ({self.due_on})"
