from django.urls import path

from fazhi.decisions.views import public

app_name = "decisions_public"
urlpatterns = [
    path("public/decisions/", public.PublicListView.as_view(), name="list"),
    path("public/decisions/<int:pk>/", public.PublicDecisionView.as_view(), name="decision"),
    path("public/decisions/attachments/<int:pk>/", public.PublicAttachmentView.as_view(), name="attachment"),
    path("public/decisions/r/<str:receipt>/", public.ReceiptView.as_view(), name="receipt"),
]
