"""Follow-up pages, under /uppfoljning/ (Swedish paths) and /en/follow-up/ (English paths).

The IATI file keeps one address in both languages: it is a data file that tools fetch.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from followup import views

app_name = "followup"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path(_("report/"), views.ReportView.as_view(), name="report"),
    path(_("report/pdf/"), views.ReportPdfView.as_view(), name="report-pdf"),
    path(_("report/pdf/<int:pk>/"), views.ReportPdfStatusView.as_view(), name="report-pdf-status"),
    path(_("report/pdf/<int:pk>/file/"), views.ReportPdfFileView.as_view(), name="report-pdf-file"),
    path(_("report/xlsx/"), views.ReportXlsxView.as_view(), name="report-xlsx"),
    path(_("report/texts/"), views.ReportTextsView.as_view(), name="report-texts"),
    path(
        _("funding/<int:pk>/"),
        views.FundingSuggestionsView.as_view(),
        name="funding-suggestions",
    ),
    path(_("spreadsheets/"), views.SpreadsheetsView.as_view(), name="spreadsheets"),
    path(
        _("spreadsheets/export/<slug:dataset>.<str:file_format>"),
        views.ExportView.as_view(),
        name="export",
    ),
    path(_("spreadsheets/import/<slug:dataset>/"), views.ImportView.as_view(), name="import"),
    path(_("spreadsheets/imports/<int:pk>/"), views.ImportJobView.as_view(), name="import-job"),
    path("iati/aktiviteter.xml", views.IatiView.as_view(), name="iati"),
]
