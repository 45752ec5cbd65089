from django.urls import path

from fazhi.inspections import views

app_name = "inspections"
urlpatterns = [
    path("plans/", views.PlanView.as_view(), name="plan"),
    path("plans/import/", views.PlanImportView.as_view(), name="plan_import"),
    path("runs/", views.RunListView.as_view(), name="run_list"),
    path("runs/<int:pk>/", views.RunDetailView.as_view(), name="run_detail"),
    path("mine/", views.MyInspectionsView.as_view(), name="mine"),
    path("bodies/<int:pk>/caps/", views.CapView.as_view(), name="caps"),
    path("visits/<int:pk>/replan/", views.ReplanView.as_view(), name="replan"),
    path("runs/<int:pk>/approve/", views.RunApproveView.as_view(), name="run_approve"),
]
