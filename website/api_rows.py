"""The API's lists as plain rows: the same JSON as the serializers, without a model instance
per related record (#15).

A page of 50 projects through ``ProjectSerializer`` built some 500 model instances from seven
prefetches and ran 130,000 Python calls. Here each related list is read as (owner, value)
pairs with ``values_list`` (the same querysets, filters and orderings as the prefetches in
``website.queries``, so the same records in the same order), and each row is a dict in the
serializer's field order. The serializers stay the one description of the fields: a detail
answer still goes through them, scalar values are turned into JSON by the serializer's own
fields, and ``tests/website/test_api_rows.py`` proves every row equal to the serializer's.
"""

import datetime
import functools
from collections import defaultdict
from operator import itemgetter

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import get_language
from modeltranslation.manager import rewrite_order_lookup_key
from rest_framework import serializers

from governance.compiled import converted, prepared_varying
from governance.models import Body, DecisionCorrection, appeal_deadline_after
from projects.models import Application, FundingCheck, FundingOutcome, ParticipantCount, Project
from projects.queries import count_of
from website import queries
from website import serializers as s

# Compiled related-record queries: (alias, name, language, number of ids) -> (sql, params,
# {param position: index of the id}, converters, the columns' order, the token of the
# statement prepared for it, ``prepared_varying``). Bounded.
_COMPILED: dict = {}
_COMPILED_MAX = 256


def _rows_of(name: str, make, ids: list) -> list:
    """The rows of the values list ``make(ids)``, compiled by the ORM once in a process for each
    number of ids (and language: an ordering may be by a translated name), then run with this
    page's ids (#15: building and compiling each of a page's related queries cost 0.65 ms of
    CPU beside 0.1 ms to run it). The SQL, its parameters and the fields' converters are the
    ORM's own for the same queryset: only the ids, placeholders of ``id IN (...)``, change.
    ``name`` names the query (one name, one ``make``)."""
    if not ids:
        return []
    connection = connections[DEFAULT_DB_ALIAS]
    key = (connection.alias, name, get_language(), len(ids))
    compiled = _COMPILED.get(key)
    if compiled is None:
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        found = _compile(make, len(ids))
        compiled = _COMPILED[key] = (*found, object()) if found else False
    if compiled is False:  # not to be kept (see ``_compile``): the ORM runs it each time
        return list(make(ids))
    sql, params, positions, converters, order, token = compiled
    params = list(params)
    for position, index in positions.items():
        params[position] = ids[index]
    with connection.cursor() as cursor:
        # On PostgreSQL prepared once per kept connection, the ids its parameters (#15).
        cursor.execute(*prepared_varying(connection, token, sql, params, tuple(positions)))
        rows = cursor.fetchall()
    if converters:
        rows = [converted(row, converters, connection) for row in rows]
    return rows if order is None else [order(row) for row in rows]


DATED = (datetime.date, datetime.time)


def _dated(node) -> bool:
    """Whether a condition of a query's ``where`` (or of a subquery in it) compares with a
    date or a time (SQLite's parameters have them as texts, so they are looked for here)."""
    if any(_dated(child) for child in getattr(node, "children", ())):
        return True
    value = getattr(node, "rhs", None)
    values = value if isinstance(value, list | tuple | set) else [value]
    if any(isinstance(item, DATED) for item in values):
        return True
    query = getattr(value, "query", value)
    return hasattr(query, "where") and query is not node and _dated(query.where)


