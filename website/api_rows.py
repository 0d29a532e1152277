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

import functools
from collections import defaultdict

from modeltranslation.manager import rewrite_order_lookup_key
from rest_framework import serializers

from governance.models import Body, DecisionCorrection, appeal_deadline_after
from projects.models import Application, FundingCheck, FundingOutcome, ParticipantCount, Project
from website import queries
from website import serializers as s


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
        return self.counted.count()

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


def projects(request, rows: list[dict]) -> list[dict]:
    """``ProjectSerializer(many=True).data`` of the projects in ``rows`` (from
    ``project_values``), in seven queries whatever their number."""
    ids = [row["pk"] for row in rows]
    if not ids:
        return []
    places = _grouped(
        Project.places.through.objects.filter(project_id__in=ids, place__published=True)
        .order_by("place__name")
        .values_list("project_id", "place__slug")
    )
    # Ordered by "relationship": the relationship's own ordering, as in the prefetch.
    relationships = _grouped(
        Project.relationships.through.objects.filter(
            project_id__in=ids, relationship__in=queries.published_relationships()
        )
        .order_by("relationship")
        .values_list("project_id", "relationship_id")
    )
    # The prefetch's Body.objects.order_by("name") is the name in the active language.
    body_name = rewrite_order_lookup_key(Body, "name")
    cooperating = _grouped(
        Project.cooperating_bodies.through.objects.filter(project_id__in=ids)
        .order_by(f"body__{body_name}")
        .values_list("project_id", "body__short_name")
    )
    objectives = _grouped(
        Project.objectives.through.objects.filter(project_id__in=ids)
        .order_by("objective__strategy", "objective__number")
        .values_list("project_id", "objective_id")
    )
    participants = _grouped(
        (project_id, (level, count))
        for project_id, level, count in ParticipantCount.objects.filter(project_id__in=ids)
        .order_by("level")
        .values_list("project_id", "level", "count")
    )
    funders = defaultdict(set)
    granted = FundingCheck.objects.filter(project_id__in=ids, outcome=FundingOutcome.GRANTED)
    for project_id, short_name, name in granted.values_list(
        "project_id", "programme__funder__short_name", "programme__funder__name"
    ):
        funders[project_id].add(short_name or name)
    decided = (
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
        for decision_id, *values in DecisionCorrection.objects.filter(decision_id__in=ids)
        .order_by("pk")
        .values_list("decision_id", *CORRECTION_FIELDS)
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
