"""Crafted addresses and form values never answer 500 (issue 13 blocker 10, issue 14 item 2).

Every page of the URL resolver is requested with hostile values in each query parameter its view
reads and, at once, in every parameter name any view reads; every POST handler gets hostile values
in each form field it reads. Each request is made as a role that can open the page. Only 200, 302,
400, 403, 404 and 405 are acceptable, and a 400 page is the site's Chinese page.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import resolve
from django.utils import timezone

from tests.test_urls import PUBLIC, concrete, patterns

pytestmark = pytest.mark.django_db

HOSTILE = [
    "abc",
    "0",
    "-1",
    "99999",
    "0001-01",
    "2026-13",  # pinned: a month that does not exist
    "1e9",
    "' OR 1=1",
    "%00",  # the text "%00"
    "a\x00b",  # a NUL character (sent as %00): refused before any view runs
    "9" * 30,
    "x" * 10_000,
]
# 422: a form refused with its errors on the page; 429: the login lockout after failed attempts
POST_HOSTILE = {"abc", "0001-01", "9" * 30}  # forms: fewer values, as many fields
ALLOWED = {200, 302, 400, 403, 404, 405, 410, 422, 429}  # 410: a withdrawn 亮证 code
ROLES = ("supervisor", "head_a", "inspector_a", "enterprise", "sysadmin", "auditadmin", "secadmin", "leader_a")
READS = re.compile(
    r"""(?:request|r)\.(?P<w1>GET|POST)(?:\.get|\.getlist)?\(\s*f?["'](?P<n1>\w+)["']"""
    r"""|param_(?P<kind>\w+)\(\s*(?:request\.|r\.)?(?P<w2>GET|POST|p|values)\b(?:\s*,\s*f?["'](?P<n2>\w+)["'])?"""
    r"""|(?:request|r)\.(?P<w3>GET|POST)\[["'](?P<n3>\w+)["']\]"""
)


def _matches(source: str) -> list[tuple[str, str]]:
    """(GET or POST, name) of every parameter read in ``source``."""
    out = []
    for m in READS.finditer(source):
        where = m["w1"] or m["w2"] or m["w3"]
        name = m["n1"] or m["n2"] or m["n3"] or (m["kind"] if m["kind"] in ("year", "month") else None)
        if name:
            out.append(("GET" if where == "GET" else "POST", name))
    return out


def _view_class(route: str) -> Any:
    match = resolve(concrete(route))
    func = match.func
    return getattr(func, "view_class", None) or func


def _source(view: Any) -> str:
    """The view's code and the module-level helpers of its module (they read the request too)."""
    try:
        return inspect.getsource(inspect.getmodule(view))  # type: ignore[arg-type]
    except (OSError, TypeError):
        return ""


def _reads(view: Any) -> tuple[set[str], set[str]]:
    """Parameter names the view reads: (query string, form)."""
    get: set[str] = set()
    post: set[str] = set()
    try:
        own = inspect.getsource(view)
    except (OSError, TypeError):
        own = ""
    for where, name in _matches(own):
        (get if where == "GET" else post).add(name)
    for attr in ("filters", "int_filters", "bool_filters"):
        get.update(getattr(view, attr, ()) or ())
    if hasattr(view, "selector_kwargs"):  # a ScopedListView: paged
        get.add("page")
    return get, post


def _every_name() -> set[str]:
    names: set[str] = set()
    for route in patterns():
        if route.startswith("api/v1/"):
            continue
        get, post = _reads(_view_class(route))
        names |= get | post
        names.update(name for _, name in _matches(_source(_view_class(route))))
    return names


def _assert_answer(response: Any, what: str) -> None:
    assert response.status_code in ALLOWED, what
    if response.status_code == 400 and not response["Content-Type"].startswith("application/json"):
        page = response.content.decode()
        assert 'lang="zh-Hans"' in page, what
        assert "请求无效" in page, what
        assert re.search(r"[\u4e00-\u9fff]{4}", page.split("alert", 1)[-1]), what
        assert "The parameter" not in page and "not valid" not in page, what


def _client(users: dict[str, Any], role: str) -> Client:
    c = Client(raise_request_exception=False)
    c.force_login(users[role])
    return c


def test_the_crafted_urls_of_the_issue_answer_400_or_404(world: Any) -> None:
    c = _client(world.users, "supervisor")
    for url in ("/supervision/?year=abc", "/supervision/?year=0", "/supervision/?year=99999"):
        response = c.get(url)
        assert response.status_code == 400, url
        assert "参数" in response.content.decode() and "year" in response.content.decode()
    assert c.get(f"/supervision/?year={timezone.localdate().year}").status_code == 200
    assert c.get("/cases/guidance/?year=99999").status_code == 400
    head = _client(world.users, "head_a")
    assert head.get("/inspections/plans/?month=0001-01").status_code == 400
    assert head.get(f"/inspections/plans/?month={timezone.localdate():%Y-%m}").status_code == 200
    missing = _client(world.users, "head_a").get("/registry/import/template/zzz.xlsx")
    assert missing.status_code == 404 and "导入模板" in missing.content.decode()


def test_eight_views_that_parsed_with_int_answer_no_500(world: Any) -> None:
    """issue 14 item 2: a non-numeric parameter on each of these views."""
    sup = _client(world.users, "supervisor")
    head = _client(world.users, "head_a")
    ent = _client(world.users, "enterprise")
    inspector = _client(world.users, "inspector_a")
    cases = [
        (sup, "get", "/supervision/", {"year": "abc"}),
        (_client(world.users, "sysadmin"), "get", "/system/calendar/", {"year": "abc"}),
        (head, "post", "/inspections/plans/", {"action": "withdraw", "item": "abc"}),
        (sup, "post", "/supervision/warnings/", {"warning": "abc"}),
        (sup, "post", "/supervision/complaints/", {"complaint": "abc"}),
        (ent, "post", "/inspections/portal/", {"record": "abc", "score": "x"}),
        (inspector, "post", "/inspections/records/new/", {"enterprise": "abc", "mode": "no_code"}),
        (head, "post", "/inspections/publications/", {"publication": "abc"}),
    ]
    for client, method, url, data in cases:
        assert resolve(url)  # the address exists
        response = getattr(client, method)(url, data)
        assert response.status_code in {302, 400}, (url, response.status_code)


def test_every_page_with_hostile_parameters_answers_no_5xx(world: Any) -> None:
    every_name = sorted(_every_name())
    assert {"year", "month", "q", "page", "enterprise", "record", "body_id"} <= set(every_name)
    clients = {role: _client(world.users, role) for role in ROLES}
    anonymous = Client(raise_request_exception=False)
    checked = 0
    for route in patterns():
        if route.startswith("api/v1/") or route.startswith("accounts/logout"):
            continue
        url = concrete(route)
        view = _view_class(route)
        get_names, post_names = _reads(view)
        # the role that can open the page (the first one answered 200), else the county supervisor
        client = anonymous if route in PUBLIC else clients["supervisor"]
        if route not in PUBLIC:
            for role in ROLES:
                if clients[role].get(url).status_code == 200:
                    client = clients[role]
                    break
        for value in HOSTILE:
            for name in sorted(get_names):
                _assert_answer(client.get(url, {name: value}), f"GET {url}?{name}={value[:20]}")
            combined = client.get(url, dict.fromkeys(every_name, value))
            _assert_answer(combined, f"GET {url} every name = {value[:20]}")
            if hasattr(view, "post") and value in POST_HOSTILE:
                for name in sorted(post_names):
                    _assert_answer(client.post(url, {name: value}), f"POST {url} {name}={value[:20]}")
        checked += 1
    assert checked >= 60


def test_the_helper_reads_good_values_and_refuses_bad_ones() -> None:
    import datetime as dt
    from decimal import Decimal

    from fazhi.core import params

    today = timezone.localdate()
    assert params.param_year({"year": str(today.year)}, default=1) == today.year
    assert params.param_year({}, default=today.year) == today.year
    assert params.param_month({"month": f"{today:%Y-%m}"}) == today.replace(day=1)
    assert params.param_date({"d": today.isoformat()}, "d") == today
    assert params.param_date({"d": ""}, "d", default=today - dt.timedelta(days=1)) == today - dt.timedelta(days=1)
    assert params.param_money({"m": "1,000.50"}, "m") == Decimal("1000.50")
    assert params.param_id({"id": "12"}, "id") == 12
    assert params.param_choice({"s": "a"}, "s", ["a", "b"]) == "a"
    for call in (
        lambda: params.param_year({"year": "99999"}, default=1),
        lambda: params.param_year({"year": "1999"}, default=1),
        lambda: params.param_month({"month": "0001-01"}),
        lambda: params.param_month({"month": f"{today.year}-13"}),
        lambda: params.param_date({"d": "2026-02-30"}, "d"),  # pinned: an impossible date
        lambda: params.param_money({"m": "1e9"}, "m"),
        lambda: params.param_money({"m": "-1"}, "m"),
        lambda: params.param_money({"m": "NaN"}, "m"),
        lambda: params.param_id({"id": "0"}, "id"),
        lambda: params.param_id({"id": "1.5"}, "id"),
        lambda: params.param_id({"id": "9" * 30}, "id"),
        lambda: params.param_id({"id": "١٢"}, "id"),
        lambda: params.param_int({"n": "-+5"}, "n"),
        lambda: params.param_int({"n": "²"}, "n"),  # Arabic-Indic digits: isdigit() said yes
        lambda: params.param_choice({"s": "c"}, "s", ["a", "b"]),
        lambda: params.param_int({}, "n", required=True),
    ):
        with pytest.raises(params.BadParameter) as info:
            call()
        assert info.value.http_status == 400 and info.value.details
