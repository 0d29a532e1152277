"""Funding sources and the funding check every contact needs (S6).

The catalogue (#13): a programme holds the rules a machine can check (who may apply, the
countries as named groups and single codes, the kinds of activity, the participants' ages and
numbers, the grant's range and currency, the co-financing share) and where they come from
(``sources``, ``last_verified_on``). A rule left empty is unknown, never "no limit": the
suggestion then says to check with the funder. Deadlines come from explicit calls and from
yearly recurring ones, so next year's call appears without anyone entering it.
"""

import datetime
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import ExpressionWrapper, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from governance import amounts
from governance.models import Person
from governance.records import (
    BoundedTextField,
    PublicRecord,
    ValidatedModel,
    check_end_not_before_start,
)
from projects import country_groups, predicates
from projects.models.project import Project, ProjectKind
from projects.statuses import FundingOutcome


class FunderKind(models.TextChoices):
    EU = "eu", _("European Union")
    NORDIC = "nordic", _("Nordic cooperation")
    STATE = "state", _("Swedish state")
    OTHER = "other", _("other")


class Currency(models.TextChoices):
    EUR = "EUR", _("euro")
    SEK = "SEK", _("Swedish kronor")
    DKK = "DKK", _("Danish kronor")
    NOK = "NOK", _("Norwegian kronor")


