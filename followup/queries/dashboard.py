"""The strategy dashboard: every place where the municipality departs from its strategy.

Each row is computed live from the records in a fixed number of queries, says whether the
strategy is met, and links to the records to fix. ``rows(today)`` takes the day to judge on,
so the yearly report can show the deviations as they stood at the end of its year.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from followup.queries.deadlines import admin_url, admin_urls
from governance import compiled, networks, terms
from governance.models import BodyKind, Decision
from partners.models import NordicMeeting, Relationship, Visit
from projects import predicates
from projects.models import (
    Application,
    FundingCheck,
    FundingOutcome,
    Project,
    ProjectKind,
)
from strategy.models import Objective, Revision, Strategy

NETWORK_MEETINGS_TARGET = 2  # S17: the network meets about twice a year
NORDIC_MEETING_INTERVAL_YEARS = 2  # S18: every other year
# A partnership project has external funding once it has applied for it or been granted it (S4).
EXTERNAL_FUNDING_OUTCOMES = (FundingOutcome.APPLIED, FundingOutcome.GRANTED)
# A row lists at most this many records to fix; its summary counts them all.
ITEMS_LISTED = 50


@dataclass(frozen=True)
class Item:
    """One record behind a row, with the page where it is fixed."""

    label: str
    url: str | None = None
    note: str = ""


class State(StrEnum):
    """A row's state (#13): met, not met yet but not late (due soon), or a deviation."""

    MET = "met"
    DUE_SOON = "due_soon"
    DEVIATION = "deviation"


STATE_LABELS = {
    State.MET: gettext_lazy("Met"),
    State.DUE_SOON: gettext_lazy("Due soon"),
    State.DEVIATION: gettext_lazy("Deviation"),
}

# How each state shows: a colour, and never the colour alone, an icon beside the word (WCAG
# 1.4.1). The icon is hidden from screen readers, which read the word.
STATE_STYLES = {
    State.MET: {"badge": "text-bg-success", "icon": "✓"},
    State.DUE_SOON: {"badge": "text-bg-warning", "icon": "◷"},
    State.DEVIATION: {"badge": "text-bg-danger", "icon": "✕"},
}

# Each row's rule in plain words, shown with its state (#13).
RULES = {
    "missing_decisions": gettext_lazy(
        "A twin town is established by KF, and approved work that needs a political decision "
        "has its body's decision on record."
    ),
    "funding_check": gettext_lazy(
        "Every project and exchange is checked for external funding before it is approved. "
        "Ideas need no check yet; planned work without a completed check is due soon; "
        "approved work without one is a deviation."
    ),
    "consultation": gettext_lazy(
        "The international network gives its view before an application is decided."
    ),
    "network_meetings": gettext_lazy(
        "The network meets at least twice a year. Until 30 September the meetings still to "
        "hold are due soon; from 1 October fewer than two is a deviation."
    ),
    "representation": gettext_lazy("Every administration has a representative in the network."),
    "nordic_meeting": gettext_lazy(
        "A Nordic meeting every other year: due in the second year after the last one, a "
        "deviation after that."
    ),
    "inactive_partners": gettext_lazy(
        "Every partner has a project or a visit within the configured number of months."
    ),
    "unfunded_partnerships": gettext_lazy(
        "Partnership projects apply for external funding. Planned work that has not applied "
        "yet is due soon; approved work that has not is a deviation."
    ),
    "chairless_visits": gettext_lazy(
        "The chair of KF or KS takes part in the visits to twin towns."
    ),
    "idle_objectives": gettext_lazy("Every objective of the strategy is served by current work."),
    "revision": gettext_lazy(
        "The strategy is revised once per term of office. The days left are information; in "
        "the term's last year the revision is due soon."
    ),
    "regional_network": gettext_lazy(
        "The coordinator attends the regional network at least once a year. Until 30 "
        "September it is due soon; from 1 October none is a deviation."
    ),
}
# A rule that must be met within the year is due soon until this day, late after (#13).
LATE_FROM = (10, 1)
# The strategy's revision is due soon in the last year of the term (S21, #13).
REVISION_DUE_SOON_DAYS = 365


