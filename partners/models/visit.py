"""Visits and delegations, and the people we know abroad."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from governance.amounts import MoneyField
from governance.models import (
    UNNAMED_LEVELS,
    BodyKind,
    Membership,
    ParticipantLevel,
    Person,
    Role,
)
from governance.records import BoundedTextField, ValidatedModel, end_not_before_start
from partners.models.place import Place
from partners.models.relationship import NordicMeeting, Relationship, RelationshipKind


class Direction(models.TextChoices):
    INCOMING = "incoming", _("incoming")
    OUTGOING = "outgoing", _("outgoing")


class VisitQuerySet(models.QuerySet):
    def with_chair_flag(self):
        """Annotate ``has_chair``: the chair of KF or KS took part (S14), in one query."""
        chair = Membership.objects.filter(
            person=OuterRef("person"),
            role=Role.CHAIR,
            body__kind__in=(BodyKind.COUNCIL, BodyKind.EXECUTIVE_BOARD),
            starts_on__lte=OuterRef("visit__starts_on"),
        ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=OuterRef("visit__starts_on")))
        chair_participants = VisitParticipant.objects.filter(visit=OuterRef("pk")).filter(
            Exists(chair)
        )
        return self.annotate(has_chair=Exists(chair_participants))

    def twin_town_visits_without_chair(self):
        return self.with_chair_flag().without_chair_on_twin_town().order_by("-starts_on")

    def without_chair_on_twin_town(self):
        """Of visits flagged by ``with_chair_flag``: twin-town visits without the chair (S14)."""
        return self.filter(relationship__kind=RelationshipKind.TWIN_TOWN, has_chair=False)


class Visit(ValidatedModel):
    """A visit or delegation to or from a place abroad (S14)."""

    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="visits"
    )
    relationship = models.ForeignKey(
        Relationship,
        verbose_name=_("relationship"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
    )
    nordic_meeting = models.ForeignKey(
        NordicMeeting,
        verbose_name=_("Nordic meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    purpose = BoundedTextField(_("purpose"))
    cost = MoneyField(_("cost (SEK)"), max_digits=12, decimal_places=2, null=True, blank=True)
    pupil_count = models.PositiveIntegerField(_("pupils"), default=0)
    young_people_count = models.PositiveIntegerField(_("young people"), default=0)
    is_example = models.BooleanField(_("example"), default=False)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-starts_on"]
        constraints = [
            end_not_before_start(
                start="starts_on", end="ends_on", message=_("A visit cannot end before it starts.")
            ),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0),
                name="%(app_label)s_%(class)s_cost_not_negative",
                violation_error_message=_("A cost cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.place} {self.starts_on} ({self.get_direction_display()})"

    @property
    def is_twin_town_visit(self) -> bool:
        return bool(self.relationship_id) and self.relationship.is_twin_town

    def clean(self):
        if self.relationship_id and self.place_id and self.relationship.place_id != self.place_id:
            raise ValidationError(
                {"relationship": _("The relationship is with another place than the visit's.")}
            )


class VisitParticipant(ValidatedModel):
    """A named participant of a visit: an elected representative, an official or staff."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    role = models.CharField(_("role on the visit"), max_length=100, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=ParticipantLevel.choices)

    class Meta:
        verbose_name = _("visit participant")
        verbose_name_plural = _("visit participants")
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "person"],
                name="%(app_label)s_%(class)s_unique",
                violation_error_message=_("This person is already a participant of the visit."),
            ),
            models.CheckConstraint(
                condition=~Q(level__in=UNNAMED_LEVELS),
                name="%(app_label)s_%(class)s_no_named_pupils",
                violation_error_message=_(
                    "Pupils and young people are counted on the visit, never named."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_level_display()})"


class ContactAbroad(ValidatedModel):
    """A person we know at a partner place. Personal data: never public, removable."""

    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    remove_after = models.DateField(
        _("remove after"),
        null=True,
        blank=True,
        help_text=_("When the contact details may be removed (retention)."),
    )

    class Meta:
        verbose_name = _("contact abroad")
        verbose_name_plural = _("contacts abroad")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(place__isnull=False) | ~Q(organisation=""),
                name="%(app_label)s_%(class)s_place_or_organisation",
                violation_error_message=_("Give the contact's place or organisation."),
            ),
        ]

    def __str__(self):
        return self.name
