from django.urls import path

from fazhi.web import tasks, tokens, users, views

app_name = "core"
urlpatterns = [
    path("ledger/", views.LedgerView.as_view(), name="ledger"),
    path("access-log/", views.AccessLogView.as_view(), name="access_log"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("tasks/", tasks.TaskListView.as_view(), name="tasks"),
    path("users/", users.UserListView.as_view(), name="user_list"),
    path("users/new/", users.UserCreateView.as_view(), name="user_create"),
    path("users/<int:pk>/roles/", users.UserRolesView.as_view(), name="user_roles"),
    path("users/<int:pk>/active/", users.UserActiveView.as_view(), name="user_active"),
    path("users/<int:pk>/password/", users.UserPasswordResetView.as_view(), name="user_password_reset"),
    path("api-tokens/", tokens.TokenListView.as_view(), name="token_list"),
    path("api-tokens/<int:pk>/revoke/", tokens.TokenRevokeView.as_view(), name="token_revoke"),
]
