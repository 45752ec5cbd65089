"""Public pages (no login): task-code verification, published results, random draws."""

from django.urls import path

from fazhi.inspections import public_views

app_name = "public"
urlpatterns = [
    path("v/<str:token>/", public_views.VerifyView.as_view(), name="verify"),
    path("v/<str:token>/photo/<int:officer_id>/", public_views.VerifyPhotoView.as_view(), name="verify_photo"),
    path("public/results/", public_views.ResultListView.as_view(), name="results"),
    path("public/results/<int:pk>/", public_views.ResultDetailView.as_view(), name="result"),
    path("public/draws/", public_views.DrawListView.as_view(), name="draws"),
    path("public/draws/<int:pk>/", public_views.DrawDetailView.as_view(), name="draw"),
]
