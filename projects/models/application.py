"""Applications on their way to a decision, and steering groups (S7-S9, S11)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.amounts import MoneyField
from governance.models import NETWORK_KINDS, Body, Decision, Meeting, Person, Role
from governance.records import (
    BoundedTextField,
    PublicRecordDeleteError,
    ValidatedModel,
    after_today,
    end_not_before_start,
    is_restoring,
)
from partners.models import Place, Relationship
from projects import predicates
from projects.models.project import Project, ProjectKind
from projects.statuses import ApplicationStatus
from strategy.models import Objective


class ApplicationKind(models.TextChoices):
    PARTNERSHIP = "partnership", _("municipal partnership")
    TWIN_TOWN = "twin_town", _("new twin town")
    SCHOOL_EXCHANGE = "school_exchange", _("school exchange needing a decision")
    YOUTH_EXCHANGE = "youth_exchange", _("youth exchange needing a decision")
    STAFF_EXCHANGE = "staff_exchange", _("staff exchange needing a decision")


# The application a project's kind takes (#12): an exchange is applied for as that exchange;
# all other work as a municipal partnership. A new twin town concerns a place, not a
# project's kind, and is decided by the council (S7).
APPLICATION_KIND_OF_PROJECT = {
    ProjectKind.SCHOOL_EXCHANGE: ApplicationKind.SCHOOL_EXCHANGE,
    ProjectKind.YOUTH_EXCHANGE: ApplicationKind.YOUTH_EXCHANGE,
    ProjectKind.STAFF_EXCHANGE: ApplicationKind.STAFF_EXCHANGE,
}
# The application kinds of exchanges below the S11 threshold that need no decision.
EXCHANGE_APPLICATION_KINDS = (ApplicationKind.SCHOOL_EXCHANGE, ApplicationKind.YOUTH_EXCHANGE)


def application_kind_for(project) -> str:
    """The one application kind that fits the project's kind (#12)."""
    return APPLICATION_KIND_OF_PROJECT.get(project.kind, ApplicationKind.PARTNERSHIP)


def kind_misfit_message(application) -> str:
    return _(
        "The kind must fit the project: “%(project)s” is a %(project_kind)s, so its "
        "application is a %(fitting)s, not a %(kind)s (#12)."
    ) % {
        "project": application.project.title,
        "project_kind": application.project.get_kind_display(),
        "fitting": ApplicationKind(application_kind_for(application.project)).label,
        "kind": application.get_kind_display(),
    }


ONE_PENDING_PER_PROJECT = _(
    "The project already has an application on its way to a decision (a draft, in "
    "consultation or submitted); continue that one, or withdraw it first (#11)."
)


PERSON_ONCE_PER_STEERING_GROUP = _(
    "The person is already in this steering group; a person is in a steering group once."
)


def person_twice_message(person) -> str:
    """The refusal when the same person is given twice for one steering group."""
    return _("%(person)s is given twice; a person is in a steering group once, with one role.") % {
        "person": person
    }


def twin_town_exists_message(place):
    return _(
        "%(place)s is already an active twin town; a place has at most one (S7). A new "
        "application about it concerns a partnership or the existing twin town."
    ) % {"place": place}


class ApplicationQuerySet(models.QuerySet):
    def awaiting_decision(self):
        return self.filter(status=ApplicationStatus.SUBMITTED)

    def without_consultation(self):
        """Sent for decision, waiting or decided, without the network's view (S9)."""
        return self.filter(
            status__in=predicates.SENT_APPLICATION_STATUSES, consultation_on__isnull=True
        )

    def kept(self):
        """Decided applications: public records, never deleted (``predicates.may_be_deleted``)."""
        return self.filter(
            Q(status__in=predicates.KEPT_APPLICATION_STATUSES) | Q(decision__isnull=False)
        )

    def delete(self):
        """Refuse the whole deletion, deleting nothing, when any row is a decided application."""
        if self.kept().exists():
            raise PublicRecordDeleteError(predicates.DECIDED_APPLICATION_KEPT)
        return super().delete()

    delete.queryset_only = True


# What a decided application keeps as it was decided (#11); its objectives too (a signal).
DECIDED_APPLICATION_FROZEN = (
    "kind",
    "title",
    "summary",
    "project",
    "proposed_place",
    "why_not_partnership",
    "addressed_to",
    "cost",
    "submitted_by",
    "submitted_on",
    "status",
    "consultation_meeting",
    "consultation_on",
    "consultation_view",
    "no_consultation_reason",
    "submitted_with_gaps",
    "proposed_decision",
    "proposal_motivation",
    "decision",
)
DECIDED_APPLICATION_FROZEN_MESSAGE = _(
    "A decided application is a public record and does not change. An error in its decision "
    "is put right by a correction (rättelse); a change to the work takes a new application "
    "and a new decision."
)


