"""Sensitive reads are logged with the reader's reason; logs are kept ≥ 184 days, then archived."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import AccessLog, LedgerEntry
from fazhi.supervision import services
from tests.test_onsite import JPEG, Onsite
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db


def test_full_number_needs_a_reason_and_is_logged(world: Any) -> None:
    complaint = services.complaint_receive(
        actor=world["supervisor"],
        source="hotline",
        kind="enforcement",
        body=None,
        region=world.town_a,
        text="检查人员未出示执法证件就入企检查",
        contact_name="李先生",
        contact_phone="13711112222",
    )
    sup = client_for(world["supervisor"])
    page = sup.get(reverse("supervision:complaints")).content.decode()
    assert "137****2222" in page and "13711112222" not in page
    refused = sup.post(
        reverse("supervision:complaints"), {"complaint": complaint.pk, "action": "reveal", "reason": ""}, follow=True
    )
    assert "13711112222" not in refused.content.decode() and not AccessLog.objects.exists()
    shown = sup.post(
        reverse("supervision:complaints"),
        {"complaint": complaint.pk, "action": "reveal", "reason": "回电核实情况"},
        follow=True,
    )
    assert "13711112222" in shown.content.decode()
    entry = AccessLog.objects.get()
    assert entry.username == world["supervisor"].username and entry.reason == "回电核实情况"
    # the audit administrator alone reads the access log
    assert "回电核实情况" in client_for(world["auditadmin"]).get(reverse("core:access_log")).content.decode()
    assert client_for(world["supervisor"]).get(reverse("core:access_log")).status_code == 403


def test_evidence_downloads_are_logged(world: Any) -> None:
    from fazhi.inspections import onsite

    site = Onsite(world)
    record = site.start()
    item = onsite.evidence_add(actor=site.user(site.a1), record=record, fh=io.BytesIO(JPEG), name="a.jpg")
    client_for(world["enterprise"]).get(reverse("inspections:evidence_file", args=[item.pk]))
    assert AccessLog.objects.filter(target_type="inspections.evidence", target_id=str(item.pk)).count() == 1


def test_retention_archives_old_logs_and_keeps_the_ledger(world: Any, settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    settings.FAZHI_LOG_RETENTION_DAYS = 10  # below the floor: 184 days still apply
    old = AccessLog.objects.create(username="x", target_type="t", target_id="1", reason="r")
    AccessLog.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=200))
    recent = AccessLog.objects.create(username="y", target_type="t", target_id="2", reason="r")
    AccessLog.objects.filter(pk=recent.pk).update(created_at=timezone.now() - dt.timedelta(days=100))
    ledger_before = LedgerEntry.objects.count()
    call_command("retention", "archive")
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]  # 100 days: kept
    (archive,) = (tmp_path / "archive").iterdir()
    with gzip.open(archive, "rt", encoding="utf-8") as fh:
        lines = [json.loads(line) for line in fh]
    assert [r["id"] for r in lines if r["kind"] == "access_log"] == [old.pk]
    record = LedgerEntry.objects.get(verb="logs.archived")
    assert json.loads(record.payload)["sha256"] == hashlib.sha256(archive.read_bytes()).hexdigest()
    assert LedgerEntry.objects.count() == ledger_before + 1  # nothing removed from the ledger


def test_nothing_to_archive_writes_nothing(world: Any, settings: Any, tmp_path: Path, capsys: Any) -> None:
    settings.VAR_DIR = tmp_path
    call_command("retention", "archive")
    assert "没有需要归档" in capsys.readouterr().out
    assert not (tmp_path / "archive").exists() or not any((tmp_path / "archive").iterdir())
    assert not LedgerEntry.objects.filter(verb="logs.archived").exists()
