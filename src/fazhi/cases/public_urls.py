"""Public pages (no login): published penalty decisions (结果公示)."""

from django.urls import path

from fazhi.cases import public_views

app_name = "cases_public"
urlpatterns = [
    path("public/penalties/", public_views.DecisionListView.as_view(), name="decisions"),
    path("public/penalties/<int:pk>/", public_views.DecisionDetailView.as_view(), name="decision"),
]
