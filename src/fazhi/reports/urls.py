from django.urls import path

from fazhi.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.FiguresView.as_view(), name="figures"),
    path("annual.docx", views.AnnualDocumentView.as_view(), name="annual_docx"),
    path("annual.pdf", views.AnnualPdfView.as_view(), name="annual_pdf"),
    path("annual/", views.AnnualReportView.as_view(), name="annual"),
]