def _compile(make, count: int):
    """``make``'s query for ``count`` ids, as ``_rows_of`` keeps it; None when the ids cannot
    be told from the other parameters (each id is a distinct negative marker here) or when
    a parameter may change from one request to the next."""
    markers = [-1 - index for index in range(count)]
    queryset = make(markers)
    compiler = queryset.query.get_compiler(DEFAULT_DB_ALIAS)
    sql, params = compiler.as_sql()
    positions = {
        position: -1 - value
        for position, value in enumerate(params)
        if type(value) is int and value < 0
    }
    if sorted(positions.values()) != list(range(count)):
        return None
    # Its other parameters are kept for the process's life: a date or a time in them (today,
    # now) would be kept too, so such a query is not compiled.
    if _dated(queryset.query.where) or any(isinstance(value, DATED) for value in params):
        return None
    # The columns are selected in the query's order, which modeltranslation's values_list
    # does not keep (it selects a set of names and puts them back in order as it reads):
    # the rows are put in the order asked for. A translated name with its fallback is not.
    query = queryset.query
    names = list(query.values_select)
    asked = list(getattr(queryset, "original_fields", None) or queryset._fields)
    if getattr(queryset, "translation_fields", None) or query.extra_select:
        return None
    if query.annotation_select or len(asked) < 2 or sorted(names) != sorted(asked):
        return None
    order = None if names == asked else itemgetter(*[names.index(name) for name in asked])
    fields = [column[0] for column in compiler.select[: compiler.col_count]]
    converters = list(compiler.get_converters(fields).items())
    return sql, tuple(params), positions, converters, order


def _grouped(pairs) -> dict:
    """(owner, value) pairs as {owner: [value, ...]}, in the pairs' order."""
    grouped = defaultdict(list)
    for owner, value in pairs:
        grouped[owner].append(value)
    return grouped


@functools.cache
def _fields(serializer_class) -> dict:
    """The serializer's own field objects, built once in a process (#15: building them, two
    serializers' model introspection and deep copies, was a tenth of a list's time). Only
    their ``to_representation`` of a plain value is used, which reads no request."""
    return dict(serializer_class().fields)


def _writer(field) -> tuple:
    """How ``field`` writes a value: (as_is, to_representation), as_is when it writes a
    text as it is (a ``CharField``'s ``str()``, a ``ChoiceField`` whose choices are their own
    texts), which then need not be called for each text."""
    as_is = type(field) is serializers.CharField or (
        type(field) is serializers.ChoiceField
        and all(key == value for key, value in field.choice_strings_to_values.items())
    )
    return as_is, field.to_representation


def _scalar_fields(serializer_class, names):
    """(name, writer) of the serializer's fields ``names``, for ``_json``."""
    fields = _fields(serializer_class)
    return [(name, _writer(fields[name])) for name in names]


# ProjectSerializer's fields that are plain columns of the project.
PROJECT_COLUMNS = (
    "slug",
    "title_sv",
    "title_en",
    "summary_sv",
    "summary_en",
    "kind",
    "status",
    "starts_on",
    "ends_on",
)
# Those that are columns of the project's values under other names, or not shown as read.
PROJECT_OTHERS = ("responsible_body", "school", "updated_at")
PROJECT_VALUES = ("pk", *PROJECT_COLUMNS, "school", "updated_at", "responsible_body__short_name")


def project_values(queryset):
    """The page's projects as the dicts ``projects`` takes (one query when evaluated)."""
    return queryset.values(*PROJECT_VALUES)


class CountedApart:
    """A queryset for DRF's paginator that counts the rows without the joins of the values
    the page reads: ``values("responsible_body__short_name")`` would join every counted
    project with its body, a second scan of the table at 100,000 projects.

    ``counted``, when given, is a queryset of as many rows that is cheaper to count (the
    public decisions are counted as their marks, without the join with the decisions)."""

    def __init__(self, queryset, values, counted=None):
        self.queryset = queryset
        self.values = values
        self.counted = queryset if counted is None else counted

    def count(self) -> int:
        # Every published project: the number the database keeps (``count_of``, #15).
        return count_of(self.counted)

    def __getitem__(self, key):
        return self.values(self.queryset)[key]


def _citation(body_id, short_name, day, paragraph) -> str:
    """``Decision.citation`` from its values."""
    short = short_name if body_id is not None else "?"
    return f"{short} {day.isoformat()} § {paragraph}"


def _json(writer, value):
    """A value as the serializer writes it: None stays None, as in DRF's Serializer, and a
    text stays as it is when the field writes it so (``writer`` from ``_writer``)."""
    as_is, write = writer
    if value is None or as_is and type(value) is str:
        return value
    return write(value)


def _project_places(ids):
    return (
        Project.places.through.objects.filter(project_id__in=ids, place__published=True)
        .order_by("place__name")
        .values_list("project_id", "place__slug")
    )


