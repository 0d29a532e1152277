"""Reads shared by the staff pages: which applications and projects a user is involved in.

Each takes the user's ``governance.access.Rights`` (``request.rights`` in a view), so the
groups and memberships it needs are already loaded.
"""

import datetime

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Count, Func, IntegerField, Max, Min, OuterRef, Q, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractMonth, ExtractYear

from governance import compiled, tagged
from governance.access import Rights
from governance.models import DecisionCorrection, Person
from partners.models import Place
from projects import predicates
from projects.models import (
    Application,
    CaseDocument,
    FundingCheck,
    Project,
    ProposalStatus,
    SteeringGroup,
    SteeringGroupMember,
    TextProposal,
)
from strategy.models import Objective


def per_project(rows, aggregate, output_field=None) -> Subquery:
    """``aggregate`` over the ``rows`` of each project (a queryset of a model with a ``project``
    foreign key), as a subquery correlated with the outer project: computed by the index on
    the project for the projects the outer query reads only. An annotation over the join
    grouped or hashed the rows of every project on record first (#15)."""
    per_row = rows.filter(project=OuterRef("pk")).order_by().values("project")
    return Subquery(per_row.annotate(value=aggregate).values("value"), output_field=output_field)


def editable_work(rights: Rights, prefix: str = "") -> Q:
    """The projects a contributor may edit, as a filter (with ``prefix``, through a relation):
    the query form of ``Rights.may_edit_project``, clause by clause (#11)."""
    scope = rights.work_scope
    if not (scope.bodies or scope.administrations or scope.units):
        return Q(pk__in=[])
    workplaces = scope.units | scope.administrations
    return (
        Q(**{f"{prefix}responsible_body__in": scope.bodies})
        | Q(**{f"{prefix}unit__isnull": True, f"{prefix}responsible_body__in": scope.administered})
        | Q(**{f"{prefix}unit__in": workplaces})
        | Q(**{f"{prefix}unit__parent__in": scope.administrations})
    )


def applications_of(rights: Rights):
    """Applications the user follows: their unit's work, their own, or addressed to their
    board."""
    qs = Application.objects.all()
    if rights.is_coordinator:
        return qs
    boards = [b.pk for b in rights.deciding_bodies]
    scope = (editable_work(rights, "project__") if rights.is_contributor else Q(pk__in=[])) | (
        Q(addressed_to__in=boards) & ~Q(status__in=predicates.PRIVATE_APPLICATION_STATUSES)
    )
    if rights.is_contributor and rights.person_pk is not None:
        scope |= Q(submitted_by=rights.person_pk)
    return qs.filter(scope)


def decision_queue(rights: Rights):
    """ "Ärenden att besluta": submitted applications addressed to the user's bodies today."""
    qs = Application.objects.awaiting_decision()
    if not rights.is_coordinator:
        qs = qs.filter(addressed_to__in=[b.pk for b in rights.deciding_bodies])
    return qs


def projects_of(rights: Rights):
    """Projects and exchanges the user may edit: their unit's (#11), or all for the
    coordinator."""
    if rights.is_coordinator:
        return Project.objects.all()
    if not rights.is_contributor:
        return Project.objects.none()
    return Project.objects.filter(editable_work(rights))


def may_view_application(rights: Rights, application: Application) -> bool:
    """Whether the application is among those the user follows (S8)."""
    return applications_of(rights).filter(pk=application.pk).exists()


def waiting_proposals():
    """Changes to published projects' public text waiting for the coordinator (#11)."""
    return TextProposal.objects.filter(status=ProposalStatus.WAITING)


# How many of the approved work not yet published the start page and the dashboard list.
UNPUBLISHED_LISTED = 10


def _count(queryset) -> Subquery:
    """``queryset``'s number of rows as an uncorrelated scalar subquery."""
    return Subquery(
        queryset.order_by()
        .annotate(total=Func("pk", function="COUNT", output_field=IntegerField()))
        .values("total")
    )


def awaiting_publication(limit: int = UNPUBLISHED_LISTED) -> tuple[list[Project], int]:
    """The first ``limit`` approved works not yet on the public site, in title order, and how
    many there are in all (#12): one query at any number."""
    # The total is the unpublished approved work (the number the database keeps, migration
    # 0030) less the few of them marked as lacking their decision (``MissingDecision``, each
    # probing the project's key): two uncorrelated scalar subqueries, read once, while the
    # page walks the index ``projects_unpublished_approved`` in title order and stops after
    # ``limit`` rows. A window count over the page's own query built every wide row first,
    # asking the decision rule per row judged every approved project, and an anti-join of
    # every unpublished approved row against the marks cost a probe each (#15).
    # Compiled once a process (governance.compiled, #15): its SQL is the same every time.
    rows = compiled.rows("awaiting-publication", _awaiting_publication, limit)
    return rows, (rows[0].total if rows else 0)


