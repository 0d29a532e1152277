"""Projects and exchanges, their participants and costs (S5, S11, S12, S15, S16)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance import amounts
from governance.amounts import MoneyField
from governance.models import WORKPLACE_KINDS, Body, Outcome, ParticipantLevel, Person
from governance.pictures import Picture
from governance.records import (
    BoundedTextField,
    PublicRecordDeleteError,
    ValidatedModel,
    end_not_before_start,
)
from partners.models import Place, Relationship
from projects import predicates
from projects.statuses import ProjectStatus
from strategy.models import Objective


class ProjectKind(models.TextChoices):
    PARTNERSHIP = "partnership", _("partnership project")
    SCHOOL_EXCHANGE = "school_exchange", _("school exchange")
    YOUTH_EXCHANGE = "youth_exchange", _("youth exchange")
    STAFF_EXCHANGE = "staff_exchange", _("staff exchange")
    TWIN_TOWN = "twin_town", _("twin-town cooperation")
    CULTURE = "culture", _("culture")
    NETWORK = "network", _("network")
    ADULT_EDUCATION = "adult_education", _("adult education")
    SPORT = "sport", _("sport")
    OTHER = "other", _("other")


EXCHANGE_KINDS = (ProjectKind.SCHOOL_EXCHANGE, ProjectKind.YOUTH_EXCHANGE)


class ProjectQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def current(self):
        return self.filter(status__in=predicates.CURRENT_STATUSES)

    def not_cancelled(self):
        return self.exclude(status=ProjectStatus.CANCELLED)

    def without_completed_funding_check(self):
        """The queryset form of ``predicates.needs_funding_check`` (S6)."""
        return self.not_cancelled().filter(funding_check_closed_on__isnull=True)

    @staticmethod
    def requires_decision_q() -> Q:
        """The condition of ``Project.requires_decision`` (S8, S11), over non-null columns."""
        threshold = Decimal(settings.SCHOOL_EXCHANGE_DECISION_THRESHOLD)
        exchange = Q(kind__in=EXCHANGE_KINDS) & (Q(needs_decision=True) | Q(own_cost__gt=threshold))
        other = ~Q(kind__in=EXCHANGE_KINDS) & (
            Q(kind=ProjectKind.PARTNERSHIP) | Q(needs_decision=True)
        )
        return exchange | other

    def requiring_decision(self):
        """The queryset form of ``Project.requires_decision`` (S8, S11)."""
        return self.filter(self.requires_decision_q())

    def _approving_decision(self):
        """An approving decision of the project's responsible body, on one of its own
        applications: ``Exists`` of this, correlated with the outer project."""
        applications = self.model._meta.get_field("applications").related_model
        return models.Exists(
            applications._default_manager.filter(
                project=models.OuterRef("pk"),
                decision__outcome=Outcome.APPROVED,
                decision__body=models.OuterRef("responsible_body"),
            )
        )

    def approved_without_decision(self):
        """Work whose status claims an approval (approved, ongoing, completed) that needs a
        political decision and has no approving one of its responsible body: imported from
        earlier years, or set by hand (stored before #11). The queryset form of
        ``predicates.lacks_approving_decision``. The dashboard lists them so that the
        coordinator can attach the decision."""
        # Asked of each project's own applications (NOT EXISTS, an anti-join): the former
        # ``pk__in`` of every approved project read the projects table a second time
        # (docs/performance.md, "Signed-in pages, uncached").
        return (
            self.filter(status__in=predicates.APPROVED_STATUSES)
            .requiring_decision()
            .exclude(self._approving_decision())
        )

    def marked_without_decision(self):
        """``approved_without_decision`` as its stored mark says it (``MissingDecision``,
        #15): a probe of a small table, not the anti-join over every approved project of
        every year. What the dashboard and the yearly report list."""
        return self.filter(
            models.Exists(MissingDecision.objects.filter(project=models.OuterRef("pk")))
        )

    def awaiting_publication(self):
        """Approved work (approved, ongoing, completed) not yet on the public site, that
        stands on its decision where it needs one: the dashboard's and the start page's
        prompt to publish (#12). Whether the text is ready the preview says
        (``predicates.publishing_gaps``)."""
        # The unpublished approved work (the partial index ``projects_unpublished_approved``,
        # walked in title order) without the stored mark of a missing decision
        # (``MissingDecision``): an anti-join against a small table. Asking the rule here
        # probed every row's applications, and the count judged every unpublished approved
        # project of every year (docs/performance.md, #15).
        return self.unpublished_approved().exclude(
            models.Exists(MissingDecision.objects.filter(project=models.OuterRef("pk")))
        )

    def unpublished_approved(self):
        """Approved work (approved, ongoing, completed) not yet on the public site, with or
        without its decision: ``awaiting_publication`` and the work lacking its decision
        (``marked_without_decision``) together, disjoint."""
        return self.filter(published=False, status__in=predicates.APPROVED_STATUSES)

    def kept(self):
        """Work with a decided application: public records, never deleted
        (``predicates.project_may_be_deleted``)."""
        decided = Q(applications__status__in=predicates.KEPT_APPLICATION_STATUSES) | Q(
            applications__decision__isnull=False
        )
        return self.filter(pk__in=self.model._default_manager.filter(decided).values("pk"))

    def delete(self):
        """Refuse the whole deletion, deleting nothing, when any row has a decided application."""
        if self.kept().exists():
            raise PublicRecordDeleteError(predicates.PROJECT_WITH_DECISION_KEPT)
        return super().delete()

    delete.queryset_only = True


class Project(ValidatedModel):
    """A project or an exchange, with the body that bears its cost (S12)."""

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = BoundedTextField(_("public summary"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ProjectKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.IDEA
    )
    places = models.ManyToManyField(
        Place, verbose_name=_("places"), blank=True, related_name="projects"
    )
    relationships = models.ManyToManyField(
        Relationship, verbose_name=_("relationships"), blank=True, related_name="projects"
    )
    responsible_body = models.ForeignKey(
        Body,
        verbose_name=_("responsible body"),
        on_delete=models.PROTECT,
        related_name="responsible_for",
        help_text=_("The board or committee that decides the project and bears its cost (S12)."),
    )
    cooperating_bodies = models.ManyToManyField(
        Body, verbose_name=_("cooperating bodies"), blank=True, related_name="cooperates_in"
    )
    unit = models.ForeignKey(
        Body,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work",
        limit_choices_to={"kind__in": WORKPLACE_KINDS},
        help_text=_(
            "The school or administration whose staff do and edit the work (#11). Without "
            "one, the work is the responsible body's administration's."
        ),
    )
    school = models.CharField(
        _("school"),
        max_length=200,
        blank=True,
        help_text=_("How the public pages name the school; the unit decides who edits."),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    youngest_age = models.PositiveSmallIntegerField(
        _("youngest participant's age"),
        null=True,
        blank=True,
        help_text=_("Funding programmes may limit the ages, e.g. youth exchanges 13 to 30."),
    )
    oldest_age = models.PositiveSmallIntegerField(
        _("oldest participant's age"), null=True, blank=True
    )
    objectives = models.ManyToManyField(
        Objective, verbose_name=_("objectives served"), blank=True, related_name="projects"
    )
    own_cost = MoneyField(
        _("cost to the municipality (SEK)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
    )
    needs_decision = models.BooleanField(
        _("needs a political decision"),
        default=False,
        help_text=_("For a school exchange that needs one for economic reasons (S11)."),
    )
    funding_check_closed_on = models.DateField(
        _("funding check completed on"), null=True, blank=True
    )
    funding_check_closed_by = models.ForeignKey(
        Person,
        verbose_name=_("funding check completed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published = models.BooleanField(_("published"), default=False)
    internal_notes = BoundedTextField(_("internal notes"), blank=True)
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Demo data from the quick start, not real.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project or exchange")
        verbose_name_plural = _("projects and exchanges")
        ordering = ["-starts_on", "title"]
        constraints = [
            end_not_before_start(start="starts_on", end="ends_on", start_may_be_empty=True),
            models.CheckConstraint(
                condition=Q(own_cost__gte=0),
                name="%(app_label)s_%(class)s_cost_not_negative",
                violation_error_message=_("A cost cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(
                    funding_check_closed_on__isnull=True, funding_check_closed_by__isnull=True
                )
                | Q(funding_check_closed_on__isnull=False, funding_check_closed_by__isnull=False),
                name="%(app_label)s_%(class)s_funding_check_closed_complete",
                violation_error_message=_(
                    "A completed funding check records both who completed it and when."
                ),
            ),
            models.CheckConstraint(
                condition=Q(youngest_age__isnull=True)
                | Q(oldest_age__isnull=True)
                | Q(oldest_age__gte=models.F("youngest_age")),
                name="%(app_label)s_%(class)s_age_range",
                violation_error_message=_("The youngest age cannot exceed the oldest."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "published"]),
            # The public lists' order and year bounds (MIN/MAX read from the index), and the
            # count of a kind's published work read from an index alone (#15).
            # modeltranslation orders by the language's title (title_sv, title_en).
            models.Index(fields=["-starts_on", "title_sv"], name="projects_starts_on_title_sv"),
            models.Index(fields=["-starts_on", "title_en"], name="projects_starts_on_title_en"),
            models.Index(fields=["ends_on"], name="projects_ends_on"),
            models.Index(fields=["published", "kind"], name="projects_published_kind"),
            # The admin's year navigation (MIN, MAX, one probe per year) reads the
            # (-starts_on, title) indexes above; the yearly report's work of a year narrows by
            # the end date (ends_on above).
            # The staff project list, in title order, 50 at a time.
            models.Index(fields=["title_sv"], name="projects_project_title_sv"),
            # The dashboard's S6 row: work still without a completed funding check, few
            # among all the years on record; ideas need none yet and are left out, as the
            # row leaves them out (ideas of earlier years were most of the index, #15).
            models.Index(
                fields=["title_sv"],
                condition=Q(funding_check_closed_on__isnull=True)
                & ~Q(status=ProjectStatus.CANCELLED)
                & ~Q(status__in=predicates.FUNDING_CHECK_NOT_YET_STATUSES),
                name="projects_project_check_due",
            ),
            # The staff start page's and the dashboard's approved work not yet published
            # (#12), in title order, and its count: the unpublished approved work only (#15).
            models.Index(
                fields=["title_sv", "id"],
                condition=Q(published=False, status__in=predicates.APPROVED_STATUSES),
                name="projects_unpublished_approved",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def funding_check_complete(self) -> bool:
        return self.funding_check_closed_on is not None

    @property
    def requires_decision(self) -> bool:
        """Whether the work must go through an application and a decision (S8, S11)."""
        if self.kind in EXCHANGE_KINDS:
            threshold = Decimal(settings.SCHOOL_EXCHANGE_DECISION_THRESHOLD)
            return self.needs_decision or self.own_cost > threshold
        return self.kind == ProjectKind.PARTNERSHIP or self.needs_decision

    @property
    def may_be_deleted(self) -> bool:
        return predicates.project_may_be_deleted(self)

    def delete(self, *args, **kwargs):
        """Work may be deleted only while none of its applications is decided."""
        if not predicates.project_may_be_deleted(self):
            raise PublicRecordDeleteError(predicates.PROJECT_WITH_DECISION_KEPT)
        return super().delete(*args, **kwargs)

    @property
    def workplace(self) -> Body | None:
        """Whose staff edit the work (#11): its unit, or else the responsible body's
        administration (the body itself when it has none). Named in refusals."""
        if self.unit_id is not None:
            return self.unit
        if self.responsible_body_id is None:
            return None
        administration = (
            Body.objects.administrations().filter(parent=self.responsible_body_id).first()
        )
        return administration or self.responsible_body

    def unit_errors(self) -> dict:
        """The unit is an administration under the responsible body or a unit (a school) of
        one of its administrations (#11)."""
        if self.unit_id is None or self.responsible_body_id is None:
            return {}
        under = Body.objects.workplaces_under(self.responsible_body_id)
        if not under.filter(pk=self.unit_id).exists():
            return {
                "unit": _(
                    "%(unit)s does not work under %(body)s: choose a school or an "
                    "administration of the responsible body."
                )
                % {"unit": self.unit.name, "body": self.responsible_body.name}
            }
        return {}

    def clean(self):
        errors = {}
        errors.update(self.unit_errors())
        if self.responsible_body_id and not self.responsible_body.decides:
            errors["responsible_body"] = _(
                "The responsible body is a board or committee: it decides the project and "
                "bears its cost (S12)."
            )
        if predicates.lacks_funding_check_for_approval(self):
            errors["status"] = _(
                "Work cannot be approved before its funding check is completed (S6)."
            )
        elif self._enters_approval_without_decision():
            errors["status"] = self._approval_refusal()
        if self._completes_funding_check():
            from projects.funding_match import completion_errors  # reads the catalogue

            if refusal := completion_errors(self):
                errors["funding_check_closed_on"] = refusal
        if errors:
            raise ValidationError(errors)

    def _completes_funding_check(self) -> bool:
        """The check becomes completed now (S6, #13): checks completed earlier stay so, even
        when the catalogue has grown a programme since."""
        if self.funding_check_closed_on is None:
            return False
        stored = self.stored_row(["funding_check_closed_on"])
        return stored is None or stored["funding_check_closed_on"] is None

    def _enters_approval_without_decision(self) -> bool:
        """Work needing a political decision becomes approved, ongoing or completed only by
        its responsible body's approving decision (S8, S11, #11).

        The rule is on entering that state (a new record, or a change of status, kind, cost,
        "needs a decision" or responsible body into it): work stored in it from earlier years
        may still be saved with other edits, and the dashboard lists it.
        """
        if not self.responsible_body_id or not predicates.lacks_approving_decision(self):
            return False
        if self.pk is None:
            return True
        stored = type(self)._default_manager.filter(pk=self.pk).first()
        return stored is None or not predicates.lacks_approving_decision(stored)

    def _approval_refusal(self):
        return _(
            "This work needs a political decision (S8, S11): it becomes approved, ongoing or "
            "completed only when %(body)s approves an application of it. Submit an "
            "application to %(body)s; its members or secretary record the decision."
        ) % {"body": self.responsible_body.name}


class MissingDecision(models.Model):
    """The stored mark that approved work lacks its political decision (S7, S8, #15): a row
    for each project that ``ProjectQuerySet.approved_without_decision`` (the rule,
    ``predicates.lacks_approving_decision``) finds, none for the others.

    Derived, not recorded, as ``governance.DecisionPublicity`` is for the public decisions:
    the rule is an anti-join of every approved project against the approving applications,
    which grew with the years on record (docs/performance.md), and the dashboard, the yearly
    report and the list of work awaiting publication read this small table instead.
    ``projects.missing_decisions.refresh`` writes it after every change the rule depends on
    (a project's status, kind, cost, "needs a decision" or responsible body; an application
    and its decision recorded, moved or withdrawn; a decision saved), in the change's own
    transaction (``projects/signals.py``); ``manage.py rebuild_decision_marks`` writes it all
    again after writes in bulk or a change of ``SCHOOL_EXCHANGE_DECISION_THRESHOLD``, and
    reports the differences. A side table, not a field of the project, so that a project
    saved from a copy read earlier never writes back a stale mark, and the project's history
    records only what was entered.
    """

    project = models.OneToOneField(
        Project,
        verbose_name=_("project or exchange"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="missing_decision",
    )
    since = models.DateTimeField(_("lacking its decision since"))

    class Meta:
        verbose_name = _("mark of work lacking its decision")
        verbose_name_plural = _("marks of work lacking its decision")
        ordering = ["-since"]

    def __str__(self):
        return str(self.project_id)


# A count below zero is refused with these words on every path: staff pages, admin, import.
COUNT_NOT_NEGATIVE = _("A number of participants cannot be below zero.")


def not_negative_count():
    return [MinValueValidator(0, message=COUNT_NOT_NEGATIVE)]


class ParticipantCount(ValidatedModel):
    """How many took part at one level (S15). Pupils are counted, never named."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="participant_counts",
    )
    level = models.CharField(_("level"), max_length=20, choices=ParticipantLevel.choices)
    count = models.PositiveIntegerField(
        _("number of participants"), validators=not_negative_count()
    )
    women = models.PositiveIntegerField(
        _("of whom women"), null=True, blank=True, validators=not_negative_count()
    )
    men = models.PositiveIntegerField(
        _("of whom men"), null=True, blank=True, validators=not_negative_count()
    )

    class Meta:
        verbose_name = _("participants at a level")
        verbose_name_plural = _("participants by level")
        ordering = ["project", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "level"],
                name="%(app_label)s_%(class)s_one_per_level",
                violation_error_message=_("The project already has a count for this level."),
            ),
            models.CheckConstraint(
                condition=Q(women__isnull=True)
                | Q(men__isnull=True)
                | Q(count__gte=models.F("women") + models.F("men")),
                name="%(app_label)s_%(class)s_gender_within_count",
                violation_error_message=_("Women and men together cannot exceed the number."),
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()}: {self.count}"


class ProjectCost(ValidatedModel):
    """A cost of a project borne by one body in one year (S12)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="costs"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="project_costs"
    )
    year = models.PositiveIntegerField(_("year"))
    amount = MoneyField(_("amount (SEK)"), max_digits=12, decimal_places=2)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("cost")
        verbose_name_plural = _("costs")
        ordering = ["project", "year"]
        indexes = [
            # The key figures' and the yearly report's costs of a year, a year's among every
            # year on record (#15).
            models.Index(fields=["year"], name="projects_cost_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="%(app_label)s_%(class)s_amount_not_negative",
                violation_error_message=_("A cost cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1900, year__lte=2200),
                name="%(app_label)s_%(class)s_year_range",
                violation_error_message=_("Give a year between 1900 and 2200."),
            ),
        ]

    def __str__(self):
        # As the admin's title and history show it: "BUN 2026: 12 500 kr" (#12).
        return f"{self.body.short_name} {self.year}: {amounts.amount(self.amount)}"


class ProjectPicture(Picture):
    """A picture on a project's public page (#14), when it and the project are public."""

    url_name = "website:project-picture"

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="pictures"
    )

    class Meta(Picture.Meta):
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")
