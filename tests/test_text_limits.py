"""Every free-text argument of every service has a maximum: 40,000 characters are refused, all
long fields at once, each named with its limit in Chinese, and nothing is written; the forms
say the same with ``maxlength``."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core import text
from fazhi.core.errors import ValidationError
from fazhi.core.models import LedgerEntry

pytestmark = pytest.mark.django_db
SRC = Path(__file__).resolve().parents[1] / "src/fazhi"
SERVICE_MODULES = [
    "fazhi.accounts.services",
    "fazhi.cases.services.documents",
    "fazhi.cases.services.catalogue",
    "fazhi.cases.services.decision",
    "fazhi.cases.services.execution",
    "fazhi.cases.services.filing",
    "fazhi.cases.services.hearing",
    "fazhi.cases.services.investigation",
    "fazhi.cases.services.proposal",
    "fazhi.cases.services.records",
    "fazhi.cases.services.review",
    "fazhi.cases.services.summary",
    "fazhi.inspections.draws",
    "fazhi.inspections.onsite.checkin",
    "fazhi.inspections.onsite.checklist",
    "fazhi.inspections.onsite.evidence",
    "fazhi.inspections.onsite.finish",
    "fazhi.inspections.onsite.push",
    "fazhi.inspections.onsite.rating",
    "fazhi.inspections.onsite.records",
    "fazhi.inspections.onsite.signatures",
    "fazhi.inspections.publication",
    "fazhi.inspections.services.approval",
    "fazhi.inspections.services.coordination",
    "fazhi.inspections.services.plans",
    "fazhi.registry.services.bodies",
    "fazhi.registry.services.enterprises",
    "fazhi.registry.services.matters",
    "fazhi.registry.services.officers",
    "fazhi.reports.services",
    "fazhi.supervision.services",
]
# str arguments that are not free text: codes, choices, tokens, passwords (checked otherwise)
NOT_FREE_TEXT = {
    "answer",
    "circumstance",
    "code",
    "contact_phone",
    "max_harm",
    "email",
    "harm",
    "industry",
    "inspection_type",
    "kind",
    "level",
    "method",
    "mode",
    "number",
    "outcome",
    "party_id_number",
    "party_kind",
    "password",
    "representative_signature",
    "result",
    "role",
    "severity",
    "signature",
    "source",
    "token",
    "township_path",
    "username",
}
INTERNAL = {"fazhi.cases.services.common.record_step"}  # called by services that check their input
HUGE = "长" * 40_000


def _text_arguments() -> dict[str, set[str]]:
    """Each public service function in the code and its free-text (``str``) keyword arguments."""
    found: dict[str, set[str]] = {}
    for module in SERVICE_MODULES:
        path = SRC.parent / (module.replace(".", "/") + ".py")
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                names = {
                    a.arg
                    for a in node.args.kwonlyargs
                    if a.annotation is not None and ast.unparse(a.annotation) in ("str", "str | None")
                } - NOT_FREE_TEXT
                if names:
                    found[f"{module}.{node.name}"] = names
    return found


def _registry() -> dict[str, dict[str, tuple[Any, int]]]:
    for module in SERVICE_MODULES:
        importlib.import_module(module)
    return text.REGISTRY


# A whole document typed in one box (core.text.DOCUMENT); everything else stays within LONG.
DOCUMENTS = {
    ("fazhi.reports.services.annual_report_save", "text"),
    ("fazhi.decisions.services.documents.document_draft", "text"),  # a normative document's articles
    ("fazhi.decisions.services.documents.document_text_revise", "text"),
}


def test_every_text_argument_has_a_limit() -> None:
    registry = _registry()
    missing = {
        name: sorted(args - set(registry.get(name, {})))
        for name, args in _text_arguments().items()
        if name not in INTERNAL and args - set(registry.get(name, {}))
    }
    assert not missing, missing
    for name, limits in registry.items():
        for arg, (_label, limit) in limits.items():
            top = text.DOCUMENT if (name, arg) in DOCUMENTS else text.LONG
            assert 1 <= limit <= top, (name, arg, limit)


@pytest.mark.parametrize("name", sorted(set(_text_arguments()) - INTERNAL))
def test_forty_thousand_characters_are_refused(name: str, world: Any) -> None:
    module, func_name = name.rsplit(".", 1)
    func = getattr(importlib.import_module(module), func_name)
    limits = _registry()[name]
    entries = LedgerEntry.objects.count()
    kwargs: dict[str, Any] = dict.fromkeys(limits, HUGE)
    with pytest.raises(ValidationError) as exc:
        func(actor=world["supervisor"], **kwargs)
    assert set(exc.value.details) == set(limits), "every long field at once"
    for arg, (label, limit) in limits.items():
        message = exc.value.details[arg]
        assert re.search(r"[\u4e00-\u9fff]", str(label)), (name, arg, str(label))
        assert str(label) in message and str(limit) in message and "过长" in message, message
        assert str(limit) in exc.value.message
    assert LedgerEntry.objects.count() == entries


def test_every_free_text_box_on_the_pages_has_a_maxlength() -> None:
    skip = re.compile(r'type="(hidden|date|checkbox|radio|file|number|submit|password|search)"')
    filters = {"q", "user", "username", "token", "actor", "target", "year", "code"}  # filters and log-ins
    missing = []
    for path in (SRC / "templates").rglob("*.html"):
        for tag in re.findall(r"<(?:textarea|input)\b[^>]*>", path.read_text()):
            name = re.search(r'name="([a-z_]+)', tag)
            if "maxlength" in tag or skip.search(tag) or name is None or name.group(1) in filters:
                continue
            if (
                'inputmode="numeric"' in tag
                or 'inputmode="decimal"' in tag
                or name.group(1).startswith(
                    (
                        "fine",
                        "amount",
                        "days",
                        "found",
                        "solved",
                        "count",
                        "officers",
                        "ratio",
                        "first_within",
                        "deduct",
                    )
                )
            ):
                continue
            missing.append((path.name, name.group(1)))
    assert not missing, missing


def test_the_finish_form_shows_every_error_at_its_field(world: Any) -> None:
    from tests.test_onsite import Onsite

    site = Onsite(world)
    record = site.start()
    c = Client()
    c.force_login(world["inspector_a"])
    page = c.post(
        reverse("inspections:finish", args=[record.pk]), {"outcome": "", "findings": "x" * 40_000}, follow=True
    ).content.decode()
    assert 'data-field-error="findings"' in page and "过长" in page
    page = c.post(reverse("inspections:finish", args=[record.pk]), {"outcome": ""}, follow=True).content.decode()
    for field in ("answers", "sections", "outcome"):
        assert f'data-field-error="{field}"' in page, field
    assert c.get(reverse("inspections:record", args=[record.pk])).content.decode().count("data-field-error") == 0
