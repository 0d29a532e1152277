"""The project admin's year navigation (``date_hierarchy``), with the years read from the
index on ``starts_on`` (``projects.queries.years_with``) instead of from every project."""

import copy

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy

from projects.queries import years_with

register = template.Library()


class _YearsFromIndex:
    """The change list's queryset as Django's ``date_hierarchy`` uses it, but for the years."""

    def __init__(self, queryset):
        self._queryset = queryset

    def __getattr__(self, name):
        return getattr(self._queryset, name)

    def dates(self, field_name, kind, order="ASC"):
        if kind == "year" and order == "ASC":
            return years_with(self._queryset, field_name)
        return self._queryset.dates(field_name, kind, order)


@register.inclusion_tag("admin/date_hierarchy.html")
def project_date_hierarchy(cl):
    """Django's ``{% date_hierarchy cl %}``: the same links, the same months and days."""
    change_list = copy.copy(cl)
    change_list.queryset = _YearsFromIndex(cl.queryset)
    return date_hierarchy(change_list)
