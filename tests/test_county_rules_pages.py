"""Issue 15 item 8: what the docs say counties can edit, they edit on a page — the county's 八个不得
and the case-file review sheet — versioned, in the ledger, every error at its field, nothing
half-written."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.cases.models import ReviewItem
from fazhi.core.models import LedgerEntry
from fazhi.supervision.models import RedLine
from tests.dbutil import assert_nothing_changed
from tests.factories import CaseWorld, UserFactory

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def legal_office(world: Any) -> Any:
    from fazhi.accounts.roles import Role

    justice = world["supervisor"].org_unit
    return UserFactory(username="legal_county", org_unit=justice, roles=[Role.LEGAL_OFFICE])


# --- 八个不得 ------------------------------------------------------------------------------------------


def red_line_form(rows: list[tuple[Any, Any, str, bool]]) -> dict[str, Any]:
    data: dict[str, Any] = {"rows": len(rows)}
    for i, (pk, version, text, active) in enumerate(rows):
        data.update({f"pk_{i}": pk or "", f"version_{i}": version or "", f"text_{i}": text})
        if active:
            data[f"active_{i}"] = "1"
    return data


def county_lines() -> list[RedLine]:
    return list(RedLine.objects.filter(group="八个不得").order_by("seq"))


def test_the_county_supervisor_keeps_the_eight_red_lines_versioned_and_in_the_ledger(world: Any) -> None:
    sup = client_for(world["supervisor"])
    page = sup.get(reverse("supervision:red_lines")).content.decode()
    assert "严禁逐利检查" in page and 'name="text_0"' in page  # the national list is shown, the county's editable
    r = sup.post(
        reverse("supervision:red_lines"),
        red_line_form(
            [(None, None, "不得擅自扩大检查范围", True), (None, None, "不得要求企业提供与检查无关的资料", True)]
        ),
    )
    assert r.status_code == 302
    first, second = county_lines()
    assert (first.text, first.version, second.seq) == ("不得擅自扩大检查范围", 1, 2)
    assert LedgerEntry.objects.filter(verb="red_line.save").count() == 2
    # reword one, retire the other: both raise their version, the ledger keeps the words before
    r = sup.post(
        reverse("supervision:red_lines"),
        red_line_form(
            [
                (first.pk, first.version, "不得擅自扩大检查范围和事项", True),
                (second.pk, second.version, second.text, False),
            ]
        ),
    )
    assert r.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.text, first.version, second.active, second.version) == ("不得擅自扩大检查范围和事项", 2, False, 2)
    entry = LedgerEntry.objects.filter(verb="red_line.save", target_id=str(first.pk)).order_by("-seq").first()
    assert entry is not None and "不得擅自扩大检查范围" in entry.payload and '"version":2' in entry.payload
    assert (
        "不得擅自扩大检查范围和事项"
        in client_for(world["supervisor"]).get(reverse("supervision:accountability")).content.decode()
    )  # the retired line is no longer offered; the new words are
    # a stale page (the version it loaded) is refused whole
    with assert_nothing_changed():
        r = sup.post(reverse("supervision:red_lines"), red_line_form([(first.pk, 1, "不得另起炉灶", True)]))
    assert r.status_code == 302 and "不得另起炉灶" not in sup.get(reverse("supervision:red_lines")).content.decode()


def test_a_blank_row_is_not_ticked_in_force(world: Any) -> None:
    """The walk-through found eight blank rows pre-ticked 有效: an empty line is not in force."""
    import re

    sup = client_for(world["supervisor"])
    sup.post(reverse("supervision:red_lines"), red_line_form([(None, None, "不得擅自扩大检查范围", True)]))
    page = sup.get(reverse("supervision:red_lines")).content.decode()
    rows = re.findall(r'<tr data-red-line="([^"]+)".*?</tr>', page, flags=re.S)
    assert rows.count("new") == 7 and len(rows) == 8  # the line in force and room for seven more
    blank = re.findall(r'<tr data-red-line="new".*?</tr>', page, flags=re.S)
    assert blank and all("checked" not in row for row in blank)
    kept = re.search(r'<tr data-red-line="\d+".*?</tr>', page, flags=re.S)
    assert kept is not None and "checked" in kept.group(0)  # a line in force stays ticked


def test_a_line_written_into_a_blank_row_is_in_force_without_ticking(world: Any) -> None:
    """The blank rows are not ticked, so a supervisor who writes a new 不得 and saves must not get
    it stored as not in force without a word."""
    sup = client_for(world["supervisor"])
    r = sup.post(reverse("supervision:red_lines"), red_line_form([(None, None, "不得以检查为名推销产品", False)]))
    assert r.status_code == 302
    (line,) = county_lines()
    assert (line.text, line.active) == ("不得以检查为名推销产品", True)
    # an existing line unticked is a deliberate change: it stops being in force
    sup.post(reverse("supervision:red_lines"), red_line_form([(line.pk, line.version, line.text, False)]))
    line.refresh_from_db()
    assert line.active is False


def test_bad_red_lines_are_refused_at_their_field_and_nothing_is_written(world: Any) -> None:
    sup = client_for(world["supervisor"])
    sup.post(reverse("supervision:red_lines"), red_line_form([(None, None, "不得擅自扩大检查范围", True)]))
    (line,) = county_lines()
    rows = [(line.pk, line.version, "", True), (None, None, "短", True), (None, None, "不得重复", True)]
    rows += [(None, None, "不得重复", True)] + [(None, None, f"不得第{n}项违规行为", True) for n in range(6)]
    with assert_nothing_changed():
        r = sup.post(reverse("supervision:red_lines"), red_line_form(rows))
    assert r.status_code == 422
    html = r.content.decode()
    assert 'data-error="text_0"' in html and "不删除" in html  # retire, do not delete
    assert 'data-error="text_1"' in html and 'data-error="text_3"' in html
    assert 'data-error="in_force"' in html and 'value="不得第5项违规行为"' in html  # the typed list comes back


def test_only_the_county_supervisor_edits_red_lines(world: Any) -> None:
    legal = client_for(legal_office(world))
    assert legal.get(reverse("supervision:red_lines")).status_code == 200  # reads them
    with assert_nothing_changed():
        r = legal.post(reverse("supervision:red_lines"), red_line_form([(None, None, "不得越权检查", True)]))
    assert r.status_code == 403
    assert client_for(world["inspector_a"]).get(reverse("supervision:red_lines")).status_code == 403


# --- the review sheet ---------------------------------------------------------------------------------


def sheet_form(changes: dict[str, dict[str, Any]] | None = None, new: list[dict[str, Any]] = ()) -> dict[str, Any]:  # type: ignore[assignment]
    """The sheet as the page posts it, with ``changes`` by line code and ``new`` lines."""
    changes = changes or {}
    rows = []
    for item in ReviewItem.objects.order_by("pk"):
        row = {
            "pk": item.pk,
            "version": item.version,
            "section": item.section,
            "text": item.text,
            "points": str(item.points),
            "metric": item.metric,
            "active": item.active,
        }
        row.update(changes.get(item.code, {}))
        rows.append(row)
    rows += [{"pk": "", "version": "", "active": True, **n} for n in new]
    data: dict[str, Any] = {"rows": len(rows)}
    for i, row in enumerate(rows):
        for k, v in row.items():
            if k == "active":
                if v:
                    data[f"active_{i}"] = "1"
            else:
                data[f"{k}_{i}"] = v
    return data


def index_of(code: str) -> int:
    return [i.code for i in ReviewItem.objects.order_by("pk")].index(code)


def test_the_county_edits_the_review_sheet_as_a_whole(world: Any) -> None:
    sup = client_for(world["supervisor"])
    assert "执法主体合法" in sup.get(reverse("cases:review_sheet")).content.decode()
    with assert_nothing_changed():  # saved unchanged: nothing to write, nothing in the ledger
        assert sup.post(reverse("cases:review_sheet"), sheet_form()).status_code == 302
    r = sup.post(
        reverse("cases:review_sheet"),
        sheet_form(
            {"p_cover": {"points": "6"}, "p_one_file": {"points": "4"}},
            new=[{"section": "veto", "text": "超越职权作出处罚决定", "points": "0", "metric": "procedure"}],
        ),
    )
    assert r.status_code == 302
    cover, one_file = ReviewItem.objects.get(code="p_cover"), ReviewItem.objects.get(code="p_one_file")
    assert (cover.points, cover.version, one_file.points, one_file.version) == (6, 2, 4, 2)
    added = ReviewItem.objects.get(text="超越职权作出处罚决定")
    assert added.section == "veto" and added.active and added.version == 1
    assert LedgerEntry.objects.filter(verb="case.review_item_save").count() == 3
    # a stale page is refused whole
    stale = sheet_form({"p_cover": {"points": "5", "version": 1}, "p_one_file": {"points": "5"}})
    with assert_nothing_changed():
        assert sup.post(reverse("cases:review_sheet"), stale).status_code == 409


def test_a_bad_review_sheet_is_refused_at_its_fields_and_nothing_is_written(world: Any) -> None:
    sup = client_for(world["supervisor"])
    data = sheet_form(
        {
            "p_cover": {"points": "abc"},
            "veto_body": {"points": "3"},
            "c_filing": {"text": "短"},
        }
    )
    with assert_nothing_changed():
        r = sup.post(reverse("cases:review_sheet"), data)
    assert r.status_code == 422
    html = r.content.decode()
    for key in (f"points_{index_of('p_cover')}", f"points_{index_of('veto_body')}", f"text_{index_of('c_filing')}"):
        assert f'data-error="{key}"' in html
    assert "否决" in html and 'value="abc"' in html  # the message in Chinese, the typed value back
    # the points must make 20 + 80
    with assert_nothing_changed():
        r = sup.post(reverse("cases:review_sheet"), sheet_form({"c_filing": {"points": "15"}}))
    assert r.status_code == 422 and 'data-error="sum_content"' in r.content.decode()


def test_a_line_reviews_were_scored_with_keeps_its_points_but_can_be_retired(world: Any) -> None:
    from tests.test_cases import closed_penalty

    cw = CaseWorld(world)
    from fazhi.cases import services

    services.case_review_submit(actor=world["supervisor"], case=closed_penalty(cw), marks={})
    sup = client_for(world["supervisor"])
    with assert_nothing_changed():
        r = sup.post(
            reverse("cases:review_sheet"), sheet_form({"p_cover": {"points": "6"}, "p_one_file": {"points": "4"}})
        )
    assert r.status_code == 422 and f'data-error="points_{index_of("p_cover")}"' in r.content.decode()
    r = sup.post(
        reverse("cases:review_sheet"),
        sheet_form(
            {"p_cover": {"active": False}},
            new=[
                {
                    "section": "presentation",
                    "text": "案卷封面、目录、页码规范（新）",
                    "points": "5",
                    "metric": "document",
                }
            ],
        ),
    )
    assert r.status_code == 302
    assert not ReviewItem.objects.get(code="p_cover").active
    assert ReviewItem.objects.filter(text="案卷封面、目录、页码规范（新）", active=True).exists()


def test_only_the_rule_editors_save_the_review_sheet(world: Any) -> None:
    legal = client_for(legal_office(world))
    assert legal.get(reverse("cases:review_sheet")).status_code == 200  # reviewers read it
    with assert_nothing_changed():
        r = legal.post(reverse("cases:review_sheet"), sheet_form({"p_cover": {"text": "改了"}}))
    assert r.status_code == 403
    enterprise = client_for(world["enterprise"])
    assert enterprise.get(reverse("cases:review_sheet")).status_code == 403
