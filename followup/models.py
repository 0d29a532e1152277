"""What the follow-up app must remember: the reminders it has already e-mailed, the yearly
report's PDFs asked for and built in the background, and the coordinator's texts of each
year's report."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from governance.records import BoundedTextField, ValidatedModel


class ReminderKind(models.TextChoices):
    CALL_DEADLINE = "call_deadline", _("call deadline")
    # A yearly call's deadline: the object is the yearly call, the date tells the years apart.
    YEARLY_CALL_DEADLINE = "yearly_call", _("yearly call deadline")
    CHECK_DEADLINE = "check_deadline", _("application deadline of a funding check")
    REPORT_DUE = "report_due", _("report due to a funder")


class SentReminder(models.Model):
    """A reminder e-mailed for one dated item, so it is never sent twice for the same date."""

    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    due_on = models.DateField(_("date reminded of"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.TextField(_("recipients"), blank=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "due_on"],
                name="%(app_label)s_%(class)s_once_per_date",
                violation_error_message=_("A reminder for this date has already been sent."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.object_id} {self.due_on}"


#: A PDF still waiting this long has not been picked up: the page says the worker may be down.
STALLED_AFTER = datetime.timedelta(minutes=10)


class ReportPdfStatus(models.TextChoices):
    QUEUED = "queued", _("waiting for the worker")
    RUNNING = "running", _("being made")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


def report_pdf_path(instance, filename):
    """Internal files under MEDIA_ROOT/reports/, served only through the application."""
    return f"reports/{instance.year}/{filename}"


class ReportPdf(models.Model):
    """A yearly report's PDF asked for by someone who follows up, built by a worker (S22, #15).

    WeasyPrint needs half a minute and a few hundred MB for a year of 1,000 projects, so the PDF
    is made outside the request (followup.jobs) and kept here until it is downloaded. The file
    is internal: it is served only to those who may follow up (governance.access), never from
    MEDIA_URL.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    body = models.ForeignKey(
        "governance.Body",
        verbose_name=_("committee or board"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the whole municipality."),
    )
    language = models.CharField(_("language"), max_length=10)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportPdfStatus.choices, default=ReportPdfStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (per cent)"), default=0)
    file = models.FileField(_("file"), upload_to=report_pdf_path, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("yearly report PDF")
        verbose_name_plural = _("yearly report PDFs")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="%(app_label)s_%(class)s_progress_at_most_100",
            ),
        ]

    def __str__(self):
        return f"{self.year} #{self.pk} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status in (ReportPdfStatus.QUEUED, ReportPdfStatus.RUNNING)

    @property
    def is_ready(self) -> bool:
        return self.status == ReportPdfStatus.DONE and bool(self.file)

    def is_stalled(self, now) -> bool:
        """Queued for longer than a worker needs to start: the worker is probably down."""
        return self.status == ReportPdfStatus.QUEUED and now - self.requested_at > STALLED_AFTER

    @property
    def filename(self) -> str:
        """The report's name as a file name, in the language the PDF was made in (#13):
        internationell-arsrapport-2026.pdf, with a committee's short name after the year."""
        from followup.report import YearlyReport  # the report's module reads these models

        with translation.override(self.language or None):
            return f"{YearlyReport(year=self.year, body=self.body, as_of=None).filename_stem}.pdf"


class ImportStage(models.TextChoices):
    CHECK = "check", _("check")
    IMPORT = "import", _("import")


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("waiting for the worker")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")
    DISCARDED = "discarded", _("discarded")


def import_file_path(instance, filename):
    """Internal files under MEDIA_ROOT/imports/, kept only while the job needs them."""
    return f"imports/{filename}"


#: Row errors kept on a job for its page; the count of rows with errors is always complete.
IMPORT_ERRORS_KEPT = 500