def _project_relationships(ids):
    # Ordered by "relationship": the relationship's own ordering, as in the prefetch.
    return (
        Project.relationships.through.objects.filter(
            project_id__in=ids, relationship__in=queries.published_relationships()
        )
        .order_by("relationship")
        .values_list("project_id", "relationship_id")
    )


def _project_bodies(ids):
    # The prefetch's Body.objects.order_by("name") is the name in the active language.
    body_name = rewrite_order_lookup_key(Body, "name")
    return (
        Project.cooperating_bodies.through.objects.filter(project_id__in=ids)
        .order_by(f"body__{body_name}")
        .values_list("project_id", "body__short_name")
    )


def _project_objectives(ids):
    return (
        Project.objectives.through.objects.filter(project_id__in=ids)
        .order_by("objective__strategy", "objective__number")
        .values_list("project_id", "objective_id")
    )


def _participants(ids):
    return (
        ParticipantCount.objects.filter(project_id__in=ids)
        .order_by("level")
        .values_list("project_id", "level", "count")
    )


def _funders(ids):
    # Unordered: the names go into a set and out sorted. The checks' own ordering joined every
    # check with its project for the project's date and title (#15).
    granted = FundingCheck.objects.filter(project_id__in=ids, outcome=FundingOutcome.GRANTED)
    return granted.order_by().values_list(
        "project_id", "programme__funder__short_name", "programme__funder__name"
    )


def _project_decisions(ids):
    return (
        Application.objects.filter(project_id__in=ids, decision__isnull=False)
        .order_by("decision__meeting_date")
        .values_list(
            "project_id",
            "decision_id",
            "decision__body_id",
            "decision__body__short_name",
            "decision__meeting_date",
            "decision__paragraph",
        )
    )


def projects(request, rows: list[dict]) -> list[dict]:
    """``ProjectSerializer(many=True).data`` of the projects in ``rows`` (from
    ``project_values``), in seven queries whatever their number."""
    ids = [row["pk"] for row in rows]
    if not ids:
        return []
    places = _grouped(_rows_of("project places", _project_places, ids))
    relationships = _grouped(_rows_of("project relationships", _project_relationships, ids))
    cooperating = _grouped(_rows_of("project bodies", _project_bodies, ids))
    objectives = _grouped(_rows_of("project objectives", _project_objectives, ids))
    participants = _grouped(
        (project_id, (level, count))
        for project_id, level, count in _rows_of("project participants", _participants, ids)
    )
    funders = defaultdict(set)
    for project_id, short_name, name in _rows_of("project funders", _funders, ids):
        funders[project_id].add(short_name or name)
    decided = _rows_of("project decisions", _project_decisions, ids)
    decisions = _grouped(
        (project_id, {"id": pk, "citation": _citation(*cited)})
        for project_id, pk, *cited in decided
    )
    columns = _scalar_fields(s.ProjectSerializer, PROJECT_COLUMNS)
    body, school, updated_at = (
        writer for _name, writer in _scalar_fields(s.ProjectSerializer, PROJECT_OTHERS)
    )
    pages = s.PageLinks(request, "website:project-detail", s.PageLinks.SLUG)
    result = []
    for row in rows:
        pk = row["pk"]
        item = {name: _json(writer, row[name]) for name, writer in columns}
        item["places"] = places.get(pk, [])
        item["relationships"] = relationships.get(pk, [])
        item["responsible_body"] = _json(body, row["responsible_body__short_name"])
        item["cooperating_bodies"] = cooperating.get(pk, [])
        item["school"] = _json(school, row["school"])
        item["objectives"] = objectives.get(pk, [])
        item["participants"] = dict(participants.get(pk, []))
        item["funders"] = sorted(funders.get(pk, ()))
        item["decisions"] = decisions.get(pk, [])
        item["updated_at"] = _json(updated_at, row["updated_at"])
        item["pages"] = pages(row["slug"])
        result.append(item)
    return result


