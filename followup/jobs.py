"""Work done by a worker of the task queue (RQ on REDIS_URL) (#15): the yearly report's PDF
(S22) and large spreadsheet imports.

``request_pdf`` records what was asked for and hands it to the queue ``reports`` once the
request's transaction has committed; a worker (`manage.py rqworker reports`) runs
``build_report_pdf``, which writes its progress on the record as it goes, so the page can show
it. Without a queue (``REPORT_PDF_IN_BACKGROUND`` off, as in the quick start, which has no
Redis) the PDF is built in the request. If Redis does not answer, the PDF is built in the
request too: a queue that is gone costs time, not the report.
"""

import datetime
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from followup import exports, report, spreadsheets
from followup.models import (
    IMPORT_ERRORS_KEPT,
    ImportJob,
    ImportJobStatus,
    ImportStage,
    ReportPdf,
    ReportPdfStatus,
)
from followup.resources import make_resource

logger = logging.getLogger(__name__)

QUEUE = "reports"
IMPORT_QUEUE = "imports"
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


def enqueue(pk: int, task=None, queue: str = QUEUE) -> None:
    """Hand the work to the queue; when Redis does not answer, do it here and now."""
    import django_rq
    from redis.exceptions import RedisError

    task = task or build_report_pdf
    try:
        django_rq.get_queue(queue).enqueue(task, pk)
    except RedisError:
        logger.warning("The queue %s is unavailable; %s(%s) runs in the request", queue, task, pk)
        task(pk)


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


# --- Large imports -----------------------------------------------------------------------------


def needs_job(*, rows: int, size: int) -> bool:
    """An import too large to check and confirm within a request's page (#15)."""
    return rows > settings.IMPORT_BACKGROUND_ROWS or size > settings.IMPORT_MAX_BYTES


def largest_job() -> int:
    """The most rows a job may have: the worker's bound, or the request's without a worker."""
    if settings.IMPORT_IN_BACKGROUND:
        return max(settings.IMPORT_MAX_ROWS, settings.IMPORT_BACKGROUND_MAX_ROWS)
    return settings.IMPORT_MAX_ROWS


def request_import(
    *, resource: str, content: bytes, file_format: str, name: str, rows: int, user, language: str
) -> ImportJob:
    """Keep the file and have it checked, by the worker or (without one) here and now."""
    discard_abandoned_imports(timezone.now())
    job = ImportJob(
        resource=resource,
        file_format=file_format,
        file_name=name,
        language=language,
        requested_by=user,
        total_rows=rows,
    )
    # A name nobody can guess or take for another job's: the file holds personal data.
    job.file.save(f"{uuid.uuid4().hex}.{file_format}", ContentFile(content), save=False)
    job.save()
    _start(job)
    return job


def confirm_import(job: ImportJob) -> bool:
    """Have a checked job's rows imported; False if it no longer awaits confirmation."""
    if not job.awaits_confirmation:
        return False
    handed = ImportJob.objects.filter(
        pk=job.pk, stage=ImportStage.CHECK, status=ImportJobStatus.DONE, error_rows=0
    ).update(
        stage=ImportStage.IMPORT,
        status=ImportJobStatus.QUEUED,
        rows_done=0,
        started_at=None,
        finished_at=None,
    )
    if not handed:
        return False
    job.refresh_from_db()
    _start(job)
    return True


def discard_import(job: ImportJob) -> bool:
    """Drop a checked job without importing it: its file is deleted at once."""
    if not job.awaits_confirmation:
        return False
    _end(job, status=ImportJobStatus.DISCARDED, finished_at=timezone.now())
    return True


def discard_abandoned_imports(now) -> int:
    """Delete the files of checked jobs nobody confirmed within ``IMPORT_FILE_KEPT_HOURS``."""
    before = now - datetime.timedelta(hours=settings.IMPORT_FILE_KEPT_HOURS)
    stale = ImportJob.objects.filter(
        stage=ImportStage.CHECK, status=ImportJobStatus.DONE, finished_at__lt=before
    ).exclude(file="")
    count = 0
    for job in stale:
        _end(job, status=ImportJobStatus.DISCARDED)
        count += 1
    return count


