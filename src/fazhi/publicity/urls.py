from django.urls import path

from fazhi.publicity.views import activities, network, plan

app_name = "publicity"
urlpatterns = [
    path("", activities.HomeView.as_view(), name="home"),
    path("activities/", activities.ActivityListView.as_view(), name="activities"),
    path("activities/new/", activities.ActivityNewView.as_view(), name="activity_new"),
    path("activities/<int:pk>/", activities.ActivityDetailView.as_view(), name="activity"),
    path("activities/<int:pk>/edit/", activities.ActivityEditView.as_view(), name="activity_edit"),
    path("activities/<int:pk>/withdraw/", activities.ActivityWithdrawView.as_view(), name="activity_withdraw"),
    path("activities/<int:pk>/photos/<int:photo>/", activities.PhotoView.as_view(), name="photo"),
    path("coverage/", plan.CoverageView.as_view(), name="coverage"),
    path("targets/", plan.TargetView.as_view(), name="targets"),
    path("villages/", plan.VillagesView.as_view(), name="villages"),
    path("import/", plan.ImportView.as_view(), name="import"),
    path("network/", network.NetworkView.as_view(), name="network"),
]
