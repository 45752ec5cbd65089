from django.urls import include, path

from fazhi.api.routes import api
from fazhi.web.search_views import SearchView
from fazhi.web.views import HomeView, SectionLandingView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("search/", SearchView.as_view(), name="search"),
    path("accounts/", include("fazhi.accounts.urls")),
    path("registry/", include("fazhi.registry.urls")),
    path("inspections/", SectionLandingView.as_view(group="inspections"), name="inspections_home"),
    path("inspections/", include("fazhi.inspections.urls")),
    path("supervision/", include("fazhi.supervision.urls")),
    path("cases/", include("fazhi.cases.urls")),
    path("reports/", include("fazhi.reports.urls")),
    path("training/", include("fazhi.training.urls")),
    path("disputes/", include("fazhi.disputes.urls")),
    path("decisions/", include("fazhi.decisions.urls")),
    path("publicity/", include("fazhi.publicity.urls")),
    path("people/", include("fazhi.people.urls")),
    path("system/", include("fazhi.web.urls")),
    path("api/v1/", api.urls),
    path("", include("fazhi.inspections.public_urls")),
    path("", include("fazhi.supervision.public_urls")),
    path("", include("fazhi.reports.public_urls")),
    path("", include("fazhi.cases.public_urls")),
    path("", include("fazhi.decisions.public_urls")),
]

handler403 = "fazhi.web.errors.forbidden"
handler404 = "fazhi.web.errors.not_found"
handler500 = "fazhi.web.errors.server_error"
