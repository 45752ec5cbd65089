"""Walk the URLconf: every page that is not public requires a login."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db
PUBLIC = {
    "accounts/login/",
    "api/v1/openapi.json",
    "api/v1/docs",
    # 亮证 and 结果公示 / 双随机、一公开 are public by law (domain-rules §1–2)
    "v/<str:token>/",
    "v/<str:token>/photo/<int:officer_id>/",
    "public/results/",
    "public/results/<int:pk>/",
    "public/draws/",
    "public/draws/<int:pk>/",
    "public/penalties/",  # 行政处罚决定公示 (国办发〔2018〕118号)
    "public/penalties/<int:pk>/",
    # 投诉举报: anyone may complain or report and follow the answer with the signed receipt
    "public/complaints/new/",
    "public/complaints/r/<str:receipt>/",
    # 重大行政决策公众参与: drafts open for comment and published decisions, the comment receipt
    "public/decisions/",
    "public/decisions/<int:pk>/",
    "public/decisions/r/<str:receipt>/",
    "public/decisions/attachments/<int:pk>/",
    # 法治政府建设年度报告: public before 1 April (督察工作规定 art. 24), once the leader published it
    "public/reports/",
    "public/reports/<int:pk>/",
}


def patterns(resolver: Any = None, prefix: str = "") -> list[str]:
    out = []
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            if str(p.pattern).startswith("django-admin/"):
                continue
            out += patterns(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            out.append(prefix + str(p.pattern))
    return out


def concrete(route: str) -> str:
    import re

    route = re.sub(r"<slug:\w+>", "enterprises", route)
    return "/" + re.sub(r"<(?:\w+:)?\w+>", "1", route).lstrip("^").rstrip("$")


def test_every_non_public_page_requires_login(world: Any) -> None:
    c = Client()
    checked = 0
    for route in patterns():
        if route in PUBLIC or route.startswith("api/v1/"):
            continue
        url = concrete(route)
        response = c.get(url)
        if response.status_code == 405:  # a form that only takes POST: the POST must be sent to log in
            response = c.post(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
        checked += 1
    assert checked >= 20


def test_every_api_route_requires_a_token(world: Any) -> None:
    c = Client()
    for route in patterns():
        if not route.startswith("api/v1/") or route in PUBLIC or route == "api/v1/":
            continue
        response = c.get(concrete(route))
        if response.status_code == 405:  # a write-only operation: writing without a token is refused too
            response = c.post(concrete(route), "{}", content_type="application/json")
        assert response.status_code == 401, route