@dataclass
class Row:
    """One rule of the strategy: met, due soon or departed from (#13)."""

    key: str
    clause: str
    title: str
    ok: bool
    summary: str
    items: list[Item] = field(default_factory=list)
    # How many records there are in all, where the list shows only the first ITEMS_LISTED.
    total: int | None = None
    # Not met yet, but not late: shown as due soon, not counted as a deviation.
    due_soon: bool = False

    @property
    def more(self) -> int:
        """Records behind the row that the list leaves out."""
        return 0 if self.total is None else max(self.total - len(self.items), 0)

    @property
    def state(self) -> State:
        if self.ok:
            return State.MET
        return State.DUE_SOON if self.due_soon else State.DEVIATION

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def state_style(self) -> dict[str, str]:
        return STATE_STYLES[self.state]

    @property
    def is_deviation(self) -> bool:
        return self.state == State.DEVIATION

    @property
    def rule(self) -> str:
        return str(RULES.get(self.key, ""))


def late_in_year(today: datetime.date) -> bool:
    """From 1 October what the year still lacks is a deviation, not due soon."""
    return (today.month, today.day) >= LATE_FROM


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` months earlier (the last day of a shorter month)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def _kept(name: str, make, *args) -> list:
    """``list(make(*args))``, built and compiled once per process, language and ``args``
    (``governance.compiled``, #15): building and compiling the rows' querysets was most of the
    rows' time, more than the database's answers. ``make`` depends on nothing but ``args``
    (the day judged on and how many to list, passed in): no clock, no setting or module
    constant read while it is built."""
    return compiled.rows(f"dashboard-{name}", make, *args)


def _with_total(queryset, listed: int):
    """``queryset`` with how many records it finds in all as ``listed_total`` on each: a
    subquery that depends on no record, which the database answers once for the whole
    statement (an InitPlan), while the list itself stops at the first ITEMS_LISTED read from
    its index. A window count instead must read every record to count them (19 ms for the
    unconsulted applications at 100,000 projects, against 0.2 ms and the count's 1 ms).
    ``COUNT(*)``, not a count of the keys: a partial index of the rule's rows (the unconsulted
    applications' ``projects_app_unconsulted``) then answers it alone, an index-only scan
    (0.5 ms at 100,000 projects), where counting the keys read each row from the table (5 ms)."""
    counted = Func(template="COUNT(*)", output_field=IntegerField())
    total = queryset.order_by().annotate(counted=counted).values("counted")
    return queryset.annotate(listed_total=Subquery(total))[:listed]


def _total(records: list) -> int:
    """How many records a ``_with_total`` list counted: none listed, none found."""
    return records[0].listed_total if records else 0


def _listed(name: str, make, *args, values=()) -> tuple[list, int]:
    """The first ITEMS_LISTED records of ``make(*args)`` behind a row, and how many there
    are in all: one query at any size, read from an index (``_with_total``), built and
    compiled once (``_kept``). Listing every record made the dashboard, and the yearly report
    that judges the same rows, grow with the years on record (docs/performance.md). With
    ``values`` (field names), the records are named rows of those values, not instances."""

    def listed(listed, *args):
        records = _with_total(make(*args), listed)
        return records.values_list(*values, "listed_total", named=True) if values else records

    records = _kept(name, listed, ITEMS_LISTED, *args)
    return records, _total(records)


def _listed_one_pass(name: str, make, *args) -> tuple[list, int]:
    """As ``_listed``, for a rule that must look at every record (an anti-join) and finds
    few: the rule is judged once, for every record, and only the keys come back; the
    records listed are read by their keys, a second query only when there are any. Asked for
    the first 50 in title order, the planner walks the title index through every record
    instead, probing each one's applications."""
    keys = _kept(name, lambda *args: make(*args).values_list("pk", flat=True), *args)
    if not keys:  # the rule is met: nothing to list, no second query
        return [], 0
    return list(make(*args).filter(pk__in=keys[:ITEMS_LISTED])), len(keys)


def _listed_and_counted(name: str, make, *args, **counts) -> tuple[list, dict]:
    """The first ITEMS_LISTED records of ``make(*args)`` in title order and ``counts``
    (aggregates) over all of them, in one query (#15), built and compiled once (``_kept``):
    each count is a window over every record the rule finds, read with the first of them;
    none found, every count is 0. For rules that find few, read from a small index."""

    def listed(listed, *args):
        return (
            make(*args)
            .annotate(**{f"counted_{key}": Window(count) for key, count in counts.items()})
            .order_by("title")[:listed]
        )

    records = _kept(name, listed, ITEMS_LISTED, *args)
    return records, {key: getattr(records[0], f"counted_{key}") if records else 0 for key in counts}


# What a listed project's row reads: its key, its title (each language's column, for the
# translated title's fallback) and its status. The whole of a project is some 26 columns built
# into an instance for each of up to a hundred projects listed (#15).
PROJECT_ITEM_FIELDS = ("pk", "title", "title_sv", "title_en", "status")

# The status's label by its value, as ``get_status_display`` finds it: that method builds the
# mapping of every choice anew on each call, hashing each lazy label (a translation each),
# which was a tenth of the rows' Python at 100,000 projects (cProfile, #15).
_STATUS_LABELS = dict(Project._meta.get_field("status").flatchoices)


def status_label(project) -> str:
    """``project.get_status_display()``, from the labels read once."""
    return str(_STATUS_LABELS.get(project.status, project.status))


def _project_items(projects) -> list[Item]:
    """The projects as items, each with its status as its note, the admin's URL looked up
    once for the list (``admin_urls``)."""
    url = admin_urls(Project)
    return [Item(str(p), url(p.pk), status_label(p)) for p in projects]


def funding_check_row(today) -> Row:
    """S6: work without a completed funding check. An idea needs none yet (not listed); work
    awaiting approval is due soon; approved work without one is a deviation (#13). One
    query: the first ITEMS_LISTED with the counts of both kinds."""
    projects, counts = _listed_and_counted(
        "funding-check",
        lambda: (
            Project.objects.without_completed_funding_check()
            .exclude(status__in=predicates.FUNDING_CHECK_NOT_YET_STATUSES)
            .only(*PROJECT_ITEM_FIELDS)
        ),
        total=Count("pk"),
        late=Count("pk", filter=Q(status__in=predicates.APPROVED_STATUSES)),
    )
    count = counts["total"]
    items = _project_items(projects)
    summary = ngettext(
        "%(count)s project or exchange has no completed funding check.",
        "%(count)s projects and exchanges have no completed funding check.",
        count,
    ) % {"count": count}
    return Row(
        "funding_check",
        "S6",
        _("Funding checks"),
        not count,
        summary,
        items,
        total=count,
        due_soon=not counts["late"],
    )


def consultation_row(today) -> Row:
    """S9: applications sent for decision without consulting the network."""
    applications, count = _listed(
        "consultation",
        lambda: Application.objects.without_consultation().order_by("title"),
        # What the item reads, as named rows: the title (an application's ``str``) and the
        # body's short name (neither translated), no instances of either model built with
        # their signals: most of the row's Python for its 50 items (#15).
        values=("pk", "title", "addressed_to__short_name"),
    )
    url = admin_urls(Application)
    items = [Item(a.title, url(a.pk), a.addressed_to__short_name) for a in applications]
    summary = ngettext(
        "%(count)s application was sent for decision without consulting the network.",
        "%(count)s applications were sent for decision without consulting the network.",
        count,
    ) % {"count": count}
    return Row(
        "consultation",
        "S9",
        _("Consultation before decision"),
        not count,
        summary,
        items,
        total=count,
    )


def missing_decisions_row(today) -> Row:
    """S7, S8: records whose state claims a decision they lack: an active twin town without
    KF's decision establishing it, approved work that needs a political decision without one.
    Imported from earlier years or set by hand; the coordinator attaches the decision."""
    twin_towns, twin_count = _listed(
        "twin-towns-without-decision",
        lambda: (
            Relationship.objects.active_twin_towns_without_decision()
            .select_related("place")
            .order_by("place__name")
        ),
    )
    # The stored mark of the rule (``projects.missing_decisions``, #15): a small table,
    # where the rule is an anti-join over every approved project of every year.
    projects, project_count = _listed_one_pass(
        "marked-without-decision",
        lambda: (
            Project.objects.marked_without_decision().only(*PROJECT_ITEM_FIELDS).order_by("title")
        ),
    )
    items = [
        Item(str(r.place), admin_url(r), _("twin town without a decision")) for r in twin_towns
    ]
    items += _project_items(projects)
    count = twin_count + project_count
    summary = ngettext(
        "%(count)s record claims a decision it lacks.",
        "%(count)s records claim a decision they lack.",
        count,
    ) % {"count": count}
    return Row(
        "missing_decisions",
        "S7, S8",
        _("Decisions behind the records"),
        not count,
        summary,
        items,
        total=count,
    )


def held_meetings(year: int) -> dict[str, list]:
    """The meetings held in ``year`` of the international and of the regional network, each
    in time order: one query for the two rows that count them (#15), where it took two."""
    by_kind = {BodyKind.INTERNATIONAL_NETWORK: [], BodyKind.REGIONAL_NETWORK: []}
    # The year's meetings compiled once a process for each year and time zone (the SQL of
    # a year of moments names the zone), those held by now kept (``networks.is_held``): the
    # clock asked in the statement made it built and compiled anew on every load (#15).
    meetings = _kept(
        "meetings-in-year",
        lambda year, kinds, zone: networks.meetings_in_year(year, kinds=kinds).order_by(
            "starts_at"
        ),
        year,
        tuple(by_kind),
        timezone.get_current_timezone_name(),
    )
    now = timezone.now()
    for meeting in meetings:
        if networks.is_held(meeting, now):
            by_kind[meeting.body.kind].append(meeting)
    return by_kind


def network_meetings_row(today, meetings=None) -> Row:
    """S17: the international network meets about twice a year. ``meetings``: what
    ``held_meetings`` read for this year, when ``rows`` has read it already."""
    if meetings is None:
        meetings = held_meetings(today.year)
    meetings = meetings[BodyKind.INTERNATIONAL_NETWORK]
    items = [Item(str(m), admin_url(m), m.location) for m in meetings]
    summary = _("%(held)s of %(target)s network meetings held in %(year)s.") % {
        "held": len(meetings),
        "target": NETWORK_MEETINGS_TARGET,
        "year": today.year,
    }
    ok = len(meetings) >= NETWORK_MEETINGS_TARGET
    return Row(
        "network_meetings",
        "S17",
        _("Network meetings"),
        ok,
        summary,
        items,
        due_soon=not late_in_year(today),
    )


def representation_row(today) -> Row:
    """S17: every administration has a representative in the network."""
    bodies = _kept("representation", networks.administrations_without_representative, today)
    items = [Item(str(b), admin_url(b)) for b in bodies]
    summary = ngettext(
        "%(count)s administration has no representative in the network.",
        "%(count)s administrations have no representative in the network.",
        len(items),
    ) % {"count": len(items)}
    return Row("representation", "S17", _("Network representatives"), not items, summary, items)


def nordic_meeting_row(today) -> Row:
    """S18: a Nordic meeting every other year; a longer gap is flagged."""

    def latest(today):
        held = NordicMeeting.objects.filter(
            Q(year__lt=today.year) | Q(starts_on__lte=today) | Q(year=today.year, starts_on=None)
        ).select_related("host", "chain")
        return held.order_by("-year")[:1]

    last = next(iter(_kept("nordic-meeting", latest, today)), None)
    if last is None:
        summary = _("No Nordic meeting is recorded.")
        return Row("nordic_meeting", "S18", _("Nordic meetings"), False, summary)
    gap = today.year - last.year
    next_due = last.year + NORDIC_MEETING_INTERVAL_YEARS
    summary = _(
        "The last Nordic meeting was in %(year)s (%(gap)s years ago); the next is due in %(due)s."
    ) % {"year": last.year, "gap": gap, "due": next_due}
    host = last.host.name if last.host else ""
    items = [Item(str(last), admin_url(last), host)]
    # Held last year or this: met; due this year (two years after the last): due soon.
    ok = gap < NORDIC_MEETING_INTERVAL_YEARS
    due_soon = gap == NORDIC_MEETING_INTERVAL_YEARS
    return Row("nordic_meeting", "S18", _("Nordic meetings"), ok, summary, items, due_soon=due_soon)


def _latest_work(link: str, outer: str, today) -> dict:
    """Two subqueries for the latest activity of the projects linked to the outer
    relationship through ``link`` (a project's ``places`` or ``relationships``), ``outer``
    being the relationship's field the link points at (its ``place`` or its ``pk``).

    A project's activity is its end, or today for approved work still running without an
    end date, or its start for other work without one. The latest is therefore the latest of
    values each a subquery the database answers from an index (#15): the latest end, past or
    still to come (``projects_ends_on`` read backwards until a project of the key turns up),
    and the latest of the few projects without an end (``ends_on IS NULL`` in the same index).
    Grouping every project of every partner, as before, read the whole projects table: 270 ms
    at 100,000 projects, against about 1 ms. The latest end was two subqueries, the ends by
    today and those after: the same walk down the index from its top, in one (#15), one
    subquery less to plan per link.

    ``order_by()`` clears the model's ordering, which modeltranslation states explicitly on
    every query: left in, it joined the GROUP BY, so each key had a row per project and the
    latest was not found.
    """
    started = Project.objects.not_cancelled().filter(
        starts_on__lte=today, **{link: OuterRef(outer)}
    )
    latest_end = started.order_by("-ends_on").values("ends_on")
    running = Q(status__in=predicates.APPROVED_STATUSES)
    return {
        f"{link}_ends": Subquery(latest_end.filter(ends_on__isnull=False)[:1]),  # started by then
        f"{link}_open_ended": Subquery(
            started.filter(ends_on=None)
            .order_by()
            .values(link)
            .annotate(last=Max(Case(When(running, then=Value(today)), default=F("starts_on"))))
            .values("last")
        ),
    }


def _with_last_activity(relationships, today):
    """``relationships`` (a queryset) with the latest project or visit with each partner,
    through the relationship or its place, as ``last_activity`` columns: one query for the
    partners and their activity together (#15), where it took four.

    Approved or ongoing work with no end date counts as activity today.
    """
    visits = (
        Visit.objects.filter(place=OuterRef("place"), starts_on__lte=today)
        .order_by()
        .values("place")
        .annotate(last=Max(Coalesce("ends_on", "starts_on")))
        .values("last")
    )
    return relationships.annotate(
        **_latest_work("relationships", "pk", today),
        **_latest_work("places", "place", today),
        visits_last=Subquery(visits),
    )


LAST_ACTIVITY_COLUMNS = tuple(
    f"{link}_{column}" for link in ("relationships", "places") for column in ("ends", "open_ended")
) + ("visits_last",)


def _latest_of(dates):
    return max((d for d in dates if d), default=None)


def last_activity_by_relationship(relationships, today) -> dict[int, datetime.date | None]:
    """The latest project or visit with each partner, through the relationship or its place.

    Approved or ongoing work with no end date counts as activity today. One query.
    """
    keys = [r.pk for r in relationships]
    if not keys:
        return {}
    rows = _with_last_activity(Relationship.objects.filter(pk__in=keys).order_by(), today)
    return {pk: _latest_of(dates) for pk, *dates in rows.values_list("pk", *LAST_ACTIVITY_COLUMNS)}


def active_bodies_by_relationship(relationships) -> dict[int, list[str]]:
    """S3: the municipal areas (responsible bodies) that have worked with each partner."""
    place_of = {r.pk: r.place_id for r in relationships}
    pairs = set(
        Project.objects.filter(relationships__in=place_of)
        .values_list("relationships", "responsible_body__short_name")
        .distinct()
    )
    by_place = set(
        Project.objects.filter(places__in=place_of.values())
        .values_list("places", "responsible_body__short_name")
        .distinct()
    )
    result = defaultdict(set)
    for rel_id, body in pairs:
        result[rel_id].add(body)
    for rel_id, place_id in place_of.items():
        result[rel_id].update(body for pl, body in by_place if pl == place_id)
    return {rel_id: sorted(result[rel_id]) for rel_id in place_of}


def inactive_partners_row(today) -> Row:
    """S3: partners with no project or visit for the configured number of months."""
    months = settings.PARTNER_INACTIVITY_MONTHS
    cutoff = months_before(today, months)
    relationships = _kept(
        "inactive-partners",
        lambda today: _with_last_activity(
            Relationship.objects.current().exclude(started_on__gt=today).select_related("place"),
            today,
        ),
        today,
    )
    last = {
        rel.pk: _latest_of(getattr(rel, column) for column in LAST_ACTIVITY_COLUMNS)
        for rel in relationships
    }
    items = []
    for rel in relationships:
        if last[rel.pk] is None or last[rel.pk] < cutoff:
            when = last[rel.pk].isoformat() if last[rel.pk] else _("no activity recorded")
            items.append(Item(str(rel), admin_url(rel), _("last activity: %s") % when))
    summary = ngettext(
        "%(count)s partner has had no project or visit for %(months)s months.",
        "%(count)s partners have had no project or visit for %(months)s months.",
        len(items),
    ) % {"count": len(items), "months": months}
    return Row("inactive_partners", "S3", _("Active partners"), not items, summary, items)


def unfunded_partnerships_row(today) -> Row:
    """S4: partnership projects with no external funding applied for or granted. Planned
    work that has not applied yet is due soon; approved work that has not is a deviation
    (#13), as for the funding check. One query: the first ITEMS_LISTED with both counts."""

    def unfunded():
        funded = FundingCheck.objects.filter(
            project=OuterRef("pk"), outcome__in=EXTERNAL_FUNDING_OUTCOMES
        )
        return (
            Project.objects.current()
            .filter(kind=ProjectKind.PARTNERSHIP)
            .exclude(Exists(funded))
            .only(*PROJECT_ITEM_FIELDS)
        )

    projects, counts = _listed_and_counted(
        "unfunded-partnerships",
        unfunded,
        total=Count("pk"),
        late=Count("pk", filter=Q(status__in=predicates.APPROVED_STATUSES)),
    )
    count = counts["total"]
    items = _project_items(projects)
    summary = ngettext(
        "%(count)s partnership project has no external funding applied for or granted.",
        "%(count)s partnership projects have no external funding applied for or granted.",
        count,
    ) % {"count": count}
    return Row(
        "unfunded_partnerships",
        "S4",
        _("External funding"),
        not count,
        summary,
        items,
        total=count,
        due_soon=not counts["late"],
    )


def chairless_visits_row(today) -> Row:
    """S14: twin-town visits this term of office without the chair of KF or KS."""

    def chairless(today):
        term = terms.term_for(today, council=False)
        return (
            Visit.objects.twin_town_visits_without_chair()
            .filter(starts_on__gte=term.starts_on, starts_on__lte=today)
            .select_related("place")
        )

    visits = _kept("chairless-visits", chairless, today)
    items = [Item(str(v), admin_url(v), v.purpose[:80]) for v in visits]
    summary = ngettext(
        "%(count)s twin-town visit this term went without the chair of KF or KS.",
        "%(count)s twin-town visits this term went without the chair of KF or KS.",
        len(items),
    ) % {"count": len(items)}
    return Row("chairless_visits", "S14", _("Chair on twin-town visits"), not items, summary, items)


def _in_force(today):
    """The strategies adopted by today and not replaced, the latest first."""
    return Strategy.objects.filter(adopted_by__meeting_date__lte=today, replaced_by=None).order_by(
        "-adopted_by__meeting_date"
    )


def current_strategy(today):
    """The strategy in force: adopted by today and not replaced."""
    return _in_force(today).select_related("adopted_by__body").first()


def idle_objectives_row(today) -> Row:
    """S16: objectives that no current project serves."""

    def idle(today):
        served = Project.objects.current().filter(objectives=OuterRef("pk"))
        # The strategy in force asked within the same query (#15): none in force, none listed.
        in_force = Subquery(_in_force(today).values("pk")[:1])
        return Objective.objects.filter(strategy=in_force).exclude(Exists(served))

    objectives = _kept("idle-objectives", idle, today)
    items = [Item(str(o), admin_url(o)) for o in objectives]
    summary = ngettext(
        "%(count)s objective of the strategy is served by no current work.",
        "%(count)s objectives of the strategy are served by no current work.",
        len(items),
    ) % {"count": len(items)}
    return Row("idle_objectives", "S16", _("Objectives served"), not items, summary, items)


def _revising_decision(today):
    """The decision that revised the strategy in the council's term of office by ``today``:
    the latest revision's, or else the latest adoption's of a new strategy (S21). One query
    (#15), where it took two, one for each kind of decision."""
    term = terms.term_for(today, council=True)
    revises = Exists(Revision.objects.filter(decision=OuterRef("pk")))
    adopts = Exists(Strategy.objects.filter(adopted_by=OuterRef("pk")))
    return (
        Decision.objects.filter(meeting_date__gte=term.starts_on, meeting_date__lte=today)
        .annotate(revises=revises)
        .filter(Q(revises=True) | Q(adopts))
        .select_related("body")
        .order_by("-revises", "-meeting_date")[:1]
    )


def revision_row(today) -> Row:
    """S21: the strategy is revised (or replaced) once per council term of office."""
    term = terms.term_for(today, council=True)
    decision = next(iter(_kept("revising-decision", _revising_decision, today)), None)
    days_left = term.days_left(today)
    if decision:
        summary = _("The strategy was revised in this term (%(term)s): %(citation)s.") % {
            "term": term,
            "citation": decision.citation,
        }
        items = [Item(decision.citation, admin_url(decision))]
    else:
        summary = _(
            "The strategy has not been revised in this term (%(term)s); %(days)s days are left."
        ) % {"term": term, "days": days_left}
        items = []
    # Not revised yet is not a deviation while the term runs (#13): the days left are
    # information, and in the term's last year the revision is due soon.
    ok = bool(decision) or days_left > REVISION_DUE_SOON_DAYS
    return Row("revision", "S21", _("Revision of the strategy"), ok, summary, items, due_soon=True)


def regional_network_row(today, meetings=None) -> Row:
    """S20: the coordinator takes part in the region's network. ``meetings`` as for
    ``network_meetings_row``."""
    if meetings is None:
        meetings = held_meetings(today.year)
    meetings = meetings[BodyKind.REGIONAL_NETWORK]
    items = [Item(str(m), admin_url(m), m.location) for m in meetings]
    summary = ngettext(
        "%(count)s regional network meeting attended in %(year)s.",
        "%(count)s regional network meetings attended in %(year)s.",
        len(meetings),
    ) % {"count": len(meetings), "year": today.year}
    return Row(
        "regional_network",
        "S20",
        _("Regional network"),
        bool(meetings),
        summary,
        items,
        due_soon=not late_in_year(today),
    )


ROW_BUILDERS = (
    missing_decisions_row,
    funding_check_row,
    consultation_row,
    network_meetings_row,
    representation_row,
    nordic_meeting_row,
    inactive_partners_row,
    unfunded_partnerships_row,
    chairless_visits_row,
    idle_objectives_row,
    revision_row,
    regional_network_row,
)


def rows(today: datetime.date) -> list[Row]:
    """Every row of the dashboard, judged on ``today``. The two rows of meetings share one
    query (``held_meetings``)."""
    meetings = held_meetings(today.year)
    shared = {network_meetings_row: meetings, regional_network_row: meetings}
    return [
        build(today, shared[build]) if build in shared else build(today) for build in ROW_BUILDERS
    ]


def deviations(today: datetime.date) -> list[Row]:
    """The rows departed from: neither met nor merely due soon (#13)."""
    return [row for row in rows(today) if row.is_deviation]


def dashboard_url() -> str:
    return reverse("followup:dashboard")
