"""Who decides: bodies, people, memberships, meetings and decisions."""

import datetime
import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from governance import terms
from governance.records import (
    DOCUMENT_TEXT_MAX_LENGTH,
    BoundedTextField,
    PublicRecord,
    PublicRecordQuerySet,
    ValidatedModel,
    after_today,
    check_not_after_today,
    end_not_before_start,
)

APPEAL_PERIOD = datetime.timedelta(weeks=3)


class BodyKind(models.TextChoices):
    COUNCIL = "council", _("municipal council")
    EXECUTIVE_BOARD = "executive_board", _("executive board")
    COMMITTEE = "committee", _("committee")
    ADMINISTRATION = "administration", _("administration")
    UNIT = "unit", _("unit (a school or other workplace)")
    INTERNATIONAL_NETWORK = "international_network", _("international network")
    REGIONAL_NETWORK = "regional_network", _("regional network")


DECIDING_KINDS = (BodyKind.COUNCIL, BodyKind.EXECUTIVE_BOARD, BodyKind.COMMITTEE)
# Where work is done and whose staff edit it: a unit (a school) or an administration (#11).
WORKPLACE_KINDS = (BodyKind.ADMINISTRATION, BodyKind.UNIT)
NETWORK_KINDS = (BodyKind.INTERNATIONAL_NETWORK, BodyKind.REGIONAL_NETWORK)


class BodyQuerySet(models.QuerySet):
    def deciding(self):
        return self.filter(kind__in=DECIDING_KINDS)

    def administrations(self):
        return self.filter(kind=BodyKind.ADMINISTRATION)

    def workplaces_under(self, body):
        """The administrations under a deciding body and their units (schools): where the
        body's work is done (#11)."""
        return self.filter(kind__in=WORKPLACE_KINDS).filter(
            Q(parent=body) | Q(kind=BodyKind.UNIT, parent__parent=body)
        )

    def active_on(self, day):
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=day)).filter(
            Q(active_to__isnull=True) | Q(active_to__gte=day)
        )


