from django.urls import path

from fazhi.registry import views

app_name = "registry"
urlpatterns = [
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("enterprises/new/", views.EnterpriseEditView.as_view(), name="enterprise_create"),
    path("enterprises/<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.EnterpriseEditView.as_view(), name="enterprise_edit"),
    path("officers/", views.OfficerListView.as_view(), name="officer_list"),
    path("officers/new/", views.OfficerEditView.as_view(), name="officer_create"),
    path("officers/<int:pk>/", views.OfficerDetailView.as_view(), name="officer_detail"),
    path("officers/<int:pk>/edit/", views.OfficerEditView.as_view(), name="officer_edit"),
    path("bodies/", views.BodyListView.as_view(), name="body_list"),
    path("bodies/new/", views.BodyCreateView.as_view(), name="body_create"),
    path("bodies/<int:pk>/", views.BodyDetailView.as_view(), name="body_detail"),
    path("bodies/<int:pk>/edit/", views.BodyEditView.as_view(), name="body_edit"),
    path("matters/", views.MatterListView.as_view(), name="matter_list"),
    path("matters/new/", views.MatterEditView.as_view(), name="matter_create"),
    path("matters/<int:pk>/", views.MatterDetailView.as_view(), name="matter_detail"),
    path("matters/<int:pk>/edit/", views.MatterEditView.as_view(), name="matter_edit"),
    path("regions/", views.RegionListView.as_view(), name="region_list"),
    path("export/<slug:kind>.xlsx", views.ExportView.as_view(), name="export"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/<int:pk>/", views.ImportJobView.as_view(), name="import_job"),
    path("import/<int:pk>/errors.xlsx", views.ImportErrorsView.as_view(), name="import_errors"),
    path("import/template/<slug:kind>.xlsx", views.TemplateView.as_view(), name="import_template"),
]
