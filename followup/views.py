"""Follow-up pages: the dashboard, the yearly report, funding suggestions, spreadsheets, IATI.

Views parse input, ask the queries and render. They share the staff pages' sign-in, rights and
403 page (staff.mixins.StaffMixin); who may see them is ``request.rights.may_follow_up`` (the
coordinator and KS) and, for changing records, ``is_coordinator``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.generic import DetailView, RedirectView, TemplateView, View

from followup import exports, jobs, report, spreadsheets
from followup.forms import ConfirmImportForm, ImportForm, ReportForm, ReportTextForm
from followup.models import ImportJob, ReportPdf, ReportText
from followup.queries import dashboard, deadlines, key_figures
from followup.resources import EXPORTS, IMPORTS, make_resource
from governance.spreadsheet_cells import safe_dataset
from projects import queries as project_queries
from staff.mixins import StaffMixin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The PDFs asked for earlier that the PDF page lists for the same year and scope.
EARLIER_PDFS_SHOWN = 5
#: The coordinator's own import jobs listed on the spreadsheets page.
RECENT_IMPORT_JOBS = 5
EXPORT_TYPES = {"xlsx": XLSX, "csv": "text/csv; charset=utf-8"}


class FollowupAccessMixin(StaffMixin):
    """The staff pages' sign-in, rights and 403 page; the right here is to follow up."""

    def allowed(self) -> bool:
        return self.rights.may_follow_up

    def get_context_data(self, **kwargs):
        kwargs.setdefault("user_is_coordinator", self.rights.is_coordinator)
        return super().get_context_data(**kwargs)


class CoordinatorOnlyMixin(FollowupAccessMixin):
    """Spreadsheets change and reveal every record: the coordinator's alone."""

    def allowed(self) -> bool:
        return self.rights.is_coordinator


class DashboardView(FollowupAccessMixin, TemplateView):
    """Every place where the municipality departs from its strategy, live."""

    template_name = "followup/dashboard.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        rows = dashboard.rows(today)
        by_funder, by_body = report.funding_figures(today.year)
        coming, overdue = deadlines.coming_and_overdue(today)
        return super().get_context_data(
            today=today,
            rows=rows,
            figures=key_figures.key_figures(today),
            funding_by_funder=by_funder,
            funding_by_body=by_body,
            deviation_count=sum(1 for row in rows if row.is_deviation),
            due_soon_count=sum(1 for row in rows if row.state == dashboard.State.DUE_SOON),
            coming=coming,
            overdue=overdue,
            window_days=deadlines.WINDOW_DAYS,
            # Approved work not yet on the public site, for whoever publishes it (#12).
            unpublished=(
                project_queries.awaiting_publication() if self.rights.may_publish else ([], 0)
            ),
            **kwargs,
        )


class ReportMixin(FollowupAccessMixin):
    """Reads the year and the scope from the query string and builds the report."""

    http_method_names = ["get", "head"]

    def get_form(self):
        data = self.request.GET or {"year": timezone.localdate().year}
        return ReportForm(data)

    def get_report(self, form):
        return report.build(form.cleaned_data["year"], form.cleaned_data["body"])


class ReportView(ReportMixin, TemplateView):
    """The yearly report as a page, with links to its PDF and XLSX (S22)."""

    template_name = "followup/report.html"

    def get_context_data(self, **kwargs):
        form = self.get_form()
        context = super().get_context_data(form=form, **kwargs)
        if form.is_valid():
            context["report"] = self.get_report(form)
            context["query"] = self.request.GET.urlencode() or f"year={form.cleaned_data['year']}"
        return context

    def render_to_response(self, context, **kwargs):
        if context["form"].is_bound and not context["form"].is_valid():
            kwargs["status"] = 400
        return super().render_to_response(context, **kwargs)