def _awaiting_publication(limit: int):
    unpublished = Project.objects.unpublished_approved()
    # The number of unpublished approved rows the database keeps (``projects_project_total``,
    # migration 0030), where counting them read every such row of the partial index (25,000
    # at 100,000 projects, 2.8 ms, #15).
    kept = RawSQL("SELECT unpublished_approved FROM projects_project_total", (), IntegerField())  # noqa: S611
    total = kept - _count(Project.objects.marked_without_decision() & unpublished)
    return (
        Project.objects.awaiting_publication()
        .select_related("responsible_body")
        # What ``staff/_unpublished.html`` shows of each, not every column of both (#15).
        .only("pk", "title", "title_sv", "title_en", "status", "responsible_body__short_name")
        .annotate(total=total)
        .order_by("title", "pk")[:limit]
    )


def years_with(queryset, field_name: str) -> list[datetime.date]:
    """The years in which ``field_name`` (a date) has a value among ``queryset``, as the first
    day of each year, ascending: what ``queryset.dates(field_name, "year")`` returns.

    ``dates()`` truncates every row's date and keeps the distinct ones, reading every row. On
    PostgreSQL this asks the index on the field instead, once per year (``year_span``), so 36
    years on record cost 37 index probes, not 100,000 rows (docs/performance.md). One query.
    """
    span = year_span(queryset, field_name)
    if span is None:
        return list(queryset.dates(field_name, "year"))
    return [datetime.date(day.year, 1, 1) for day in span[0]]


def year_span(queryset, field_name: str, *, months: bool = False):
    """The earliest ``field_name`` (a date) of each year among ``queryset``, ascending, and the
    latest of all: in one query, what the admin's year navigation asks in two, the first and
    last date (``aggregate(Min, Max)``, to see whether they fall in one year) and the years
    (``dates(field_name, "year")``; #15). None for a distinct, combined or annotated queryset
    (whose rows a grouping by year could change): ask Django.

    With ``months``, a third item: the earliest date of each month of the first year, which
    the navigation shows instead of the years when every date falls in that one year (Django
    asks ``dates(field_name, "month")`` then), read in the same query: the navigation takes
    one query whether the list spans one year or many (the same count at every size, #15).

    On PostgreSQL a loose index scan: the earliest date on or after the first day of the next
    year (or month), one index probe a year (and at most twelve for the months), and the
    latest date one more. Elsewhere every row is read, grouped by year and month, as
    ``dates()`` reads them.
    """
    query = queryset.order_by().values_list(field_name, flat=True).query
    if query.distinct or query.combinator or queryset.query.annotations:
        return None
    if connection.vendor != "postgresql":
        rows = [
            (row["year"], row["first"], row["last"])
            for row in queryset.order_by()
            .filter(**{f"{field_name}__isnull": False})
            .annotate(year=ExtractYear(field_name), month=ExtractMonth(field_name))
            .values("year", "month")  # not values(year=...): modeltranslation's adds every field
            .annotate(first=Min(field_name), last=Max(field_name))
            .order_by("year", "month")
        ]
        days = {}
        for year, first, _last in rows:
            days.setdefault(year, first)
        latest = rows[-1][2] if rows else None
        if not months:
            return list(days.values()), latest
        return list(days.values()), latest, [first for year, first, _ in rows if year == rows[0][0]]
    try:
        inner, params = query.sql_with_params()
    except EmptyResultSet:  # a filter that matches nothing (``none()``, ``pk__in=[]``)
        return ([], None, []) if months else ([], None)
    # The months' part, read only when asked: PostgreSQL runs no part of a WITH that the
    # statement does not read.
    month_part = "UNION ALL SELECT 1, day, NULL::date FROM months WHERE day IS NOT NULL"
    sql = f"""
        WITH RECURSIVE years(day) AS (
            SELECT MIN(s.day) FROM ({inner}) AS s(day)
            UNION ALL
            SELECT (
                SELECT MIN(s.day) FROM ({inner}) AS s(day)
                WHERE s.day >= make_date(EXTRACT(YEAR FROM years.day)::int + 1, 1, 1)
            )
            FROM years WHERE years.day IS NOT NULL
        ), months(day) AS (
            SELECT MIN(s.day) FROM ({inner}) AS s(day)
            UNION ALL
            SELECT (
                SELECT MIN(s.day) FROM ({inner}) AS s(day)
                WHERE s.day >= (date_trunc('month', months.day) + interval '1 month')::date
                AND s.day < make_date(EXTRACT(YEAR FROM months.day)::int + 1, 1, 1)
            )
            FROM months WHERE months.day IS NOT NULL
        )
        SELECT 0, day, (SELECT MAX(s.day) FROM ({inner}) AS s(day))
        FROM years WHERE day IS NOT NULL
        {month_part if months else ""}
        ORDER BY 1, 2
    """  # The parts are the ORM's own SQL; every value is a parameter.
    with connection.cursor() as cursor:
        cursor.execute(sql, params * 5)
        rows = cursor.fetchall()
    days = [day for part, day, _last in rows if part == 0]
    latest = rows[0][2] if rows else None
    if not months:
        return days, latest
    return days, latest, [day for part, day, _last in rows if part == 1]


