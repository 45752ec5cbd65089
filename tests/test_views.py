from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fazhi.registry.models import Enterprise, ImportJob
from tests.factories import PASSWORD, EnterpriseFactory, valid_uscc
from tests.xlsx import header, workbook

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_login_page_and_login(world: Any) -> None:
    c = Client()
    page = c.get(reverse("accounts:login"))
    assert "登录法治平台" in page.content.decode()
    response = c.post(reverse("accounts:login"), {"username": "inspector_a", "password": PASSWORD})
    assert response.status_code == 302
    home = c.get("/")
    # issue 24: the registers' counts are on the register pages, not the home page; there the
    # inspector sees its township's one enterprise (峰灵甲), not the county's two
    assert "cards" not in home.context
    listed = c.get(reverse("registry:enterprise_list"))
    assert listed.context["page"].paginator.count == 1
    assert Enterprise.objects.count() == 2
    # the greeting is the home page's own (the name and unit in the menu bar are on every page)
    assert f"您好，{world['inspector_a'].full_name}" in home.content.decode()


def test_lockout_after_five_failures(world: Any) -> None:
    c = Client()
    for _ in range(5):
        c.post(reverse("accounts:login"), {"username": "inspector_a", "password": "wrong"})
    response = c.post(reverse("accounts:login"), {"username": "inspector_a", "password": PASSWORD})
    assert response.status_code == 429
    assert "锁定" in response.content.decode()