class Body(ValidatedModel):
    """A council, board, committee, administration or network of the municipality."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=20, unique=True, help_text=_("For example KF, KS or BUN.")
    )
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=BodyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_(
            "An administration belongs to its board or committee; a unit (a school) to its "
            "administration."
        ),
    )
    case_number_prefix = models.CharField(
        _("case number prefix"), max_length=10, blank=True, help_text=_("For example KS.")
    )
    shared_with = models.CharField(
        _("shared with"),
        max_length=200,
        blank=True,
        help_text=_("Other municipalities that share this body, if any."),
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active to"), null=True, blank=True)

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["kind", "name"]
        constraints = [
            end_not_before_start(
                start="active_from",
                end="active_to",
                name="active_period",
                message=_("A body cannot be abolished before it was created."),
                start_may_be_empty=True,
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.short_name})"

    @property
    def decides(self) -> bool:
        """Only the council, the executive board and committees take decisions."""
        return self.kind in DECIDING_KINDS

    @property
    def is_council(self) -> bool:
        return self.kind == BodyKind.COUNCIL

    @property
    def is_workplace(self) -> bool:
        """An administration or a unit (a school): its staff do and edit the work (#11)."""
        return self.kind in WORKPLACE_KINDS

    def term_on(self, day: datetime.date) -> terms.Term:
        return terms.term_for(day, council=self.is_council)

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A body cannot be its own parent.")})
        if self.kind == BodyKind.ADMINISTRATION and self.parent and not self.parent.decides:
            raise ValidationError(
                {"parent": _("An administration belongs to a board or committee.")}
            )
        if self.kind == BodyKind.UNIT and (
            self.parent is None or self.parent.kind != BodyKind.ADMINISTRATION
        ):
            raise ValidationError({"parent": _("A unit (a school) belongs to an administration.")})


class Person(ValidatedModel):
    """An elected representative, an official or anyone else who takes part."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language of e-mail"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the notifications the person gets (#12)."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Demo data from the quick start, not real.")
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class Role(models.TextChoices):
    CHAIR = "chair", _("chair")
    VICE_CHAIR = "vice_chair", _("vice chair")
    MEMBER = "member", _("member")
    SUBSTITUTE = "substitute", _("substitute")
    SECRETARY = "secretary", _("secretary")
    OFFICIAL = "official", _("official")
    COORDINATOR = "coordinator", _("coordinator")
    REPRESENTATIVE = "representative", _("representative")


ELECTED_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.SUBSTITUTE)
# A day so far from our era that its term of office falls outside years 1-9999 is refused
# with Django's own (translated) "Enter a valid date.".
DATE_OUT_OF_RANGE = forms.DateField.default_error_messages["invalid"]
# Who records a deciding body's decisions (S8): its elected members and its secretary.
DECIDING_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.SUBSTITUTE, Role.SECRETARY)


class MembershipQuerySet(PublicRecordQuerySet):
    def valid_on(self, day):
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class Membership(PublicRecord):
    """A person's role in a body for a period; rights follow from it (S8, S17). Never deleted:
    it ends."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(
        _("to"),
        null=True,
        blank=True,
        help_text=_("An elected membership ends with its term of office at the latest."),
    )
    represents = models.ForeignKey(
        Body,
        verbose_name=_("represents"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representatives",
        help_text=_("For network members: the administration the person represents (S17)."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body", "role", "person"]
        constraints = [
            end_not_before_start(start="starts_on", end="ends_on"),
        ]

    def __str__(self):
        return f"{self.person}, {self.get_role_display()}, {self.body.short_name}"

    def clean(self):
        errors = {}
        if self.body_id and self.represents_id:
            if self.body.kind not in NETWORK_KINDS:
                errors["represents"] = _("Only a network member represents an administration.")
            elif self.represents.kind != BodyKind.ADMINISTRATION:
                errors["represents"] = _("A network member represents an administration.")
        if self.body_id and self.starts_on and self.role in ELECTED_ROLES and self.body.decides:
            try:
                term = self.body.term_on(self.starts_on)
            except ValueError:  # a day whose term would begin or end outside years 1-9999
                raise ValidationError({"starts_on": DATE_OUT_OF_RANGE}) from None
            if self.ends_on is None:
                self.ends_on = term.ends_on
            elif self.ends_on > term.ends_on:
                errors["ends_on"] = _(
                    "An elected membership ends with its term of office (%(term)s), on "
                    "%(end)s at the latest."
                ) % {"term": term, "end": term.ends_on.isoformat()}
        # An elected seat is held once per term (#11); a secretary's or an official's open
        # membership is followed by the next term's, so only a registration asks it of them.
        elected = self.role in ELECTED_ROLES and self.body_id and self.body.decides
        if not errors and elected and self.overlapping().exists():
            errors["__all__"] = self.duplicate_message()
        if errors:
            raise ValidationError(errors)

    def duplicate_message(self) -> str:
        return _(
            "%(person)s already has the role %(role)s in %(body)s for part of this period."
        ) % {"person": self.person, "role": self.get_role_display(), "body": self.body}

    def overlapping(self):
        """The same person's memberships with the same role in the same body whose periods
        overlap this one's (#11: a term's memberships are not registered twice)."""
        if not (self.person_id and self.body_id and self.role and self.starts_on):
            return Membership.objects.none()
        same = Membership.objects.filter(person=self.person_id, body=self.body_id, role=self.role)
        same = same.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=self.starts_on))
        if self.ends_on is not None:
            same = same.filter(starts_on__lte=self.ends_on)
        return same.exclude(pk=self.pk)


MINUTES_OF_A_FUTURE_MEETING = _(
    "A meeting after today has no minutes yet; record them on or after the day it is held."
)


class MeetingQuerySet(PublicRecordQuerySet):
    def readable_by(self, rights):
        """The meetings the user reads on the staff pages (``Rights.may_read_meeting``)."""
        if rights.is_coordinator:
            return self
        return self.filter(body__in=rights.meeting_body_pks)


class Meeting(PublicRecord):
    """A meeting of a body: a board's sitting, or a network meeting (S17, S20). Never deleted."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown on the public site and in its calendar.")
    )
    agenda = BoundedTextField(_("agenda"), blank=True, max_length=DOCUMENT_TEXT_MAX_LENGTH)
    minutes = BoundedTextField(_("minutes"), blank=True, max_length=DOCUMENT_TEXT_MAX_LENGTH)
    attendees = models.ManyToManyField(
        Person, verbose_name=_("attendees"), blank=True, related_name="meetings_attended"
    )
    is_example = models.BooleanField(_("example"), default=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            end_not_before_start(
                start="starts_at",
                end="ends_at",
                message=_("A meeting cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["body", "starts_at"])]

    def __str__(self):
        return f"{self.body.short_name} {self.date.isoformat()}"

    @property
    def date(self) -> datetime.date:
        from django.utils import timezone

        return timezone.localdate(self.starts_at)

    def clean(self):
        # A meeting may be planned ahead (the public calendar lists upcoming ones), but its
        # minutes record what was said, so they wait until the day it is held (#11).
        if self.starts_at and self.minutes.strip():
            check_not_after_today(self.date, field="minutes", message=MINUTES_OF_A_FUTURE_MEETING)


class Outcome(models.TextChoices):
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    RETURNED = "returned", _("returned for further preparation")
    NOTED = "noted", _("noted")


def appeal_deadline_after(notice_posted_on: datetime.date | None) -> datetime.date | None:
    """``Decision.appeal_deadline`` of a decision whose notice went up on that day: three
    weeks after it, or None without a notice (also for the API's rows, #15)."""
    if notice_posted_on is None:
        return None
    try:
        return notice_posted_on + APPEAL_PERIOD
    except OverflowError:  # a notice in the last weeks of year 9999, refused by clean()
        return None


# The order of decisions in every list, newest first. Two bodies can decide the same paragraph
# on the same day: the id breaks the tie, so that the order is total and the pages of a list
# (offset or page number) never overlap or skip one (#15).
DECISION_ORDER = ("-meeting_date", "-paragraph", "-id")


class Decision(PublicRecord):
    """A decision of a deciding body, cited "KF 2016-06-27 § 172". Never deleted."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="decisions"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    meeting_date = models.DateField(_("meeting date"))
    paragraph = models.PositiveIntegerField(_("paragraph (§)"))
    case_number = models.CharField(_("case number"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=300)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    text = BoundedTextField(_("decision text"), blank=True, max_length=DOCUMENT_TEXT_MAX_LENGTH)
    minutes_approved_on = models.DateField(_("minutes approved on"), null=True, blank=True)
    notice_posted_on = models.DateField(
        _("notice posted on"),
        null=True,
        blank=True,
        help_text=_("The day the notice of the approved minutes went up on the notice board."),
    )
    revoked_by = models.ForeignKey(
        "self",
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revokes",
        help_text=_("A later decision that revoked or replaced this one."),
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = list(DECISION_ORDER)
        indexes = [
            # The public list's order (#15): its page of the newest public decisions walks
            # this index and probes each one's mark (``DecisionPublicity``).
            models.Index(fields=list(DECISION_ORDER), name="governance_decision_order")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "meeting_date", "paragraph"],
                name="%(app_label)s_%(class)s_unique_paragraph",
                violation_error_message=_(
                    "This body already has a decision with this paragraph on this meeting date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(paragraph__gte=1),
                name="%(app_label)s_%(class)s_paragraph_positive",
                violation_error_message=_("The paragraph number must be 1 or more."),
            ),
            end_not_before_start(
                start="meeting_date",
                end="minutes_approved_on",
                name="minutes_after_meeting",
                message=_("The minutes cannot be approved before the meeting was held."),
            ),
            models.CheckConstraint(
                condition=Q(notice_posted_on__isnull=True)
                | (
                    Q(minutes_approved_on__isnull=False)
                    & Q(notice_posted_on__gte=models.F("minutes_approved_on"))
                ),
                name="%(app_label)s_%(class)s_notice_after_minutes",
                violation_error_message=_(
                    "The notice is posted once the minutes are approved, not before."
                ),
            ),
        ]

    def __str__(self):
        return self.citation

    def get_absolute_url(self):
        return reverse("admin:governance_decision_change", args=[self.pk])

    @property
    def citation(self) -> str:
        """How a decision is cited: body, meeting date and paragraph."""
        short = self.body.short_name if self.body_id else "?"
        return f"{short} {self.meeting_date.isoformat()} § {self.paragraph}"

    @property
    def appeal_deadline(self) -> datetime.date | None:
        """The last day to appeal (laglighetsprövning): three weeks after the notice."""
        return appeal_deadline_after(self.notice_posted_on)

    def clean(self):
        errors = {}
        if self.meeting_id:
            self.body = self.meeting.body
            self.meeting_date = self.meeting.date
        if self.body_id and not self.body.decides:
            errors["body"] = _(
                "%(body)s does not take decisions; only the council, the executive board and "
                "committees do."
            ) % {"body": self.body.name}
        if self.case_number and not re.fullmatch(settings.CASE_NUMBER_PATTERN, self.case_number):
            errors["case_number"] = _(
                "The case number does not have the municipality's format, e.g. %(example)s."
            ) % {"example": settings.CASE_NUMBER_EXAMPLE}
        # A decision records what a body decided: it is not dated after today, nor are its
        # minutes' approval (justering) and the notice (anslag) (#11).
        if after_today(self.meeting_date):
            errors["meeting_date"] = _("A decision cannot be dated after today.")
        if after_today(self.minutes_approved_on):
            errors["minutes_approved_on"] = _(
                "The minutes cannot be approved after today; give the day they were approved."
            )
        if after_today(self.notice_posted_on):
            errors["notice_posted_on"] = _(
                "The notice cannot be posted after today; give the day it went up."
            )
        if self.revoked_by_id and self.revoked_by_id == self.pk:
            errors["revoked_by"] = _("A decision cannot revoke itself.")
        if self.notice_posted_on and self.appeal_deadline is None:
            errors["notice_posted_on"] = DATE_OUT_OF_RANGE
        if errors:
            raise ValidationError(errors)

    def check_stored_kept(self) -> None:
        """A recorded decision is not edited (#11): its frozen fields keep their stored value,
        unless a correction (``DecisionCorrection``) made just now changes exactly that value;
        the justering and anslag dates, the revoking decision and the English title are filled
        in once, never changed. Asked on every save (``ValidatedModel.full_clean``)."""
        super().check_stored_kept()
        stored = self.stored_row(DECISION_WATCHED_FIELDS)
        if stored is None:
            return
        errors = {}
        for name in DECISION_WATCHED_FIELDS:
            field = Decision._meta.get_field(name)
            before, now = stored[field.attname], getattr(self, field.attname)
            if before == now:
                continue
            if name in DECISION_FILLED_ONCE and before in (None, ""):
                continue
            if name in CORRECTABLE_FIELDS and self._corrected_just_now(name, before, now):
                continue
            if name in DECISION_FILLED_ONCE:
                errors[name] = _(
                    "This date or link is filled in once and is already recorded; an error in "
                    "it is put right by a correction (rättelse), a revocation by a later "
                    "decision."
                )
            elif name in CORRECTABLE_FIELDS:
                errors[name] = _(
                    "A recorded decision is not edited. Put an error right with a correction "
                    "(rättelse) giving its reason: the secretary of the body or the "
                    "coordinator makes it."
                )
            else:
                errors[name] = _(
                    "A recorded decision is not edited, and a correction cannot change its "
                    "body, meeting, date or outcome: that takes a new decision by the body."
                )
        if errors:
            raise ValidationError(errors)

    def _corrected_just_now(self, name, before, now) -> bool:
        latest = self.corrections.filter(field=name).order_by("-pk").first()
        return (
            latest is not None
            and latest.original == correction_text(before)
            and latest.corrected == correction_text(now)
        )


# A decision's fields that never change once it is recorded, except by a correction where
# CORRECTABLE_FIELDS allows, and those filled in once (from empty to a value) (#11).
DECISION_FROZEN_FIELDS = (
    "body",
    "meeting",
    "meeting_date",
    "paragraph",
    "case_number",
    "title_sv",
    "outcome",
    "text",
)
DECISION_FILLED_ONCE = ("minutes_approved_on", "notice_posted_on", "revoked_by", "title_en")
DECISION_WATCHED_FIELDS = DECISION_FROZEN_FIELDS + DECISION_FILLED_ONCE


class CorrectableField(models.TextChoices):
    """What a correction (rättelse) may put right: a clerical error, never the body, the
    meeting, the date or the outcome (what was decided takes a new decision)."""

    PARAGRAPH = "paragraph", _("paragraph (§)")
    CASE_NUMBER = "case_number", _("case number")
    TITLE_SV = "title_sv", _("title (Swedish)")
    TITLE_EN = "title_en", _("title (English)")
    TEXT = "text", _("decision text")
    MINUTES_APPROVED_ON = "minutes_approved_on", _("minutes approved on")
    NOTICE_POSTED_ON = "notice_posted_on", _("notice posted on")


CORRECTABLE_FIELDS = tuple(CorrectableField.values)


def correction_text(value) -> str:
    """A value of a decision's field as a correction records it: a date in ISO form."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class DecisionCorrection(PublicRecord):
    """A correction (rättelse) of an error in a recorded decision (#11). Never edited or deleted.

    The decision's row shows the corrected value (so every page, feed and the API show it);
    the correction keeps the value as it was, the reason, who made it and when, and the
    public decision page shows both. Made through ``governance.services.correct_decision``.
    """

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="corrections"
    )
    field = models.CharField(_("corrected field"), max_length=30, choices=CorrectableField.choices)
    original = BoundedTextField(
        _("value as recorded"), blank=True, max_length=DOCUMENT_TEXT_MAX_LENGTH
    )
    corrected = BoundedTextField(
        _("corrected value"), blank=True, max_length=DOCUMENT_TEXT_MAX_LENGTH
    )
    reason = BoundedTextField(_("reason"), blank=True)  # required: clean() says so clearly
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    made_on = models.DateField(_("made on"))

    class Meta:
        verbose_name = _("correction of a decision")
        verbose_name_plural = _("corrections of decisions")
        ordering = ["decision", "pk"]

    def __str__(self):
        return f"{self.decision} ({self.get_field_display()}, {self.made_on.isoformat()})"

    def clean(self):
        errors = {}
        if self.pk is not None:
            raise ValidationError(
                _("A correction is not edited; put an error in it right with another correction.")
            )
        if not self.reason.strip():
            errors["reason"] = _("Give the reason for the correction.")
        if self.original == self.corrected:
            errors["corrected"] = _("The corrected value is the value already recorded.")
        check_not_after_today(
            self.made_on, field="made_on", message=_("A correction cannot be dated after today.")
        )
        if errors:
            raise ValidationError(errors)


class DecisionPublicity(models.Model):
    """The stored mark that a decision is public (#15): a row for each decision behind
    published work, none for the others.

    Derived, not recorded: whether a decision is public is a rule over other records
    (``projects.decision_publicity.rule``: the published relationships, their changes and
    agreements, the published projects' applications, the strategy and its revisions), and
    this table keeps its answer so that the public pages, the feeds and the API read an
    index instead of asking the rule of every decision. It is a side table, not a field of
    the decision, because a recorded decision is never edited (``check_stored_kept``) and
    its history records what the body decided, not whether some work of it is on the public
    site today. ``projects.decision_publicity.refresh_public_marks`` writes it after every
    change the rule depends on (``projects/signals.py``); ``manage.py rebuild_decision_marks``
    writes it all again and reports the differences. No history, never backed up (restore
    writes it again), shown read-only in the admin.
    """

    decision = models.OneToOneField(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="publicity",
    )
    public_since = models.DateTimeField(_("public since"))

    class Meta:
        verbose_name = _("public mark of a decision")
        verbose_name_plural = _("public marks of decisions")
        ordering = ["-public_since"]

    def __str__(self):
        return str(self.decision)


class ParticipantLevel(models.TextChoices):
    """The levels of the municipality that take part in international work (S14, S15)."""

    ELECTED = "elected", _("elected representatives")
    OFFICIAL = "official", _("officials")
    STAFF = "staff", _("staff")
    PUPIL = "pupil", _("pupils")
    YOUNG = "young", _("young people")
    PARTNER = "partner", _("partner participants")


# Pupils and young people are counted, never named.
UNNAMED_LEVELS = (ParticipantLevel.PUPIL, ParticipantLevel.YOUNG)


class PublicContact(ValidatedModel):
    """Where the public reaches the municipality's international work (#14): a function and
    its e-mail and telephone, never a person's name, so a change of staff changes nothing
    on the public pages. Loaded from the municipality's data file (``[[contacts]]``)."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    function = models.CharField(
        _("function"),
        max_length=200,
        help_text=_("For example the international coordinator: a function, not a name."),
    )
    body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="public_contacts",
    )
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 ()-]{4,}$",
                _("Give the telephone number in digits, for example 0492-76 90 00."),
            )
        ],
    )
    address = models.CharField(_("visiting address"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("public contact")
        verbose_name_plural = _("public contacts")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.function

    @property
    def phone_link(self) -> str:
        """The number as a tel: link wants it: digits and a leading +, nothing else."""
        return re.sub(r"[^0-9+]", "", self.phone)