class Funder(ValidatedModel):
    """An organisation that funds international work: the EU, ICLD, the Swedish Institute ..."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_en = models.CharField(
        _("name in English"),
        max_length=200,
        blank=True,
        help_text=_("Where the English name differs, e.g. Nordic Council of Ministers."),
    )
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=FunderKind.choices)
    url = models.URLField(_("web address"), blank=True)

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name

    @property
    def display_name(self) -> str:
        """The name in the page's language: the English one on English pages, where given."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class Programme(ValidatedModel):
    """A funder's programme, with the rules that say who may apply."""

    funder = models.ForeignKey(
        Funder, verbose_name=_("funder"), on_delete=models.PROTECT, related_name="programmes"
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = BoundedTextField(_("description"), blank=True)
    url = models.URLField(_("web address"), blank=True)
    eligible_groups = models.JSONField(
        _("eligible country groups"),
        default=list,
        blank=True,
        help_text=_("Named groups of countries, e.g. eu, erasmus, nordic_baltic, icld, any."),
    )
    eligible_countries = CountryField(_("eligible countries"), multiple=True, blank=True)
    covers_our_area = models.BooleanField(
        _("our municipality lies in the programme's area"),
        null=True,
        blank=True,
        help_text=_("For programmes of a region (Interreg); empty when it does not matter."),
    )
    for_municipalities = models.BooleanField(
        _("municipalities may apply"), null=True, blank=True, default=None
    )
    for_schools = models.BooleanField(_("schools may apply"), null=True, blank=True, default=None)
    for_associations = models.BooleanField(
        _("associations may apply"), null=True, blank=True, default=None
    )
    for_individuals = models.BooleanField(
        _("individuals may apply"), null=True, blank=True, default=None
    )
    activity_kinds = models.JSONField(
        _("kinds of activity funded"),
        default=list,
        blank=True,
        help_text=_("The kinds of project the programme funds, as the projects name them."),
    )
    min_partner_countries = models.PositiveSmallIntegerField(
        _("minimum number of countries"), null=True, blank=True
    )
    min_eu_members = models.PositiveSmallIntegerField(
        _("minimum number of EU member states"), null=True, blank=True
    )
    min_participants = models.PositiveIntegerField(
        _("minimum number of participants"), null=True, blank=True
    )
    min_age = models.PositiveSmallIntegerField(
        _("participants' youngest age"), null=True, blank=True
    )
    max_age = models.PositiveSmallIntegerField(_("participants' oldest age"), null=True, blank=True)
    grant_min = amounts.MoneyField(
        _("smallest grant"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    grant_max = amounts.MoneyField(
        _("largest grant"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    grant_currency = models.CharField(
        _("currency of the grant"), max_length=3, choices=Currency.choices, blank=True
    )
    cofinancing_share = models.PositiveSmallIntegerField(
        _("own co-financing, at least (%)"),
        null=True,
        blank=True,
        help_text=_(
            "The share of the costs the applicant pays itself, e.g. 20 when the grant "
            "covers at most 80 %."
        ),
    )
    applications_all_year = models.BooleanField(
        _("applications all year"), default=False, help_text=_("No deadline: apply any time.")
    )
    sources = models.JSONField(
        _("sources"),
        default=list,
        blank=True,
        help_text=_("The funder's own pages the rules were read from."),
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
            models.CheckConstraint(
                condition=(Q(grant_min__isnull=True) | Q(grant_min__gte=0))
                & (Q(grant_max__isnull=True) | Q(grant_max__gte=0)),
                name="%(app_label)s_%(class)s_grant_not_negative",
                violation_error_message=_("A grant amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(max_age__gte=models.F("min_age")),
                name="%(app_label)s_%(class)s_age_range",
                violation_error_message=_("The youngest age cannot exceed the oldest."),
            ),
            models.CheckConstraint(
                condition=Q(cofinancing_share__isnull=True) | Q(cofinancing_share__lte=100),
                name="%(app_label)s_%(class)s_cofinancing_share_percent",
                violation_error_message=_("The co-financing share is a percentage, 0 to 100."),
            ),
        ]

    def __str__(self):
        return f"{self.funder}: {self.name}"

    @property
    def source_sites(self) -> list[tuple[str, str]]:
        """Each source with the site it is on ("www.icld.se" for an ICLD page), so that a link
        says where it goes without the links around it (WCAG 2.4.4)."""
        sources = self.sources if isinstance(self.sources, list) else []
        return [(str(url), urlsplit(str(url)).netloc or str(url)) for url in sources]

    def clean(self):
        errors = {}
        groups = self.eligible_groups
        if not isinstance(groups, list):
            errors["eligible_groups"] = _("Give the country groups as a list.")
        elif unknown := country_groups.unknown_groups(groups):
            errors["eligible_groups"] = _(
                "Unknown country group(s): %(unknown)s. Known groups: %(known)s."
            ) % {"unknown": ", ".join(map(str, unknown)), "known": ", ".join(country_groups.GROUPS)}
        kinds = self.activity_kinds
        if not isinstance(kinds, list):
            errors["activity_kinds"] = _("Give the kinds of activity as a list.")
        elif unknown := [kind for kind in kinds if kind not in ProjectKind.values]:
            errors["activity_kinds"] = _(
                "Unknown kind(s) of activity: %(unknown)s. Known kinds: %(known)s."
            ) % {"unknown": ", ".join(map(str, unknown)), "known": ", ".join(ProjectKind.values)}
        if not isinstance(self.sources, list):
            errors["sources"] = _("Give the sources as a list of web addresses.")
        else:
            for source in self.sources:
                try:
                    URLValidator()(str(source))
                except ValidationError:
                    errors["sources"] = _("“%(source)s” is not a web address.") % {"source": source}
                    break
        for name in ("grant_min", "grant_max"):
            # Said on the field, so a file's loader names it (#13); the constraint stays.
            value = getattr(self, name)
            if value is not None and value < 0:
                errors[name] = _("A grant amount cannot be negative.")
        if (self.grant_min is not None or self.grant_max is not None) and not self.grant_currency:
            errors["grant_currency"] = _("Give the currency of the grant amounts.")
        if errors:
            raise ValidationError(errors)

    @property
    def eligible_country_codes(self) -> frozenset[str] | None:
        """The countries the programme covers; None for any country. Empty when unknown."""
        return country_groups.eligible(self.eligible_groups, self.eligible_countries)

    @property
    def countries_known(self) -> bool:
        return bool(self.eligible_groups or self.eligible_countries)

    @property
    def group_names(self) -> list[str]:
        return [str(country_groups.GROUPS[key].name) for key in self.eligible_groups]

    @property
    def grant_text(self) -> str:
        """The grant's range in words, or that it is unknown (#13)."""
        low, high = self.grant_min, self.grant_max
        if low is None and high is None:
            return _("Grant amount not recorded: check with the funder.")
        values = {
            "low": amounts.grouped(low),
            "high": amounts.grouped(high),
            "currency": self.grant_currency,
        }
        if low is not None and high is not None:
            return _("Grant %(low)s to %(high)s %(currency)s.") % values
        if high is not None:
            return _("Grant up to %(high)s %(currency)s.") % values
        return _("Grant from %(low)s %(currency)s.") % values

    @property
    def cofinancing_text(self) -> str:
        if self.cofinancing_share is None:
            return _("Own co-financing not recorded: check with the funder.")
        return _("Own co-financing at least %(share)s %% of the costs.") % {
            "share": self.cofinancing_share
        }


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


class RecurringCall(ValidatedModel):
    """A call that comes back every year on the same day (Nordplus: 1 February), so that next
    year's deadline is known without anyone entering it (#13)."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="recurring_calls",
    )
    month = models.PositiveSmallIntegerField(_("month of the deadline"))
    day = models.PositiveSmallIntegerField(_("day of the deadline"))
    first_year = models.PositiveIntegerField(_("first year"), null=True, blank=True)
    last_year = models.PositiveIntegerField(
        _("last year"), null=True, blank=True, help_text=_("E.g. the programme period's end.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("yearly call")
        verbose_name_plural = _("yearly calls")
        ordering = ["programme", "month", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "month", "day"],
                name="%(app_label)s_%(class)s_one_per_day",
                violation_error_message=_("The programme already has a yearly call on this day."),
            ),
            models.CheckConstraint(
                condition=Q(first_year__isnull=True)
                | Q(last_year__isnull=True)
                | Q(last_year__gte=models.F("first_year")),
                name="%(app_label)s_%(class)s_year_range",
                violation_error_message=_("The last year cannot be before the first."),
            ),
        ]

    def __str__(self):
        return f"{self.programme.name} {self.day:02d}-{self.month:02d}"

    def clean(self):
        try:
            # A year that is not a leap year: a deadline every year has (never 29 February).
            datetime.date(2025, self.month or 0, self.day or 0)
        except (TypeError, ValueError):
            raise ValidationError(
                {"day": _("A yearly deadline needs a day every year has, e.g. month 2, day 1.")}
            ) from None

    def deadline_in(self, year: int) -> datetime.date:
        return datetime.date(year, self.month, self.day)

    def next_deadline(self, today: datetime.date) -> datetime.date | None:
        """The first deadline on or after today; None once the last year has passed."""
        year = max(today.year, self.first_year or today.year)
        for candidate in (year, year + 1):
            if self.last_year and candidate > self.last_year:
                return None
            deadline = self.deadline_in(candidate)
            if deadline >= today:
                return deadline
        return None


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
    amount_applied = amounts.MoneyField(
        _("amount applied for"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("In the currency below."),
    )
    amount_granted = amounts.MoneyField(
        _("amount granted"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("In the currency below."),
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=Currency.choices,
        blank=True,
        help_text=_("The amounts' currency; empty means the programme's (or kronor)."),
    )
    exchange_rate = models.DecimalField(
        _("exchange rate (SEK per unit)"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_(
            "Kronor for one unit of the currency, as the coordinator records it on the grant "
            "(e.g. the rate of the day the money was paid out). Needed when an amount is "
            "given in another currency than kronor."
        ),
    )
    deadline = models.DateField(_("application deadline"), null=True, blank=True)
    note = BoundedTextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("funding check")
        verbose_name_plural = _("funding checks")
        ordering = ["project", "-checked_on"]
        indexes = [
            # The key figures' and the yearly report's grants of a year (``checked_on`` in
            # the year), a year's among every year on record (#15).
            models.Index(fields=["checked_on"], name="projects_check_checked_on"),
            # The dashboard's and the reminders' deadlines of the applications still to make
            # (``will_apply`` with a deadline in the coming weeks), few among every funding
            # check on record: read from this index, not a scan of every check (#15).
            models.Index(
                fields=["deadline"],
                condition=Q(outcome=FundingOutcome.WILL_APPLY),
                name="projects_check_will_apply_due",
            ),
        ]
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
            models.CheckConstraint(
                condition=Q(currency__in=Currency.values),
                name="%(app_label)s_%(class)s_currency_known",
                violation_error_message=_("Give the currency of the amounts."),
            ),
            models.CheckConstraint(
                condition=Q(exchange_rate__isnull=True) | Q(exchange_rate__gt=0),
                name="%(app_label)s_%(class)s_exchange_rate_positive",
                violation_error_message=_("An exchange rate is more than zero."),
            ),
            models.CheckConstraint(
                # NULL = 1 is unknown, which a CHECK lets through: ask for the rate too.
                condition=~Q(currency=Currency.SEK)
                | Q(exchange_rate__isnull=False, exchange_rate=1),
                name="%(app_label)s_%(class)s_kronor_at_par",
                violation_error_message=_("Amounts in kronor have the exchange rate 1."),
            ),
        ]

    def __str__(self):
        return f"{self.project}: {self.programme} ({self.get_outcome_display()})"

    def clean(self):
        """The currency defaults to the programme's (kronor when it has none); an amount in
        another currency needs the rate the coordinator records (#13). No rate is looked up."""
        if not self.currency:
            programme = Programme.objects.filter(pk=self.programme_id).first()
            self.currency = (programme and programme.grant_currency) or Currency.SEK
        if self.currency == Currency.SEK:
            self.exchange_rate = Decimal(1)
        elif self.exchange_rate is None and (
            self.amount_applied is not None or self.amount_granted is not None
        ):
            raise ValidationError(
                {
                    "exchange_rate": _(
                        "Give the exchange rate (kronor per %(currency)s) for amounts in "
                        "%(currency)s: the report sums kronor."
                    )
                    % {"currency": self.currency}
                }
            )
        # "Not relevant" needs its reason: on entering that outcome, so rows stored before
        # #13 without one can still be edited otherwise (they then count as no outcome).
        if predicates.needs_reason(self.outcome) and not (self.note or "").strip():
            stored = self.stored_row(["outcome"])
            if stored is None or stored["outcome"] != self.outcome:
                raise ValidationError(
                    {
                        "note": _(
                            "Say why the programme is not relevant: “%(outcome)s” needs a "
                            "reason in the note."
                        )
                        % {"outcome": self.get_outcome_display()}
                    }
                )

    @property
    def records_outcome(self) -> bool:
        return predicates.records_funding_outcome(self)

    def _in_kronor(self, amount):
        if amount is None or self.exchange_rate is None:
            return None
        return (amount * self.exchange_rate).quantize(Decimal("0.01"))

    @property
    def applied_sek(self) -> Decimal | None:
        """The amount applied for in kronor; None when there is none or no rate is recorded."""
        return self._in_kronor(self.amount_applied)

    @property
    def granted_sek(self) -> Decimal | None:
        """The amount granted in kronor; None when there is none or no rate is recorded."""
        return self._in_kronor(self.amount_granted)

    @property
    def is_in_kronor(self) -> bool:
        return self.currency == Currency.SEK

    @property
    def kronor_unknown(self) -> bool:
        """An amount is given in another currency with no rate: its kronor are unknown."""
        has_amount = self.amount_applied is not None or self.amount_granted is not None
        return has_amount and self.exchange_rate is None


def in_kronor(amount_field: str):
    """A database expression: a funding check's amount in kronor (#13).

    Kronor are derived, never stored: the amount in its currency times the rate recorded on
    the check (1 for kronor). NULL when no rate is recorded, so a sum counts only known
    kronor; ``kronor_unknown`` (below) counts what it leaves out.
    """
    return ExpressionWrapper(
        models.F(amount_field) * models.F("exchange_rate"),
        output_field=models.DecimalField(max_digits=22, decimal_places=6),
    )


KRONOR_UNKNOWN = (Q(amount_applied__isnull=False) | Q(amount_granted__isnull=False)) & Q(
    exchange_rate__isnull=True
)


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


class DeadlineFeed(ValidatedModel):
    """A coordinator's personal address for the deadline calendar's iCal feed (#13).

    A calendar app cannot sign in, so the address carries a secret: only its SHA-256 is
    stored, the address is shown once when made, and making a new one or revoking it ends the
    old one (``projects.services.funding``). The feed answers only while its user may see
    the calendar (``Rights.may_see_funding_calendar``).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="deadline_feed",
    )
    token_hash = models.CharField(_("hash of the secret"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline calendar feed")
        verbose_name_plural = _("deadline calendar feeds")

    def __str__(self):
        return str(self.user)