class ImportJob(models.Model):
    """A large spreadsheet import, checked and then imported by a worker (#15).

    The uploaded file is kept (under MEDIA_ROOT/imports/, never served) only until the job
    ends: imported, refused for its errors, failed or discarded; a checked file that is not
    confirmed is deleted after ``IMPORT_FILE_KEPT_HOURS``. The record keeps who imported what,
    when, how it went and each row's errors (in the language of whoever asked).
    """

    resource = models.CharField(_("records"), max_length=30)
    file_format = models.CharField(_("format"), max_length=10)
    file = models.FileField(_("file"), upload_to=import_file_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    language = models.CharField(_("language"), max_length=10)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    stage = models.CharField(
        _("stage"), max_length=10, choices=ImportStage.choices, default=ImportStage.CHECK
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    new_rows = models.PositiveIntegerField(_("new rows"), default=0)
    updated_rows = models.PositiveIntegerField(_("updated rows"), default=0)
    error_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    #: [{"row": 3, "messages": ["..."]}, ...], at most IMPORT_ERRORS_KEPT rows.
    errors = models.JSONField(_("row errors"), default=list, blank=True)
    message = models.TextField(_("why the file was refused"), blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rows_done__lte=models.F("total_rows")),
                name="%(app_label)s_%(class)s_rows_done_at_most_total",
            ),
        ]

    def __str__(self):
        stage, status = self.get_stage_display(), self.get_status_display()
        return f"{self.resource} #{self.pk} ({stage}, {status})"

    @property
    def is_pending(self) -> bool:
        return self.status in (ImportJobStatus.QUEUED, ImportJobStatus.RUNNING)

    @property
    def is_running(self) -> bool:
        return self.status == ImportJobStatus.RUNNING

    @property
    def awaits_confirmation(self) -> bool:
        """Checked without errors: its rows are imported once whoever asked confirms."""
        return (
            self.stage == ImportStage.CHECK
            and self.status == ImportJobStatus.DONE
            and not self.error_rows
            and bool(self.file)
        )

    @property
    def has_row_errors(self) -> bool:
        return self.status == ImportJobStatus.DONE and self.error_rows > 0

    @property
    def is_imported(self) -> bool:
        return (
            self.stage == ImportStage.IMPORT
            and self.status == ImportJobStatus.DONE
            and not self.error_rows
        )

    @property
    def has_ended(self) -> bool:
        """Nothing more will happen: its file is no longer needed."""
        return not self.is_pending and not self.awaits_confirmation

    @property
    def progress(self) -> int:
        """Rows done as per cent of the file's rows."""
        if not self.total_rows:
            return 0
        return min(100, self.rows_done * 100 // self.total_rows)

    def is_stalled(self, now) -> bool:
        return self.status == ImportJobStatus.QUEUED and now - self.requested_at > STALLED_AFTER


#: The report's sections that take the coordinator's comment, in the report's order (#13).
REPORT_SECTIONS = (
    ("summary", _("Summary")),
    ("relationships", _("Relationships")),
    ("projects", _("Projects and exchanges")),
    ("participants", _("Participants by level")),
    ("objectives", _("Objectives served")),
    ("funding", _("Funding applied for and granted")),
    ("decisions", _("Decisions taken")),
    ("meetings", _("Meetings held")),
    ("visits", _("Visits")),
    ("deviations", _("Deviations from the strategy")),
)


class ReportText(ValidatedModel):
    """The coordinator's texts of one year's report (#13, S22): the introduction, a comment
    per section, the case number (diarienummer) and the body the report goes to. Shown on the
    page, in the PDF and in the XLSX of every report of the year."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    case_number = models.CharField(_("case number"), max_length=40, blank=True)
    addressed_to = models.ForeignKey(
        "governance.Body",
        verbose_name=_("goes to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The council or board the report is presented to, e.g. KF."),
    )
    introduction = BoundedTextField(_("introduction"), blank=True)
    comment_summary = BoundedTextField(_("comment on the summary"), blank=True)
    comment_relationships = BoundedTextField(_("comment on the relationships"), blank=True)
    comment_projects = BoundedTextField(_("comment on the projects and exchanges"), blank=True)
    comment_participants = BoundedTextField(_("comment on the participants"), blank=True)
    comment_objectives = BoundedTextField(_("comment on the objectives"), blank=True)
    comment_funding = BoundedTextField(_("comment on the funding"), blank=True)
    comment_decisions = BoundedTextField(_("comment on the decisions"), blank=True)
    comment_meetings = BoundedTextField(_("comment on the meetings"), blank=True)
    comment_visits = BoundedTextField(_("comment on the visits"), blank=True)
    comment_deviations = BoundedTextField(_("comment on the deviations"), blank=True)

    class Meta:
        verbose_name = _("yearly report's texts")
        verbose_name_plural = _("yearly reports' texts")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)

    def clean(self):
        errors = {}
        if self.case_number and not re.fullmatch(settings.CASE_NUMBER_PATTERN, self.case_number):
            errors["case_number"] = _(
                "The case number does not have the municipality's format, e.g. %(example)s."
            ) % {"example": settings.CASE_NUMBER_EXAMPLE}
        if self.addressed_to_id and not self.addressed_to.decides:
            errors["addressed_to"] = _(
                "The report goes to the council, the executive board or a committee; "
                "%(body)s does not take decisions."
            ) % {"body": self.addressed_to.name}
        if errors:
            raise ValidationError(errors)

    @property
    def comments(self) -> dict[str, str]:
        """The comment of each section, by its key (empty sections left out)."""
        return {
            key: getattr(self, f"comment_{key}")
            for key, _label in REPORT_SECTIONS
            if getattr(self, f"comment_{key}")
        }