def with_last_change(applications):
    """Each application's latest change, from its history, in the list's own query (#12)."""
    history = Application.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_date")
    return applications.annotate(last_change=Subquery(history.values("history_date")[:1]))


# --- an application's own page (#15) --------------------------------------------------------

# The records an application's page shows with it, joined in its read.
CASE_RELATED = (
    "addressed_to",
    "project__responsible_body",
    "project__unit",
    "decision__body",
    "proposed_place",
    "submitted_by",
    "consultation_meeting__body",
)


def _every(model, prefix: str = "") -> tuple[str, ...]:
    """A part's paths for every column of ``model`` (under ``prefix``), its key first."""
    return tuple(
        f"{prefix}{'pk' if field.primary_key else field.attname}"
        for field in model._meta.concrete_fields
    )


def _case_lists(key: int) -> list:
    """What an application's page lists besides its own record (``case_page``), as the parts
    of one query (``governance.tagged``): the same records in the same order as the
    prefetches it replaces (each model's ordering, the key last)."""
    return [
        tagged.Part(
            Objective.objects.filter(applications=key),
            ("pk", "number", "short_name", "short_name_sv", "short_name_en", "text")
            + ("text_sv", "text_en"),
            ("-strategy__adopted_by__meeting_date", "number", "pk"),
        ),
        tagged.Part(
            Place.objects.filter(projects__applications=key),
            ("pk", "name"),
            ("name", "pk"),
        ),
        tagged.Part(
            DecisionCorrection.objects.filter(decision__application=key),
            _every(DecisionCorrection),
            ("decision", "pk"),
        ),
        tagged.Part(
            FundingCheck.objects.filter(project__applications=key),
            _every(FundingCheck)
            + ("programme__id", "programme__funder", "programme__name")
            + ("programme__name_sv", "programme__name_en", "programme__funder__id")
            + ("programme__funder__name", "programme__funder__name_en")
            + ("programme__funder__short_name",)
            + _every(Person, "checked_by__"),
            ("project", "-checked_on", "pk"),
        ),
        tagged.Part(
            SteeringGroup.objects.filter(application=key),
            _every(SteeringGroup),
            ("name", "pk"),
        ),
        tagged.Part(
            SteeringGroupMember.objects.filter(group__application=key),
            _every(SteeringGroupMember) + _every(Person, "person__"),
            ("pk",),
        ),
    ]


# Where the page's application's key goes while its read is compiled: no record has it.
_CASE_MARKER = tagged.MARKER


def case_page(pk: int) -> Application | None:
    """The application ``pk`` with everything its page shows (``CASE_RELATED`` joined, its
    objectives, its project's places and funding checks, its decision's corrections, its
    steering groups and their members), or None when there is none: two queries, each built
    and compiled once per process and prepared once per kept connection on PostgreSQL
    (``governance.tagged``), not one and five prefetches built, compiled and planned at
    every request (#15)."""
    low, high = connections[DEFAULT_DB_ALIAS].ops.integer_field_range("BigAutoField")
    if not low <= pk <= high:  # a number no key holds (a URL's 20 digits)
        return None
    found = tagged.keyed_rows(
        "application-page",
        lambda key: Application.objects.select_related(*CASE_RELATED).filter(pk=key).order_by(),
        pk,
        _CASE_MARKER,
    )
    if not found:
        return None
    application = found[0]
    objectives, places, corrections, checks, groups, members = tagged.lists(
        "application-page-lists", _case_lists, pk
    )
    tagged.prefetched(application, "objectives", objectives)
    # Each listed record's own record, as ``prefetch_related`` leaves it.
    if application.project is not None:
        tagged.prefetched(application.project, "places", places)
        tagged.prefetched(application.project, "funding_checks", checks)
        _cached(checks, FundingCheck.project, application.project)
    if application.decision is not None:
        tagged.prefetched(application.decision, "corrections", corrections)
        _cached(corrections, DecisionCorrection.decision, application.decision)
    by_group: dict[int, list] = {group.pk: [] for group in groups}
    for member in members:
        by_group[member.group_id].append(member)
    _cached(groups, SteeringGroup.application, application)
    for group in groups:
        tagged.prefetched(group, "members", by_group[group.pk])
        _cached(by_group[group.pk], SteeringGroupMember.group, group)
    tagged.prefetched(application, "steering_groups", groups)
    return application


