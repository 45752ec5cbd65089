"""Issue 17.4: a province's month in parallel — one coordination run per county as background
tasks, on the database queue by default and on Redis (RQ) with FAZHI_TASK_BROKER, where two
worker processes share the counties and a worker killed mid-job loses nothing."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from fazhi.accounts.models import Region
from fazhi.accounts.scopes import SystemUser
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.inspections import province
from fazhi.inspections.models import CoordinationRun, JointInspection, PlanItem
from tests.dbutil import assert_nothing_changed, set_ledger_triggers
from tests.factories import BodyFactory, EnterpriseFactory, MatterFactory, OfficerFactory, RegionFactory

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("FAZHI_TEST_REDIS", "redis://127.0.0.1:6379/15")  # a database of its own


def _month() -> dt.date:
    today = dt.datetime.now(tz=dt.UTC).astimezone().date()  # naive: subprocess workers see the machine clock
    return (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _county(n: int, month: dt.date, city: Region | None = None) -> Region:
    county = RegionFactory(code=f"96{n:04d}", name=f"测试县{n}", level=Region.Level.COUNTY, parent=city)
    village = RegionFactory(parent=county)
    body = BodyFactory(region=county)
    matter = MatterFactory(body=body)
    for _ in range(2):
        OfficerFactory(body=body)
    for _ in range(2):
        PlanItem.objects.create(
            body=body,
            month=month,
            enterprise=EnterpriseFactory(region=village),
            matter=matter,
            inspection_type="lead",
            earliest=month,
            latest=month + dt.timedelta(days=20),
        )
    return county


def slow_county(region_id: int, month: str, calendar_confirmed: bool, marker: str) -> int:
    """A county whose first attempt outlasts the worker (the test kills it meanwhile)."""
    flag = Path(marker)
    if not flag.exists():
        flag.write_text(str(os.getpid()))
        time.sleep(120)
    return province.county_run(region_id, month, calendar_confirmed)


@pytest.mark.django_db
def test_the_database_queue_runs_one_task_per_county(django_capture_on_commit_callbacks: Any, settings: Any) -> None:
    from tests.test_hooks import DB_TASKS, run_ready_jobs

    settings.TASKS = DB_TASKS  # the embedded default: django-tasks' database queue, run by `fazhi worker`
    month = _month()
    city = RegionFactory(code="950000", level=Region.Level.CITY)
    counties = [_county(n, month, city) for n in range(2)]
    _county(9, month)  # another city's county: not under this one
    with django_capture_on_commit_callbacks(execute=True):
        queued = province.province_coordinate(
            actor=SystemUser("test"), regions=province.counties(under=city.code), month=month, calendar_confirmed=True
        )
    assert [q.region for q in queued] == [c.code for c in counties]
    assert {q.queue for q in queued} == {"database"}
    assert not CoordinationRun.objects.exists()  # queued, waiting for a worker
    run_ready_jobs()
    runs = CoordinationRun.objects.filter(region__in=counties)
    assert sorted(r.region.code for r in runs) == [c.code for c in counties]
    assert all(r.visits == 2 and r.proof == "lower_bound" for r in runs)
    # a county's job is idempotent: run again (a worker died after it), the month's drafts are replaced
    province.county_run(counties[0].pk, month.isoformat(), True)
    assert JointInspection.objects.filter(run__region=counties[0]).count() == 2  # two enterprises
    assert province.counties(codes=[counties[1].code]) == [counties[1]]
    with pytest.raises(ValidationError, match="不是县级区划"):
        province.counties(codes=[city.code])


@pytest.mark.django_db
def test_only_a_coordinator_fans_out_and_not_nothing(world: Any) -> None:
    month = _month()
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        province.province_coordinate(actor=world["inspector_a"], regions=[world.county], month=month)
    with assert_nothing_changed(), pytest.raises(ValidationError, match="至少"):
        province.province_coordinate(actor=SystemUser("test"), regions=[], month=month)


@pytest.mark.django_db
def test_the_command_refuses_what_it_cannot_use(capsys: Any, settings: Any) -> None:
    from django.core.management.base import CommandError

    for args, fragment in (
        (["--month", "next"], "YYYY-MM"),
        (["--month", "2027-01", "--under", "nowhere"], "没有代码为"),  # pinned: a month the parser reads
        (["--month", "2027-01", "--regions", "nowhere"], "不是县级区划"),  # pinned: a month the parser reads
        (["--month", "2027-01", "--regions"], "至少"),  # pinned: no county at all
    ):
        with pytest.raises(CommandError, match=fragment):
            call_command("coordinate", "province", *args)
    with pytest.raises(CommandError, match="问题文件"):
        call_command("coordinate", "solve")
    settings.FAZHI_TASK_BROKER = ""
    with pytest.raises(CommandError, match="fazhi worker"):
        call_command("coordinate", "worker")


@pytest.fixture
def flushable(transactional_db: Any) -> Any:
    yield
    set_ledger_triggers(False)  # the test database is emptied after this test; the ledger must allow it


def _redis() -> Any:
    try:
        from redis import Redis

        client = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.ping()
        return client
    except Exception:  # any failure means: no Redis here
        return None


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user, host, port = db.get("USER") or "postgres", db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


@pytest.mark.real_clock
@pytest.mark.django_db(transaction=True)
def test_two_redis_workers_share_a_province_and_a_killed_worker_loses_nothing(
    tmp_path: Path, settings: Any, flushable: None
) -> None:
    redis = _redis()
    if redis is None:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: start redis-server (the CI script does)")
    redis.flushdb()
    settings.FAZHI_TASK_BROKER = REDIS_URL
    month = _month()
    counties = [_county(n, month) for n in range(5)]
    env = {
        **os.environ,
        "FAZHI_VAR_DIR": str(settings.VAR_DIR),
        "FAZHI_DATABASE_URL": _database_url(),
        "FAZHI_CONN_MAX_AGE": "0",
        "FAZHI_TASK_BROKER": REDIS_URL,
        "FAZHI_COORDINATION_HEARTBEAT_SECONDS": "1",
        "FAZHI_COORDINATION_HEARTBEAT_GRACE": "2",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
    }
    marker = tmp_path / "first-attempt"
    queue = province.rq_queue()
    from rq import Retry

    # the slow county first, so a worker is surely inside it when the other one starts
    slow = queue.enqueue(
        slow_county,
        counties[0].pk,
        month.isoformat(),
        True,
        str(marker),
        job_id=f"coordinate-{counties[0].code}-{month:%Y-%m}",
        retry=Retry(max=2),
        job_timeout=600,
    )
    workers = {
        name: subprocess.Popen(  # noqa: S603 - our own CLI
            [sys.executable, "-m", "fazhi", "coordinate", "worker", "--name", name],
            env=env,
            cwd=ROOT,
            start_new_session=True,  # its own process group: killed with its work-horse
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for name in ("worker-a", "worker-b")
    }
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert time.monotonic() < deadline, "no worker took the slow county"
            time.sleep(0.2)
        slow.refresh()
        doomed = slow.worker_name
        assert doomed in workers
        queued = province.province_coordinate(
            actor=SystemUser("test"), regions=counties[1:], month=month, calendar_confirmed=True
        )
        assert [q.queue for q in queued] == ["redis"] * 4
        time.sleep(1)
        horse = int(marker.read_text())  # RQ runs each job in a work-horse of its own process group
        os.killpg(workers[doomed].pid, signal.SIGKILL)  # mid-job, with no chance to clean up
        os.killpg(os.getpgid(horse), signal.SIGKILL)
        workers[doomed].wait(timeout=30)
        killed_at = time.monotonic()
        while CoordinationRun.objects.filter(region__in=counties).count() < len(counties):
            assert time.monotonic() < deadline + 120, "the province was not finished"
            time.sleep(0.5)
    finally:
        for proc in workers.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)  # a warm shut-down; a slow one is cut short
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=30)
    assert time.monotonic() - killed_at < 100  # found abandoned and solved again, not the first attempt's sleep
    runs = CoordinationRun.objects.filter(region__in=counties)
    assert sorted(r.region.code for r in runs) == sorted(c.code for c in counties)  # the killed county too
    assert all(r.visits == 2 for r in runs)
    jobs = [queue.fetch_job(f"coordinate-{c.code}-{month:%Y-%m}") for c in counties]
    takers = {j.worker_name for j in jobs}
    survivor = next(n for n in workers if n != doomed)
    assert survivor in takers or jobs[0].is_finished  # the killed worker's county was solved again by the other
    assert doomed in {j.worker_name for j in jobs[1:]} | {doomed} and takers <= set(workers)
    redis.flushdb()


@pytest.mark.django_db
def test_the_command_queues_the_counties_it_names(capsys: Any, django_capture_on_commit_callbacks: Any) -> None:
    month = _month()
    county = _county(1, month)
    with django_capture_on_commit_callbacks(execute=True):  # the command commits in autocommit; a test does not
        call_command(
            "coordinate", "province", "--month", f"{month:%Y-%m}", "--regions", county.code, "--confirm-calendar"
        )
    assert f"已排队 1 个县的统筹协调（{month:%Y-%m}）：{county.code}" in capsys.readouterr().err
    assert CoordinationRun.objects.get().region == county  # the tests' task backend runs it at once


def test_a_worker_in_burst_mode_stops_when_the_queue_is_empty(settings: Any) -> None:
    redis = _redis()
    if redis is None:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: start redis-server (the CI script does)")
    redis.flushdb()
    settings.FAZHI_TASK_BROKER = REDIS_URL
    call_command("coordinate", "worker", "--burst", "--name", "burst-test")
    assert province.rq_worker(burst=True) is False  # nothing to do
    redis.flushdb()