def _start(job: ImportJob) -> None:
    if settings.IMPORT_IN_BACKGROUND:
        transaction.on_commit(lambda: enqueue(job.pk, run_import_job, IMPORT_QUEUE))
    else:
        run_import_job(job.pk)
        job.refresh_from_db()


def run_import_job(pk: int) -> None:
    """Check a job's file (a dry run) or import it, writing progress, counts and row errors.

    A file that cannot be imported at all (its columns, a repeated key) is refused with the
    reason in the user's language; an unexpected failure is recorded and logged with its
    traceback. Either way, and whenever the job has ended, its file is deleted.
    """
    started = ImportJob.objects.filter(pk=pk, status=ImportJobStatus.QUEUED).update(
        status=ImportJobStatus.RUNNING, started_at=timezone.now(), rows_done=0
    )
    if not started:
        return  # gone, discarded, or taken by another worker
    job = ImportJob.objects.select_related("requested_by__person").get(pk=pk)
    checking = job.stage == ImportStage.CHECK
    try:
        with translation.override(job.language):
            with job.file.open("rb") as handle:
                content = handle.read()
            dataset = spreadsheets.load(content, job.file_format, max_rows=largest_job())
            outcome = spreadsheets.run(
                make_resource(job.resource, job.requested_by),
                dataset,
                dry_run=checking,
                max_rows=largest_job(),
                progress=_rows_done_writer(job),
            )
    except spreadsheets.SpreadsheetError as refusal:
        _end(job, status=ImportJobStatus.FAILED, message=str(refusal), finished_at=timezone.now())
        return
    except Exception as error:  # noqa: BLE001  every failure is recorded and shown
        logger.exception("The import job %s failed", pk)
        _end(
            job,
            status=ImportJobStatus.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        return
    failed_rows = [row for row in outcome.rows if row.errors]
    fields = {
        "status": ImportJobStatus.DONE,
        "total_rows": len(outcome.rows),
        "rows_done": len(outcome.rows),
        "new_rows": sum(1 for row in outcome.rows if row.action == "new" and not row.errors),
        "updated_rows": sum(1 for row in outcome.rows if row.action == "update" and not row.errors),
        "error_rows": len(failed_rows),
        "errors": [
            {"row": row.number, "messages": [str(m) for m in row.errors]}
            for row in failed_rows[:IMPORT_ERRORS_KEPT]
        ],
        "finished_at": timezone.now(),
    }
    if checking and not failed_rows:
        _update_job(job, **fields)  # the file waits for the confirmation
    else:
        _end(job, **fields)


def rows_done(job: ImportJob) -> int:
    """How many rows a running job has done, as its worker last wrote it."""
    if not job.is_running:
        return job.rows_done
    try:
        done = cache.get(_progress_key(job.pk, job.stage))
    except Exception:  # noqa: BLE001  a cache that is gone costs the progress, not the page
        done = None
    return min(job.total_rows, max(job.rows_done, done or 0))


def _progress_key(pk: int, stage: str) -> str:
    return f"followup:import-job:{pk}:{stage}:rows-done"


def _rows_done_writer(job: ImportJob):
    """The rows done, in the cache every per cent or so (the database would show them only
    once the import's transaction commits)."""
    step = max(1, job.total_rows // 100)
    key = _progress_key(job.pk, job.stage)

    def write(number: int) -> None:
        if number % step == 0 or number == job.total_rows:
            try:
                cache.set(key, number, timeout=24 * 3600)
            except Exception:  # noqa: BLE001  no progress shown, the import goes on
                logger.warning("The import job %s could not write its progress", job.pk)

    return write


def _end(job: ImportJob, **fields) -> None:
    """The job has ended: its file (personal data) is deleted, its record kept."""
    if job.file:
        job.file.delete(save=False)
    _update_job(job, file="", **fields)


def _update_job(job: ImportJob, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields)
