"""The dashboard's key figures (#13): projects, participants, kronor granted and spent this
year, each against last year. Four queries whatever the number of records: each figure is
summed by the database for both years at once.

The figures are counted as the yearly report counts them (followup.report): the projects
under way at some point in the year (ideas and cancelled work left out) and their
participants; grants in kronor in the year they are recorded; the costs the bodies bore in
the year.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, IntegerField, Q, Sum
from django.utils.translation import gettext_lazy as _

from projects import predicates
from projects.models import (
    KRONOR_UNKNOWN,
    FundingCheck,
    ParticipantCount,
    Project,
    ProjectCost,
    in_kronor,
)
from projects.queries import per_project


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    this_year: Decimal | int
    last_year: Decimal | int
    in_kronor: bool = False
    note: str = ""

    @property
    def change(self) -> Decimal | int:
        return self.this_year - self.last_year

    @property
    def direction(self) -> str:
        """up, down or same: said in words next to the arrow on the page."""
        if self.change > 0:
            return "up"
        return "down" if self.change < 0 else "same"


def _under_way(year: int, prefix: str = "") -> Q:
    """Work under way at some point in ``year`` (followup.report.projects_in)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        Q(**{f"{prefix}status__in": predicates.REPORTED_STATUSES})
        & Q(**{f"{prefix}starts_on__lte": last})
        & (Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": first}))
    )


def _either_year(last: int, this: int, prefix: str = "") -> Q:
    """Implied by ``_under_way`` of either year: narrows the rows summed to the work that
    ends in those years or later (or has no end), read from the index on the end date,
    instead of every project of every year on record (#15)."""
    return Q(**{f"{prefix}starts_on__lte": datetime.date(this, 12, 31)}) & (
        Q(**{f"{prefix}ends_on__isnull": True})
        | Q(**{f"{prefix}ends_on__gte": datetime.date(last, 1, 1)})
    )


def key_figures(today: datetime.date) -> list[Figure]:
    this, last = today.year, today.year - 1
    projects = Project.objects.filter(_either_year(last, this)).aggregate(
        this=Count("pk", filter=_under_way(this)), last=Count("pk", filter=_under_way(last))
    )
    # Each project's participants summed by a subquery probing the participants' index on
    # the project, for the two years' work alone: joined instead, the planner hashed the
    # participants of every project on record (52 ms at 100,000 projects, against 4, #15).
    participants = per_project(ParticipantCount.objects.all(), Sum("count"), IntegerField())
    people = (
        Project.objects.filter(_either_year(last, this))
        .order_by()
        .annotate(people=participants)
        .aggregate(
            this=Sum("people", filter=_under_way(this)),
            last=Sum("people", filter=_under_way(last)),
        )
    )
    # A range of days, not ``checked_on__year__in`` (``EXTRACT(YEAR ...) IN``, which no index
    # answers): the index on ``checked_on`` reads the two years alone (#15).
    two_years = (datetime.date(last, 1, 1), datetime.date(this, 12, 31))
    granted = FundingCheck.objects.filter(checked_on__range=two_years).aggregate(
        this=Sum(in_kronor("amount_granted"), filter=Q(checked_on__year=this)),
        last=Sum(in_kronor("amount_granted"), filter=Q(checked_on__year=last)),
        unknown=Count("pk", filter=Q(checked_on__year=this) & KRONOR_UNKNOWN),
    )
    spent = ProjectCost.objects.filter(year__in=(this, last)).aggregate(
        this=Sum("amount", filter=Q(year=this)), last=Sum("amount", filter=Q(year=last))
    )

    def kronor(value) -> Decimal:
        return Decimal(value or 0).quantize(Decimal("1"))

    unknown = granted["unknown"]
    note = (
        _("%(count)s grant(s) in another currency without an exchange rate are not counted.")
        % {"count": unknown}
        if unknown
        else ""
    )
    return [
        Figure("projects", _("Projects and exchanges"), projects["this"], projects["last"]),
        Figure("participants", _("Participants"), people["this"] or 0, people["last"] or 0),
        Figure(
            "granted",
            _("Kronor granted"),
            kronor(granted["this"]),
            kronor(granted["last"]),
            in_kronor=True,
            note=note,
        ),
        Figure(
            "spent", _("Kronor spent"), kronor(spent["this"]), kronor(spent["last"]), in_kronor=True
        ),
    ]
