from django.urls import path

from followup import views

app_name = "followup"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("aterredovisning/", views.ReportView.as_view(), name="report"),
    path("aterredovisning/pdf/", views.ReportPdfView.as_view(), name="report-pdf"),
    path("aterredovisning/xlsx/", views.ReportXlsxView.as_view(), name="report-xlsx"),
    path(
        "finansiering/<int:pk>/",
        views.FundingSuggestionsView.as_view(),
        name="funding-suggestions",
    ),
    path("kalkylblad/", views.SpreadsheetsView.as_view(), name="spreadsheets"),
    path(
        "kalkylblad/export/<slug:dataset>.<str:file_format>",
        views.ExportView.as_view(),
        name="export",
    ),
    path("kalkylblad/import/<slug:dataset>/", views.ImportView.as_view(), name="import"),
    path("iati/aktiviteter.xml", views.IatiView.as_view(), name="iati"),
]
