"""A province's month in parallel (issue 17.4): one coordination run per county, as background tasks.

``province_coordinate`` queues one task per county. Without a broker the tasks go to django-tasks'
database queue (run by ``fazhi worker``, the embedded default); with ``FAZHI_TASK_BROKER=redis://…``
they go to an RQ queue on Redis, shared by any number of ``fazhi coordinate worker`` processes on
any number of machines.

A county's task is idempotent: it is ``coordination_run_create`` for the county and month, which
replaces the month's draft visits and keeps approved ones — running it twice leaves the same
schedule. So nothing is lost when a worker dies mid-solve: its job stops sending heartbeats,
another worker's maintenance finds it abandoned after ``HEARTBEAT + GRACE`` seconds and queues it
again (``Retry``), and the county is solved again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import SystemUser, require, require_region
from fazhi.core.clock import month_start
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append

QUEUE = "fazhi-coordination"


@dataclass(frozen=True)
class Queued:
    region: str  # the county's code
    job: str  # the job's id on its queue
    queue: str  # "database" or the Redis URL's host


def counties(*, under: str | None = None, codes: list[str] | None = None) -> list[Region]:
    """The county-level regions to coordinate: the given codes, else every county under the region
    coded ``under`` (a province or a city), else every county. Unknown codes are refused, named."""
    found = Region.objects.filter(level=Region.Level.COUNTY).order_by("path")
    if codes:
        found = found.filter(code__in=codes)
        missing = sorted(set(codes) - {r.code for r in found})
        if missing:
            raise ValidationError(
                _("These codes are not county-level regions: %(codes)s") % {"codes": "、".join(missing)},
                details={"regions": "unknown"},
            )
    elif under:
        top = Region.objects.filter(code=under).first()
        if top is None:
            raise ValidationError(_("No region has the code %(code)s.") % {"code": under}, details={"under": "unknown"})
        found = found.filter(path__startswith=top.path)
    return list(found)


def province_coordinate(
    *, actor: Any, regions: list[Region], month: dt.date, calendar_confirmed: bool = False
) -> list[Queued]:
    """Queue one coordination run per county for the month; returns what was queued where."""
    require(actor, Perm.PLAN_COORDINATE)
    if not regions:
        raise ValidationError(_("Choose at least one county to coordinate."), details={"regions": "required"})
    for region in regions:
        require_region(actor, region)
    month = month_start(month)
    with transaction.atomic():
        ledger_append(
            actor=actor_of(actor),
            verb="coordination.province",
            target=regions[0],
            payload={"month": month.isoformat(), "regions": [r.code for r in regions], "broker": _broker_name()},
        )
        queued: list[Queued] = []
        # queued once the ledger entry is committed: a task never runs for a fan-out that rolled back
        transaction.on_commit(lambda: queued.extend(_enqueue(regions, month, calendar_confirmed)))
    return queued


def county_run(region_id: int, month: str, calendar_confirmed: bool = False) -> int:
    """The job: coordinate one county's month (idempotent); returns the run's id."""
    from fazhi.inspections.services import coordination_run_create

    run = coordination_run_create(
        actor=SystemUser("coordinate province"),
        region=Region.objects.get(pk=region_id),
        month=dt.date.fromisoformat(month),
        calendar_confirmed=calendar_confirmed,
    )
    return int(run.pk)


@task()
def coordinate_county(region_id: int, month: str, calendar_confirmed: bool = False) -> int:
    """The same job on django-tasks' database queue (a task is found by its function's path)."""
    return county_run(region_id, month, calendar_confirmed)


def _broker_name() -> str:
    return "redis" if settings.FAZHI_TASK_BROKER else "database"


def _enqueue(regions: list[Region], month: dt.date, calendar_confirmed: bool) -> list[Queued]:
    if not settings.FAZHI_TASK_BROKER:
        return [
            Queued(r.code, str(coordinate_county.enqueue(r.pk, month.isoformat(), calendar_confirmed).id), "database")
            for r in regions
        ]
    from rq import Retry

    queue = rq_queue()
    out = []
    for r in regions:
        job = queue.enqueue(
            county_run,
            r.pk,
            month.isoformat(),
            calendar_confirmed,
            job_id=f"coordinate-{r.code}-{month:%Y-%m}",  # one job per county and month: queued again, not twice
            job_timeout=settings.FAZHI_COORDINATION_JOB_SECONDS,
            retry=Retry(max=settings.FAZHI_COORDINATION_RETRIES),
            result_ttl=7 * 24 * 3600,
            failure_ttl=30 * 24 * 3600,
        )
        out.append(Queued(r.code, job.id, "redis"))
    return out


def rq_queue() -> Any:
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE, connection=Redis.from_url(settings.FAZHI_TASK_BROKER))


def rq_worker(*, burst: bool = False, name: str | None = None) -> bool:
    """Run an RQ worker on the coordination queue until stopped (or, ``burst``, until it is empty)."""
    from rq import Worker

    class CountyWorker(Worker):
        """RQ's worker, presuming a silent job dead after HEARTBEAT + GRACE seconds, not 60 more."""

        def get_heartbeat_ttl(self, job: Any, working_time: float = 0.0) -> int:
            return int(self.job_monitoring_interval) + settings.FAZHI_COORDINATION_HEARTBEAT_GRACE

    queue = rq_queue()
    beat = settings.FAZHI_COORDINATION_HEARTBEAT_SECONDS
    worker = CountyWorker(
        [queue],
        connection=queue.connection,
        name=name,
        job_monitoring_interval=beat,
        # maintenance (finding the jobs of dead workers) every beat, also while idle: RQ waits on the
        # queue for worker_ttl - 15 seconds between two (405 s by default)
        maintenance_interval=beat,
        worker_ttl=15 + beat + 1,
    )
    return bool(worker.work(burst=burst))
