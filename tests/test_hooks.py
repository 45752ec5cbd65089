"""Side effects as queued tasks (issue 14, item 4): queued on commit, never on rollback, retried,
visible to the system administrator when they still fail — and never failing the write itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fazhi.core import hooks
from fazhi.core.hooks import retried_task
from fazhi.core.models import LedgerEntry

pytestmark = pytest.mark.django_db
CALLS: list[dict[str, Any]] = []
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@retried_task
def remember(*, n: int) -> None:
    CALLS.append({"n": n})


@retried_task
def always_fails(*, n: int) -> None:
    CALLS.append({"n": n, "failed": True})
    raise RuntimeError("the warning engine is down")


def run_ready_jobs() -> None:
    """What `fazhi worker` does with each ready job, inside the test's transaction."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    for row in list(DBTaskResult.objects.ready()):
        row.claim("test")
        worker.run_task(row)


@pytest.fixture
def event(monkeypatch: Any) -> str:
    CALLS.clear()
    monkeypatch.setitem(hooks._HOOKS, "test.event", [])
    return "test.event"


def test_tasks_run_after_commit_and_never_after_rollback(event: str, django_capture_on_commit_callbacks: Any) -> None:
    hooks.on(event, remember)
    hooks.on(event, remember)  # registering twice runs it once
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        hooks.emit(event, n=1)
        assert CALLS == []  # not before the commit
    assert CALLS == [{"n": 1}]
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValueError), transaction.atomic():
        hooks.emit(event, n=2)
        raise ValueError("rolled back")
    assert CALLS == [{"n": 1}]


def test_a_failing_task_is_retried_and_never_fails_the_write(
    event: str, django_capture_on_commit_callbacks: Any
) -> None:
    hooks.on(event, always_fails)
    with django_capture_on_commit_callbacks(execute=True):
        hooks.emit(event, n=7)  # no exception reaches the caller
    assert CALLS == [{"n": 7, "failed": True}] * hooks.MAX_ATTEMPTS


def test_supervision_checks_are_queued_by_inspections_and_cases() -> None:
    from fazhi.supervision import tasks

    assert hooks.registered("inspection.record_changed") == [tasks.check_enterprise]
    assert hooks.registered("case.changed") == [tasks.check_case]


def test_failed_jobs_are_listed_for_the_system_administrator_and_queued_again(
    event: str, world: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    hooks.on(event, always_fails)
    with django_capture_on_commit_callbacks(execute=True):
        hooks.emit(event, n=3)
    start = timezone.now()
    for minutes in range(hooks.MAX_ATTEMPTS):  # each retry waits a minute longer
        with time_machine.travel(start + dt.timedelta(minutes=minutes * 5 + 1)):
            run_ready_jobs()
    assert len(CALLS) == hooks.MAX_ATTEMPTS and DBTaskResult.objects.failed().count() == hooks.MAX_ATTEMPTS

    admin = Client()
    admin.force_login(world["sysadmin"])
    page = admin.get(reverse("core:tasks")).content.decode()
    assert page.count("data-failed-task") == 1  # the last attempt only
    assert "n=3" in page and "RuntimeError" in page
    row = DBTaskResult.objects.failed().order_by("-finished_at").first()
    assert row is not None

    before = (DBTaskResult.objects.count(), LedgerEntry.objects.count())
    for name in ("supervisor", "auditadmin", "inspector_a"):
        other = Client()
        other.force_login(world[name])
        assert other.get(reverse("core:tasks")).status_code == 403
        assert other.post(reverse("core:tasks"), {"retry": str(row.pk)}).status_code == 403
    assert (DBTaskResult.objects.count(), LedgerEntry.objects.count()) == before

    with django_capture_on_commit_callbacks(execute=True):
        done = admin.post(reverse("core:tasks"), {"retry": str(row.pk)}, follow=True).content.decode()
    assert "已重新排队" in done
    assert not DBTaskResult.objects.filter(pk=row.pk).exists()
    queued = DBTaskResult.objects.ready().get()
    assert queued.args_kwargs["kwargs"] == {"n": 3}  # a fresh first attempt
    entry = LedgerEntry.objects.get(verb="task.retry")
    assert "always_fails" in entry.payload and entry.target_id == str(row.pk)
    gone = admin.post(reverse("core:tasks"), {"retry": str(row.pk)}, follow=True).content.decode()
    assert "不在列表中" in gone
    assert admin.post(reverse("core:tasks"), {"retry": "not-a-uuid"}, follow=True).status_code == 200