# DecisionSerializer's fields that are plain columns of the decision.
DECISION_COLUMNS = (
    "id",
    "meeting_date",
    "paragraph",
    "case_number",
    "title_sv",
    "title_en",
    "outcome",
    "text",
    "minutes_approved_on",
    "notice_posted_on",
)
DECISION_OTHERS = ("body", "body_name_sv", "body_name_en", "appeal_deadline")
DECISION_VALUES = (
    *DECISION_COLUMNS,
    "body_id",
    "body__short_name",
    "body__name_sv",
    "body__name_en",
    "body__slug",
)
CORRECTION_FIELDS = ("made_on", "field", "original", "corrected", "reason")


def _corrections(ids):
    return (
        DecisionCorrection.objects.filter(decision_id__in=ids)
        .order_by("pk")
        .values_list("decision_id", *CORRECTION_FIELDS)
    )


def decision_values(queryset):
    """The page's decisions as the dicts ``decisions`` takes (one query when evaluated)."""
    return queryset.values(*DECISION_VALUES)


def decisions(request, rows: list[dict]) -> list[dict]:
    """``DecisionSerializer(many=True).data`` of the decisions in ``rows`` (from
    ``decision_values``), their corrections in one more query whatever their number."""
    ids = [row["id"] for row in rows]
    if not ids:
        return []
    correction_fields = _scalar_fields(s.DecisionCorrectionSerializer, CORRECTION_FIELDS)
    corrections = _grouped(
        (
            decision_id,
            {
                name: _json(writer, value)
                for (name, writer), value in zip(correction_fields, values, strict=True)
            },
        )
        for decision_id, *values in _rows_of("decision corrections", _corrections, ids)
    )
    fields = _fields(s.DecisionSerializer)
    columns = _scalar_fields(s.DecisionSerializer, DECISION_COLUMNS)
    body, name_sv, name_en, appeal = (
        writer for _name, writer in _scalar_fields(s.DecisionSerializer, DECISION_OTHERS)
    )
    pages = s.PageLinks(
        request,
        "website:decision-detail",
        s.PageLinks.SLUG,
        s.PageLinks.ISO_DATE,
        s.PageLinks.NUMBER,
    )
    result = []
    for row in rows:
        day, paragraph = row["meeting_date"], row["paragraph"]
        item = {name: _json(writer, row[name]) for name, writer in columns}
        item["citation"] = _citation(row["body_id"], row["body__short_name"], day, paragraph)
        item["body"] = _json(body, row["body__short_name"])
        item["body_name_sv"] = _json(name_sv, row["body__name_sv"])
        item["body_name_en"] = _json(name_en, row["body__name_en"])
        deadline = appeal_deadline_after(row["notice_posted_on"])
        item["appeal_deadline"] = _json(appeal, deadline)
        item["corrections"] = corrections.get(row["id"], [])
        item["pages"] = pages(row["body__slug"], day.isoformat(), paragraph)
        result.append({name: item[name] for name in fields})
    return result


def _decision_ref(body_id, short_name, day, paragraph, pk) -> dict | None:
    """``DecisionRefSerializer``'s answer from a decision's values; None without one."""
    if pk is None:
        return None
    return {"id": pk, "citation": _citation(body_id, short_name, day, paragraph)}


DECISION_REF = (
    "decision__body_id",
    "decision__body__short_name",
    "decision__meeting_date",
    "decision__paragraph",
    "decision_id",
)
CHANGE_COLUMNS = ("changed_on", "from_status", "to_status", "reason_sv", "reason_en")
AGREEMENT_COLUMNS = (
    "title_sv",
    "title_en",
    "signed_on",
    "signed_precision",
    "valid_from",
    "valid_until",
    "theme_sv",
    "theme_en",
    "withdrawn_on",
)


def _history(name, queryset, ids, serializer_class, columns) -> dict:
    """{relationship id: [the serializer's answer, ...]} of the status changes or agreements
    in ``queryset`` of the relationships ``ids``, each with its decision as cited, in one
    query."""

    def make(ids):
        of_ids = queryset.filter(relationship_id__in=ids)
        return of_ids.values_list("relationship_id", *columns, *DECISION_REF)

    writers = _scalar_fields(serializer_class, columns)
    width = len(columns)
    history = defaultdict(list)
    for owner, *values in _rows_of(name, make, ids):
        item = {
            name: _json(writer, value)
            for (name, writer), value in zip(writers, values[:width], strict=True)
        }
        item["decision"] = _decision_ref(*values[width:])
        history[owner].append(item)
    return history


