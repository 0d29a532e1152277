"""The deadlines of the funding catalogue in a range of days: explicit calls and the yearly
recurring ones (S6, #13).

One function, ``calls_between``, for every reader: the daily reminders, the deadline
calendar and its iCal feed, the follow-up's deadline lists. A yearly call gives one deadline
a year from its first year to its last, so next year's appears without anyone entering it.
An explicit call of the same programme within ``REPLACES_WITHIN`` days of a yearly deadline
is that year's call, entered with its exact time or a changed day: it replaces the yearly
one, so the same round is never listed twice.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from governance import compiled
from projects import funding_match
from projects.models import Call, Programme, Project, RecurringCall
from projects.statuses import ProjectStatus

REPLACES_WITHIN = datetime.timedelta(days=31)


@dataclass(frozen=True)
class CallDeadline:
    """One deadline of one programme: from an explicit call, or a yearly call's year."""

    programme: Programme
    day: datetime.date
    note: str = ""
    call: Call | None = None
    recurring: RecurringCall | None = None

    @property
    def is_recurring(self) -> bool:
        return self.recurring is not None

    @property
    def key(self) -> str:
        """Stable across runs and years: an explicit call by its id, a yearly call's deadline
        by the yearly call's id and the year (the iCal UID and the reminders use it)."""
        if self.call is not None:
            return f"call-{self.call.pk}"
        return f"yearly-{self.recurring.pk}-{self.day.year}"

    @property
    def source_id(self) -> int:
        return self.call.pk if self.call is not None else self.recurring.pk


def calls_between(
    start: datetime.date, end: datetime.date, *, programmes=None
) -> list[CallDeadline]:
    """Every deadline from ``start`` to ``end`` (both included) of the active programmes
    (or of ``programmes``, a queryset), sorted by day and programme.

    Reads: two queries, whatever the range and the catalogue.
    """
    margin_start, margin_end = start - REPLACES_WITHIN, end + REPLACES_WITHIN
    if programmes is None:
        # The active programmes' calls and yearly calls, compiled once a process for each
        # range (and time zone, which the SQL of a date of a moment names, #15).
        zone = timezone.get_current_timezone_name()
        calls = compiled.rows("calls-between", _calls, margin_start, margin_end, zone)
        yearly = compiled.rows("yearly-calls", _yearly_calls)
    else:
        calls = list(_calls(margin_start, margin_end, programmes=programmes))
        yearly = _yearly_calls(programmes)
    explicit_days: dict[int, list[datetime.date]] = {}
    found = []
    for call in calls:
        day = timezone.localtime(call.deadline).date()
        explicit_days.setdefault(call.programme_id, []).append(day)
        if start <= day <= end:
            found.append(CallDeadline(call.programme, day, call.note, call=call))
    for recurring in yearly:
        for year in range(start.year, end.year + 1):
            if recurring.first_year and year < recurring.first_year:
                continue
            if recurring.last_year and year > recurring.last_year:
                continue
            day = recurring.deadline_in(year)
            if not start <= day <= end:
                continue
            if any(
                abs(other - day) <= REPLACES_WITHIN
                for other in explicit_days.get(recurring.programme_id, ())
            ):
                continue
            found.append(
                CallDeadline(recurring.programme, day, recurring.note, recurring=recurring)
            )
    return sorted(found, key=lambda d: (d.day, str(d.programme), d.key))


def _active_programmes():
    return Programme.objects.filter(is_active=True)


def _calls(first: datetime.date, last: datetime.date, zone: str = "", programmes=None):
    """The explicit calls of ``programmes`` (the active ones) closing from ``first`` to
    ``last`` (local days); ``zone`` only keys the compiled statement."""
    return Call.objects.filter(
        programme__in=_active_programmes() if programmes is None else programmes,
        deadline__date__gte=first,
        deadline__date__lte=last,
    ).select_related("programme__funder")


def _yearly_calls(programmes=None):
    return RecurringCall.objects.filter(
        programme__in=_active_programmes() if programmes is None else programmes
    ).select_related("programme__funder")


# --- The coordinator's deadline calendar (#13) ---------------------------------------------

#: Work the calendar looks for money for: not cancelled, not completed.
PLANNING_STATUSES = (
    ProjectStatus.IDEA,
    ProjectStatus.PLANNED,
    ProjectStatus.APPROVED,
    ProjectStatus.ONGOING,
)


@dataclass
class ProgrammeDeadlines:
    """A programme's deadlines in the calendar's range, and the work that may fit it."""

    programme: Programme
    deadlines: list[CallDeadline] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)


def calendar_end(start: datetime.date) -> datetime.date:
    """The calendar's last day: twelve months on, the day before the same date next year
    (28 February for a start on 29 February)."""
    try:
        same_day = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        same_day = datetime.date(start.year + 1, 3, 1)
    return same_day - datetime.timedelta(days=1)


def calendar(start: datetime.date, end: datetime.date) -> list[ProgrammeDeadlines]:
    """Each programme with a deadline from ``start`` to ``end``, its first deadline first,
    with the work not cancelled nor completed that may fit it (funding_match.fits).

    Reads: two queries for the deadlines, two for the work and its facts, whatever the
    number of programmes and projects.
    """
    rows: dict[int, ProgrammeDeadlines] = {}
    for deadline in calls_between(start, end):
        row = rows.setdefault(deadline.programme.pk, ProgrammeDeadlines(deadline.programme))
        row.deadlines.append(deadline)
    if rows:
        work = Project.objects.filter(status__in=PLANNING_STATUSES).order_by("title", "pk")
        for project, facts in funding_match.facts_of_many(work):
            for row in rows.values():
                if funding_match.fits(row.programme, facts):
                    row.projects.append(project)
    return list(rows.values())  # in the order of each programme's first deadline
