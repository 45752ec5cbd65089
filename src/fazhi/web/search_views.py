"""One search box (issue 24): enterprises by name, pinyin initials or credit code, cases by number
or party, each in the user's scope (the selectors apply it; this page only lays them out); and a
person by their full ID number, for those who may see dispute parties: matched by the blind index,
shown masked."""

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


def is_id_number(q: str) -> bool:
    """A full resident ID number (18 characters, the last a digit or X): the only way to find a
    person; a partial or masked number finds nobody (no guessing by fragments)."""
    q = q.replace(" ", "")
    return len(q) == 18 and q[:17].isdigit() and (q[17].isdigit() or q[17] in "xX")


def may_find_people(user: Any) -> bool:
    return bool(user.can(Perm.DISPUTE_VIEW) or user.can(Perm.DISPUTE_VIEW_AREA))


class SearchView(AppView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return self._answer(request, search_query(request.GET))

    def post(self, request: HttpRequest) -> HttpResponse:
        """The search page's own form posts, so a typed ID number stays out of the address and the
        server's access log."""
        return self._answer(request, search_query(request.POST))

    def _answer(self, request: HttpRequest, q: str) -> HttpResponse:
        from fazhi.cases import selectors as cases
        from fazhi.registry import selectors as registry

        user: Any = request.user
        sections: list[dict[str, Any]] = []
        if q and is_id_number(q) and may_find_people(user):
            from fazhi.disputes import services as disputes

            parties = disputes.party_lookup(actor=user, id_number=q.replace(" ", ""))
            sections.append({"key": "people", "rows": parties[:SEARCH_SHOWN], "total": len(parties), "list_url": ""})
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
            {
                "q": "" if is_id_number(q) else q,  # an ID number is not written back into the page
                "searched": bool(q),
                "sections": sections,
                "can_search": user.can(Perm.ENTERPRISE_VIEW) or user.can(Perm.CASE_VIEW) or may_find_people(user),
                "find_people": may_find_people(user),
            },
        )
