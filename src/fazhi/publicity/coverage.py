"""Coverage of a region's year: activities and reach per village × quarter (for one target group or
all), remote villages below their quarterly target, the joint share; and the plan's targets with
their progress. A fixed number of queries whatever the number of villages (bench/publicity.py)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractQuarter
from django.utils import timezone

from fazhi.accounts.models import Region
from fazhi.core.figures import pct
from fazhi.publicity.models import (
    Activity,
    ActivityTarget,
    ActivityType,
    LiaisonTraining,
    ModelVillage,
    Target,
    TargetGroup,
    VillageSetting,
)

QUARTERS = (1, 2, 3, 4)


@dataclass
class Cell:
    sessions: int = 0
    reach: int = 0
    below: bool = False  # a remote village under its quarter's target (quarter begun)

    @property
    def heat(self) -> int:
        """0–4: how the cell is shaded (sessions)."""
        return (
            0
            if not self.sessions
            else 1
            if self.sessions < 2
            else 2
            if self.sessions < 4
            else 3
            if self.sessions < 8
            else 4
        )


@dataclass(frozen=True)
class Village:
    """A village as the heat table shows it (read as values, not models: 400 of them)."""

    pk: int
    name: str
    parent_name: str


@dataclass
class Row:
    village: Village
    remote: bool
    population: int | None
    cells: list[Cell] = field(default_factory=list)
    sessions: int = 0
    reach: int = 0
    joint: int = 0

    @property
    def joint_pct(self) -> Any:
        return pct(self.joint, self.sessions) if self.sessions else None

    @property
    def below(self) -> bool:
        return any(c.below for c in self.cells)


@dataclass
class Coverage:
    year: int
    group: str
    rows: list[Row]
    by_group: dict[str, list[int]]  # target group → sessions per quarter
    remote_target: dict[int, int]  # quarter → sessions each remote village should have
    totals: list[Cell]
    joint_pct: Any

    @property
    def group_rows(self) -> list[tuple[str, Any, list[int]]]:
        return [(g, label, self.by_group[g]) for g, label in TargetGroup.choices]


def quarter_start(year: int, q: int) -> dt.date:
    return dt.date(year, 3 * q - 2, 1)


def _remote_targets(region: Region, year: int) -> dict[int, int]:
    """Quarter → the remote-session target from the nearest region at or above ``region`` (a yearly
    target applies to every quarter unless a quarter has its own)."""
    paths = ancestor_paths(region.path)
    rows = list(
        Target.objects.filter(region__path__in=paths, year=year, metric=Target.Metric.REMOTE_SESSIONS).values_list(
            "region__path", "quarter", "value"
        )
    )
    rows.sort(key=lambda r: len(r[0]))  # deeper regions win
    out: dict[int, int] = {}
    for _path, quarter, value in rows:
        for q in QUARTERS if quarter is None else (quarter,):
            if quarter is not None or q not in out:
                out[q] = value
    return out


def ancestor_paths(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def coverage(region: Region, year: int, group: str = "") -> Coverage:
    villages = [
        Village(pk=pk, name=name, parent_name=parent or "")
        for pk, name, parent in Region.objects.filter(path__startswith=region.path, level=Region.Level.VILLAGE)
        .order_by("path")
        .values_list("pk", "name", "parent__name")
    ]
    acts: QuerySet[Any] = (
        ActivityTarget.objects.filter(area_path__startswith=region.path, day__year=year, group=group)
        if group
        else Activity.objects.counted().filter(area_path__startswith=region.path, day__year=year)
    )
    agg = (
        acts.annotate(q=ExtractQuarter("day"))
        .values("village_id", "q")
        .annotate(n=Count("pk"), reach=Sum("participants"), joint=Count("pk", filter=Q(joint=True)))
    )
    cells: dict[tuple[int, int], dict[str, Any]] = {(a["village_id"], a["q"]): a for a in agg}
    settings = {
        vid: (remote, population)
        for vid, remote, population in VillageSetting.objects.filter(village__path__startswith=region.path).values_list(
            "village_id", "remote", "population"
        )
    }
    targets = _remote_targets(region, year)
    today = timezone.localdate()
    begun = {q for q in QUARTERS if quarter_start(year, q) <= today}
    rows: list[Row] = []
    totals = [Cell() for _ in QUARTERS]
    for v in villages:
        remote, population = settings.get(v.pk, (False, None))
        row = Row(village=v, remote=remote, population=population)
        for i, q in enumerate(QUARTERS):
            a = cells.get((v.pk, q))
            cell = Cell(sessions=a["n"] if a else 0, reach=int(a["reach"] or 0) if a else 0)
            cell.below = row.remote and q in begun and q in targets and cell.sessions < targets[q]
            row.cells.append(cell)
            row.sessions += cell.sessions
            row.reach += cell.reach
            row.joint += a["joint"] if a else 0
            totals[i].sessions += cell.sessions
            totals[i].reach += cell.reach
        rows.append(row)
    by_group: dict[str, list[int]] = {g: [0, 0, 0, 0] for g in TargetGroup.values}
    base = ActivityTarget.objects.filter(area_path__startswith=region.path, day__year=year)
    for r in base.annotate(q=ExtractQuarter("day")).values("group", "q").annotate(n=Count("pk")).order_by():
        if r["group"] in by_group:
            by_group[r["group"]][r["q"] - 1] = r["n"]
    n = sum(r.sessions for r in rows)
    joint = sum(r.joint for r in rows)
    return Coverage(
        year=year,
        group=group,
        rows=rows,
        by_group=by_group,
        remote_target=targets,
        totals=totals,
        joint_pct=pct(joint, n) if n else None,
    )


@dataclass
class Progress:
    target: Target
    actual: int
    of: int | None = None  # remote sessions: villages that met it, of how many remote villages
    period_begun: bool = True

    @property
    def met(self) -> bool:
        if self.of is not None:
            return self.of > 0 and self.actual >= self.of
        return self.actual >= self.target.value

    @property
    def percent(self) -> int:
        if self.of is not None:
            return 100 * self.actual // self.of if self.of else 0
        return min(100, 100 * self.actual // self.target.value) if self.target.value else 100


def progress(targets: list[Target], year: int) -> list[Progress]:
    """Each target with what was done in its period, in a few queries per region named."""
    out: list[Progress] = []
    today = timezone.localdate()
    cache: dict[str, dict[str, Any]] = {}
    for t in targets:
        if t.region.path not in cache:
            cache[t.region.path] = _done(t.region, year)
        done = cache[t.region.path]
        quarters = QUARTERS if t.quarter is None else (t.quarter,)
        begun = quarter_start(year, quarters[0]) <= today
        if t.metric == Target.Metric.REMOTE_SESSIONS:
            remote = done["remote"]
            if t.quarter is None:
                met = sum(1 for v in remote if sum(done["remote_q"].get((v, q), 0) for q in QUARTERS) >= t.value)
            else:
                met = sum(1 for v in remote if done["remote_q"].get((v, t.quarter), 0) >= t.value)
            out.append(Progress(target=t, actual=met, of=len(remote), period_begun=begun))
            continue
        series = done.get(t.metric, {})  # nothing of the kind in the year: no key
        out.append(Progress(target=t, actual=sum(series.get(q, 0) for q in quarters), period_begun=begun))
    return out


def _done(region: Region, year: int) -> dict[str, Any]:
    acts = (
        Activity.objects.counted()
        .filter(area_path__startswith=region.path, day__year=year)
        .annotate(q=ExtractQuarter("day"))
    )
    meeting = Q(type__category=ActivityType.Category.MEETING)
    series: dict[str, dict[int, int]] = defaultdict(dict)
    for r in acts.values("q").annotate(
        joint=Count("pk", filter=Q(joint=True) & ~meeting, distinct=True),
        meetings=Count("pk", filter=meeting, distinct=True),
        large=Count("pk", filter=Q(large_print=True), distinct=True),
        online=Count("pk", filter=Q(online=True, targets__group=TargetGroup.NEW_FORM_WORKERS), distinct=True),
    ):
        series[Target.Metric.JOINT_ACTIVITIES][r["q"]] = r["joint"]
        series[Target.Metric.COORDINATION_MEETINGS][r["q"]] = r["meetings"]
        series[Target.Metric.LARGE_PRINT][r["q"]] = r["large"]
        series[Target.Metric.ONLINE_NEW_FORM][r["q"]] = r["online"]
    for r in (
        LiaisonTraining.objects.filter(region__path__startswith=region.path, day__year=year)
        .annotate(q=ExtractQuarter("day"))
        .values("q")
        .annotate(n=Count("pk"))
    ):
        series[Target.Metric.LIAISON_TRAININGS][r["q"]] = r["n"]
    named = ModelVillage.objects.filter(
        village__path__startswith=region.path, year=year, level=ModelVillage.Level.COUNTY
    ).count()
    series[Target.Metric.MODEL_VILLAGES] = {1: named}  # a year's figure: counted once, whatever quarter
    remote = list(
        VillageSetting.objects.filter(village__path__startswith=region.path, remote=True).values_list(
            "village_id", flat=True
        )
    )
    remote_q = {
        (r["village_id"], r["q"]): r["n"]
        for r in acts.filter(village_id__in=remote).values("village_id", "q").annotate(n=Count("pk"))
    }
    return {**series, "remote": remote, "remote_q": remote_q}