class ReportDocumentView(ReportMixin, View):
    """The report as a file; a bad year or a year with no data gets the page's message."""

    def get(self, request):
        form = self.get_form()
        yearly = self.get_report(form) if form.is_valid() else None
        if yearly is None or yearly.is_empty:
            # The page says what is wrong (a bad year, or nothing recorded); no file is made.
            response = ReportView.as_view()(request)
            response.status_code = 400 if yearly is None else 404
            return response
        response = HttpResponse(self.render(yearly), content_type=self.content_type)
        filename = f"{yearly.filename_stem}.{self.extension}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ReportPdfView(ReportMixin, TemplateView):
    """The report's PDF is asked for here and built by a worker (followup.jobs, #15).

    GET shows what may be asked for (a bad year or a year without data gets the report page's
    message, as the XLSX does); POST asks for it and goes to the page that shows its progress.
    """

    template_name = "followup/report_pdf_request.html"
    http_method_names = ["get", "head", "post"]

    def checked_report(self):
        """The report the query string names, or the report page's answer why there is none."""
        form = self.get_form()
        yearly = self.get_report(form) if form.is_valid() else None
        if yearly is None or yearly.is_empty:
            response = ReportView.as_view()(self.request)
            response.status_code = 400 if yearly is None else 404
            return form, None, response
        return form, yearly, None

    def get(self, request, *args, **kwargs):
        form, yearly, refusal = self.checked_report()
        if refusal is not None:
            return refusal
        earlier = ReportPdf.objects.filter(year=yearly.year, body=yearly.body).select_related(
            "requested_by"
        )[:EARLIER_PDFS_SHOWN]
        return self.render_to_response(
            self.get_context_data(
                report=yearly, query=request.GET.urlencode(), earlier=earlier, now=timezone.now()
            )
        )

    def post(self, request, *args, **kwargs):
        form, yearly, refusal = self.checked_report()
        if refusal is not None:
            return refusal
        pdf = jobs.request_pdf(
            year=yearly.year,
            body=yearly.body,
            user=request.user,
            language=translation.get_language(),
        )
        return redirect("followup:report-pdf-status", pk=pdf.pk)


class ReportPdfStatusView(FollowupAccessMixin, DetailView):
    """How far the worker has come with a requested PDF; its download once it is ready.

    The page works without JavaScript (a link reloads it); with it, job_progress.js asks
    for ``?format=json`` every few seconds and updates the progress and its live region.
    """

    model = ReportPdf
    template_name = "followup/report_pdf_status.html"
    context_object_name = "pdf"
    http_method_names = ["get", "head"]

    def get_queryset(self):
        return ReportPdf.objects.select_related("body", "requested_by")

    def render_to_response(self, context, **kwargs):
        pdf = context["pdf"]
        if self.request.GET.get("format") == "json":
            return JsonResponse(
                {
                    "status": pdf.status,
                    "status_display": str(pdf.get_status_display()),
                    "progress": pdf.progress,
                    "pending": pdf.is_pending,
                }
            )
        context["stalled"] = pdf.is_stalled(timezone.now())
        return super().render_to_response(context, **kwargs)


class ReportPdfFileView(FollowupAccessMixin, View):
    """The PDF itself, internal: only to those who may follow up, never from MEDIA_URL."""

    http_method_names = ["get", "head"]

    def get(self, request, pk):
        pdf = ReportPdf.objects.select_related("body").filter(pk=pk).first()
        if pdf is None or not pdf.is_ready:
            raise Http404(_("This PDF is not ready."))
        response = FileResponse(
            pdf.file.open("rb"),
            as_attachment=True,
            filename=pdf.filename,
            content_type="application/pdf",
        )
        return response


class ReportXlsxView(ReportDocumentView):
    content_type = XLSX
    extension = "xlsx"

    def render(self, yearly):
        return exports.report_xlsx(yearly)


