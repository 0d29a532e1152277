"""The yearly report as documents: a PDF for the council papers and an XLSX of the figures."""

import datetime
import io
from decimal import Decimal

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from followup.report import YearlyReport

PDF_STYLESHEET = "followup/report_pdf.css"


def report_pdf(report: YearlyReport, *, request=None) -> bytes:
    """Render the report with WeasyPrint; its stylesheet is a static file, never a request."""
    from weasyprint import CSS, HTML  # imported here: loading it takes a moment

    html = render_to_string("followup/report_pdf.html", {"report": report}, request=request)
    stylesheet = CSS(filename=finders.find(PDF_STYLESHEET))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])


def _cell(value):
    """Numbers, dates and empty cells as they are; anything else (lazy text) as a string."""
    if value is None or isinstance(value, int | float | Decimal | datetime.date | str):
        return value
    return str(value)


def _sheet(workbook, title, header, rows):
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([str(column) for column in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(value) for value in row])
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    return sheet


def report_xlsx(report: YearlyReport) -> bytes:
    """The report's figures, one sheet per section, numbers as numbers."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        _("Summary"),
        [_("Figure"), _("Value")],
        [
            (_("Year"), report.year),
            (_("Scope"), report.scope),
            (_("Projects and exchanges"), len(report.projects)),
            (_("Participants"), report.participants_total),
            (_("Funding applied for (SEK)"), report.applied_total),
            (_("Funding granted (SEK)"), report.granted_total),
            (_("Decisions"), len(report.decisions)),
            (_("Network meetings"), len(report.meetings)),
            (_("Deviations from the strategy"), len(report.deviations)),
        ],
    )
    _sheet(
        workbook,
        _("Relationships"),
        [_("Place"), _("Country"), _("Kind"), _("Status at year end"), _("Since")],
        [
            (
                r.place.name,
                str(r.place.country.name),
                r.get_kind_display(),
                r.status_at_end,
                r.start_display,
            )
            for r in report.relationships
        ],
    )
    _sheet(
        workbook,
        _("Projects"),
        [
            _("Title"),
            _("Kind"),
            _("Status"),
            _("Responsible body"),
            _("Places"),
            _("Starts on"),
            _("Ends on"),
            _("Participants"),
        ],
        [
            (
                p.title,
                p.get_kind_display(),
                p.get_status_display(),
                p.responsible_body.short_name,
                ", ".join(pl.name for pl in p.place_list),
                p.starts_on,
                p.ends_on,
                p.participant_total or 0,
            )
            for p in report.projects
        ],
    )
    _sheet(
        workbook,
        _("Participants"),
        [_("Level"), _("Number"), _("Women"), _("Men")],
        [(f.label, f.count, f.women, f.men) for f in report.participants],
    )
    _sheet(
        workbook,
        _("Objectives"),
        [_("Objective"), _("Projects"), _("Participants")],
        [(str(o), o.project_count, o.participant_total or 0) for o in report.objectives],
    )
    _sheet(
        workbook,
        _("Funding"),
        [_("Funder"), _("Checks"), _("Applied for (SEK)"), _("Granted (SEK)")],
        [(f.funder, f.checks, f.applied, f.granted) for f in report.funding],
    )
    _sheet(
        workbook,
        _("Costs"),
        [_("Body"), _("Projects"), _("Cost (SEK)")],
        [(c["body__short_name"], c["projects"], c["total"]) for c in report.costs],
    )
    _sheet(
        workbook,
        _("Decisions"),
        [_("Decision"), _("Case number"), _("Title"), _("Outcome")],
        [(d.citation, d.case_number, d.title, d.get_outcome_display()) for d in report.decisions],
    )
    _sheet(
        workbook,
        _("Meetings"),
        [_("Body"), _("Date"), _("Location")],
        [(m.body.name, m.date, m.location) for m in report.meetings],
    )
    _sheet(
        workbook,
        _("Deviations"),
        [_("Clause"), _("Rule"), _("Finding")],
        [(row.clause, row.title, row.summary) for row in report.deviations],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
