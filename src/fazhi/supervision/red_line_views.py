"""The red-lines page: the national 五个严禁 (read-only) and the county's 八个不得, saved as one
list by the county supervisor (``red_lines.red_lines_save``). A refusal shows the list as typed,
each message at its field, and nothing is written."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.core.errors import ApplicationError, ConflictError, PermissionDenied, ValidationError
from fazhi.core.params import param_count, param_id, param_int
from fazhi.core.web import AppView
from fazhi.supervision import red_lines, selectors

MAX_ROWS = 50


def _rows(items: list[Any]) -> list[dict[str, Any]]:
    rows = [{"pk": r.pk, "version": r.version, "text": r.text, "active": r.active, "seq": r.seq} for r in items]
    free = max(red_lines.MAX_IN_FORCE - sum(1 for r in items if r.active), 1)
    # a blank row is not ticked: an empty line is not a red line in force (tick it when writing one)
    return rows + [{"pk": "", "version": "", "text": "", "active": False} for _n in range(free)]


class RedLineView(AppView):
    permission = Perm.SUPERVISE

    def get(
        self, request: HttpRequest, rows: list[dict[str, Any]] | None = None, errors: dict[str, str] | None = None
    ) -> HttpResponse:
        return render(
            request,
            "supervision/red_lines.html",
            {
                "national": selectors.red_lines_of(red_lines.NATIONAL_GROUP),
                "rows": rows if rows is not None else _rows(selectors.red_lines_of(red_lines.COUNTY_GROUP)),
                "errors": errors or {},
                "max_in_force": red_lines.MAX_IN_FORCE,
                "can_edit": can(request.user, Perm.WARNING_RULE_EDIT),
            },
            status=422 if errors else 200,
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        p = request.POST
        rows: list[dict[str, Any]] = []
        try:
            lines = []
            for i in range(min(param_count(p, "rows"), MAX_ROWS)):
                pk = param_id(p, f"pk_{i}")
                text = p.get(f"text_{i}", "")
                line = red_lines.RedLineInput(
                    pk=pk,
                    version=param_int(p, f"version_{i}"),
                    text=text,
                    # a line written into a blank row is a new red line, in force: its box is not
                    # ticked beforehand (an empty row is no line), so writing it is the choice
                    active=p.get(f"active_{i}") == "1" or (pk is None and bool(text.strip())),
                )
                lines.append(line)
                rows.append({**line.__dict__, "pk": line.pk or "", "version": line.version or ""})
            red_lines.red_lines_save(actor=request.user, lines=lines)
        except ConflictError as exc:
            messages.error(request, exc.message)
            return redirect("supervision:red_lines")  # the list as it now is
        except ValidationError as exc:
            details = exc.details if isinstance(exc.details, dict) else {}
            sheet = {}
            for key, message in details.items():
                field, _sep, index = key.rpartition("_")
                if field and index.isdigit() and int(index) < len(rows):
                    rows[int(index)]["error"] = message
                else:
                    sheet[key] = message
            messages.error(request, _("Nothing was saved. Correct the fields marked below."))
            return self.get(request, rows=rows, errors=sheet or {"form": ""})
        except PermissionDenied:
            raise
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("supervision:red_lines")
        messages.success(request, _("Saved; the change is in the ledger."))
        return redirect("supervision:red_lines")
