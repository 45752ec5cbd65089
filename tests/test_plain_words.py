"""What a user reads is Chinese words, not keys, codes, English or Python (issue 13, "words and
details"): the rules page, the ledger, the public draw page, the password policy, `fazhi demo`'s
summary, and the words that meant two things (立案/报备, 警告/预警, 名称/姓名, a wrong 2FA code)."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.accounts import services as accounts
from fazhi.accounts import twofactor
from fazhi.cases.services import documents
from fazhi.inspections import draws
from fazhi.web import ledger_labels
from fazhi.web.demo import CREATED_LABELS, DemoResult
from tests.factories import PASSWORD, CaseWorld, EnterpriseFactory, MatterFactory
from tests.test_cases import proposed_penalty

pytestmark = pytest.mark.django_db
SRC = Path(__file__).resolve().parents[1] / "src/fazhi"

RAW = [
    (re.compile(r"\{'|'\}|\{\"|\":"), "dict or JSON syntax"),
    (re.compile(r"\b(per_day|per_week|per_month|window_days|min_officers|consecutive|ratio_pct)\b"), "rule key"),
    (re.compile(r"\b[a-z_]+\.[a-z_]+\b"), "verb code"),
    (re.compile(r"\b(True|False|None)\b"), "Python value"),
]


class _Text(HTMLParser):
    """The text a person sees: no tags, attributes, scripts or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    p = _Text()
    p.feed(html)
    return " ".join(p.parts)


def assert_plain(text: str, where: str) -> None:
    for pattern, what in RAW:
        found = pattern.search(text)
        assert found is None, f"{what} {found.group(0)!r} on {where}"


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_rules_page_labels_each_parameter_with_its_unit(world: Any) -> None:
    html = client_for(world["supervisor"]).get(reverse("supervision:rules")).content.decode()
    text = visible(html)
    assert_plain(text, "the rules page")
    assert "每日超过" in text and "每周超过" in text and "每月超过" in text and "日" in text
    assert 'name="param_per_day"' in html  # the form still posts the keys


def _ledger_entries(world: Any) -> None:
    """Entries of several kinds, with nested and list payloads."""
    accounts.user_create(
        actor=world["sysadmin"],
        username="new_clerk",
        password="Xq7!mRt2zP",
        full_name="新办事员",
        org_unit=world["sysadmin"].org_unit,
        roles=[],
    )
    accounts.user_roles_set(actor=world["secadmin"], user=accounts.User.objects.get(username="new_clerk"), roles=[])
    accounts.region_update(
        actor=world["sysadmin"], region=world.village_a, expected_version=world.village_a.version, name="谭家新村"
    )
    matter = MatterFactory(body=world.body_a)
    for _ in range(3):
        EnterpriseFactory(region=world.village_a)
    from tests.factories import OfficerFactory

    OfficerFactory(body=world.body_a)
    draws.random_draw_create(actor=world["head_a"], body=world.body_a, matter=matter, region=world.town_a, count=1)


def test_ledger_shows_labels_and_readable_fields(world: Any) -> None:
    _ledger_entries(world)
    from fazhi.core.models import LedgerEntry

    verbs = set(LedgerEntry.objects.values_list("verb", flat=True))
    assert {"user.create", "region.update", "random_draw.create"} <= verbs
    html = client_for(world["auditadmin"]).get(reverse("core:ledger")).content.decode()
    rows = html[html.index("<tbody>") : html.index("</tbody>")]
    text = visible(rows)
    assert_plain(text, "the ledger")
    assert "创建账号" in text and "修改区域" in text and "双随机抽取" in text
    assert "用户名：" in text and "new_clerk" in text and "修改内容：" in text


def test_every_verb_written_in_the_code_has_a_label() -> None:
    written = set()
    for path in SRC.rglob("*.py"):
        written |= set(re.findall(r'verb="([a-z_]+\.[a-z_]+)"', path.read_text()))
    written -= {"plan_item.late_"}  # + "accept" / "refuse": both listed
    missing = written - set(ledger_labels.VERB_LABELS)
    assert not missing, missing
    for verb, label in ledger_labels.VERB_LABELS.items():
        assert re.search(r"[\u4e00-\u9fff]", str(label)), (verb, str(label))


def test_payload_values_read_as_words() -> None:
    pairs = ledger_labels.readable_payload(
        '{"roles": ["inspector"], "late": false, "parent": null, "outcome": "rectify",'
        ' "content": {"township": "峰灵镇", "mode": "remote"}}'
    )
    assert len(pairs) == 5
    for label, value in pairs:
        assert re.search(r"[\u4e00-\u9fff]", label) and not re.search(r"[A-Za-z]", label + value), (label, value)
    values = [v for _, v in pairs]
    assert values[0] == "执法人员" and values[1] == "否" and values[2] == "—"
    assert "峰灵镇" in values[4] and "非现场" in values[4]


