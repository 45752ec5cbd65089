"""The 行政检查审批表 of an approved joint inspection, as a Word file to print."""

from __future__ import annotations

import io

from django.contrib import messages
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect

from fazhi.accounts.roles import Perm
from fazhi.core.errors import ValidationError
from fazhi.core.web import AppView, file_download
from fazhi.inspections.documents import approval_form


class ApprovalFormView(AppView):
    permission = Perm.INSPECTION_VIEW

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        try:
            inspection, data = approval_form(actor=request.user, inspection_id=pk)
        except ValidationError as exc:
            messages.error(request, exc.message)
            return redirect("inspections:approvals")
        name = f"行政检查审批表-{inspection.enterprise.name}-{inspection.date.isoformat()}.docx"
        return file_download(io.BytesIO(data), name)
