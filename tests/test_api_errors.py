"""One error contract for the API, checked against the OpenAPI document it serves: for every route,
its errors are provoked (no token, malformed JSON, a body that does not validate, a query value out
of range, an id that does not exist), each answer's status is one the route documents and each body
validates against the route's documented error schema (issue 13, "API vs docs/api.md")."""

from __future__ import annotations

import re
from typing import Any

import jsonschema_rs
import pytest
from django.test import Client

from fazhi.accounts.services import api_token_create

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")


def _resolve(schema: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = doc
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def _error_schema(operation: dict[str, Any], status: int, doc: dict[str, Any]) -> dict[str, Any]:
    response = operation["responses"][str(status)]
    schema = _resolve(response["content"]["application/json"]["schema"], doc)
    return {**schema, "components": doc["components"]}  # nested $refs stay resolvable


def _check(response: Any, operation: dict[str, Any], doc: dict[str, Any], what: str) -> dict[str, Any]:
    status = response.status_code
    assert str(status) in operation["responses"], f"{what}: {status} is not documented"
    body = response.json()
    schema = _error_schema(operation, status, doc)
    errors = [e.message for e in jsonschema_rs.validator_for(schema).iter_errors(body)]
    assert errors == [], f"{what}: {errors}"
    assert set(body) == {"code", "message", "details"}, what
    assert CJK.search(body["message"]), f"{what}: the message is not Chinese: {body['message']}"
    return body


def _concrete(path: str, value: str) -> str:
    return (
        "/api/v1" + re.sub(r"\{\w+\}", value, path)
        if not path.startswith("/api/v1")
        else re.sub(r"\{\w+\}", value, path)
    )


def test_every_route_answers_its_errors_in_the_documented_contract(world: Any) -> None:
    c = Client()
    doc = c.get("/api/v1/openapi.json").json()
    _, raw = api_token_create(actor=world["supervisor"], name="contract", system=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    error_schema = doc["components"]["schemas"]["ErrorOut"]
    assert set(error_schema["required"]) >= {"code", "message"}
    routes = 0
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "delete", "patch"}:
                continue
            routes += 1
            for status in ("400", "401", "403", "404", "409", "422"):  # every route documents every error
                ref = operation["responses"][status]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorOut"), (path, method, status)
            call = getattr(c, method)
            url = _concrete(path, "1")
            label = f"{method.upper()} {path}"

            # 401 without a token, with the challenge of RFC 6750
            unauth = call(url, **({"content_type": "application/json", "data": "{}"} if method != "get" else {}))
            assert unauth.status_code == 401, label
            assert unauth["WWW-Authenticate"] == 'Bearer realm="fazhi"', label
            assert _check(unauth, operation, doc, label + " 401")["code"] == "unauthorized"

            # 404 with details, for an id that does not exist
            if "{" in path:
                missing = call(
                    _concrete(path, "987654321"),
                    **({"content_type": "application/json", "data": "{}"} if method != "get" else {}),
                    **auth,
                )
                if missing.status_code == 404:
                    body = _check(missing, operation, doc, label + " 404")
                    assert body["code"] == "not_found" and body["details"], label
                else:  # the body is validated before the lookup
                    _check(missing, operation, doc, label + f" {missing.status_code}")

            if method in {"post", "put", "patch"}:
                # 400: the body is not JSON
                malformed = call(url, data="{not json", content_type="application/json", **auth)
                body = _check(malformed, operation, doc, label + " malformed")
                assert malformed.status_code in {400, 404}, label
                if malformed.status_code == 400:
                    assert body["code"] == "malformed_body", label
                # 422: valid JSON that does not validate, with per-field details
                if "requestBody" in operation:
                    empty = call(url, data='{"unexpected": [1]}', content_type="application/json", **auth)
                    if empty.status_code != 404:
                        assert empty.status_code == 422, (label, empty.status_code, empty.content[:300])
                        body = _check(empty, operation, doc, label + " 422")
                        assert body["code"] == "validation_error" and body["details"], label

            # 422: a query value out of range or of the wrong type
            for param in operation.get("parameters", []):
                if param["in"] != "query":
                    continue
                schema = _resolve(param.get("schema", {}), doc)
                types = {schema.get("type")} | {s.get("type") for s in schema.get("anyOf", [])}
                if "integer" in types or "boolean" in types or param["name"] in {"month", "year"}:
                    for value in ("abc", "99999999999999999999999"):
                        bad = call(url, {param["name"]: value}, **auth)
                        assert bad.status_code in {404, 422}, (label, param["name"], value, bad.status_code)
                        body = _check(bad, operation, doc, f"{label} ?{param['name']}={value}")
                        if bad.status_code == 422:
                            assert body["details"], label
    assert routes >= 25


def test_api_unknown_paths_and_conflicts_keep_the_contract(world: Any) -> None:
    c = Client()
    _, raw = api_token_create(actor=world["supervisor"], name="contract", system=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    unknown = c.get("/api/v1/no-such-thing", **auth)
    assert unknown.status_code == 404
    assert set(unknown.json()) == {"code", "message", "details"} and unknown.json()["details"]
    month = c.get("/api/v1/schedule", {"month": "0001-01"}, **auth)
    assert month.status_code == 422 and month.json()["details"] == {"month": month.json()["details"]["month"]}
    year = c.get("/api/v1/plans", {"month": "2026-13"}, **auth)  # pinned: an impossible month
    assert year.status_code == 422 and CJK.search(year.json()["message"])
