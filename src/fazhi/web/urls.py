from django.urls import path

from fazhi.web import views

app_name = "core"
urlpatterns = [
    path("ledger/", views.LedgerView.as_view(), name="ledger"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
]
