"""行政执法统计年报 (issue 23.4): per enforcement body and year, the six tables the province asks by
31 January (国办发〔2018〕118号; Guangdong's model format) — 行政许可, 行政处罚, 行政强制, 行政征收,
行政征用, 行政检查.

行政处罚 and 行政检查 are counted from fazhi's own records (the cases and inspections selectors, asked
as a :class:`RegionReader` of the body's area, the way ``reports/figures.py`` does); the four
registers fazhi does not keep are entered or imported (:mod:`fazhi.reports.statistics_services`)
and each says so. A table is "0" where the duty exists and nothing happened and 无此职能 where the
body has no such power; a table nobody has filled in yet says 未填报 — never a silent 0.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import RegionReader, scope_of
from fazhi.cases.models import Case
from fazhi.cases.selectors import case_list
from fazhi.inspections.models import InspectionRecord
from fazhi.inspections.selectors import record_list
from fazhi.registry.models import EnforcementBody
from fazhi.registry.selectors import in_subtree
from fazhi.reports.models import StatisticsEntry
from fazhi.reports.statistics_checks import notes


@dataclass(frozen=True)
class Line:
    key: str
    label: str | Promise
    amount: bool = False  # yuan, two decimals; otherwise a whole count
    part_of: str = ""  # the key of the total this line is a "其中" of (never larger than it)


@dataclass(frozen=True)
class TableDef:
    key: str
    title: str | Promise
    lines: tuple[Line, ...]
    kept: bool  # counted from fazhi's records (else entered or imported)


PENALTY = TableDef(
    "penalty",
    _("Administrative penalties (行政处罚)"),
    (
        Line("decisions", pgettext_lazy("statistics", "Penalty decisions")),
        Line("warning", _("of which warning (警告、通报批评)")),
        Line("fine", _("of which fine (罚款)")),
        Line("fine_amount", _("Fines decided (yuan)"), amount=True),
        Line("confiscation", _("of which confiscation (没收)")),
        Line("licence", _("of which licence suspended or revoked (暂扣、吊销)")),
        Line("other", _("of which other penalties")),
        Line("no_penalty", _("No-penalty decisions (不予处罚)")),
        Line("waived", _("of which first or minor violation waived (首违不罚、轻微免罚)")),
    ),
    kept=True,
)
INSPECTION = TableDef(
    "inspection",
    _("Administrative inspections (行政检查)"),
    (
        Line("total", _("Inspections carried out")),
        Line("on_site", _("of which on site")),
        Line("remote", _("of which remote (非现场)")),
        Line("joint", _("of which joint (several bodies)")),
        Line("enterprises", _("Enterprises inspected")),
    ),
    kept=True,
)
ENTERED_TABLES: dict[str, TableDef] = {
    StatisticsEntry.Table.LICENSING: TableDef(
        StatisticsEntry.Table.LICENSING,
        _("Administrative licensing (行政许可)"),
        (
            Line("applications", _("Licence applications received")),
            Line("granted", _("Licences granted")),
            Line("refused", _("Licences refused")),
        ),
        kept=False,
    ),
    StatisticsEntry.Table.COERCION: TableDef(
        StatisticsEntry.Table.COERCION,
        _("Administrative coercion (行政强制)"),
        (
            Line("measures", _("Coercive measures (查封、扣押等)")),
            Line("enforcement", _("Coercive enforcement by the body")),
            Line("court", _("Applications to the court for enforcement")),
        ),
        kept=False,
    ),
    StatisticsEntry.Table.LEVY: TableDef(
        StatisticsEntry.Table.LEVY,
        _("Administrative levies (行政征收)"),
        (Line("count", _("Levies")), Line("amount", _("Amount levied (yuan)"), amount=True)),
        kept=False,
    ),
    StatisticsEntry.Table.REQUISITION: TableDef(
        StatisticsEntry.Table.REQUISITION,
        _("Administrative requisitions (行政征用)"),
        (Line("count", _("Requisitions")), Line("compensation", _("Compensation paid (yuan)"), amount=True)),
        kept=False,
    ),
}
# The province's order.
TABLES: tuple[TableDef, ...] = (
    ENTERED_TABLES[StatisticsEntry.Table.LICENSING],
    PENALTY,
    ENTERED_TABLES[StatisticsEntry.Table.COERCION],
    ENTERED_TABLES[StatisticsEntry.Table.LEVY],
    ENTERED_TABLES[StatisticsEntry.Table.REQUISITION],
    INSPECTION,
)

# Where a table's numbers come from, as the page and the documents say it.
SOURCE_RECORDS = "records"
SOURCE_ENTERED = StatisticsEntry.Source.ENTERED
SOURCE_IMPORTED = StatisticsEntry.Source.IMPORTED
SOURCE_NO_POWER = "no_power"
SOURCE_NOT_FILLED = "not_filled"
SOURCE_LABELS: dict[str, str | Promise] = {
    SOURCE_RECORDS: _("System records"),
    SOURCE_ENTERED: _("Entered"),
    SOURCE_IMPORTED: _("Imported"),
    SOURCE_NO_POWER: _("No such power"),
    SOURCE_NOT_FILLED: _("Not filled in"),
}


def due_date(year: int) -> dt.date:
    """The statistics of a year are published by 31 January of the next (国办发〔2018〕118号)."""
    return dt.date(year + 1, 1, 31)


# --- penalties: a decision counts once, under its heaviest kind -----------------------------------

# 行政处罚法 art. 9, lightest first. Text in "other penalties" that names none of these is 其他 but
# ranks lowest (a note such as 责令改正 is no penalty and must not outweigh a fine).
RANK_UNNAMED, RANK_WARNING, RANK_FINE, RANK_CONFISCATION, RANK_LICENCE, RANK_OTHER = range(6)
KIND_OF_RANK = {
    RANK_UNNAMED: "other",
    RANK_WARNING: "warning",
    RANK_FINE: "fine",
    RANK_CONFISCATION: "confiscation",
    RANK_LICENCE: "licence",
    RANK_OTHER: "other",
}
_WORDS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (RANK_OTHER, ("限制开展生产经营", "责令停产停业", "责令关闭", "限制从业", "拘留")),
    (RANK_LICENCE, ("暂扣", "吊销", "降低资质")),
    (RANK_CONFISCATION, ("没收",)),
    (RANK_FINE, ("罚款",)),
    (RANK_WARNING, ("警告", "通报批评")),
)
_SPLIT = re.compile(r"[；;，,、。\n]+")


def _rank_of_text(part: str) -> int:
    for rank, words in _WORDS:
        if any(w in part for w in words):
            return rank
    return RANK_UNNAMED


def heaviest_kind(*, warning: bool, fine: Decimal, other_penalties: str) -> str:
    """The kind a penalty decision is counted under: the heaviest of its penalties."""
    ranks = [RANK_WARNING] if warning else []
    if fine > 0:
        ranks.append(RANK_FINE)
    ranks += [_rank_of_text(p) for p in _SPLIT.split(other_penalties or "") if p.strip()]
    if not ranks:  # a penalty decision always has a penalty; counted as 其他 if none is named
        return "other"
    return KIND_OF_RANK[max(ranks)]


def penalty_table(body: EnforcementBody, year: int) -> dict[str, Any]:
    """The body's decisions of the year, from the cases selectors (as a reader of the body's area)."""
    decided = case_list(user=RegionReader(body.region)).filter(body=body, decided_on__year=year).order_by()
    out: dict[str, Any] = {line.key: 0 for line in PENALTY.lines}
    out["fine_amount"] = Decimal(0)
    rows = decided.values_list("outcome", "warning_penalty", "fine", "other_penalties")
    for outcome, warning, fine, other in rows:
        if outcome == Case.Outcome.PENALTY:
            out["decisions"] += 1
            out[heaviest_kind(warning=warning, fine=fine or Decimal(0), other_penalties=other)] += 1
            out["fine_amount"] += fine or Decimal(0)  # every fine decided, whatever it is counted under
        elif outcome in (Case.Outcome.WAIVER, Case.Outcome.NO_PENALTY):
            out["no_penalty"] += 1
            if outcome == Case.Outcome.WAIVER:
                out["waived"] += 1
    out["fine_amount"] = out["fine_amount"].quantize(Decimal("0.01"))
    return out


def inspection_table(body: EnforcementBody, year: int) -> dict[str, Any]:
    """The inspections of the year the body took part in, started or finished (checking in alone or
    a cancelled one is no inspection), from the inspections selectors."""
    through = InspectionRecord.bodies.through
    mine = through.objects.filter(enforcementbody_id=body.pk).values("inspectionrecord_id")
    records = (
        record_list(user=RegionReader(body.region))
        .filter(
            pk__in=mine,
            date__year=year,
            status__in=[InspectionRecord.Status.IN_PROGRESS, InspectionRecord.Status.FINISHED],
        )
        .order_by()
    )
    on_site = [InspectionRecord.Mode.ON_SITE, InspectionRecord.Mode.NO_CODE]
    counts = records.aggregate(
        total=Count("id"),
        on_site=Count("id", filter=Q(mode__in=on_site)),
        remote=Count("id", filter=Q(mode=InspectionRecord.Mode.REMOTE)),
        enterprises=Count("enterprise_id", distinct=True),
    )
    several = InspectionRecord.objects.filter(pk__in=records.values("pk")).annotate(n=Count("bodies"))
    counts["joint"] = several.filter(n__gt=1).count()
    return counts


# --- reading ------------------------------------------------------------------------------------


def statistics_area_name(*, user: Any) -> str:
    """The name of the user's area, for the downloads' titles."""
    path = scope_of(user).region_path
    region = Region.objects.filter(path=path).first() if path else None
    return region.name if region is not None else ""


def statistics_bodies(*, user: Any) -> QuerySet[EnforcementBody]:
    """The bodies whose statistics the user sees: a body's own people their body; the legal office,
    the township leader and the county supervisor the bodies of their area (a township's are its
    own, the county departments report to the county)."""
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.STATS_VIEW):
        return EnforcementBody.objects.none()
    scope = scope_of(user)
    qs = EnforcementBody.objects.select_related("region").order_by("code")
    if scope.region_path is None or scope.enterprise_only:
        return qs.none()
    if scope.body_bound:
        return qs.filter(org_unit_id=scope.org_unit_id)
    return qs.filter(in_subtree(scope.region_path))


@dataclass
class TableResult:
    table: TableDef
    source: str
    values: dict[str, Any] = field(default_factory=dict)
    entry: StatisticsEntry | None = None
    notes: list[str] = field(default_factory=list)  # unusual but possible relations (statistics_checks)

    @property
    def source_label(self) -> str:
        return str(SOURCE_LABELS[self.source])

    def cells(self) -> list[Any]:
        """The values in the table's line order; the source's words where there are no numbers."""
        if self.source in (SOURCE_NO_POWER, SOURCE_NOT_FILLED):
            return [self.source_label] * len(self.table.lines)
        return [self.values.get(line.key) for line in self.table.lines]


@dataclass
class BodyStatistics:
    body: EnforcementBody
    year: int
    tables: list[TableResult]


def entry_values(entry: StatisticsEntry, table: TableDef) -> dict[str, Any]:
    return {
        line.key: (Decimal(str(entry.values.get(line.key, "0"))) if line.amount else int(entry.values.get(line.key, 0)))
        for line in table.lines
    }


def body_statistics(*, body: EnforcementBody, year: int) -> BodyStatistics:
    """The six tables of one body (already checked to be in the reader's scope)."""
    entries = {e.table: e for e in StatisticsEntry.objects.filter(body=body, year=year).select_related("entered_by")}
    tables: list[TableResult] = []
    for table in TABLES:
        if table is PENALTY:
            tables.append(TableResult(table, SOURCE_RECORDS, penalty_table(body, year)))
        elif table is INSPECTION:
            tables.append(TableResult(table, SOURCE_RECORDS, inspection_table(body, year)))
        else:
            entry = entries.get(table.key)
            if entry is None:
                tables.append(TableResult(table, SOURCE_NOT_FILLED))
            elif entry.no_power:
                tables.append(TableResult(table, SOURCE_NO_POWER, entry=entry))
            else:
                values = entry_values(entry, table)
                tables.append(TableResult(table, entry.source, values, entry, notes(table, values)))
    return BodyStatistics(body=body, year=year, tables=tables)


def area_statistics(*, user: Any, year: int) -> list[BodyStatistics]:
    return [body_statistics(body=b, year=year) for b in statistics_bodies(user=user)]
