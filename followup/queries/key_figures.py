"""The dashboard's key figures (#13): projects, participants, kronor granted and spent this
year, each against last year. One query whatever the number of records: each figure is
summed by the database for both years at once (#15: four queries before, one a figure).

The figures are counted as the yearly report counts them (followup.report): the projects
under way at some point in the year (ideas and cancelled work left out) and their
participants; grants in kronor in the year they are recorded; the costs the bodies bore in
the year.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    DecimalField,
    ExpressionWrapper,
    IntegerField,
    Q,
    Sum,
    Value,
)
from django.utils.translation import gettext_lazy as _

from governance import compiled
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


# The columns of ``_figures``' parts, the same in each and in this order (a union's parts
# must agree): which figure, whether the rows are of this year and of last, then their sums.
_COLUMNS = ("kf_part", "kf_this", "kf_last", "kf_count", "kf_people", "kf_kronor")
_PROJECTS, _GRANTED, _SPENT = 0, 1, 2


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _part(rows, index: int, this: Q, last: Q, **sums):
    """One figure's rows grouped by whether they count this year and last (at most four
    groups), each group summed once: a row of both years is summed once, not once a year."""
    kronor = DecimalField(max_digits=22, decimal_places=6)
    columns = {
        "kf_count": Value(0),
        "kf_people": Value(None, output_field=IntegerField()),
        "kf_kronor": Value(None, output_field=kronor),
        **sums,
    }
    return (
        rows.order_by()
        .annotate(kf_part=Value(index), kf_this=_flag(this), kf_last=_flag(last))
        .values("kf_part", "kf_this", "kf_last")
        .annotate(**columns)
        .values_list(*_COLUMNS)
    )


def _figures(this: int, last: int):
    """The four figures of both years in one query (#15), a UNION ALL of three grouped parts:
    the work under way and its participants, the grants, the costs. Four queries before, of a
    round trip and the ORM's compiling each; and summing the participants of the work once per
    year asked the participants' index twice for most projects."""
    # Each project's participants summed by a subquery probing the participants' index on
    # the project, for the two years' work alone: joined instead, the planner hashed the
    # participants of every project on record (52 ms at 100,000 projects, against 4, #15).
    participants = per_project(ParticipantCount.objects.all(), Sum("count"), IntegerField())
    work = Project.objects.filter(_either_year(last, this), status__in=predicates.REPORTED_STATUSES)
    if hasattr(work, "rewrite"):  # modeltranslation orders values_list's names its own way
        work = work.rewrite(False)
    # A range of days, not ``checked_on__year__in`` (``EXTRACT(YEAR ...) IN``, which no index
    # answers): the index on ``checked_on`` reads the two years alone (#15).
    checks = FundingCheck.objects.filter(checked_on__range=_days(last, this))
    parts = [
        _part(
            work,
            _PROJECTS,
            _under_way(this),
            _under_way(last),
            kf_count=Count("pk"),
            kf_people=Sum(participants),
        ),
        _part(
            checks,
            _GRANTED,
            Q(checked_on__range=_days(this, this)),
            Q(checked_on__range=_days(last, last)),
            kf_count=Count("pk", filter=KRONOR_UNKNOWN),
            kf_kronor=Sum(in_kronor("amount_granted")),
        ),
        _part(
            ProjectCost.objects.filter(year__in=(this, last)),
            _SPENT,
            Q(year=this),
            Q(year=last),
            kf_kronor=Sum("amount"),
        ),
    ]
    return parts[0].union(*parts[1:], all=True)


def _days(first: int, last: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(first, 1, 1), datetime.date(last, 12, 31)


def key_figures(today: datetime.date) -> list[Figure]:
    this, last = today.year, today.year - 1
    # Compiled once a process for each year (governance.compiled): the SQL depends on the year.
    rows = compiled.rows("key-figures", _figures, this, last)
    sums = {
        (part, year): [0, 0, Decimal(0)]
        for part in (_PROJECTS, _GRANTED, _SPENT)
        for year in (0, 1)
    }
    for part, in_this, in_last, count, people, kronor in rows:
        for year, counted in ((0, in_this), (1, in_last)):
            if counted:
                figure = sums[part, year]
                figure[0] += count or 0
                figure[1] += people or 0
                figure[2] += kronor or 0
    projects = {"this": sums[_PROJECTS, 0][0], "last": sums[_PROJECTS, 1][0]}
    people = {"this": sums[_PROJECTS, 0][1], "last": sums[_PROJECTS, 1][1]}
    granted = {
        "this": sums[_GRANTED, 0][2],
        "last": sums[_GRANTED, 1][2],
        "unknown": sums[_GRANTED, 0][0],
    }
    spent = {"this": sums[_SPENT, 0][2], "last": sums[_SPENT, 1][2]}

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
