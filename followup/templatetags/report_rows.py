"""The yearly report's long tables, a row per project and per decision, written in Python.

A year has about 1,000 projects and some 400 decisions: as ``{% for %}`` loops their cells
were some 20 variable lookups, filters and an inner loop per row, half of the report page's
rendering (#15). These tags write the same HTML, each value escaped, byte for byte as the
loops did (``tests/followup/test_report_rows.py`` renders the former loops beside them).
"""

from html import escape

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import mark_safe

from governance.escaping import escaper

register = template.Library()


NOWRAP = '<span class="text-nowrap">'


def _day(value) -> str:
    """``{{ value|date:"Y-m-d" }}`` of a date field: empty for none."""
    return value.isoformat() if value else ""


@register.simple_tag(takes_context=True)
def report_project_rows(context, projects, pdf=False):
    """The projects' rows of the report (``report.projects``, from ``followup.report``).

    On the page each date of the period is kept on one line (``text-nowrap``); the PDF's
    stylesheet has no such class, so its rows leave the two spans out: the same text and
    layout, and some 2,000 fewer boxes for WeasyPrint to lay out and keep (``pdf``).
    """
    esc, rows, totals = escaper(), [], {}
    for project in projects:
        places = ", ".join(esc(name) for name in project.place_names)
        starts, ends = _day(project.starts_on), _day(project.ends_on)
        period = f"{starts}–{ends}" if pdf else f"{NOWRAP}{starts}</span>–{NOWRAP}{ends}</span>"
        number = project.participant_total or 0
        total = totals.get(number)
        if total is None:  # as ``{{ }}`` writes a number (localized), once per number
            total = totals[number] = render_value_in_context(number, context)
        rows.append(
            f"\n    <tr><td>{escape(str(project.title))}</td><td>{esc(project.kind_label)}</td>"
            f"<td>{esc(project.status_label)}</td>"
            f"<td>{esc(project.body_short_name)}</td><td>{places}</td>"
            f'<td>{period}</td><td class="num">{total}</td></tr>\n  '
        )
    return mark_safe("".join(rows))  # noqa: S308  (every value escaped above)


@register.simple_tag
def report_decision_rows(decisions):
    """The decisions' rows of the report (``report.decisions``, from ``followup.report``)."""
    esc = escaper()
    return mark_safe(  # noqa: S308  (every value escaped)
        "".join(
            f"\n    <tr><td>{esc(decision.citation)}</td>"
            f"<td>{esc(decision.case_number or '–')}</td><td>{escape(str(decision.title))}</td>"
            f"<td>{esc(decision.outcome_label)}</td></tr>\n  "
            for decision in decisions
        )
    )
