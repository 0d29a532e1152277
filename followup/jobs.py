"""The yearly report's PDF, built by a worker of the task queue (RQ on REDIS_URL) (S22, #15).

``request_pdf`` records what was asked for and hands it to the queue ``reports`` once the
request's transaction has committed; a worker (`manage.py rqworker reports`) runs
``build_report_pdf``, which writes its progress on the record as it goes, so the page can show
it. Without a queue (``REPORT_PDF_IN_BACKGROUND`` off, as in the quick start, which has no
Redis) the PDF is built in the request. If Redis does not answer, the PDF is built in the
request too: a queue that is gone costs time, not the report.
"""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from followup import exports, report
from followup.models import ReportPdf, ReportPdfStatus

logger = logging.getLogger(__name__)

QUEUE = "reports"
#: The share of the work done when the report's data is built; WeasyPrint does the rest.
DATA_SHARE = 10
#: The progress is written at most this often (in per cent), not on every page laid out.
PROGRESS_STEP = 5


def request_pdf(*, year: int, body, user, language: str) -> ReportPdf:
    """Ask for a year's PDF: the one already waiting or being made for the same year and scope
    if there is one, otherwise a new one, handed to the worker (or built now, without one)."""
    pending = ReportPdf.objects.filter(
        year=year,
        body=body,
        language=language,
        status__in=[ReportPdfStatus.QUEUED, ReportPdfStatus.RUNNING],
    ).first()
    if pending is not None:
        return pending
    pdf = ReportPdf.objects.create(year=year, body=body, language=language, requested_by=user)
    if settings.REPORT_PDF_IN_BACKGROUND:
        transaction.on_commit(lambda: enqueue(pdf.pk))
    else:
        build_report_pdf(pdf.pk)
        pdf.refresh_from_db()
    return pdf


def enqueue(pk: int) -> None:
    """Hand the PDF to the queue; when Redis does not answer, build it here and now."""
    import django_rq
    from redis.exceptions import RedisError

    try:
        django_rq.get_queue(QUEUE).enqueue(build_report_pdf, pk)
    except RedisError:
        logger.warning("The report queue is unavailable; the PDF %s is built in the request", pk)
        build_report_pdf(pk)


def build_report_pdf(pk: int) -> None:
    """Build the PDF of a requested report, writing status and progress on the record.

    A failure is recorded on the record (shown on the page with a reference) and logged with
    its traceback; it is not raised again, since the record already says what happened.
    """
    started = ReportPdf.objects.filter(pk=pk, status=ReportPdfStatus.QUEUED).update(
        status=ReportPdfStatus.RUNNING, started_at=timezone.now(), progress=0
    )
    if not started:
        return  # gone, already built, or being built by another worker
    pdf = ReportPdf.objects.select_related("body").get(pk=pk)
    try:
        with translation.override(pdf.language):
            yearly = report.build(pdf.year, pdf.body)
            _update(pdf, progress=DATA_SHARE)
            content = exports.report_pdf(yearly, progress=_progress_writer(pdf))
        pdf.file.save(pdf.filename, ContentFile(content), save=False)
        _update(
            pdf,
            file=pdf.file.name,
            status=ReportPdfStatus.DONE,
            progress=100,
            finished_at=timezone.now(),
        )
    except Exception as error:  # noqa: BLE001  every failure is recorded and shown
        logger.exception("The yearly report's PDF %s could not be made", pk)
        _update(
            pdf,
            status=ReportPdfStatus.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )


def _progress_writer(pdf: ReportPdf):
    """WeasyPrint's share of the work (0 to 1) as per cent on the record, in steps."""

    def write(share: float) -> None:
        percent = DATA_SHARE + int(share * (99 - DATA_SHARE))
        if percent >= pdf.progress + PROGRESS_STEP:
            _update(pdf, progress=percent)

    return write


def _update(pdf: ReportPdf, **fields) -> None:
    """Write the fields at once (the page reads them while the worker goes on)."""
    for name, value in fields.items():
        setattr(pdf, name, value)
    ReportPdf.objects.filter(pk=pdf.pk).update(**fields)
