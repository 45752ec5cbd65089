"""The review-sheet page (评查标准): read by the reviewers and rule editors, saved as a whole by
the county (``services.review_sheet_save``). A refusal shows the sheet as typed, each message at
its field, and nothing is written."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.cases import selectors
from fazhi.cases.models import ReviewItem
from fazhi.cases.services.review_sheet import ReviewLineInput, review_sheet_save
from fazhi.cases.views.common import ReadWriteView
from fazhi.core.errors import ApplicationError, ConflictError, ValidationError
from fazhi.core.params import param_count, param_id, param_int

NEW_ROWS = 3
MAX_ROWS = 200


def _rows_of_items(items: list[ReviewItem]) -> list[dict[str, Any]]:
    rows = [
        {
            "pk": i.pk,
            "version": i.version,
            "section": i.section,
            "text": i.text,
            "points": i.points,
            "metric": i.metric,
            "active": i.active,
            "code": i.code,
        }
        for i in items
    ]
    blank = {"pk": "", "version": "", "section": "", "text": "", "points": "", "metric": "", "active": True}
    return rows + [dict(blank) for _n in range(NEW_ROWS)]


def _lines(request: HttpRequest) -> tuple[list[ReviewLineInput], list[dict[str, Any]]]:
    p = request.POST
    lines, rows = [], []
    for i in range(min(param_count(p, "rows"), MAX_ROWS)):
        line = ReviewLineInput(
            pk=param_id(p, f"pk_{i}"),
            version=param_int(p, f"version_{i}"),
            section=p.get(f"section_{i}", ""),
            text=p.get(f"text_{i}", ""),
            points=p.get(f"points_{i}", ""),
            metric=p.get(f"metric_{i}", ""),
            active=p.get(f"active_{i}") == "1",
        )
        lines.append(line)
        rows.append({**line.__dict__, "pk": line.pk or "", "version": line.version or ""})
    return lines, rows


def attach_errors(rows: list[dict[str, Any]], details: dict[str, str]) -> dict[str, str]:
    """Put each ``field_i`` message on its row (``row["errors"][field]``); return the sheet-wide
    ones (``sum_…``), shown above the table."""
    sheet: dict[str, str] = {}
    for key, message in details.items():
        field, _sep, index = key.rpartition("_")
        if field and index.isdigit() and int(index) < len(rows):
            rows[int(index)].setdefault("errors", {})[field] = message
        else:
            sheet[key] = message
    return sheet


class ReviewSheetView(ReadWriteView):
    read_permissions = (Perm.CASE_FILE_REVIEW, Perm.CASE_RULES_EDIT)
    write_permission = Perm.CASE_RULES_EDIT

    def get(
        self,
        request: HttpRequest,
        rows: list[dict[str, Any]] | None = None,
        errors: dict[str, str] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        return render(
            request,
            "cases/review_sheet.html",
            {
                "rows": rows if rows is not None else _rows_of_items(selectors.review_sheet()),
                "errors": errors or {},
                "sections": ReviewItem.Section.choices,
                "metrics": ReviewItem.Metric.choices,
                "can_edit": can(request.user, Perm.CASE_RULES_EDIT),
            },
            status=status,
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        rows: list[dict[str, Any]] = []
        try:
            lines, rows = _lines(request)
            review_sheet_save(actor=request.user, lines=lines)
        except ConflictError as exc:
            messages.error(request, exc.message)
            return self.get(request, status=409)  # the sheet as it now is
        except ValidationError as exc:
            messages.error(request, exc.message)
            details = exc.details if isinstance(exc.details, dict) else {}
            return self.get(request, rows=rows or None, errors=attach_errors(rows, details) or {"form": ""}, status=422)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return self.get(request, rows=rows or None, status=exc.http_status)
        messages.success(request, _("Saved; reviews from now on use this sheet (the change is in the ledger)."))
        return redirect("cases:review_sheet")
