"""Search and filters of the staff lists (#12): applications and projects by status, body,
kind, year and free text. What a user may see is the list's query (``projects.queries``);
the filters only narrow it."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from governance.models import WORKPLACE_KINDS, Body
from projects.models import (
    ApplicationKind,
    ApplicationStatus,
    ProjectKind,
    ProjectStatus,
)

SEARCH_MAX_LENGTH = 200
YEARS = {"min_value": 1950, "max_value": 2100}


def _text(*names):
    def search(queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        query = Q()
        for field in names:
            query |= Q(**{f"{field}__icontains": value})
        return queryset.filter(query)

    return search


def _attributes(attrs: dict) -> str:
    """Django's ``django/forms/widgets/attrs.html``: `` name="value"`` each, a True value as
    the bare name, a False one left out."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not False
    )


def _text_of(value) -> str:
    """A value written as ``{{ value }}`` writes it: localized, then escaped."""
    return conditional_escape(localize(value))


class PlainSelect(forms.Select):
    """Django's ``Select``, the same HTML written here instead of by its templates: the
    select, then an include of the option's template per option and of the attributes'
    per option (#15: the filters' selects cost a tenth of a staff list's time). The context
    is the widget's own (``get_context``); tests/staff/test_filters_html.py proves the
    output equal to ``Select``'s."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"', widget["name"]), _attributes(widget["attrs"])]
        parts.append(">")
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', _text_of(group_name)))
            for option in options:
                parts.append(
                    format_html(
                        # The option's template ends with a new line, as Django's does.
                        '\n  <option value="{}"{}>{}</option>\n',
                        str(option["value"]),
                        mark_safe(_attributes(option["attrs"])),  # escaped as it was written
                        _text_of(option["label"]),
                    )
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every value above escaped by format_html


class StaffListFilter(django_filters.FilterSet):
    """The look of the filter fields: Bootstrap's controls, an error tied to its field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} form-control-sm"
            if self.form.is_bound and name in self.form.errors:
                field.widget.attrs["aria-invalid"] = "true"
                field.widget.attrs["aria-describedby"] = f"id_{name}-error"


class ApplicationFilter(StaffListFilter):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ApplicationStatus.choices, widget=PlainSelect
    )
    body = django_filters.ModelChoiceFilter(
        label=_("Addressed to"),
        field_name="addressed_to",
        queryset=Body.objects.deciding().order_by("short_name"),
        widget=PlainSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ApplicationKind.choices, widget=PlainSelect
    )
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="created_at", lookup_expr="year", **YEARS
    )

    def search(self, queryset, name, value):
        return _text("title", "summary", "project__title_sv", "project__title_en")(
            queryset, name, value
        )


class ProjectFilter(StaffListFilter):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ProjectStatus.choices, widget=PlainSelect
    )
    body = django_filters.ModelChoiceFilter(
        label=_("Responsible body"),
        field_name="responsible_body",
        queryset=Body.objects.deciding().order_by("short_name"),
        widget=PlainSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ProjectKind.choices, widget=PlainSelect
    )
    year = django_filters.NumberFilter(label=_("Year"), method="running_in", **YEARS)

    def search(self, queryset, name, value):
        return _text("title_sv", "title_en", "summary_sv", "summary_en", "school")(
            queryset, name, value
        )

    def running_in(self, queryset, name, value):
        """Work that runs during the year: begun by its end and not ended before it."""
        year = int(value)
        return queryset.filter(Q(starts_on__year__lte=year) | Q(starts_on__isnull=True)).filter(
            Q(ends_on__isnull=True) | Q(ends_on__year__gte=year)
        )


def _meeting_bodies(request):
    """The bodies whose meetings the user reads: the filter offers no other."""
    rights = request.rights
    bodies = Body.objects.exclude(kind__in=WORKPLACE_KINDS).order_by("short_name")
    return bodies if rights.is_coordinator else bodies.filter(pk__in=rights.meeting_body_pks)


class MeetingFilter(StaffListFilter):
    """Meetings by body and year (#12); which meetings the user reads is the list's query."""

    body = django_filters.ModelChoiceFilter(
        label=_("Body"), queryset=_meeting_bodies, widget=PlainSelect
    )
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="starts_at", lookup_expr="year", **YEARS
    )
