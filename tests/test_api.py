from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from fazhi.accounts.services import api_token_create, api_token_revoke
from fazhi.core.models import LedgerEntry
from fazhi.registry.models import Enterprise
from tests.dbutil import assert_nothing_changed
from tests.factories import valid_uscc

pytestmark = pytest.mark.django_db


def api(world: Any, user: str = "head_a") -> tuple[Client, dict[str, str]]:
    _, raw = api_token_create(actor=world[user], name="县安全生产信息系统", system=True)
    return Client(), {"Authorization": f"Bearer {raw}"}


def test_no_or_bad_token_is_401_json(world: Any) -> None:
    c = Client()
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Bearer fz_abcd_wrong"}):
        response = c.get("/api/v1/enterprises", headers=headers)
        assert response.status_code == 401
        assert response.json()["code"] == "unauthorized"


def test_lists_are_scoped_to_the_tokens_organisation(world: Any) -> None:
    c, h = api(world)
    data = c.get("/api/v1/enterprises", headers=h).json()
    assert [e["name"] for e in data["items"]] == ["峰灵酒业有限公司"] and data["count"] == 1
    officers = c.get("/api/v1/officers", headers=h).json()["items"]
    assert [o["name"] for o in officers] == ["峰灵甲"]
    assert officers[0]["phone"] == "138****5678"
    assert c.get(f"/api/v1/enterprises/{world.ent_b.pk}", headers=h).status_code == 404


def test_detail_masks_phones(world: Any) -> None:
    c, h = api(world)
    data = c.get(f"/api/v1/enterprises/{world.ent_a.pk}", headers=h).json()
    assert data["contacts"][0]["phone"] == "139****5678"


def test_create_and_update_with_version(world: Any) -> None:
    c, h = api(world)
    code = valid_uscc(555)
    created = c.post(
        "/api/v1/enterprises",
        {"uscc": code, "name": "接口企业有限公司", "region_id": world.village_a.pk},
        content_type="application/json",
        headers=h,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["version"] == 1
    entry = LedgerEntry.objects.order_by("-seq").first()
    assert entry is not None and entry.actor_name.startswith("api-") and entry.verb == "enterprise.create"
    url = f"/api/v1/enterprises/{body['id']}"
    payload = {"uscc": code, "name": "接口企业（改）", "region_id": world.village_a.pk, "version": 1}
    assert c.put(url, payload, content_type="application/json", headers=h).json()["version"] == 2
    stale = c.put(url, {**payload, "name": "过期"}, content_type="application/json", headers=h)
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict" and "其他人修改" in stale.json()["message"]
    assert Enterprise.objects.get(pk=body["id"]).name == "接口企业（改）"


def test_validation_errors_are_json_in_chinese(world: Any) -> None:
    c, h = api(world)
    bad = c.post(
        "/api/v1/enterprises",
        {"uscc": "123", "name": "", "region_id": world.village_a.pk},
        content_type="application/json",
        headers=h,
    )
    assert bad.status_code == 422
    assert bad.json()["code"] == "validation_error" and set(bad.json()["details"]) == {"uscc", "name"}
    outside = c.post(
        "/api/v1/enterprises",
        {"uscc": valid_uscc(3), "name": "x", "region_id": world.village_b.pk},
        content_type="application/json",
        headers=h,
    )
    assert outside.status_code == 422 and "辖区" in outside.json()["message"]  # was 400; docs: 422
    malformed = c.post("/api/v1/enterprises", {"name": 1}, content_type="application/json", headers=h)
    assert malformed.status_code == 422 and malformed.json()["code"] == "validation_error"


def test_token_cannot_write_beyond_its_roles(world: Any) -> None:
    c, h = api(world, "leader_a")
    with assert_nothing_changed():
        response = c.post(
            "/api/v1/enterprises",
            {"uscc": valid_uscc(8), "name": "x", "region_id": world.village_a.pk},
            content_type="application/json",
            headers=h,
        )
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert not Enterprise.objects.filter(name="x").exists()


def test_revoked_token_is_refused(world: Any) -> None:
    token, raw = api_token_create(actor=world["head_a"], name="旧系统", system=True)
    auth = {"Authorization": f"Bearer {raw}"}
    before = Client().get("/api/v1/enterprises", headers=auth)
    assert before.status_code == 200 and [e["name"] for e in before.json()["items"]] == ["峰灵酒业有限公司"]
    api_token_revoke(actor=world["head_a"], token=token)
    after = Client().get("/api/v1/enterprises", headers=auth)
    assert after.status_code == 401 and after.json()["code"] == "unauthorized"


def test_openapi_schema_and_docs_are_served_locally(world: Any) -> None:
    c = Client()
    schema = c.get("/api/v1/openapi.json")
    assert schema.status_code == 200 and "/api/v1/enterprises" in schema.json()["paths"]
    docs = c.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.content.decode().lower()


def test_nul_characters_are_refused_not_a_server_error(world: Any) -> None:
    from django.test import Client

    c = Client()
    _, raw = api_token_create(actor=world["supervisor"], name="nul", system=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert c.get("/api/v1/regions?level=%00x", **auth).status_code == 400
    body = '{"uscc": "x", "name": "a\\u0000b", "region_id": 1}'
    refused = c.post("/api/v1/enterprises", body, content_type="application/json", **auth)
    assert refused.status_code == 400 and "NUL" in refused.json()["message"]
    assert c.get("/api/v1/regions?level=village", **auth).status_code == 200


def test_out_of_range_ids_are_the_callers_mistake(world: Any) -> None:
    c = Client()
    _, raw = api_token_create(actor=world["supervisor"], name="range", system=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    # An id no database can hold is a validation error (422, said in Chinese, naming the field) on
    # SQLite and PostgreSQL alike (it used to be 422 on SQLite, an empty list on PostgreSQL and a 404
    # as a path): ids are typed 1 … 2**63-1 in the OpenAPI document.
    response = c.get("/api/v1/officers?body_id=148290910428244115456", **auth)
    assert response.status_code == 422 and response.json()["code"] == "validation_error"
    assert "body_id" in str(response.json()["details"])
    path = c.get("/api/v1/officers/148290910428244115456", **auth)
    assert path.status_code == 422 and "officer_id" in str(path.json()["details"])
    assert c.get("/api/v1/officers/987654321", **auth).status_code == 404  # no such officer