class ReportTextsView(CoordinatorOnlyMixin, TemplateView):
    """The coordinator writes the year's introduction, a comment per section, the case number
    and the body the report goes to (#13); every report of the year shows them."""

    template_name = "followup/report_texts.html"
    http_method_names = ["get", "head", "post"]

    def year(self):
        form = ReportForm({"year": self.request.GET.get("year") or timezone.localdate().year})
        return form.cleaned_data["year"] if form.is_valid() else None, form

    def get(self, request, *args, **kwargs):
        year, year_form = self.year()
        if year is None:
            return self.render_to_response(self.get_context_data(year_form=year_form), status=400)
        texts = ReportText.objects.filter(year=year).first() or ReportText(year=year)
        form = ReportTextForm(instance=texts)
        return self.render_to_response(self.get_context_data(year=year, form=form))

    def post(self, request, *args, **kwargs):
        year, year_form = self.year()
        if year is None:
            return self.render_to_response(self.get_context_data(year_form=year_form), status=400)
        texts = ReportText.objects.filter(year=year).first() or ReportText(year=year)
        form = ReportTextForm(request.POST, instance=texts)
        if not form.is_valid():
            context = self.get_context_data(year=year, form=form)
            return self.render_to_response(context, status=400)
        form.save()
        saved = _("The texts of the report of %(year)s are saved.") % {"year": year}
        messages.success(request, saved)
        return redirect(f"{reverse('followup:report')}?year={year}")


class FundingSuggestionsView(RedirectView):
    """The programmes that may fund a project are shown on the project's staff page (its own
    staff, a school included, see them there); an old address of this page leads there."""

    permanent = True
    pattern_name = "staff:funding-suggestions"
    http_method_names = ["get", "head"]


class SpreadsheetsView(CoordinatorOnlyMixin, TemplateView):
    """Exports of the records and imports of projects and funding checks."""

    template_name = "followup/spreadsheets.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            exports=[(key, label) for key, (_r, label) in EXPORTS.items()],
            imports=[(key, label, ImportForm(prefix=key)) for key, (_r, label) in IMPORTS.items()],
            import_jobs=[
                (job, IMPORTS[job.resource][1] if job.resource in IMPORTS else job.resource)
                for job in ImportJob.objects.filter(requested_by=self.request.user)[
                    :RECENT_IMPORT_JOBS
                ]
            ],
            **kwargs,
        )


class ExportView(CoordinatorOnlyMixin, View):
    """One kind of record as XLSX or CSV."""

    http_method_names = ["get", "head"]

    def get(self, request, dataset, file_format):
        if dataset not in EXPORTS or file_format not in EXPORT_TYPES:
            raise Http404
        # Every cell neutralised (governance.spreadsheet_cells): no editor's text runs as a formula.
        data = safe_dataset(EXPORTS[dataset][0]().export())
        content = data.export(file_format)
        response = HttpResponse(content, content_type=EXPORT_TYPES[file_format])
        filename = f"{dataset}-{timezone.localdate().isoformat()}.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ImportView(FollowupAccessMixin, TemplateView):
    """Upload, preview each row's errors, confirm; nothing is saved unless every row passes.

    A file of more than ``IMPORT_BACKGROUND_ROWS`` rows (or bytes than ``IMPORT_MAX_BYTES``)
    becomes an import job (followup.jobs), checked and imported by the worker.
    """

    template_name = "followup/import_preview.html"
    http_method_names = ["post"]

    def allowed(self) -> bool:
        return self.rights.may_import

    def resource(self, dataset):
        return make_resource(dataset, self.request.user)

    def post(self, request, dataset):
        if dataset not in IMPORTS:
            raise Http404
        if dataset == "funding-checks" and getattr(request.user, "person", None) is None:
            messages.error(request, _("Your account is not linked to a person who checks."))
            return redirect("followup:spreadsheets")
        confirming = "payload" in request.POST
        form = (
            ConfirmImportForm(request.POST)
            if confirming
            else ImportForm(request.POST, request.FILES, prefix=dataset)
        )
        if not form.is_valid():
            return self.failed(dataset, form=form)
        content = form.cleaned_data["payload" if confirming else "file"]
        file_format = form.cleaned_data["format"]
        try:
            if not confirming:
                rows = spreadsheets.inspect(content, file_format, max_rows=jobs.largest_job())
                if jobs.needs_job(rows=rows, size=len(content)):
                    job = jobs.request_import(
                        resource=dataset,
                        content=content,
                        file_format=file_format,
                        name=form.cleaned_data["name"],
                        rows=rows,
                        user=request.user,
                        language=translation.get_language(),
                    )
                    return redirect("followup:import-job", pk=job.pk)
            data = spreadsheets.load(content, file_format)
            outcome = spreadsheets.run(self.resource(dataset), data, dry_run=not confirming)
        except spreadsheets.SpreadsheetError as error:
            return self.failed(dataset, message=str(error))
        if outcome.saved:
            messages.success(
                request, _("%(count)s rows were imported.") % {"count": len(outcome.rows)}
            )
            return redirect("followup:spreadsheets")
        confirm = ConfirmImportForm(
            initial={"payload": ConfirmImportForm.encode(content), "format": file_format}
        )
        status = 400 if outcome.has_errors else 200
        return self.render_to_response(
            self.get_context_data(
                dataset=dataset,
                label=IMPORTS[dataset][1],
                outcome=outcome,
                confirm=None if outcome.has_errors else confirm,
            ),
            status=status,
        )

    def failed(self, dataset, *, form=None, message=None):
        context = self.get_context_data(
            dataset=dataset, label=IMPORTS[dataset][1], form=form, message=message
        )
        return self.render_to_response(context, status=400)


