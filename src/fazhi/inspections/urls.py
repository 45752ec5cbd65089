from django.urls import path

from fazhi.inspections import approval_form_views, onsite_views, portal_views, remote_views, views

app_name = "inspections"
urlpatterns = [
    path("plans/", views.PlanView.as_view(), name="plan"),
    path("plans/import/", views.PlanImportView.as_view(), name="plan_import"),
    path("runs/", views.RunListView.as_view(), name="run_list"),
    path("runs/<int:pk>/", views.RunDetailView.as_view(), name="run_detail"),
    path("mine/", views.MyInspectionsView.as_view(), name="mine"),
    path("bodies/<int:pk>/caps/", views.CapView.as_view(), name="caps"),
    path("visits/<int:pk>/replan/", views.ReplanView.as_view(), name="replan"),
    path("visits/<int:pk>/code.svg", portal_views.TaskCodeView.as_view(), name="task_code"),
    path("runs/<int:pk>/approve/", views.RunApproveView.as_view(), name="run_approve"),
    path("approvals/", views.ApprovalsView.as_view(), name="approvals"),
    path("visits/<int:pk>/approval-form/", approval_form_views.ApprovalFormView.as_view(), name="approval_form"),
    path("visits/<int:pk>/answer-return/", views.VisitActionView.as_view(), name="visit_action"),
    path("records/", onsite_views.RecordListView.as_view(), name="records"),
    path("records/enterprises/", onsite_views.EnterpriseOptionsView.as_view(), name="enterprise_options"),
    path("records/new/", onsite_views.RecordNewView.as_view(), name="record_new"),
    path("records/<int:pk>/", onsite_views.RecordView.as_view(), name="record"),
    path("records/<int:pk>/answer/", onsite_views.AnswerView.as_view(), name="answer"),
    path("records/<int:pk>/evidence/", onsite_views.EvidenceView.as_view(), name="evidence"),
    path("records/<int:pk>/sign/", onsite_views.SignView.as_view(), name="sign"),
    path("records/<int:pk>/finish/", onsite_views.FinishView.as_view(), name="finish"),
    path("records/<int:pk>/recheck/", onsite_views.RecheckView.as_view(), name="recheck"),
    path("records/<int:pk>/file/", onsite_views.FileView.as_view(), name="file"),
    path("evidence/<int:pk>/", onsite_views.EvidenceFileView.as_view(), name="evidence_file"),
    path("enterprises/<int:pk>/code/", portal_views.EnterprisePosterView.as_view(), name="poster"),
    path("publications/", portal_views.PublicationManageView.as_view(), name="publications"),
    path("draws/new/", portal_views.DrawCreateView.as_view(), name="draw_new"),
    path("portal/", portal_views.PortalView.as_view(), name="portal"),
    path("visits/<int:pk>/remote/", remote_views.RemoteStartView.as_view(), name="remote_start"),
    path(
        "records/<int:pk>/approve-afterwards/",
        remote_views.ApproveAfterwardsView.as_view(),
        name="approve_afterwards",
    ),
    # scanning the enterprise code opens this (short: QR codes stay small)
    path("s/<str:token>/", onsite_views.ScanView.as_view(), name="scan"),
]
