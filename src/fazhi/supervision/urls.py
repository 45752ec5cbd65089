from django.urls import path

from fazhi.supervision import views

app_name = "supervision"
urlpatterns = [
    path("complaints/", views.ComplaintListView.as_view(), name="complaints"),
]
