from django.urls import path

from fazhi.people import register_views, views

app_name = "people"
urlpatterns = [
    path("", views.FileListView.as_view(), name="list"),
    path("new/", views.FileNewView.as_view(), name="new"),
    path("<int:pk>/", views.FileDetailView.as_view(), name="detail"),
    path("<int:pk>/visit/", views.VisitView.as_view(), name="visit"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("register/", register_views.RegisterView.as_view(), name="register"),
    path("exports/", register_views.ExportsView.as_view(), name="exports"),
    path("sharing/", register_views.SharingView.as_view(), name="sharing"),
]
