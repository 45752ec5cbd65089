"""后台任务: the system administrator's list of failed background jobs, with a retry button."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fazhi.accounts import tasks_admin
from fazhi.core.errors import NotFound
from fazhi.core.web import AppView


class TaskListView(AppView):
    def get(self, request: HttpRequest) -> HttpResponse:
        rows = tasks_admin.failed_tasks(user=request.user)
        return render(request, "tasks.html", {"rows": rows})

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            tasks_admin.task_retry(actor=request.user, result_id=request.POST.get("retry", ""))
        except NotFound as exc:  # a refusal of the role answers 403 (AppView)
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The job is queued again."))
        return redirect("core:tasks")
