"""On-site pages, public pages, publication and random draws, as users reach them."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.inspections import codes, draws, publication
from fazhi.inspections.models import InspectionRecord, Publication, RandomDraw, RatingScore
from fazhi.registry.models import Officer
from tests.dbutil import assert_nothing_changed
from tests.factories import EnterpriseFactory, OfficerFactory
from tests.test_onsite import BLANK_SIGNATURE, JPEG, PNG, SIGNATURE, Onsite

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(world: Any) -> Onsite:
    return Onsite(world)


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def finished(site: Onsite, **kw: Any) -> InspectionRecord:
    record = site.start()
    site.answer_all(record, kw.pop("answer", "pass"))
    site.sign_all(record)
    return site.finish(record, **kw)


# --- the enterprise verifies the task code (亮证), without logging in ----------------------------


def test_verification_page_shows_the_team_without_login(site: Onsite, world: Any) -> None:
    Officer.objects.filter(pk=site.a1.pk).update(photo="officers/a1.png")
    token = codes.task_token(site.visit.pk, site.today)
    page = Client().get(reverse("public:verify", args=[token]))
    assert page.status_code == 200
    html = page.content.decode()
    for officer in (site.a1, site.a2, site.d1):
        assert officer.name in html and officer.certificate_no in html
    assert "五个严禁" in html and world.ent_a.name in html and site.matter_d.name in html
    assert "13812345678" not in html  # officers' phones never appear
    forged = Client().get(reverse("public:verify", args=[token[:-2] + "xx"]))
    assert forged.status_code == 410 and "伪造" in forged.content.decode()


def test_officer_photo_only_through_a_valid_task_code(site: Onsite, world: Any, settings: Any) -> None:
    services_photo = __import__("fazhi.registry.services", fromlist=["officer_photo_set"]).officer_photo_set
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services_photo(actor=world["supervisor"], officer=site.a1, data=b"GIF89a....")
    services_photo(actor=world["supervisor"], officer=site.a1, data=PNG)
    token = codes.task_token(site.visit.pk, site.today)
    ok = Client().get(reverse("public:verify_photo", args=[token, site.a1.pk]))
    assert ok.status_code == 200 and b"".join(ok.streaming_content) == PNG
    stranger = OfficerFactory(body=world.body_b)
    assert Client().get(reverse("public:verify_photo", args=[token, stranger.pk])).status_code == 404
    assert Client().get(reverse("public:verify_photo", args=["bad:token", site.a1.pk])).status_code == 404


# --- the officer's phone: scan, checklist, evidence, result ---------------------------------------


def test_scan_check_in_and_checklist_through_the_pages(site: Onsite, world: Any) -> None:
    a1, d1 = client_for(site.a1.user), client_for(site.d1.user)
    url = reverse("inspections:scan", args=[site.token])
    assert Client().get(url).status_code == 302  # login first, then back here
    page = a1.get(url)
    assert page.status_code == 200 and "签到" in page.content.decode()
    response = a1.post(url, {"latitude": "31.4", "longitude": "109.6"})
    record = InspectionRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("inspections:record", args=[record.pk])
    waiting = a1.get(response["Location"]).content.decode()
    assert "data-waiting" in waiting
    d1.post(url)
    record.refresh_from_db()
    html = a1.get(reverse("inspections:record", args=[record.pk])).content.decode()
    assert "data-autosave" in html and "消防通道畅通" in html
    answer = reverse("inspections:answer", args=[record.pk])
    saved = a1.post(answer, {"seq": 1, "answer": "fail", "note": ""})
    assert saved.status_code == 422 and "不合格" in saved.json()["message"]
    assert a1.post(answer, {"seq": 1, "answer": "pass"}).json() == {"ok": True, "seq": 1, "answer": "pass"}
    outsider = client_for(world["inspector_b"])
    assert outsider.post(answer, {"seq": 1, "answer": "fail", "note": "x"}).status_code == 404  # out of scope
    upload = io.BytesIO(JPEG)
    upload.name = "fire-exit.jpg"
    a1.post(reverse("inspections:evidence", args=[record.pk]), {"file": upload, "caption": "通道", "seq": "1"})
    evidence = record.evidence.get()
    assert a1.get(reverse("inspections:evidence_file", args=[evidence.pk])).status_code == 200
    assert (
        client_for(world["inspector_b"]).get(reverse("inspections:evidence_file", args=[evidence.pk])).status_code
        == 404
    )
    assert (
        client_for(world["enterprise"]).get(reverse("inspections:evidence_file", args=[evidence.pk])).status_code == 200
    )
    site.answer_all(record)
    a1.post(reverse("inspections:sign", args=[record.pk]), {"body": world.body_a.pk, "signature": SIGNATURE})
    # an untouched pad (nothing sent) or a blank drawing is no signature: refused, nothing stored
    for blank in ("", BLANK_SIGNATURE):
        refused = d1.post(
            reverse("inspections:sign", args=[record.pk]), {"body": world.dept_body.pk, "signature": blank}
        )
        assert refused.status_code == 302
        shown = d1.get(refused["Location"]).content.decode()  # the refusal, as the officer reads it
        assert ("请先在框内签名" if not blank else "签名框是空的") in shown and "已签字。" not in shown
        assert not record.signoffs.filter(body=world.dept_body).exists()
    d1.post(reverse("inspections:sign", args=[record.pk]), {"body": world.dept_body.pk, "signature": SIGNATURE})
    done = a1.post(
        reverse("inspections:finish", args=[record.pk]),
        {"outcome": "no_issue", "representative_name": "王经理", "representative_signature": SIGNATURE},
    )
    assert done.status_code == 302
    record.refresh_from_db()
    assert record.status == "finished" and record.signoffs.count() == 2


def test_finish_page_keeps_the_typed_result_when_refused(site: Onsite) -> None:
    record = site.start()
    a1 = client_for(site.a1.user)
    response = a1.post(reverse("inspections:finish", args=[record.pk]), {"outcome": "no_issue"}, follow=True)
    html = response.content.decode()
    assert "请先完成全部检查项" in html
    assert 'data-draft="finish-' in html  # the phone keeps what was typed (app.js) until it is saved
    assert InspectionRecord.objects.get(pk=record.pk).status == "in_progress"


def test_no_code_form_and_filing(site: Onsite, world: Any) -> None:
    a1 = client_for(site.a1.user)
    assert a1.get(reverse("inspections:record_new") + "?mode=no_code").status_code == 200
    options = a1.get(reverse("inspections:enterprise_options"), {"q": "峰灵"}).content.decode()
    assert world.ent_a.name in options and world.ent_b.name not in options
    bad = a1.post(reverse("inspections:record_new"), {"mode": "no_code", "enterprise": world.ent_a.pk, "reason": ""})
    assert bad.status_code == 422
    ok = a1.post(
        reverse("inspections:record_new"),
        {
            "mode": "no_code",
            "enterprise": world.ent_a.pk,
            "reason": "网络中断",
            "inspection_type": "immediate",
            "matters": [site.matter_a.pk],
            "officers": [site.a2.pk],
        },
    )
    record = InspectionRecord.objects.get(mode="no_code")
    assert ok.status_code == 302
    listing = client_for(world["supervisor"]).get(reverse("inspections:records")).content.decode()
    assert "待报备的无码检查" in listing and world.ent_a.name in listing
    client_for(world["supervisor"]).post(reverse("inspections:file", args=[record.pk]))
    record.refresh_from_db()
    assert record.filed_at is not None


def test_task_code_svg_for_the_team(site: Onsite, world: Any) -> None:
    response = client_for(site.a1.user).get(reverse("inspections:task_code", args=[site.visit.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert (
        client_for(world["inspector_b"]).get(reverse("inspections:task_code", args=[site.visit.pk])).status_code == 404
    )
    mine = client_for(site.a1.user).get(reverse("inspections:mine")).content.decode()
    assert "data-task-code" in mine


def test_enterprise_poster_and_replacement(site: Onsite, world: Any) -> None:
    ent = client_for(world["enterprise"])
    page = ent.get(reverse("inspections:poster", args=[world.ent_a.pk]))
    assert page.status_code == 200 and "<svg" in page.content.decode()
    with assert_nothing_changed():
        assert ent.post(reverse("inspections:poster", args=[world.ent_a.pk])).status_code == 403  # cannot replace it
    assert ent.get(reverse("inspections:poster", args=[world.ent_b.pk])).status_code == 404
    client_for(world["supervisor"]).post(reverse("inspections:poster", args=[world.ent_a.pk]))
    world.ent_a.refresh_from_db()
    assert world.ent_a.code_serial == 2


# --- enterprise portal -------------------------------------------------------------------------


def test_portal_shows_results_and_takes_a_rating(site: Onsite, world: Any) -> None:
    record = finished(site, outcome="rectify", answer="fail", rectification_due=site.today + dt.timedelta(days=7))
    ent = client_for(world["enterprise"])
    html = ent.get(reverse("inspections:portal")).content.decode()
    assert 'data-outcome="rectify"' in html and "匿名评价" in html
    assert ent.get(reverse("inspections:mine")).status_code == 302  # enterprises land on the portal
    ent.post(reverse("inspections:portal"), {"record": record.pk, "score": 5, "comment": "规范"})
    record.refresh_from_db()
    assert record.rating_right.used
    assert list(RatingScore.objects.values_list("score", "comment")) == [(5, "规范")]
    assert "您已评价本次检查" in ent.get(reverse("inspections:portal")).content.decode()
    assert client_for(world["inspector_a"]).get(reverse("inspections:portal")).status_code == 403


# --- publication -------------------------------------------------------------------------------


def test_publication_is_redacted_published_withdrawn_and_retired(site: Onsite, world: Any, settings: Any) -> None:
    world.ent_a.legal_representative = "张三丰"
    world.ent_a.save()
    record = finished(
        site,
        outcome="rectify",
        answer="fail",
        findings="张三丰称明天整改",
        rectification_due=site.today + dt.timedelta(days=7),
    )
    pub = Publication.objects.get()
    public = Client()
    assert public.get(reverse("public:result", args=[pub.pk])).status_code == 404  # not yet published
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        publication.publication_publish(actor=world["inspector_b"], publication=pub)
    head = client_for(world["head_a"])
    assert world.ent_a.name in head.get(reverse("inspections:publications")).content.decode()
    head.post(reverse("inspections:publications"), {"publication": pub.pk, "action": "publish"})
    pub.refresh_from_db()
    assert pub.status == "published"
    html = public.get(reverse("public:result", args=[pub.pk])).content.decode()
    assert world.ent_a.name in html and "灭火器在有效期内" in html
    for secret in ("张三丰", "王经理", "问题", "13912345678"):  # legal rep., signer, notes, contacts
        assert secret not in html
    listing = public.get(reverse("public:results"), {"township": world.town_a.pk}).content.decode()
    assert world.ent_a.name in listing
    assert world.ent_a.name not in public.get(reverse("public:results"), {"township": world.town_b.pk}).content.decode()
    with assert_nothing_changed(), pytest.raises(ValidationError):
        publication.publication_withdraw(actor=world["head_a"], publication=pub, reason=" ")
    publication.publication_withdraw(actor=world["head_a"], publication=pub, reason="复议撤销")
    html = public.get(reverse("public:result", args=[pub.pk])).content.decode()
    assert "data-withdrawn" in html and "复议撤销" in html
    assert world.ent_a.name not in public.get(reverse("public:results")).content.decode()
    Publication.objects.filter(pk=pub.pk).update(status="published", retire_on=timezone.localdate())
    assert public.get(reverse("public:result", args=[pub.pk])).status_code == 404  # retired
    assert record.pk


def test_individual_business_code_is_masked() -> None:
    assert publication.is_natural_person("92500238MA5U6XXX1X")
    assert not publication.is_natural_person("91500238MA5U6XXX1X")


# --- random draws --------------------------------------------------------------------------------


def test_random_draw_is_reproducible_and_public(site: Onsite, world: Any) -> None:
    for _ in range(8):
        EnterpriseFactory(region=world.village_a)
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        draws.random_draw_create(
            actor=world["head_a"], body=world.dept_body, matter=site.matter_d, region=world.town_a, ratio_pct=20
        )
    with assert_nothing_changed(), pytest.raises(ValidationError):  # only two certified officers; three asked
        draws.random_draw_create(
            actor=world["head_a"], body=world.body_a, matter=site.matter_a, region=world.town_a, count=2, officers=3
        )
    item = draws.random_draw_create(
        actor=world["head_a"], body=world.body_a, matter=site.matter_a, region=world.town_a, ratio_pct=20
    )
    assert len(item.entity_pool) == 9 and len(item.result) == 2  # ceil(20 % of 9)
    assert all(len(r["officers"]) == 2 for r in item.result)
    assert draws.draw_confirms(item)
    html = Client().get(reverse("public:draw", args=[item.pk])).content.decode()
    assert item.seed in html and 'data-confirmed="1"' in html
    RandomDraw.objects.filter(pk=item.pk).update(result=list(reversed(item.result)))
    assert 'data-confirmed="0"' in Client().get(reverse("public:draw", args=[item.pk])).content.decode()


def test_random_draw_page(site: Onsite, world: Any) -> None:
    head = client_for(world["head_a"])
    assert head.get(reverse("inspections:draw_new")).status_code == 200
    response = head.post(
        reverse("inspections:draw_new"),
        {"matter": site.matter_a.pk, "region": world.town_a.pk, "ratio_pct": "50", "officers": "2"},
    )
    assert response.status_code == 302
    bad = head.post(reverse("inspections:draw_new"), {"matter": "x", "region": world.town_a.pk})
    assert bad.status_code == 422 and "整数" in bad.content.decode()


pool = st.lists(st.text(alphabet="0123456789ABCDEF", min_size=18, max_size=18), min_size=1, max_size=40, unique=True)


@hsettings(max_examples=60, deadline=None)
@given(
    seed=st.text(min_size=1, max_size=32),
    entities=pool,
    officers=st.lists(st.text(alphabet="C0123456789", min_size=4, max_size=8), min_size=2, max_size=10, unique=True),
    ratio=st.floats(min_value=0.1, max_value=100),
    per=st.integers(min_value=2, max_value=4),
)
def test_draw_is_a_deterministic_sample(
    seed: str, entities: list[str], officers: list[str], ratio: float, per: int
) -> None:
    ents = [[e, f"企业{e}"] for e in entities]
    offs = [[o, f"人员{o}"] for o in officers]
    params = {"ratio_pct": ratio, "officers": per}
    first = draws.draw(seed, params, ents, offs)
    assert first == draws.draw(seed, params, list(reversed(ents)), list(reversed(offs)))  # order of lists is irrelevant
    assert 1 <= len(first) <= len(ents) and len({r["uscc"] for r in first}) == len(first)
    assert {r["uscc"] for r in first} <= set(entities)
    for r in first:
        certs = [o["certificate"] for o in r["officers"]]
        assert len(certs) == min(per, len(officers)) == len(set(certs))


def test_public_pages_need_no_login_and_other_pages_do(site: Onsite) -> None:
    public = Client()
    for name in ("public:results", "public:draws"):
        assert public.get(reverse(name)).status_code == 200
    for name in ("inspections:records", "inspections:publications", "inspections:portal", "inspections:draw_new"):
        response = public.get(reverse(name))
        assert response.status_code == 302 and re.search(r"/accounts/login/", response["Location"])


# --- API: enter once, every department reads it ---------------------------------------------------


def _token(user: Any) -> str:
    from fazhi.accounts.services import api_token_create

    return api_token_create(actor=user, name="部门系统", system=True)[1]


def test_api_push_and_shared_read(site: Onsite, world: Any) -> None:
    import json as _json

    head_token = _token(world["head_a"])
    c = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {head_token}"}
    payload = {
        "enterprise_uscc": world.ent_a.uscc,
        "matter_codes": [site.matter_a.code],
        "officer_certificates": [site.a1.certificate_no, site.a2.certificate_no],
        "mode": "remote",
        "method": "documents",
        "answers": [{"text": "安全生产责任制落实", "answer": "pass"}],
        "outcome": "no_issue",
    }
    refused = c.post("/api/v1/inspection-records", _json.dumps(payload), content_type="application/json", **auth)
    assert refused.status_code == 422 and refused.json()["details"]["answers"]["missing"] == ["消防通道畅通"]
    assert not InspectionRecord.objects.exists()  # all or nothing
    payload["answers"].append({"text": "消防通道畅通", "answer": "fail", "note": "堆放杂物"})
    payload["outcome"] = "rectify"
    payload["rectification_due"] = (site.today + dt.timedelta(days=10)).isoformat()
    created = c.post("/api/v1/inspection-records", _json.dumps(payload), content_type="application/json", **auth)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "finished" and body["enterprise_uscc"] == world.ent_a.uscc
    assert [line["answer"] for line in body["checklist"]] == ["pass", "fail"]
    # the county department inspects 峰灵酒业 too: it reads the township's result without re-entering it
    dept = {"HTTP_AUTHORIZATION": f"Bearer {_token(world['dept_inspector'])}"}
    listed = c.get("/api/v1/inspection-records", {"enterprise_uscc": world.ent_a.uscc}, **dept).json()
    assert [r["id"] for r in listed["items"]] == [body["id"]]
    assert c.get(f"/api/v1/inspection-records/{body['id']}", **dept).json()["outcome"] == "rectify"
    other = {"HTTP_AUTHORIZATION": f"Bearer {_token(world['inspector_b'])}"}
    assert c.get(f"/api/v1/inspection-records/{body['id']}", **other).status_code == 404
    # a lead officer from another body is refused
    payload["officer_certificates"] = [site.d1.certificate_no, site.a1.certificate_no]
    with assert_nothing_changed():
        foreign = c.post("/api/v1/inspection-records", _json.dumps(payload), content_type="application/json", **auth)
    assert foreign.status_code == 403


def test_enterprise_page_links_and_the_portal_email(site: Onsite, world: Any) -> None:
    page = client_for(site.a1.user).get(reverse("registry:enterprise_detail", args=[world.ent_a.pk])).content.decode()
    assert reverse("inspections:poster", args=[world.ent_a.pk]) in page and "mode=no_code" in page
    ent = client_for(world["enterprise"])
    ent.post(reverse("inspections:portal"), {"email": "not-an-address"})
    world.ent_a.refresh_from_db()
    assert world.ent_a.email == ""
    ent.post(reverse("inspections:portal"), {"email": "boss@example.cn"})
    world.ent_a.refresh_from_db()
    assert world.ent_a.email == "boss@example.cn"


def test_officer_photo_uploaded_on_the_officer_page(site: Onsite, world: Any) -> None:
    upload = io.BytesIO(PNG)
    upload.name = "me.png"
    url = reverse("registry:officer_detail", args=[site.a1.pk])
    client_for(world["supervisor"]).post(url, {"photo": upload})
    site.a1.refresh_from_db()
    assert site.a1.photo.name.endswith(".png")
    before = site.a1.photo.name
    upload = io.BytesIO(PNG + b"other")
    upload.name = "x.png"
    refused = client_for(world["inspector_a"]).post(url, {"photo": upload}, follow=True)
    assert "权限" in refused.content.decode()  # an inspector may not change officers' photos
    site.a1.refresh_from_db()
    assert site.a1.photo.name == before


def test_withdraw_from_the_publications_page_and_no_open_redirect(site: Onsite, world: Any) -> None:
    finished(site)
    pub = Publication.objects.get()
    head = client_for(world["head_a"])
    head.post(reverse("inspections:publications"), {"publication": pub.pk, "action": "publish"})
    assert f'data-published="{pub.pk}"' in head.get(reverse("inspections:publications")).content.decode()
    response = head.post(
        reverse("inspections:publications"),
        {"publication": pub.pk, "action": "withdraw", "reason": "复议决定撤销", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("inspections:publications")  # never off-site
    pub.refresh_from_db()
    assert pub.status == "withdrawn" and pub.withdraw_reason == "复议决定撤销"
    # another township's body cannot touch it
    other = client_for(world["inspector_b"])
    with assert_nothing_changed():
        refused = other.post(
            reverse("inspections:publications"), {"publication": pub.pk, "action": "withdraw", "reason": "x"}
        )
    assert refused.status_code == 403
    pub.refresh_from_db()
    assert pub.withdraw_reason == "复议决定撤销"