class ImportJobView(FollowupAccessMixin, DetailView):
    """A large import's progress, its row errors and result; its confirmation (#15).

    Only whoever asked for the job sees it (``Rights.may_see_import_job``): its rows and errors
    come from their file. Like the PDF's page it works without JavaScript (a link reloads it);
    with it, job_progress.js asks for ``?format=json`` every few seconds.
    """

    model = ImportJob
    template_name = "followup/import_job.html"
    context_object_name = "job"
    http_method_names = ["get", "head", "post"]

    def allowed(self) -> bool:
        return self.rights.may_import

    def get_object(self, queryset=None):
        job = super().get_object(queryset)
        if not self.rights.may_see_import_job(job):
            raise PermissionDenied(_("This import was asked for by someone else."))
        return job

    def get_context_data(self, **kwargs):
        job = self.object
        done = jobs.rows_done(job)
        return super().get_context_data(
            label=IMPORTS[job.resource][1] if job.resource in IMPORTS else job.resource,
            rows_done=done,
            progress=done * 100 // job.total_rows if job.total_rows else 0,
            stalled=job.is_stalled(timezone.now()),
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        if self.request.GET.get("format") == "json":
            job = context["job"]
            return JsonResponse(
                {
                    "status": job.status,
                    "stage": job.stage,
                    "pending": job.is_pending,
                    "progress": context["progress"],
                    "done": context["rows_done"],
                    "total": job.total_rows,
                }
            )
        return super().render_to_response(context, **kwargs)

    def post(self, request, *args, **kwargs):
        job = self.get_object()
        action = request.POST.get("action")
        if action == "confirm" and jobs.confirm_import(job):
            return redirect("followup:import-job", pk=job.pk)
        if action == "discard" and jobs.discard_import(job):
            messages.success(request, _("The import was discarded and its file deleted."))
            return redirect("followup:spreadsheets")
        messages.error(request, _("This import no longer waits for a confirmation."))
        return redirect("followup:import-job", pk=job.pk)


class IatiView(FollowupAccessMixin, View):
    """The published aid-funded activities as IATI 2.03 XML, for the IATI Registry."""

    http_method_names = ["get", "head"]

    def get(self, request):
        # Imported here: its lxml is 5 MB in every web worker, which serve this file rarely.
        from followup import iati

        response = HttpResponse(iati.activities_xml(), content_type="application/xml")
        response["Content-Disposition"] = 'attachment; filename="iati-activities.xml"'
        return response
