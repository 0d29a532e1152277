"""The yearly report to the council (återredovisning, S22), per committee or for everything.

``build(year, body=None)`` gathers the figures in a fixed number of queries, however many
projects the year has: the lists are read with their relations prefetched and the figures are
summed by the database.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from followup.models import ReportText
from followup.queries import dashboard
from governance import compiled
from governance.models import NETWORK_KINDS, Body, Decision, Meeting, Outcome, ParticipantLevel
from partners.models import NordicMeeting, Relationship, StatusChange, Visit
from projects import predicates
from projects.models import (
    KRONOR_UNKNOWN,
    FundingCheck,
    ParticipantCount,
    Project,
    ProjectCost,
    ProjectKind,
    in_kronor,
)
from projects.queries import per_project
from projects.statuses import ProjectStatus
from strategy.models import Objective


@dataclass(frozen=True)
class LevelFigure:
    level: str
    label: str
    count: int
    women: int | None
    men: int | None


@dataclass(frozen=True)
class FunderFigure:
    """A funder's (or a body's) checks recorded in the year and their amounts in kronor (#13).

    ``unknown`` counts the checks with an amount in another currency and no exchange rate:
    their kronor are left out of the sums, and the report says so.
    """

    funder: str
    checks: int
    applied: Decimal
    granted: Decimal
    unknown: int = 0


@dataclass
class YearlyReport:
    """The figures of one year, for one committee or (``body`` None) the whole municipality."""

    year: int
    body: Body | None
    as_of: datetime.date
    relationships: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    participants: list[LevelFigure] = field(default_factory=list)
    objectives: list = field(default_factory=list)
    funding: list[FunderFigure] = field(default_factory=list)
    funding_by_body: list[FunderFigure] = field(default_factory=list)
    costs: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    nordic_meetings: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    deviations: list = field(default_factory=list)

    texts: object = None  # the coordinator's ReportText of the year, or None

    @property
    def scope(self) -> str:
        return str(self.body) if self.body else _("The whole municipality")

    @property
    def title(self) -> str:
        """The report's one name, on screen, in the PDF and in the files' names (#13)."""
        return _("International annual report %(year)s") % {"year": self.year}

    @property
    def filename_stem(self) -> str:
        """``internationell-arsrapport-2026`` (the municipality), with the body's short name
        after it for a committee's report: the name above, as a file name."""
        scope = f" {self.body.short_name}" if self.body else ""
        return slugify(f"{self.title}{scope}")

    @property
    def unknown_kronor(self) -> int:
        """Checks whose amounts are in a currency with no recorded rate (not in the sums)."""
        return sum(f.unknown for f in self.funding)

    @property
    def is_empty(self) -> bool:
        """Nothing at all was recorded for the year: no report is made of it."""
        return not any(
            (self.projects, self.decisions, self.meetings, self.nordic_meetings, self.visits)
        )

    @property
    def participants_total(self) -> int:
        return sum(figure.count for figure in self.participants)

    @property
    def applied_total(self) -> Decimal:
        return sum((f.applied for f in self.funding), Decimal(0))

    @property
    def granted_total(self) -> Decimal:
        return sum((f.granted for f in self.funding), Decimal(0))


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def projects_in(year: int, body: Body | None = None):
    """Work under way at some point in the year (ideas and cancelled work left out)."""
    first, last = _year_bounds(year)
    projects = Project.objects.filter(
        status__in=predicates.REPORTED_STATUSES, starts_on__lte=last
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
    if body is not None:
        projects = projects.filter(responsible_body=body)
    return projects


def _labels(choices) -> dict:
    """A choice's label by value, translated once for a whole list of rows.

    ``get_FOO_display()`` hashes every label of the field's choices on each call, translating
    each: for a year of 1,000 projects that was a third of the page's time.
    """
    return {value: str(label) for value, label in choices}


@dataclass(frozen=True, slots=True)
class ProjectRow:
    """A project of the year as the report shows it: its values, not a model instance."""

    pk: int
    title: str
    kind_label: str
    status_label: str
    body_short_name: str
    place_names: tuple[str, ...]
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    participant_total: int | None


def _projects(scope) -> list[ProjectRow]:
    """The year's projects as rows (``ProjectRow``), in title order. Two queries.

    Read as values, the places' names beside them from the links in one query: a year's
    1,000 projects were 3,300 model instances (each project, its body and its places), most
    of the section's time and of the memory it kept while the PDF is made (#15). Each
    project's participants are summed by a subquery on its own counts (the index on the
    project): a join of the counts, grouped, read every count of every year on record
    (200,000 at 100k projects, 90 ms) for the year's 1,000 projects (#15).
    """
    totals = per_project(ParticipantCount.objects.all(), Sum("count"))
    values = (
        scope.order_by("title")
        .annotate(participant_total=totals)
        .values(
            "pk",
            "title",
            "kind",
            "status",
            "responsible_body__short_name",
            "starts_on",
            "ends_on",
            "participant_total",
        )
    )
    values = list(values)
    places = defaultdict(list)
    if values:  # as the prefetch did: no query for the places of no projects
        links = (
            Project.places.through.objects.filter(project__in=scope)
            .order_by("place__name")
            .values_list("project_id", "place__name")
        )
        for project_id, name in links:
            places[project_id].append(name)
    kinds, statuses = _labels(ProjectKind.choices), _labels(ProjectStatus.choices)
    return [
        ProjectRow(
            pk=row["pk"],
            title=row["title"],
            kind_label=kinds.get(row["kind"], row["kind"]),
            status_label=statuses.get(row["status"], row["status"]),
            body_short_name=row["responsible_body__short_name"],
            place_names=tuple(places.get(row["pk"], ())),
            starts_on=row["starts_on"],
            ends_on=row["ends_on"],
            participant_total=row["participant_total"],
        )
        for row in values
    ]


def _decisions(decisions) -> list:
    """The year's decisions, each with ``outcome_label`` (see ``_labels``)."""
    outcomes = _labels(Outcome.choices)
    decisions = list(decisions.order_by("meeting_date", "body__short_name", "paragraph"))
    for decision in decisions:
        decision.outcome_label = outcomes.get(decision.outcome, decision.outcome)
    return decisions


def _participants(scope) -> list[LevelFigure]:
    rows = (
        ParticipantCount.objects.filter(project__in=scope)
        .values("level")
        .annotate(count=Sum("count"), women=Sum("women"), men=Sum("men"))
    )
    by_level = {row["level"]: row for row in rows}
    return [
        LevelFigure(
            level,
            label,
            by_level[level]["count"],
            by_level[level]["women"],
            by_level[level]["men"],
        )
        for level, label in ParticipantLevel.choices
        if level in by_level
    ]


def _objectives(scope, as_of):
    """The strategy's objectives with the year's projects and participants serving each.

    Summed from the year's projects outward: an aggregate filtered over every project an
    objective ever had grew with the years on record (docs/performance.md). Three queries.
    """
    strategy = dashboard.current_strategy(as_of)
    links = Project.objectives.through.objects.filter(project__in=scope)
    projects = dict(links.values_list("objective").annotate(count=Count("project")))
    people = dict(
        ParticipantCount.objects.filter(project__in=scope, project__objectives__isnull=False)
        .values_list("project__objectives")
        .annotate(total=Sum("count"))
    )
    objectives = list(Objective.objects.filter(strategy=strategy).order_by("number"))
    for objective in objectives:
        objective.project_count = projects.get(objective.pk, 0)
        objective.participant_total = people.get(objective.pk)
    return objectives


def funding_checks_in(year: int, body: Body | None = None):
    """The funding checks recorded in ``year`` (their ``checked_on``), of ``body``'s work.

    A grant counts in the year it is recorded, once, however many years its work runs (#13).
    """
    checks = FundingCheck.objects.filter(checked_on__year=year)
    if body is not None:
        checks = checks.filter(project__responsible_body=body)
    return checks


def _sum_figures(groups: dict) -> list[FunderFigure]:
    return [
        FunderFigure(
            name,
            sum(r["checks"] for r in rows),
            sum((r["applied"] or Decimal(0) for r in rows), Decimal(0)).quantize(Decimal("1.00")),
            sum((r["granted"] or Decimal(0) for r in rows), Decimal(0)).quantize(Decimal("1.00")),
            sum(r["unknown"] for r in rows),
        )
        for name, rows in sorted(groups.items(), key=lambda item: item[0].lower())
    ]


def funding_figures(year, body=None) -> tuple[list[FunderFigure], list[FunderFigure]]:
    """Applied for and granted in kronor, per funder and per responsible body: one query,
    grouped by both and summed twice here."""
    # Compiled once a process for each year and body (governance.compiled, #15).
    rows = compiled.rows("funding-figures", _funding_rows, year, body.pk if body else None)
    by_funder, by_body = defaultdict(list), defaultdict(list)
    for row in rows:
        funder = row["programme__funder__short_name"] or row["programme__funder__name"]
        by_funder[funder].append(row)
        by_body[row["project__responsible_body__name"]].append(row)
    return _sum_figures(by_funder), _sum_figures(by_body)


def _funding_rows(year, body_pk):
    return (
        funding_checks_in(year, body_pk)
        .order_by()
        .values(
            "programme__funder__name",
            "programme__funder__short_name",
            "project__responsible_body__name",
        )
        .annotate(
            checks=Count("pk"),
            applied=Sum(in_kronor("amount_applied")),
            granted=Sum(in_kronor("amount_granted")),
            unknown=Count("pk", filter=KRONOR_UNKNOWN),
        )
    )


def _costs(year, body):
    costs = ProjectCost.objects.filter(year=year)
    if body is not None:
        costs = costs.filter(body=body)
    return list(
        costs.values("body__short_name", "body__name")
        .annotate(total=Sum("amount"), projects=Count("project", distinct=True))
        .order_by("body__name")
    )


def _relationships(year, body, scope, as_of):
    first, last = _year_bounds(year)
    relationships = Relationship.objects.filter(
        Q(started_on__isnull=True) | Q(started_on__lte=last),
        Q(ended_on__isnull=True) | Q(ended_on__gte=first),
    )
    if body is not None:
        relationships = relationships.filter(
            Q(projects__in=scope) | Q(place__projects__in=scope)
        ).distinct()
    relationships = list(relationships.select_related("place").order_by("place__name", "kind"))
    _set_status_at(relationships, as_of)
    return relationships


def _set_status_at(relationships, day):
    """Give each relationship ``status_at_end``: its status on ``day``, from its history."""
    changes = StatusChange.objects.filter(relationship__in=relationships).order_by(
        "relationship", "changed_on", "pk"
    )
    by_relationship = {}
    for change in changes:
        by_relationship.setdefault(change.relationship_id, []).append(change)
    labels = dict(Relationship._meta.get_field("status").choices)
    for rel in relationships:
        history = by_relationship.get(rel.pk, [])
        before = [c for c in history if c.changed_on <= day]
        after = [c for c in history if c.changed_on > day]
        status = before[-1].to_status if before else after[0].from_status if after else rel.status
        rel.status_at_end = labels.get(status, status)


def build(year: int, body: Body | None = None, *, today: datetime.date | None = None):
    """The yearly report of ``year`` for ``body`` (a committee or KS) or the municipality."""
    today = today or timezone.localdate()
    first, last = _year_bounds(year)
    as_of = min(last, today)
    scope = projects_in(year, body)
    decisions = Decision.objects.filter(meeting_date__year=year).select_related("body")
    if body is not None:
        decisions = decisions.filter(body=body)
    report = YearlyReport(year=year, body=body, as_of=as_of)
    report.projects = _projects(scope)
    report.relationships = _relationships(year, body, scope, as_of)
    report.participants = _participants(scope)
    report.objectives = _objectives(scope, as_of)
    report.funding, report.funding_by_body = funding_figures(year, body)
    report.costs = _costs(year, body)
    report.decisions = _decisions(decisions)
    report.meetings = list(
        Meeting.objects.filter(
            body__kind__in=NETWORK_KINDS, starts_at__year=year, starts_at__date__lte=as_of
        )
        .select_related("body")
        .order_by("starts_at")
    )
    report.nordic_meetings = list(NordicMeeting.objects.filter(year=year).select_related("host"))
    if body is None:
        visits = Visit.objects.filter(starts_on__year=year).with_chair_flag()
        report.visits = list(visits.select_related("place", "relationship"))
    report.texts = ReportText.objects.filter(year=year).select_related("addressed_to").first()
    if not report.is_empty:
        report.deviations = dashboard.deviations(as_of)
    return report