class Application(ValidatedModel):
    """A proposal that a deciding body decides: a partnership, a new twin town, an exchange."""

    kind = models.CharField(_("kind"), max_length=20, choices=ApplicationKind.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = BoundedTextField(_("summary"))
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    proposed_place = models.ForeignKey(
        Place,
        verbose_name=_("proposed twin town"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="twin_town_applications",
    )
    why_not_partnership = BoundedTextField(
        _("why not a themed or time-limited partnership"),
        blank=True,
        help_text=_(
            "The strategy prefers partnerships with a theme or a period to new twin towns (S7)."
        ),
    )
    addressed_to = models.ForeignKey(
        Body,
        verbose_name=_("addressed to"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    cost = MoneyField(
        _("cost to the municipality (SEK)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    objectives = models.ManyToManyField(
        Objective, verbose_name=_("objectives served"), blank=True, related_name="applications"
    )
    submitted_by = models.ForeignKey(
        Person,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    consultation_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("consultation meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        help_text=_("The international network's meeting where the view was given (S9)."),
    )
    consultation_on = models.DateField(_("consulted on"), null=True, blank=True)
    consultation_view = BoundedTextField(_("the network's view"), blank=True)
    no_consultation_reason = BoundedTextField(
        _("why the network is not consulted"),
        blank=True,
        help_text=_("The coordinator's reason for sending the case without the network's view."),
    )
    submitted_with_gaps = models.CharField(
        _("sent with open checklist items"),
        max_length=60,
        blank=True,
        help_text=_("The checklist's open items when the case was sent; the board sees them."),
    )
    returned_reason = BoundedTextField(_("why the case was returned"), blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    proposed_decision = BoundedTextField(
        _("proposal for a decision"),
        blank=True,
        help_text=_("The officials' förslag till beslut, which the decision form starts from."),
    )
    proposal_motivation = BoundedTextField(_("motivation of the proposal"), blank=True)
    decision = models.OneToOneField(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
    )
    is_example = models.BooleanField(_("example"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        indexes = [
            # The staff start page's latest applications and the lists in this order.
            models.Index(fields=["created_at"], name="projects_app_created_at"),
            # The dashboard's S9 row: sent for decision without the network's view.
            models.Index(
                fields=["title"],
                condition=Q(
                    status__in=predicates.SENT_APPLICATION_STATUSES, consultation_on__isnull=True
                ),
                name="projects_app_unconsulted",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=ApplicationKind.TWIN_TOWN) | Q(proposed_place__isnull=False),
                name="%(app_label)s_%(class)s_twin_town_has_place",
                violation_error_message=_("A new twin town application names the proposed place."),
            ),
            models.CheckConstraint(
                condition=Q(kind=ApplicationKind.TWIN_TOWN) | Q(project__isnull=False),
                name="%(app_label)s_%(class)s_has_project",
                violation_error_message=_("The application concerns a project or exchange."),
            ),
            models.CheckConstraint(
                condition=Q(status=ApplicationStatus.DECIDED, decision__isnull=False)
                | (~Q(status=ApplicationStatus.DECIDED) & Q(decision__isnull=True)),
                name="%(app_label)s_%(class)s_decided_has_decision",
                violation_error_message=_("A decided application has its decision, and only then."),
            ),
            models.CheckConstraint(
                condition=Q(consultation_on__isnull=True, consultation_view="")
                | (Q(consultation_on__isnull=False) & ~Q(consultation_view="")),
                name="%(app_label)s_%(class)s_consultation_complete",
                violation_error_message=_("A consultation records both its date and the view."),
            ),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0),
                name="%(app_label)s_%(class)s_cost_not_negative",
                violation_error_message=_("A cost cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status__in=predicates.PENDING_APPLICATION_STATUSES),
                name="%(app_label)s_%(class)s_one_pending_per_project",
                violation_error_message=ONE_PENDING_PER_PROJECT,
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def proposes_twin_town(self) -> bool:
        """A new twin town, which only the council decides (S7)."""
        return self.kind == ApplicationKind.TWIN_TOWN

    @property
    def kind_misfits(self) -> bool:
        """On its way to a decision with a kind that does not fit its project's (#12): a
        youth exchange is applied for as a youth exchange, not as a school exchange or a
        partnership. Decided and withdrawn applications stay as they were."""
        if not self.project_id or self.proposes_twin_town or not self.kind:
            return False
        return predicates.is_pending(self) and self.kind != application_kind_for(self.project)

    @property
    def has_consultation(self) -> bool:
        return self.consultation_on is not None

    # What the status allows, for templates: each property asks ``projects.predicates``.
    @property
    def lacks_consultation(self) -> bool:
        """Sent for decision without consulting the network: a visible warning (S9)."""
        return predicates.lacks_consultation(self)

    @property
    def needs_funding_warning(self) -> bool:
        """Its work cannot be approved until the funding check is completed (S6)."""
        return predicates.needs_funding_warning(self)

    @property
    def submission_gaps(self) -> list[str]:
        """The checklist's open items now, in words (#12)."""
        return [predicates.GAP_MESSAGES[gap] for gap in predicates.submission_gaps(self)]

    @property
    def sent_with_gaps(self) -> list[str]:
        """The checklist's open items when the case was sent, in words: the board reads them."""
        codes = self.submitted_with_gaps.split()
        return [predicates.GAP_MESSAGES[code] for code in codes if code in predicates.GAP_MESSAGES]

    @property
    def consultation_settled(self) -> bool:
        return predicates.consultation_settled(self)

    @property
    def may_be_approved(self) -> bool:
        return predicates.may_be_approved(self)

    @property
    def may_be_submitted(self) -> bool:
        return predicates.may_be_submitted(self)

    @property
    def may_be_returned(self) -> bool:
        return predicates.may_be_returned(self)

    @property
    def was_returned(self) -> bool:
        return predicates.was_returned(self)

    @property
    def may_be_edited(self) -> bool:
        return predicates.may_be_edited(self)

    @property
    def may_be_decided(self) -> bool:
        return predicates.may_be_decided(self)

    @property
    def may_be_withdrawn(self) -> bool:
        return predicates.may_be_withdrawn(self)

    @property
    def may_be_given_steering_group(self) -> bool:
        return predicates.may_be_given_steering_group(self)

    @property
    def is_decided(self) -> bool:
        return predicates.is_decided(self)

    @property
    def is_withdrawn(self) -> bool:
        return predicates.is_withdrawn(self)

    @property
    def may_be_deleted(self) -> bool:
        return predicates.may_be_deleted(self)

    def delete(self, *args, **kwargs):
        """A draft may be deleted; a decided application (as stored, too) never."""
        stored = type(self)._default_manager.filter(pk=self.pk)
        if not predicates.may_be_deleted(self) or stored.kept().exists():
            raise PublicRecordDeleteError(predicates.DECIDED_APPLICATION_KEPT)
        return super().delete(*args, **kwargs)

    def clean(self):
        errors = {}
        body = self.addressed_to if self.addressed_to_id else None
        if body and not body.decides:
            errors["addressed_to"] = _("An application is addressed to a body that decides.")
        elif body and self.proposes_twin_town and not body.is_council:
            errors["addressed_to"] = _(
                "A new twin town is decided by the municipal council (KF) only (S7)."
            )
        elif body and not self.proposes_twin_town and body.is_council:
            errors["addressed_to"] = _(
                "Partnerships and exchanges are decided by the executive board or a committee "
                "(S8), not by the council."
            )
        for name, message in self._addressing_errors().items():
            errors.setdefault(name, message)
        if self.kind_misfits:
            errors.setdefault("kind", kind_misfit_message(self))
        if self.proposes_twin_town and not self.why_not_partnership.strip():
            errors["why_not_partnership"] = _(
                "Explain why a partnership with a theme or a period would not serve (S7)."
            )
        if (
            self.consultation_meeting_id
            and self.consultation_meeting.body.kind not in NETWORK_KINDS
        ):
            errors["consultation_meeting"] = _(
                "The consultation is held at a meeting of the international network (S9)."
            )
        if (
            self.consultation_meeting_id
            and self.consultation_on
            and self.consultation_on != self.consultation_meeting.date
        ):
            errors["consultation_on"] = _("The consultation date is the date of its meeting.")
        if self.decision_id and body and self.decision.body_id != body.pk:
            errors["decision"] = _("Only the body the application is addressed to decides it (S8).")
        if self.consultation_on and "consultation_on" not in errors:
            problem = self._consultation_out_of_time()
            if problem:
                errors["consultation_on"] = problem
        if errors:
            raise ValidationError(errors)

    def check_stored_kept(self):
        """A decided application is frozen (#11): once its decision is stored, what was
        applied for, to whom, the network's view and the decision itself never change."""
        super().check_stored_kept()
        stored = self.stored_row(DECIDED_APPLICATION_FROZEN)
        if stored is None or stored["decision_id"] is None:
            return
        errors = {}
        for name in DECIDED_APPLICATION_FROZEN:
            attname = self._meta.get_field(name).attname
            if stored[attname] != getattr(self, attname):
                errors[name] = DECIDED_APPLICATION_FROZEN_MESSAGE
        if errors:
            raise ValidationError(errors)

    def _addressing_errors(self) -> dict:
        """An application is addressed to its project's responsible body (S8, S12, #11); a new
        twin town, to KF (above). A new twin town is not proposed for a place that already
        has an active one (S7): checked while the application is on its way, and again by
        ``decide`` on approval."""
        body_id = self.addressed_to_id
        if self.proposes_twin_town:
            return self._twin_town_place_errors()
        if not (body_id and self.project_id):
            return {}
        responsible = self.project.responsible_body
        if body_id != responsible.pk:
            return {
                "addressed_to": _(
                    "The application is addressed to the project's responsible body, "
                    "%(body)s, which decides the work and bears its cost (S8, S12)."
                )
                % {"body": responsible.name}
            }
        return {}

    def _twin_town_place_errors(self) -> dict:
        if not (self.proposed_place_id and predicates.is_pending(self)):
            return {}
        if Relationship.objects.active_twin_town_of(self.proposed_place_id).exists():
            return {"proposed_place": twin_town_exists_message(self.proposed_place)}
        return {}

    @property
    def drafted_on(self):
        """The day the application was drafted: created, or today for one not yet saved."""
        return timezone.localdate(self.created_at) if self.created_at else timezone.localdate()

    def _consultation_out_of_time(self):
        """Why the consultation's date is impossible, or None (S9, #11).

        The network's view is given once the application exists, not after today, and before
        the decision it informs (at an earlier meeting when both meetings are known).
        """
        given = self.consultation_on
        if after_today(given):
            return _(
                "A consultation cannot be dated after today; record it once its meeting has "
                "been held."
            )
        if given < self.drafted_on:
            return _(
                "The consultation is given on or after the day the application was drafted "
                "(%(drafted)s), not before."
            ) % {"drafted": self.drafted_on.isoformat()}
        if self.decision_id:
            decision = self.decision
            later = given > decision.meeting_date
            if not later and self.consultation_meeting_id and decision.meeting_id:
                later = self.consultation_meeting.starts_at >= decision.meeting.starts_at
            if later:
                return _(
                    "The consultation is given before the decision (%(decided)s), not after."
                ) % {"decided": decision.citation}
        return None


class SteeringGroup(ValidatedModel):
    """A steering group appointed by the deciding body for approved work (S8)."""

    name = models.CharField(_("name"), max_length=200)
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="steering_groups",
    )
    appointed_by = models.ForeignKey(
        Decision,
        verbose_name=_("appointed by decision"),
        on_delete=models.PROTECT,
        related_name="steering_groups",
    )
    set_once_fields = ("appointed_by",)  # the appointing decision stays (#11)

    class Meta:
        verbose_name = _("steering group")
        verbose_name_plural = _("steering groups")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if not (self.application_id and self.appointed_by_id):
            return
        if self.appointed_by.body_id != self.application.addressed_to_id:
            raise ValidationError(
                {
                    "appointed_by": _(
                        "The body that decided the application appoints its steering group (S8)."
                    )
                }
            )
        if not predicates.may_be_given_steering_group(self.application):
            raise ValidationError(
                {"application": _("A steering group is appointed for approved work only.")}
            )


class SteeringGroupMember(ValidatedModel):
    """A person in a steering group, with role and period."""

    group = models.ForeignKey(
        SteeringGroup,
        verbose_name=_("steering group"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="steering_groups"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("steering group member")
        verbose_name_plural = _("steering group members")
        constraints = [
            end_not_before_start(start="starts_on", end="ends_on"),
            models.UniqueConstraint(
                fields=["group", "person"],
                name="%(app_label)s_%(class)s_person_once_per_group",
                violation_error_message=PERSON_ONCE_PER_STEERING_GROUP,
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


@receiver(m2m_changed, sender=Application.objectives.through)
def keep_decided_objectives(sender, instance, action, reverse, **kwargs):
    """The objectives a decided application served stay as they were decided (#11)."""
    if action not in ("pre_add", "pre_remove", "pre_clear") or is_restoring():
        return
    if reverse:
        pks = kwargs.get("pk_set") or set()
        if action == "pre_clear":
            pks = set(instance.applications.values_list("pk", flat=True))
        decided = Application.objects.filter(pk__in=pks, decision__isnull=False).exists()
    else:
        decided = Application.objects.filter(pk=instance.pk, decision__isnull=False).exists()
    if decided:
        raise ValidationError({"objectives": DECIDED_APPLICATION_FROZEN_MESSAGE})
