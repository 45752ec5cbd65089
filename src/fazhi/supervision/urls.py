from django.urls import path

from fazhi.supervision import red_line_views, views

app_name = "supervision"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("warnings/", views.WarningListView.as_view(), name="warnings"),
    path("rules/", views.RuleView.as_view(), name="rules"),
    path("complaints/", views.ComplaintListView.as_view(), name="complaints"),
    path("opinions/", views.OpinionView.as_view(), name="opinion"),
    path("accountability/", views.AccountabilityView.as_view(), name="accountability"),
    path("red-lines/", red_line_views.RedLineView.as_view(), name="red_lines"),
]
