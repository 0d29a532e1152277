"""The minutes extract (protokollsutdrag) of a decision on an application, as a PDF (#12).

Made the way the yearly report's PDF is (``followup.exports``): WeasyPrint, a stylesheet that
is a static file (never a request) and a tagged PDF/UA-1 with the document's language and
title. The extract holds what an extract of the minutes holds: the body, the meeting date,
the paragraph, the case number, the decision as recorded (with its corrections), the dates of
justering and anslag, and the last day of appeal (laglighetsprövning, three weeks after the
notice: ``Decision.appeal_deadline``).
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

PDF_STYLESHEET = "staff/minutes_extract.css"
PDF_VARIANT = "pdf/ua-1"


def minutes_extract_pdf(application) -> bytes:
    from weasyprint import CSS, HTML  # imported here: loading it takes a moment

    decision = application.decision
    context = {
        "application": application,
        "decision": decision,
        "corrections": list(decision.corrections.all()),
        "municipality_name": settings.MUNICIPALITY_NAME,
    }
    html = render_to_string("staff/minutes_extract_pdf.html", context)
    stylesheet = CSS(filename=finders.find(PDF_STYLESHEET))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet], pdf_variant=PDF_VARIANT)


def filename(decision) -> str:
    """For example protokollsutdrag-BUN-2026-03-10-12.pdf."""
    return (
        f"protokollsutdrag-{decision.body.short_name}-{decision.meeting_date.isoformat()}"
        f"-{decision.paragraph}.pdf"
    )
