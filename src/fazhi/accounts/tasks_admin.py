"""Background jobs that failed: the system administrator sees them and queues them again.

A job's arguments are ids, never business data, so the system administrator (who reads no business
data, 三权分立) may see them. Jobs retried automatically (``core.hooks.retrying``) are shown only
once their last attempt failed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require
from fazhi.core import hooks
from fazhi.core.errors import NotFound
from fazhi.core.ledger import actor_of, ledger_append

LABELS = {
    "fazhi.supervision.tasks.check_enterprise": gettext_lazy("Warning check after an inspection"),
    "fazhi.supervision.tasks.check_case": gettext_lazy("Warning check after a case step"),
    "fazhi.inspections.tasks.send_result_email": gettext_lazy("Inspection result by email"),
    "fazhi.registry.tasks.import_job_run": gettext_lazy("Excel import"),
}
SHOWN = 200


@dataclass(frozen=True)
class FailedTask:
    id: str
    label: str
    task_path: str
    arguments: str
    attempt: int
    error: str
    failed_at: Any


def _attempt(row: Any) -> int:
    return int((row.args_kwargs or {}).get("kwargs", {}).get("attempt", 1))


def failed_tasks(*, user: Any) -> list[FailedTask]:
    """The jobs whose last attempt failed, newest first."""
    from django_tasks_db.models import DBTaskResult

    require(user, Perm.TASKS_MANAGE)
    out = []
    for row in DBTaskResult.objects.failed().order_by("-finished_at")[:SHOWN]:
        attempt = _attempt(row)
        if row.task_path in hooks.RETRIED and attempt < hooks.MAX_ATTEMPTS:
            continue  # a later attempt is queued
        kwargs = {k: v for k, v in (row.args_kwargs or {}).get("kwargs", {}).items() if k != "attempt"}
        args = [*(row.args_kwargs or {}).get("args", []), *(f"{k}={v}" for k, v in sorted(kwargs.items()))]
        out.append(
            FailedTask(
                id=str(row.id),
                label=str(LABELS.get(row.task_path, row.task_path.rsplit(".", 1)[-1])),
                task_path=row.task_path,
                arguments=", ".join(str(a) for a in args),
                attempt=attempt,
                error=row.exception_class_path.rsplit(".", 1)[-1],
                failed_at=row.finished_at,
            )
        )
    return out


def task_retry(*, actor: Any, result_id: str) -> Any:
    """Queue a failed job again with its arguments (from its first attempt) and drop the failed row;
    the ledger keeps which job failed with what and who queued it again."""
    from django.utils.module_loading import import_string
    from django_tasks_db.models import DBTaskResult

    require(actor, Perm.TASKS_MANAGE)
    row = DBTaskResult.objects.failed().filter(pk=result_id).first() if _is_uuid(result_id) else None
    if row is None:
        raise NotFound(_("This failed job is not in the list any more (queued again or cleaned up)."))
    task = import_string(row.task_path)
    args = list((row.args_kwargs or {}).get("args", []))
    kwargs = {k: v for k, v in (row.args_kwargs or {}).get("kwargs", {}).items() if k != "attempt"}
    with transaction.atomic():
        ledger_append(
            actor=actor_of(actor),
            verb="task.retry",
            target_type="django_tasks_db.dbtaskresult",
            target_id=str(row.id),
            payload={"task": row.task_path, "args": args, "kwargs": kwargs, "error": row.exception_class_path},
        )
        row.delete()
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
    return row


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
