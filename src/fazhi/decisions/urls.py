from django.urls import path

from fazhi.decisions.views import documents, office, public

app_name = "decisions"
urlpatterns = [
    path("", office.DecisionListView.as_view(), name="list"),
    path("new/", office.DecisionNewView.as_view(), name="new"),
    path("<int:pk>/", office.DecisionDetailView.as_view(), name="detail"),
    path("<int:pk>/answers/document/", office.AnswersDocumentView.as_view(), name="answers_document"),
    path("<int:pk>/notice/document/", office.NoticeDocumentView.as_view(), name="notice_document"),
    path("attachments/<int:pk>/", office.AttachmentView.as_view(), name="attachment"),
    path("reviews/<int:pk>/document/", office.ReviewDocumentView.as_view(), name="review_document"),
    path("catalogue/", office.CatalogueView.as_view(), name="catalogue"),
    path("documents/", documents.DocumentListView.as_view(), name="documents"),
    path("documents/<int:pk>/", documents.DocumentDetailView.as_view(), name="document"),
    path("documents/template/", documents.ImportTemplateView.as_view(), name="documents_template"),
    path("my-comments/", public.MyCommentsView.as_view(), name="my_comments"),
]
