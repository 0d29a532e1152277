"""The project admin's year navigation (``date_hierarchy``), with the years read from the
index on ``starts_on`` (``projects.queries.year_span``) instead of from every project, in the
same query as the first and last date Django asks before them; its links' addresses worked
out once, not once a year (the change list's ``get_query_string``, governance.admin.
QueryStrings), and Django's ``admin/date_hierarchy.html`` written in Python: the template's
loop over 36 years cost a tenth of the admin project list's time (#15)."""

import copy
import datetime

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.db.models import F, Max, Min
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from projects.queries import year_span

register = template.Library()


class _YearsFromIndex:
    """The change list's queryset as Django's ``date_hierarchy`` uses it, but for the first
    and last date and the years: one query answers both (``year_span``), not two."""

    def __init__(self, queryset, field_name):
        self._queryset = queryset
        self._field_name = field_name
        self._span = None

    def __getattr__(self, name):
        return getattr(self._queryset, name)

    def _year_span(self):
        if self._span is None:
            self._span = year_span(self._queryset, self._field_name, months=True) or False
        return self._span

    def aggregate(self, *args, **kwargs):
        """``aggregate(first=Min(field), last=Max(field))``, Django's question whether the list
        falls in one year (then in one month), answered with the years."""
        field = F(self._field_name)
        first, last = kwargs.get("first"), kwargs.get("last")
        asked = (
            not args
            and kwargs.keys() == {"first", "last"}
            and type(first) is Min
            and type(last) is Max
            and first.source_expressions == [field] == last.source_expressions
            and first.filter is None
            and last.filter is None
        )
        span = self._year_span() if asked else False
        if span is False:
            return self._queryset.aggregate(*args, **kwargs)
        days, latest, _months = span
        return {"first": days[0] if days else None, "last": latest}

    def dates(self, field_name, kind, order="ASC"):
        if field_name == self._field_name and kind == "year" and order == "ASC":
            span = self._year_span()
            if span is not False:
                return [datetime.date(day.year, 1, 1) for day in span[0]]
        if field_name == self._field_name and kind == "month" and order == "ASC" and self._span:
            # Asked after the first and last date fell in one year (no year in the address,
            # or the span was not read): that year's months, read with the span (#15).
            days, latest, months = self._span
            if len(days) == 1 and latest.year == days[0].year:
                return [datetime.date(day.year, day.month, 1) for day in months]
        return self._queryset.dates(field_name, kind, order)


@register.simple_tag
def project_date_hierarchy(cl):
    """Django's ``{% date_hierarchy cl %}``: the same links, the same months and days, the same
    HTML as ``admin/date_hierarchy.html`` (tests/projects/test_admin_year_navigation.py)."""
    change_list = copy.copy(cl)
    change_list.queryset = _YearsFromIndex(cl.queryset, cl.date_hierarchy)
    return mark_safe(navigation_html(date_hierarchy(change_list)))


def navigation_html(navigation) -> str:
    """``admin/date_hierarchy.html`` rendered with ``navigation``, Django's context of it."""
    if not navigation or not navigation.get("show"):
        return "\n"
    back = navigation.get("back")
    if back:
        link, title = conditional_escape(back["link"]), conditional_escape(back["title"])
        back = f'<a href="{link}" class="date-back">&lsaquo; {title}</a>'
    out = ['\n<nav class="toplinks">\n\n\n', back or "", "\n\n\n"]
    for choice in navigation.get("choices", ()):
        title = conditional_escape(choice["title"])
        link = choice.get("link")
        if link:
            out.append(f'\n<a href="{conditional_escape(link)}">{title}</a>\n')
        else:
            out.append(f"\n{title}\n")
    out.append("\n\n\n</nav>\n\n")
    return "".join(out)
