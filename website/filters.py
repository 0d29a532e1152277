"""Filters and search of the public project list (and of the API's project list)."""

import copy

import django_filters
from django import forms
from django.conf import settings
from django.db import connections, router
from django.db.models import F, IntegerField, Q, Value
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from modeltranslation.utils import build_localized_fieldname

from governance.compiled import converted, prepared
from governance.models import Body
from partners.models import Place
from projects import search
from projects.models import Project, ProjectKind, ProjectStatus
from strategy.models import Objective
from website import queries

# A longer search is not refused: its first characters are searched (projects.search).
SEARCH_MAX_LENGTH = search.SEARCH_MAX_LENGTH


def _year_choices():
    return [(str(year), str(year)) for year in queries.project_years()]


def search_projects(queryset, text: str):
    """The public search (``projects.search``): full text in the page's language, accents
    folded, and trigrams on PostgreSQL; word starts, accents folded, on SQLite (#14)."""
    if not text.strip():
        return queryset
    return search.search(queryset, text)


@extend_schema_field(OpenApiTypes.STR)
class SlugModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A record chosen by its slug in the query string."""


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(django_filters.ChoiceFilter):
    """A year among those in which published work ran."""


# The filter sets' form classes by (filter set class, years, language) (``get_form_class``).
_FORM_CLASSES: dict = {}
_FORM_CLASSES_MAX = 16


class ProjectFilter(django_filters.FilterSet):
    """Kind, partner place, year, status, objective, committee, and a free-text search."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control"}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type"),
        choices=ProjectKind.choices,
        empty_label=_("All types"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    place = SlugModelChoiceFilter(
        label=_("Partner"),
        field_name="places",
        to_field_name="slug",
        queryset=Place.objects.published().order_by("name"),
        empty_label=_("All partners"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    year = YearFilter(
        label=_("Year"),
        choices=_year_choices,
        method="filter_year",
        empty_label=_("All years"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=ProjectStatus.choices,
        empty_label=_("All statuses"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    objective = django_filters.ModelChoiceFilter(
        label=_("Objective"),
        field_name="objectives",
        queryset=Objective.objects.filter(strategy__replaced_by__isnull=True).order_by("number"),
        empty_label=_("All objectives"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    committee = SlugModelChoiceFilter(
        label=_("Committee"),
        to_field_name="slug",
        queryset=Body.objects.deciding().order_by("name"),
        method="filter_committee",
        empty_label=_("All committees"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    class Meta:
        model = Project
        fields = ["q", "kind", "place", "year", "status", "objective", "committee"]

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, years=None):
        """``years``: the year filter's years when they were read already (the project list
        reads them with its other choices, ``choice_records``); else it reads them itself.

        django-filter's own ``__init__``, but each filter a shallow copy of the class's with
        its own ``extra`` (what a filter changes: the queryset, the year's choices) and no
        field made before, instead of a deep copy of them all with their querysets, widgets
        and choices, a millisecond of every page of the list (#15): each request makes its
        filters' fields anew all the same."""
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for name, base in self.base_filters.items():
            filter_ = self.filters[name] = copy.copy(base)
            filter_.extra = dict(base.extra)
            filter_.__dict__.pop("_field", None)
            if base.method is not None:  # its FilterMethod, bound to this copy
                filter_.method = base.method
            filter_.model = queryset.model
            filter_.parent = self
        self._years = None if years is None else tuple(years)
        if years is not None:  # this filter set's own copy of the filter
            self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]

    def get_form_class(self):
        """django-filter's form class, made once per process for the same years and
        language when the years were given (``years``): made of the filters' fields, it
        was a new class with new fields (their choices and querysets) on every request
        (#15). What a form changes is its own deep copy of the class's fields, as for any
        form class; the filters' querysets and their other choices are fixed when this
        class is defined. Bounded."""
        if self._years is None:
            return super().get_form_class()
        key = (type(self), self._years, get_language())
        form_class = _FORM_CLASSES.get(key)
        if form_class is None:
            if len(_FORM_CLASSES) >= _FORM_CLASSES_MAX:
                _FORM_CLASSES.clear()
            form_class = _FORM_CLASSES[key] = super().get_form_class()
        return form_class

    def filter_search(self, queryset, name, value):
        return search_projects(queryset, value)

    def filter_queryset(self, queryset):
        """Every other filter first, the search last: on PostgreSQL the search's answer is
        not a queryset but its ranked results (``projects.search.SearchResults``), which
        count and rank the narrow search entries and read the page's projects alone."""
        cleaned = dict(self.form.cleaned_data)
        text = cleaned.pop("q", None)
        for name, value in cleaned.items():
            queryset = self.filters[name].filter(queryset, value)
        return self.filters["q"].filter(queryset, text) if text else queryset

    def filter_year(self, queryset, name, value):
        return queries.projects_in_year(queryset, int(value))

    def filter_committee(self, queryset, name, value):
        """The committee responsible for the work, or one cooperating in it (S12)."""
        cooperating = Project.cooperating_bodies.through.objects.filter(body=value)
        return queryset.filter(
            Q(responsible_body=value) | Q(pk__in=cooperating.values("project_id"))
        )


def _localized(name: str) -> tuple:
    return tuple(build_localized_fieldname(name, code) for code, _name in settings.LANGUAGES)


# What a choice of each model choice filter reads of its record: the value (its slug or pk)
# and what the model's __str__ (the label) reads, in every language (modeltranslation falls
# back from one to another). A column left out would be read by a query per record.
CHOICE_COLUMNS = {
    "place": ("slug", "name"),
    "objective": ("number", *_localized("text"), *_localized("short_name")),
    "committee": ("slug", *_localized("name"), "short_name"),
}


# The union's SQL by (database, filter set class): the querysets it is made of are the filter
# set's own, built once when its class is defined, so its SQL is the same for the process.
_CHOICES_SQL: dict = {}

# The records made of the rows read, by (database, filter set class, rows): the same rows
# give the same records, so a process makes them (and their options, ``ChoiceRecords``) once
# while the rows stay the same; the rows themselves are read by every request. Bounded.
_RECORDS: dict = {}
_RECORDS_MAX = 16


class ChoiceRecords(dict):
    """The records each select of ``CHOICE_COLUMNS`` lists, by filter name, and ``years``,
    the years the year filter offers (``queries.years_between``). ``options`` keeps what a
    template tag makes of the records for a field and language (``{% select_field %}``):
    the records are the same object for as long as the rows read are the same."""

    def __init__(self, records: dict, years: list[int]):
        super().__init__(records)
        self.years = years
        self.options: dict = {}


def choice_records(filterset) -> ChoiceRecords | None:
    """The records each select of ``CHOICE_COLUMNS`` lists (partners, objectives, committees)
    and the bounds of the year filter's years, read in one query, a UNION ALL of the fields'
    own querysets and ``queries.project_year_bounds``, instead of one query each (#15).
    ``filterset``: a filter set or its class. Each part keeps its queryset's conditions; the
    union is ordered by the part, then by the column its queryset was ordered by (then the
    key, for equal names). The records are made by the ORM's ``from_db`` with the columns
    above (the others deferred), so that a choice's value and label are the field's own
    (``ModelChoiceIterator.choice``). None when a queryset's ordering is not one column (its
    field then reads its own queryset).

    The union is compiled once in a process for each filter set class (its filters'
    querysets are fixed when the class is defined): compiling it cost as much CPU as the
    three queries it replaces. The records are made once for the same rows (``_RECORDS``)."""
    filterset_class = filterset if isinstance(filterset, type) else type(filterset)
    parts = []
    for name, columns in CHOICE_COLUMNS.items():
        queryset = filterset_class.base_filters[name].queryset
        order = queryset.query.order_by
        if len(order) != 1 or not isinstance(order[0], str) or order[0].startswith("-"):
            return None
        model = queryset.model
        numbers = [c for c in columns if isinstance(model._meta.get_field(c), IntegerField)]
        texts = [c for c in columns if c not in numbers]
        by_number = isinstance(model._meta.get_field(order[0]), IntegerField)
        parts.append((name, model, numbers, texts, queryset, order[0], by_number))
    width_numbers = max(*(len(part[2]) for part in parts), len(YEAR_BOUNDS))
    alias = router.db_for_read(parts[0][1])
    key = (alias, filterset_class)
    if key not in _CHOICES_SQL:
        compiler = _union(parts, width_numbers).query.get_compiler(alias)
        sql, params = compiler.as_sql()
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        converters = list(compiler.get_converters(fields).items())
        _CHOICES_SQL[key] = (sql, params, converters, object())
    sql, params, converters, token = _CHOICES_SQL[key]
    connection = connections[alias]
    with connection.cursor() as cursor:
        # Its parameters are its own: prepared once per kept connection (#15).
        cursor.execute(*prepared(connection, token, sql, params))
        rows = cursor.fetchall()
    if converters:  # the columns' converters, as the ORM applies them
        rows = [converted(row, converters, connection) for row in rows]
    rows = tuple(map(tuple, rows))
    kept = _RECORDS.get((key, rows))
    if kept is None:
        if len(_RECORDS) >= _RECORDS_MAX:
            _RECORDS.clear()
        kept = _RECORDS[(key, rows)] = _records(parts, rows, width_numbers, alias)
    return kept


# The year filter's part of the union: the columns of ``queries.project_year_bounds``.
YEAR_BOUNDS = ("first", "last_start", "last_end")


def _records(parts, rows, width_numbers: int, alias: str) -> ChoiceRecords:
    records: dict[str, list] = {name: [] for name in CHOICE_COLUMNS}
    years: list[int] = []
    for row in rows:
        if row[0] == len(parts):  # the year filter's bounds, the union's last part
            years = queries.years_between(*row[4 : 4 + len(YEAR_BOUNDS)])
            continue
        name, model, numbers, texts, *_rest = parts[row[0]]
        values = {model._meta.pk.attname: row[3]}
        values.update(zip(numbers, row[4 : 4 + len(numbers)], strict=True))
        start = 4 + width_numbers
        values.update(zip(texts, row[start : start + len(texts)], strict=True))
        names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
        records[name].append(model.from_db(alias, names, [values[n] for n in names]))
    return ChoiceRecords(records, years)


def _union(parts, width_numbers: int):
    """``choice_records``' query: the parts' columns in the same places, ordered."""
    width_texts = max(len(part[3]) for part in parts)
    combined = []
    for index, (_name, _model, numbers, texts, queryset, order, by_number) in enumerate(parts):
        columns = {
            "choice_part": Value(index),
            "choice_text": Value("") if by_number else F(order),
            "choice_number": F(order) if by_number else Value(0),
            "choice_pk": F("pk"),
        }
        for position in range(width_numbers):
            columns[f"choice_n{position}"] = (
                F(numbers[position]) if position < len(numbers) else Value(0)
            )
        for position in range(width_texts):
            columns[f"choice_t{position}"] = (
                F(texts[position]) if position < len(texts) else Value("")
            )
        # Not rewritten by modeltranslation, whose values_list selects a set of names (in no
        # fixed order) and puts them in order as it reads: a union's parts must agree.
        plain = queryset.rewrite(False) if hasattr(queryset, "rewrite") else queryset
        rows = plain.order_by().annotate(**columns).values_list(*columns)
        combined.append(rows)
    # The year filter's bounds last: one row, its numbers the years (``YEAR_BOUNDS``).
    columns = {
        "choice_part": Value(len(parts)),
        "choice_text": Value(""),
        "choice_number": Value(0),
        "choice_pk": Value(0),
    }
    for position in range(width_numbers):
        columns[f"choice_n{position}"] = (
            F(YEAR_BOUNDS[position]) if position < len(YEAR_BOUNDS) else Value(0)
        )
    for position in range(width_texts):
        columns[f"choice_t{position}"] = Value("")
    combined.append(queries.project_year_bounds().annotate(**columns).values_list(*columns))
    return (
        combined[0]
        .union(*combined[1:], all=True)
        .order_by("choice_part", "choice_text", "choice_number", "choice_pk")
    )
