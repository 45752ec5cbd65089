from django.urls import path

from fazhi.cases import pdf_views, views

app_name = "cases"
urlpatterns = [
    path("", views.CaseListView.as_view(), name="list"),
    path("new/", views.CaseNewView.as_view(), name="new"),
    path("summary/", views.SummaryView.as_view(), name="summary"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="detail"),
    path("<int:pk>/review/", views.ReviewView.as_view(), name="review"),
    path("documents/<int:pk>/", views.DocumentView.as_view(), name="document"),
    path("documents/<int:pk>/pdf/", pdf_views.DocumentPdfView.as_view(), name="document_pdf"),
    path("evidence/<int:pk>/", views.EvidenceView.as_view(), name="evidence"),
    path("rules/", views.RulesView.as_view(), name="rules"),
    path("reviews/", views.ReviewListView.as_view(), name="reviews"),
    path("review-sheet/", views.ReviewSheetView.as_view(), name="review_sheet"),
    path("guidance/", views.GuidanceView.as_view(), name="guidance"),
]
