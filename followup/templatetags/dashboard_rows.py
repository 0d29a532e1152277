"""The dashboard's rules table, a row per rule and an item per record to fix, written in
Python.

Written as ``{% for %}`` loops, the rows and their up to 50 items each were some 15 variable
lookups, ``{% if %}`` and translations per item, most of the page's rendering (#15). This tag
writes the same HTML, each value escaped as ``{{ }}`` escapes it, byte for byte as the loops
did (``tests/followup/test_dashboard_rows.py`` renders the former loops beside it).
"""

from html import escape

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

register = template.Library()


def _items(row, value) -> str:
    """The row's records as a list, with the records left out of it counted."""
    if not row.items:
        return ""
    parts = ['\n        <ul class="mb-0">\n          ']
    for item in row.items:
        label = value(item.label)
        link = f'<a href="{value(item.url)}">{label}</a>' if item.url else label
        note = (
            f' <span class="text-body-secondary">({value(item.note)})</span>' if item.note else ""
        )
        parts.append(f"\n          <li>{link}{note}</li>\n          ")
    parts.append("\n          ")
    more = row.more
    if more:
        text = ngettext("and %(more)s more", "and %(more)s more", more) % {"more": value(more)}
        parts.append(f'<li class="text-body-secondary">{text}</li>')
    parts.append("\n        </ul>\n        ")
    return "".join(parts)


@register.simple_tag(takes_context=True)
def dashboard_rows(context, rows):
    """The rows of the rules table (``followup.queries.dashboard.rows``)."""

    autoescape = context.autoescape

    def value(obj) -> str:  # as ``{{ obj }}`` writes it: localized, escaped
        # A plain string, most of the values (the items' labels, links and notes), is
        # neither localized nor a date: ``{{ }}`` only escapes it, as ``escape`` does. The
        # general path's lookups of the time zone and the format settings were a tenth of
        # the page's rendering for its hundred items (#15).
        if type(obj) is str:
            return escape(obj) if autoescape else obj
        return render_value_in_context(obj, context)

    rule_label = value(gettext("Rule:"))
    html = []
    for row in rows:
        style = row.state_style
        html.append(
            f'\n    <tr id="row-{value(row.key)}" class="row-{value(row.state)}">\n'
            f"      <td>{value(row.clause)}</td>\n"
            f'      <th scope="row">{value(row.title)}</th>\n'
            f'      <td class="text-nowrap"><span class="badge {value(style["badge"])} state">'
            f'<span aria-hidden="true">{value(style["icon"])}</span> '
            f"{value(row.state_label)}</span></td>\n"
            f"      <td>\n"
            f'        <p class="mb-1">{value(row.summary)}</p>\n'
            f'        <p class="small text-body-secondary mb-1 rule">'
            f"{rule_label} {value(row.rule)}</p>\n"
            f"        {_items(row, value)}\n"
            f"      </td>\n"
            f"    </tr>\n  "
        )
    return mark_safe("".join(html))  # noqa: S308  (every value escaped above)
