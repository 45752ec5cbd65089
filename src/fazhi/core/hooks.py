"""Side effects of a committed change, as queued tasks — never signals.

A service says what happened (``emit("inspection.record_changed", record_id=…, enterprise_id=…)``)
inside its transaction; when the transaction commits, every task a layer above registered for that
event (``on(event, task)``, in its ``AppConfig.ready``) is enqueued on the django-tasks queue (the
database queue by default, run by ``fazhi worker``). The lower layer never imports the upper one.
Tasks must be idempotent: a failed one is retried (``retrying``) and, when it still fails, it is
listed on the system administrator's 后台任务 page with a retry button (``core.tasks_admin``).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend

logger = logging.getLogger(__name__)
_HOOKS: dict[str, list[Any]] = defaultdict(list)
MAX_ATTEMPTS = 3
RETRY_SECONDS = 60  # the second attempt a minute later, the third two minutes after it


def on(event: str, task: Any) -> None:
    """Run ``task`` (a django-tasks Task) with the event's keyword arguments after each commit."""
    if task not in _HOOKS[event]:
        _HOOKS[event].append(task)


def registered(event: str) -> list[Any]:
    return list(_HOOKS[event])


def emit(event: str, **kwargs: Any) -> None:
    """Queue the event's tasks when the current transaction commits (at once outside one)."""
    tasks = registered(event)
    if tasks:
        transaction.on_commit(lambda: [enqueue(t, **kwargs) for t in tasks])


def enqueue(task: Any, *args: Any, attempt: int = 1, **kwargs: Any) -> Any:
    """Enqueue ``task``; a retry (``attempt`` > 1) waits when the backend can defer."""
    if attempt > 1 and default_task_backend.supports_defer:
        delay = dt.timedelta(seconds=RETRY_SECONDS * (attempt - 1))
        task = task.using(run_after=timezone.now() + delay)
    params = {**kwargs, "attempt": attempt} if attempt > 1 else kwargs
    return task.enqueue(*args, **params)


def retrying(func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a task function: on failure, queue the next attempt (up to MAX_ATTEMPTS) and re-raise, so
    the failed attempt is recorded (and shown on the 后台任务 page) while the retry is queued."""

    @functools.wraps(func)
    def run(*args: Any, attempt: int = 1, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Exception:
            logger.exception("task %s failed (attempt %d of %d)", func.__name__, attempt, MAX_ATTEMPTS)
            itself = _TASKS_BY_NAME.get(f"{func.__module__}.{func.__qualname__}")
            if attempt < MAX_ATTEMPTS and itself is not None:
                enqueue(itself, *args, attempt=attempt + 1, **kwargs)
            raise

    return run


_TASKS_BY_NAME: dict[str, Any] = {}
RETRIED = _TASKS_BY_NAME  # task paths whose failures are retried automatically


def retried_task(func: Callable[..., Any]) -> Any:
    """``@retried_task`` = django-tasks' ``@task()`` with ``retrying``: the task finds itself to retry."""
    from django_tasks import task

    wrapped = task()(retrying(func))
    _TASKS_BY_NAME[f"{func.__module__}.{func.__qualname__}"] = wrapped
    return wrapped
