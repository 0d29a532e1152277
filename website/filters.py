"""Filters and search of the public project list (and of the API's project list)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

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
