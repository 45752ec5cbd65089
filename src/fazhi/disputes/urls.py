from django.urls import path

from fazhi.disputes import register_views, views

app_name = "disputes"
urlpatterns = [
    path("", views.DisputeListView.as_view(), name="list"),
    path("new/", views.DisputeNewView.as_view(), name="new"),
    path("<int:pk>/", views.DisputeDetailView.as_view(), name="detail"),
    path("<int:pk>/session/", views.SessionView.as_view(), name="session"),
    path("agreements/<int:pk>/document/", views.AgreementDocumentView.as_view(), name="agreement_document"),
    path("follow-ups/<int:pk>/", views.FollowUpView.as_view(), name="follow_up"),
    path("figures/", register_views.FiguresView.as_view(), name="figures"),
    path("register/", register_views.RegisterView.as_view(), name="register"),
    path("risks/", register_views.RiskView.as_view(), name="risks"),
    path("import/", register_views.ImportView.as_view(), name="import"),
]