def _cached(records, descriptor, value):
    """``value`` as each record's related record of ``descriptor`` (a foreign key's)."""
    for record in records:
        descriptor.field.set_cached_value(record, value)


# --- documents of case work (#12) -----------------------------------------------------------


def case_documents(application: Application):
    """What the board decides on: the documents of the application, of its project and of
    its decision, oldest first."""

    scope = Q(application=application.pk)
    if application.project_id is not None:
        scope |= Q(project=application.project_id)
    if application.decision_id is not None:
        scope |= Q(decision=application.decision_id)
    return (
        CaseDocument.objects.filter(scope)
        .select_related("uploaded_by")
        .order_by("uploaded_at", "pk")
    )


def project_documents(project: Project):
    """The documents of a project and of its applications, oldest first."""

    return (
        CaseDocument.objects.filter(Q(project=project.pk) | Q(application__project=project.pk))
        .select_related("uploaded_by", "application__project__unit")
        .order_by("uploaded_at", "pk")
    )


def may_read_document(rights: Rights, document) -> bool:
    """Whether the user may open the document on the staff pages: whoever follows the
    application or works on the project it belongs to, the body's members for a decision or
    a meeting, the coordinator always (#12)."""
    if rights.is_coordinator:
        return True
    if document.application_id is not None:
        return may_view_application(rights, document.application)
    if document.project_id is not None:
        return (
            rights.may_edit_project(document.project)
            or applications_of(rights).filter(project=document.project_id).exists()
        )
    if document.decision_id is not None:
        decision = document.decision
        return (
            rights.may_record_decision(decision.body)
            or rights.may_add_decision_document(decision)
            or applications_of(rights).filter(decision=decision.pk).exists()
        )
    return document.meeting_id is not None and rights.may_read_meeting_documents(document.meeting)


def count_of(queryset) -> int:
    """The exact number of rows of ``queryset``; for every project (the admin's unfiltered
    list) or every published project (the API's unfiltered list), the number the database
    keeps (``projects_project_total``, migrations 0027 and 0029), not a count of up to
    100,000 rows (#15)."""
    if not _plain_projects(queryset):
        return queryset.count()
    where = queryset.query.where
    if where and where != _PUBLISHED.query.where:
        return queryset.count()
    column = "published" if where else "projects"
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM projects_project_total")  # noqa: S608 (a name above)
        return cursor.fetchone()[0]


def count_expression_of(queryset):
    """``count_of`` as an expression, for a column of another query of the same rows (the
    public project list reads its page with its count, ``website.pagination``): the number
    the database keeps where ``count_of`` reads it, else a subquery counting the rows."""
    if _plain_projects(queryset):
        where = queryset.query.where
        if not where or where == _PUBLISHED.query.where:
            column = "published" if where else "projects"
            # A name above, no input.
            return RawSQL(f"SELECT {column} FROM projects_project_total", (), IntegerField())  # noqa: S611
    plain = queryset.rewrite(False) if hasattr(queryset, "rewrite") else queryset
    # Grouped by a constant, which is no column: one row, the count, whatever the rows.
    counted = plain.order_by().values(whole=Value(1)).annotate(total=Count("*"))
    return Subquery(counted.values("total"), output_field=IntegerField())


# The one condition whose rows the database also keeps the number of.
_PUBLISHED = Project.objects.filter(published=True)


def _plain_projects(queryset) -> bool:
    """Whether ``queryset`` is the projects table, with at most a condition (``count_of``
    asks which): no slice, grouping, distinct or union (an ordering or ``select_related``
    counts no rows)."""
    query = getattr(queryset, "query", None)
    return (
        getattr(queryset, "model", None) is Project
        and query is not None
        and not query.distinct
        and not query.combinator
        and not query.annotations
        and query.group_by is None
        and query.low_mark == 0
        and query.high_mark is None
        and not query.is_empty()
    )
