from django.urls import path

from fazhi.reports import statistics_views, targets_views, views

app_name = "reports"
urlpatterns = [
    path("", views.FiguresView.as_view(), name="figures"),
    path("annual.docx", views.AnnualDocumentView.as_view(), name="annual_docx"),
    path("annual.pdf", views.AnnualPdfView.as_view(), name="annual_pdf"),
    path("annual/", views.AnnualReportView.as_view(), name="annual"),
    path("targets/", targets_views.TargetsView.as_view(), name="targets"),
    path("statistics/", statistics_views.StatisticsView.as_view(), name="statistics"),
    path("statistics/import/", statistics_views.StatisticsImportView.as_view(), name="statistics_import"),
    path("statistics/template.xlsx", statistics_views.StatisticsTemplateView.as_view(), name="statistics_template"),
    path("statistics.xlsx", statistics_views.StatisticsXlsxView.as_view(), name="statistics_xlsx"),
    path("statistics.docx", statistics_views.StatisticsDocxView.as_view(), name="statistics_docx"),
]
