"""The yearly report as documents: a PDF for the council papers and an XLSX of the figures."""

import gc
import io
import logging

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from followup.models import REPORT_SECTIONS
from followup.report import YearlyReport
from governance.spreadsheet_cells import append_to_sheet

PDF_STYLESHEET = "followup/report_pdf.css"
#: A tagged, accessible PDF (structure tree, language, title): WeasyPrint's PDF/UA-1.
PDF_VARIANT = "pdf/ua-1"
#: Table rows on a page of the PDF, about (for the progress shown while it is made).
ROWS_PER_PAGE = 22
#: WeasyPrint's progress log (a logger of the standard library, named by WeasyPrint).
PROGRESS_LOGGER = logging.getLogger("weasyprint.progress")


class _WeasyPrintProgress(logging.Handler):
    """Turns WeasyPrint's progress log (its steps, then one line per page laid out) into a
    share of the work done, between 0 and 1, for ``progress``."""

    # WeasyPrint's steps and the share of the work done when each begins (measured on a year
    # of 1,000 projects: laying out the pages is two thirds of the time).
    STEPS = {"Step 3": 0.05, "Step 4": 0.2, "Step 5": 0.25, "Step 6": 0.85, "Step 7": 0.95}

    def __init__(self, progress, expected_pages):
        super().__init__(level=logging.INFO)
        self.progress = progress
        self.expected_pages = max(expected_pages, 1)

    def emit(self, record):
        message = record.getMessage()
        share = self.STEPS.get(message[:6])
        if message.startswith("Step 5") and record.args:
            page = record.args[0]
            share = 0.25 + 0.6 * min(page / self.expected_pages, 1)
        if share is not None:
            self.progress(share)


def report_pdf(report: YearlyReport, *, request=None, progress=None) -> bytes:
    """Render the report with WeasyPrint; its stylesheet is a static file, never a request.

    The PDF is tagged (PDF/UA-1 as far as WeasyPrint goes): a structure tree with headings and
    table headers, the document's language and title (from the template's ``lang`` and
    ``<title>``). ``progress``, when given, is called with the share of the work done (0 to 1)
    as WeasyPrint goes; the worker that builds the PDF shows it on the page (followup.jobs).
    """
    from weasyprint import CSS, HTML  # imported here: loading it takes a moment

    context = {"report": report, "municipality_name": settings.MUNICIPALITY_NAME}
    html = render_to_string("followup/report_pdf.html", context, request=request)
    stylesheet = CSS(filename=finders.find(PDF_STYLESHEET))
    handler = None
    if progress is not None:
        handler = _WeasyPrintProgress(progress, expected_pages=expected_pages(report))
        PROGRESS_LOGGER.addHandler(handler)
        # Its lines are for the progress only, not for the log (one per page).
        previous = PROGRESS_LOGGER.level, PROGRESS_LOGGER.propagate
        PROGRESS_LOGGER.setLevel(logging.INFO)
        PROGRESS_LOGGER.propagate = False
    options = {"stylesheets": [stylesheet], "pdf_variant": PDF_VARIANT}
    try:
        # HTML.write_pdf in its two steps, with a collection between them: laying out the
        # pages leaves boxes copied while paginating in reference cycles, and in a process
        # that has Django loaded Python's full collection comes too seldom to free them
        # before the PDF is written. Collected here the writing reuses their memory: the
        # peak of a year of 1,000 projects 429 to 337 MB (docs/performance.md, #15).
        document = HTML(string=html).render(**options)
        del html
        gc.collect()
        return document.write_pdf(**options)
    finally:
        if handler is not None:
            PROGRESS_LOGGER.removeHandler(handler)
            PROGRESS_LOGGER.setLevel(previous[0])
            PROGRESS_LOGGER.propagate = previous[1]


def expected_pages(report: YearlyReport) -> int:
    """About how many pages the PDF will have: a page of figures, then rows of the tables."""
    rows = len(report.projects) + len(report.decisions) + len(report.relationships)
    return 2 + rows // ROWS_PER_PAGE


def _sheet(workbook, title, header, rows):
    from openpyxl.styles import Font  # imported on use: see report_xlsx

    sheet = workbook.create_sheet(title=title[:31])
    append_to_sheet(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        # Numbers and dates as they are; text (an editor's title too) never as a formula.
        append_to_sheet(sheet, row)
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    return sheet


def _texts_rows(texts) -> list[tuple[str, str]]:
    """The coordinator's introduction and comments, one row per section that has one."""
    if texts is None:
        return []
    rows = [(str(_("Introduction")), texts.introduction)] if texts.introduction else []
    comments = texts.comments
    rows += [(str(label), comments[key]) for key, label in REPORT_SECTIONS if key in comments]
    return rows


def report_xlsx(report: YearlyReport) -> bytes:
    """The report's figures, one sheet per section, numbers as numbers."""
    # openpyxl is imported when a workbook is made, not with the views: it is 30 MB of every
    # worker's memory, and most workers never make one (#15, docs/performance.md).
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    texts = report.texts
    _sheet(
        workbook,
        _("Summary"),
        [_("Figure"), _("Value")],
        [
            (_("Report"), report.title),
            (_("Year"), report.year),
            (_("Scope"), report.scope),
            (_("Case number"), texts.case_number if texts else ""),
            (_("Goes to"), texts.addressed_to.name if texts and texts.addressed_to else ""),
            (_("Projects and exchanges"), len(report.projects)),
            (_("Participants"), report.participants_total),
            (_("Funding applied for (SEK)"), report.applied_total),
            (_("Funding granted (SEK)"), report.granted_total),
            (
                _("Funding checks whose kronor are unknown (no exchange rate)"),
                report.unknown_kronor,
            ),
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
                p.kind_label,
                p.status_label,
                p.body_short_name,
                ", ".join(p.place_names),
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
        [_("Category"), _("Number"), _("Women"), _("Men")],
        [(f.label, f.count, f.women, f.men) for f in report.participants],
    )
    _sheet(
        workbook,
        _("Objectives"),
        [_("Objective"), _("Projects"), _("Participants")],
        [(str(o), o.project_count, o.participant_total or 0) for o in report.objectives],
    )
    funding_header = [
        _("Checks"),
        _("Applied for (SEK)"),
        _("Granted (SEK)"),
        _("Kronor unknown"),
    ]
    _sheet(
        workbook,
        _("Funding"),
        [_("Funder"), *funding_header],
        [(f.funder, f.checks, f.applied, f.granted, f.unknown) for f in report.funding],
    )
    _sheet(
        workbook,
        _("Funding by body"),
        [_("Body"), *funding_header],
        [(f.funder, f.checks, f.applied, f.granted, f.unknown) for f in report.funding_by_body],
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
        _("Visits"),
        [_("Date"), _("Visit"), _("Place")],
        [(v.starts_on, v.get_direction_display(), str(v.place)) for v in report.visits],
    )
    _sheet(
        workbook,
        _("Deviations"),
        [_("Clause"), _("Rule"), _("Finding")],
        [(row.clause, row.title, row.summary) for row in report.deviations],
    )
    _sheet(
        workbook,
        _("Texts"),
        [_("Section"), _("Text")],
        _texts_rows(texts),
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
