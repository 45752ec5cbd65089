"""Schemathesis against the OpenAPI schema: generated requests to every operation, as a county
supervisor's system; zero server errors and every answer conforming to the schema."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import content_type_conformance, not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from fazhi.accounts.services import api_token_create

# "zero 5xx, zero schema violations": checks of the answers. Schemathesis' positive-data check is
# left out on purpose: a syntactically valid code that fails its GB 32100 checksum is rightly 422.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

pytestmark = pytest.mark.django_db


def test_every_operation_conforms_to_its_schema(world: Any) -> None:
    token = api_token_create(actor=world["supervisor"], name="schemathesis", system=True)[1]
    headers = {"Authorization": f"Bearer {token}"}
    # The app runs in this process through WSGI; like Django's test client, a request must not
    # close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    failures: list[str] = []
    operations = 0
    try:
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
        for result in schema.get_all_operations():
            operation = result.ok()
            operations += 1

            @given(case=operation.as_strategy())
            @settings(
                max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True
            )
            def run(case: Any) -> None:
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                run()
            except Exception as exc:  # collect every operation's failure, then report them all
                failures.append(f"{operation.label}: {str(exc)[:600]}")
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    assert operations >= 20
    assert failures == [], "\n\n".join(failures)