def test_public_draw_page_shows_parameters_as_words(world: Any) -> None:
    from tests.factories import OfficerFactory

    matter = MatterFactory(body=world.body_a)
    for _ in range(4):
        EnterpriseFactory(region=world.village_a)
    OfficerFactory(body=world.body_a)
    item = draws.random_draw_create(
        actor=world["head_a"], body=world.body_a, matter=matter, region=world.town_a, ratio_pct=50
    )
    html = Client().get(reverse("public:draw", args=[item.pk])).content.decode()
    text = visible(html)
    assert_plain(text, "the public draw page")
    assert "抽取比例：50%" in text and "全部行业" in text


def test_password_policy_speaks_chinese(world: Any) -> None:
    response = client_for(world["sysadmin"]).post(
        reverse("core:user_create"),
        {
            "username": "short_pw",
            "full_name": "短密码",
            "org_unit": world["sysadmin"].org_unit_id,
            "password": "aB1!",
        },
    )
    html = response.content.decode()
    assert "密码太短" in html and "8" in html
    assert not re.search(r"This password|too short|characters", html)


def test_demo_summary_is_chinese() -> None:
    demo_sources = "".join(p.read_text() for p in (SRC / "web").glob("demo*.py"))
    keys = set(re.findall(r'res\.add\("([^"]+)"', demo_sources))
    assert keys and keys <= set(CREATED_LABELS)
    res = DemoResult()
    for n, key in enumerate(sorted(keys), start=1):
        res.add(key, n)
    text = res.summary()
    assert text.startswith("已创建")
    assert not re.search(r"[A-Za-z]", text), text


def test_words_that_meant_two_things(world: Any) -> None:
    cw = CaseWorld(world)
    from tests.test_cases import registered

    case = registered(cw)
    head = client_for(cw.head)
    page = head.post(f"/cases/{case.pk}/", {"action": "file"}, follow=True).content.decode()
    assert "已立案" in page and "已报备" not in page

    decided = proposed_penalty(cw)
    decided.warning_penalty = True
    decided.save(update_fields=["warning_penalty"])
    html = client_for(cw.head).get(f"/cases/{decided.pk}/").content.decode()
    detail = visible(html[html.index("<h1") :])  # the page, not the menu (whose 预警 is right)
    assert "警告" in detail and "预警" not in detail

    for name in ("registry:enterprise_list", "registry:body_list", "registry:matter_list", "registry:region_list"):
        html = client_for(world["supervisor"]).get(reverse(name)).content.decode()
        head_row = html[html.index("<thead>") : html.index("</thead>")]
        assert "名称" in head_row and "姓名" not in head_row, name
    assert "姓名" in client_for(world["supervisor"]).get(reverse("registry:officer_list")).content.decode()


def test_first_wrong_code_says_wrong_not_too_many(world: Any, settings: Any) -> None:
    settings.FAZHI_2FA_ROLES = ["county_supervisor"]
    user = world["supervisor"]
    device = twofactor.setup_device(user)
    now = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    assert twofactor.confirm(user, now) is not None
    c = Client()
    c.post(reverse("accounts:login"), {"username": "supervisor", "password": PASSWORD})
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    good = {f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + o):06d}" for o in (-1, 0, 1)}
    wrong = next(f"{n:06d}" for n in range(1000000) if f"{n:06d}" not in good)
    first = c.post("/accounts/2fa/", {"token": wrong}).content.decode()
    assert "验证码不正确" in first and "次数过多" not in first
    second = c.post("/accounts/2fa/", {"token": wrong}).content.decode()  # at once: now throttled
    assert "次数过多" in second


def test_result_publication_tab_title_is_text(world: Any) -> None:
    html = client_for(world["head_a"]).get(reverse("inspections:publications")).content.decode()
    title = html[html.index("<title>") + 7 : html.index("</title>")]
    assert "<" not in title and title.strip()


def test_no_doubled_full_stop_in_documents() -> None:
    d = docx.Document()
    d.add_paragraph("你（单位）提出的陈述、申辩意见：{{ statement }}。本机关已进行复核。")
    p = d.add_paragraph("裁量说明：")
    p.add_run("{{ circumstance }}")
    p.add_run("。依法从轻。")
    buf = io.BytesIO()
    d.save(buf)
    rendered = documents.render(buf.getvalue(), {"statement": "已整改。", "circumstance": "从轻。"})
    out = docx.Document(io.BytesIO(rendered))
    text = "\n".join(p.text for p in out.paragraphs)
    assert "。。" not in text
    assert "申辩意见：已整改。本机关" in text and "裁量说明：从轻。依法从轻。" in text
