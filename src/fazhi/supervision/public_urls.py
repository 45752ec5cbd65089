from django.urls import path

from fazhi.supervision import public_views

app_name = "complaint_public"
urlpatterns = [
    path("public/complaints/new/", public_views.ComplaintFormView.as_view(), name="form"),
    path("public/complaints/r/<str:receipt>/", public_views.ComplaintReceiptView.as_view(), name="receipt"),
]
