"""Disposal (gallring) of personal data after its retention period; the public record stays.

Here, in the top layer, because it sees every app's models that hold personal data.
What is removed, and why the rest stays, is written in docs/ARCHITECTURE.md ("Personal data").
"""

import calendar
import datetime
from dataclasses import dataclass, fields

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from governance.models import Meeting, Membership, ParticipantLevel, Person
from partners.models import ContactAbroad, VisitParticipant
from projects.models import Application, FundingCheck, SteeringGroupMember

CHANGE_REASON = "Gallring enligt PERSONAL_DATA_RETENTION_MONTHS"
# Elected representatives and officials take part in an official capacity: public record.
REMOVABLE_LEVELS = (ParticipantLevel.STAFF, ParticipantLevel.PARTNER)


@dataclass
class PurgeCounts:
    """How many records and history rows the purge removed or blanked (or would)."""

    visit_participants: int = 0
    visit_participant_history: int = 0
    contacts_abroad: int = 0
    contact_abroad_history: int = 0
    people_blanked: int = 0
    person_history_blanked: int = 0

    def lines(self) -> list[str]:
        return [f"{f.name.replace('_', ' ')}: {getattr(self, f.name)}" for f in fields(self)]

    @property
    def changed(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` months earlier (the month's last day if it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))


@transaction.atomic
def purge_personal_data(*, today: datetime.date, months: int, dry_run: bool = False):
    """Remove personal data kept longer than ``months`` before ``today``; return the counts.

    Side effects (none with ``dry_run``): deletes visit participants of levels staff and
    partner whose visit ended before the cut-off, and contacts abroad whose ``remove_after``
    has passed, each with its history rows; blanks the e-mail and phone of people with no
    active login account and no link since the cut-off, in the record (a new history row,
    with the reason CHANGE_REASON) and in all its history rows. Names and public records stay.
    """
    cutoff = months_before(today, months)
    counts = PurgeCounts()
    counts.visit_participants, counts.visit_participant_history = _remove_with_history(
        participants_due(cutoff), dry_run
    )
    counts.contacts_abroad, counts.contact_abroad_history = _remove_with_history(
        contacts_due(today), dry_run
    )
    counts.people_blanked, counts.person_history_blanked = _blank_contact_details(
        people_due(cutoff), dry_run
    )
    return counts


def participants_due(cutoff: datetime.date):
    """Staff and partner participants of visits that ended before ``cutoff``."""
    return (
        VisitParticipant.objects.filter(level__in=REMOVABLE_LEVELS)
        .alias(visit_end=Coalesce("visit__ends_on", "visit__starts_on"))
        .filter(visit_end__lt=cutoff)
    )


def contacts_due(today: datetime.date):
    """Contacts abroad whose date for removal has passed."""
    return ContactAbroad.objects.filter(remove_after__lt=today)


def people_due(cutoff: datetime.date):
    """People with no active login account and no link since ``cutoff`` who still have an
    e-mail address or phone number, in the record or in its history."""
    history = Person.history.model.objects.filter(id=OuterRef("pk"))
    return (
        Person.objects.filter(Q(user__isnull=True) | Q(user__is_active=False))
        .exclude(_recent_link(cutoff))
        .filter(~Q(email="") | ~Q(phone="") | Exists(history.filter(~Q(email="") | ~Q(phone=""))))
    )


def _recent_link(cutoff: datetime.date) -> Q:
    """A membership, steering group, visit, meeting or piece of work since ``cutoff``."""
    since = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))
    person = OuterRef("pk")
    periods = Q(ends_on__isnull=True) | Q(ends_on__gte=cutoff)
    visits = VisitParticipant.objects.alias(end=Coalesce("visit__ends_on", "visit__starts_on"))
    return (
        Q(Exists(Membership.objects.filter(periods, person=person)))
        | Q(Exists(SteeringGroupMember.objects.filter(periods, person=person)))
        | Q(Exists(visits.filter(person=person, end__gte=cutoff)))
        | Q(Exists(Meeting.objects.filter(attendees=person, starts_at__gte=since)))
        | Q(Exists(Application.objects.filter(submitted_by=person, submitted_on__gte=cutoff)))
        | Q(Exists(FundingCheck.objects.filter(checked_by=person, checked_on__gte=cutoff)))
    )


def _remove_with_history(records, dry_run) -> tuple[int, int]:
    """Delete ``records`` and every history row of them; return how many of each."""
    history = records.model.history.model.objects
    ids = list(records.values_list("pk", flat=True))
    counts = (len(ids), history.filter(id__in=ids).count())
    if not dry_run:
        for record in records.model.objects.filter(pk__in=ids):
            record.delete()
        # The deletion itself wrote one more history row holding the data: it goes too.
        history.filter(id__in=ids).delete()
    return counts


def _blank_contact_details(people, dry_run) -> tuple[int, int]:
    """Blank e-mail and phone in the people's records and history; return how many of each."""
    people = list(people.distinct())
    rows = Person.history.model.objects.filter(id__in=[p.pk for p in people])
    rows = rows.filter(~Q(email="") | ~Q(phone=""))
    counts = (len(people), rows.count())
    if not dry_run:
        rows.update(email="", phone="")  # history rows only: saving them would add history
        for person in people:
            _blank(person)
    return counts


def _blank(person):
    if person.email or person.phone:
        person.email = person.phone = ""
        person._change_reason = CHANGE_REASON
        person._history_user = None  # the retention rule did it, not a signed-in user
        person.save()
