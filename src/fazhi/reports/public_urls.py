from django.urls import path

from fazhi.reports import views

app_name = "reports_public"
urlpatterns = [
    path("public/reports/", views.PublicReportListView.as_view(), name="list"),
    path("public/reports/<int:pk>/", views.PublicReportView.as_view(), name="detail"),
]
