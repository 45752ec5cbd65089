"""One search box (issue 24): enterprises by name, pinyin initials or credit code, cases by number
or party, each in the user's scope (the selectors apply it; this page only lays them out)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fazhi.accounts.roles import Perm
from fazhi.core.web import AppView

SEARCH_SHOWN = 20  # results listed per kind; the kind's own page lists all of them
QUERY_MAX = 50  # characters of the query kept (a name, a code or a number is shorter)


def search_query(data: Any) -> str:
    """The search words as typed, trimmed and cut to QUERY_MAX characters."""
    return str(data.get("find") or "").strip()[:QUERY_MAX]


class SearchView(AppView):
    def get(self, request: HttpRequest) -> HttpResponse:
        from fazhi.cases import selectors as cases
        from fazhi.registry import selectors as registry

        user: Any = request.user
        q = search_query(request.GET)
        sections: list[dict[str, Any]] = []
        if q and user.can(Perm.ENTERPRISE_VIEW):
            qs = registry.enterprise_list(user=user, q=q).order_by("name")
            sections.append(
                {
                    "key": "enterprises",
                    "rows": list(qs[:SEARCH_SHOWN]),
                    "total": qs.count(),
                    "list_url": "registry:enterprise_list",
                }
            )
        if q and user.can(Perm.CASE_VIEW):
            cq = cases.case_list(user=user, q=q)
            sections.append(
                {"key": "cases", "rows": list(cq[:SEARCH_SHOWN]), "total": cq.count(), "list_url": "cases:list"}
            )
        return render(
            request,
            "search.html",
            {"q": q, "sections": sections, "can_search": user.can(Perm.ENTERPRISE_VIEW) or user.can(Perm.CASE_VIEW)},
        )