# RelationshipSerializer's fields that are plain columns of the relationship.
RELATIONSHIP_COLUMNS = (
    "id",
    "kind",
    "status",
    "started_on",
    "start_precision",
    "start_note_sv",
    "start_note_en",
    "ended_on",
    "channel",
    "channel_organisation",
    "theme_sv",
    "theme_en",
    "period_ends_on",
    "public_text_sv",
    "public_text_en",
)


def _cited(decision) -> dict | None:
    """``DecisionRefSerializer``'s answer for a decision read with its body, or None."""
    return None if decision is None else {"id": decision.pk, "citation": decision.citation}


def relationships(relationships: list, changes, agreements) -> list[dict]:
    """``RelationshipSerializer(many=True).data`` of ``relationships`` (read with their place,
    chain and deciding decisions and bodies): their status changes and agreements from the
    querysets ``changes`` and ``agreements`` (the prefetches' own) as values, one query each,
    instead of a model instance and a nested serializer per change, agreement and decision."""
    ids = [relationship.pk for relationship in relationships]
    if not ids:
        return []
    changes = _history(
        "relationship changes", changes, ids, s.StatusChangeSerializer, CHANGE_COLUMNS
    )
    agreements = _history(
        "relationship agreements", agreements, ids, s.AgreementSerializer, AGREEMENT_COLUMNS
    )
    fields = _fields(s.RelationshipSerializer)
    columns = _scalar_fields(s.RelationshipSerializer, RELATIONSHIP_COLUMNS)
    result = []
    for relationship in relationships:
        pk = relationship.pk
        item = {name: _json(writer, getattr(relationship, name)) for name, writer in columns}
        place = relationship.place
        item["place"] = None if place is None else place.slug
        item["chain"] = relationship.chain.name if relationship.chain else None
        item["established_by"] = _cited(relationship.established_by)
        item["ended_by"] = _cited(relationship.ended_by)
        item["status_changes"] = changes.get(pk, [])
        item["agreements"] = agreements.get(pk, [])
        result.append({name: item[name] for name in fields})
    return result


# PlaceSerializer's fields that are plain columns of the place.
PLACE_COLUMNS = (
    "slug",
    "name",
    "local_name",
    "country",
    "kind",
    "latitude",
    "longitude",
    "wikidata_id",
    "merged_on",
    "public_text_sv",
    "public_text_en",
)
PLACE_VALUES = (
    "pk",
    *PLACE_COLUMNS,
    "administered_by__slug",
    "administered_by__published",
    "successor__slug",
    "successor__published",
)


def place_values(queryset):
    """The page's places as the dicts ``places`` takes (one query when evaluated)."""
    return queryset.values(*PLACE_VALUES)


def places(request, rows: list[dict], relationships) -> list[dict]:
    """``PlaceSerializer(many=True).data`` of the places in ``rows`` (from ``place_values``),
    with the ids of their relationships in ``relationships`` (the prefetch's queryset), in
    one more query. The country is its code as stored (the serializer's ``country.code``)."""
    ids = [row["pk"] for row in rows]
    if not ids:
        return []
    listed = _grouped(
        _rows_of(
            "place relationships",
            lambda ids: relationships.filter(place_id__in=ids).values_list("place_id", "id"),
            ids,
        )
    )
    fields = _fields(s.PlaceSerializer)
    columns = _scalar_fields(s.PlaceSerializer, PLACE_COLUMNS)
    pages = s.PageLinks(request, "website:place-detail", s.PageLinks.SLUG)
    result = []
    for row in rows:
        item = {name: _json(writer, row[name]) for name, writer in columns}
        for name in ("administered_by", "successor"):
            item[name] = row[f"{name}__slug"] if row[f"{name}__published"] else None
        item["relationships"] = listed.get(row["pk"], [])
        item["pages"] = pages(row["slug"])
        result.append({name: item[name] for name in fields})
    return result