def test_anonymous_is_sent_to_login() -> None:
    response = Client().get(reverse("registry:enterprise_list"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_navigation_follows_the_role(world: Any) -> None:
    audit = client_for(world["auditadmin"]).get("/").content.decode()
    assert "全过程记录" in audit and "/registry/enterprises/" not in audit
    inspector = client_for(world["inspector_a"]).get("/").content.decode()
    assert "/registry/enterprises/" in inspector and "/system/ledger/" not in inspector


def test_enterprise_list_is_scoped_and_filtered(world: Any) -> None:
    body = client_for(world["inspector_a"]).get(reverse("registry:enterprise_list")).content.decode()
    assert "峰灵酒业有限公司" in body and "城厢餐饮店" not in body
    htmx = client_for(world["supervisor"]).get(
        reverse("registry:enterprise_list"), {"q": "cxcy"}, headers={"HX-Request": "true"}
    )
    text = htmx.content.decode()
    assert "城厢餐饮店" in text and "峰灵酒业有限公司" not in text and '<nav class="navbar' not in text


def test_enterprise_list_query_count_is_constant(world: Any) -> None:
    c = client_for(world["supervisor"])
    url = reverse("registry:enterprise_list")
    c.get(url)  # warm caches (session, content types)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url, {"risk_grade": "low"}).status_code == 200
        return len(ctx)

    EnterpriseFactory.create_batch(3, region=world.village_a)
    few = count()
    EnterpriseFactory.create_batch(40, region=world.village_b)
    many = count()
    assert few == many


def test_other_townships_enterprise_is_404(world: Any) -> None:
    response = client_for(world["inspector_a"]).get(reverse("registry:enterprise_detail", args=[world.ent_b.pk]))
    assert response.status_code == 404


def test_detail_masks_contact_phones(world: Any) -> None:
    body = client_for(world["inspector_a"]).get(reverse("registry:enterprise_detail", args=[world.ent_a.pk]))
    text = body.content.decode()
    assert "139****5678" in text and "13912345678" not in text


def test_create_enterprise_from_the_page(world: Any) -> None:
    c = client_for(world["inspector_a"])
    code = valid_uscc(4242)
    response = c.post(
        reverse("registry:enterprise_create"),
        {
            "uscc": code,
            "name": "页面新建有限公司",
            "region": world.village_a.pk,
            "risk_grade": "medium",
            "contacts": "王五, 13711112222, 厂长",
        },
    )
    ent = Enterprise.objects.get(uscc=code)
    assert response.status_code == 302 and response["Location"] == reverse("registry:enterprise_detail", args=[ent.pk])
    assert ent.contacts.get().phone == "13711112222"


def test_page_shows_service_errors_in_chinese(world: Any) -> None:
    c = client_for(world["inspector_a"])
    response = c.post(
        reverse("registry:enterprise_create"),
        {"uscc": world.ent_a.uscc, "name": "重复", "region": world.village_a.pk, "risk_grade": "low"},
    )
    assert response.status_code == 200
    assert "已登记" in response.content.decode()


def test_stale_edit_is_refused_with_a_clear_message(world: Any) -> None:
    c = client_for(world["inspector_a"])
    url = reverse("registry:enterprise_edit", args=[world.ent_a.pk])
    form = {
        "uscc": world.ent_a.uscc,
        "name": "第一次修改",
        "region": world.village_a.pk,
        "risk_grade": "low",
        "version": 1,
    }
    assert c.post(url, form).status_code == 302
    response = c.post(url, {**form, "name": "第二次修改"})
    assert "已有其他人修改" in response.content.decode()
    assert Enterprise.objects.get(pk=world.ent_a.pk).name == "第一次修改"


def test_edit_page_shows_masked_phones_and_keeps_them(world: Any) -> None:
    c = client_for(world["inspector_a"])
    url = reverse("registry:enterprise_edit", args=[world.ent_a.pk])
    page = c.get(url).content.decode()
    assert "139****5678" in page and "13912345678" not in page
    c.post(
        url,
        {
            "uscc": world.ent_a.uscc,
            "name": world.ent_a.name,
            "region": world.village_a.pk,
            "risk_grade": "low",
            "version": 1,
            "contacts": "联系人, 139****5678, 经理",
        },
    )
    assert world.ent_a.contacts.get().phone == "13912345678"


def test_forbidden_page_for_missing_permission(world: Any) -> None:
    response = client_for(world["leader_a"]).get(reverse("registry:enterprise_create"))
    assert response.status_code == 403 and "权限" in response.content.decode()


def test_import_from_the_page(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    c = client_for(world["inspector_a"])
    upload = workbook(header("enterprises"), [[valid_uscc(11), "页面导入企业", "", "", "谭家村"]])
    upload.name = "企业.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(reverse("registry:import"), {"kind": "enterprises", "file": upload})
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("registry:import_job", args=[job.pk])
    assert job.status == ImportJob.Status.DONE and job.summary["created"] == 1
    page = c.get(response["Location"]).content.decode()
    assert "新增 1" in page


def test_rejected_import_offers_the_error_workbook(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    c = client_for(world["inspector_a"])
    upload = workbook(header("enterprises"), [["BAD", "坏企业", "", "", "谭家村"]])
    upload.name = "bad.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        c.post(reverse("registry:import"), {"kind": "enterprises", "file": upload})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REJECTED
    page = c.get(reverse("registry:import_job", args=[job.pk])).content.decode()
    assert "未写入任何数据" in page and "第 2 行" in page
    download = c.get(reverse("registry:import_errors", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxmlformats")
    # another user cannot see the job
    assert client_for(world["head_a"]).get(reverse("registry:import_job", args=[job.pk])).status_code == 404


def test_template_download(world: Any) -> None:
    response = client_for(world["inspector_a"]).get(reverse("registry:import_template", args=["enterprises"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]


def test_ledger_page_is_for_the_audit_administrator_only(world: Any) -> None:
    assert client_for(world["supervisor"]).get(reverse("core:ledger")).status_code == 403
    assert client_for(world["sysadmin"]).get(reverse("core:ledger")).status_code == 403
    c = client_for(world["auditadmin"])
    assert c.get(reverse("core:ledger")).status_code == 200
    follow = c.post(reverse("core:ledger"), follow=True)
    assert "账本完整" in follow.content.decode()


def test_calendar_page(world: Any) -> None:
    from fazhi.core.workdays import OFFICIAL_YEARS

    year = OFFICIAL_YEARS[-1] + 5  # a year the bundled data does not know (moves on with the package)
    c = client_for(world["sysadmin"])
    page = c.get(reverse("core:calendar"), {"year": year}).content.decode()
    assert f"系统尚无 {year} 年的官方节假日安排" in page
    c.post(reverse("core:calendar"), {"date": f"{year}-10-01", "is_workday": "0", "note": "国庆节"})
    page = c.get(reverse("core:calendar"), {"year": year}).content.decode()
    assert "国庆节" in page
    assert client_for(world["supervisor"]).get(reverse("core:calendar")).status_code == 403


@pytest.mark.parametrize(
    "name", ["registry:officer_list", "registry:body_list", "registry:matter_list", "registry:region_list"]
)
def test_registry_lists_render(world: Any, name: str) -> None:
    assert client_for(world["supervisor"]).get(reverse(name)).status_code == 200


def test_officer_matter_body_pages(world: Any) -> None:
    from fazhi.registry.models import Officer

    c = client_for(world["head_a"])
    officer = Officer.objects.get(name="峰灵甲")
    assert c.get(reverse("registry:officer_detail", args=[officer.pk])).status_code == 200
    response = c.post(
        reverse("registry:officer_create"),
        {
            "name": "新人",
            "certificate_no": "NEW1",
            "body": world.body_a.pk,
            "status": "active",
            "valid_until": str(timezone.localdate() + dt.timedelta(days=700)),
        },
    )
    assert response.status_code == 302
    # a typed status or validity is not taken: the officer is pre-service until the training app qualifies them
    new = Officer.objects.get(certificate_no="NEW1")
    assert new.status == "pre_service" and new.valid_until is None
    response = c.post(
        reverse("registry:matter_create"),
        {
            "code": "FL-9",
            "name": "新事项",
            "body": world.body_a.pk,
            "legal_basis": "安全生产法",
            "inspection_type": "routine",
            "published": "on",
            "checklist": "一\n二",
        },
    )
    assert response.status_code == 302
    sup = client_for(world["supervisor"])
    response = sup.post(
        reverse("registry:body_edit", args=[world.body_a.pk]),
        {"name": "峰灵镇人民政府", "published": "on", "version": 1, "qualification_basis": "市政府令第375号"},
    )
    assert response.status_code == 302


def test_pages_are_chinese_whatever_the_browser_language(world: Any) -> None:
    c = client_for(world["inspector_a"])
    body = c.get(reverse("registry:enterprise_list"), headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert "统一社会信用代码" in body and "Unified social credit code" not in body
    assert 'class="form-control' in c.get(reverse("registry:enterprise_create")).content.decode()


def test_idle_timeout_restarts_on_activity_with_one_write_a_minute(world: Any, monkeypatch: Any) -> None:
    import time

    from django.contrib.sessions.models import Session

    c = Client()
    c.post(reverse("accounts:login"), {"username": "inspector_a", "password": PASSWORD})
    key = c.cookies["sessionid"].value
    clock = [time.time()]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    c.get("/")  # the first activity after login stamps the session
    first = Session.objects.get(pk=key).expire_date
    with CaptureQueriesContext(connection) as queries:
        c.get("/")  # within the minute: no session write
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]]
    assert Session.objects.get(pk=key).expire_date == first
    clock[0] += 61
    c.get("/")  # a minute later: the idle clock restarts
    assert Session.objects.get(pk=key).expire_date > first
    Session.objects.filter(pk=key).update(expire_date=first - dt.timedelta(days=1))  # 15 idle minutes passed
    assert c.get("/").status_code == 302


def test_business_pages_are_never_cached(world: Any) -> None:
    response = client_for(world["inspector_a"]).get(reverse("registry:enterprise_list"))
    assert "no-store" in response["Cache-Control"]
