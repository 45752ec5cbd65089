"""What the entered statistics tables may and may not say (issue 23.4).

Numbers that cannot be true by the lines' definitions are **refused** (on the page and in an Excel
import, nothing written): a "其中" line larger than its total, and money levied without a levy.
Numbers that are only unusual — they can be true, e.g. with applications carried over from the year
before — are **noted** beside the table and saved. docs/reports.md says each rule and why."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from fazhi.reports.models import StatisticsEntry

if TYPE_CHECKING:
    from fazhi.reports.statistics import TableDef


def _label(table: TableDef, key: str) -> str:
    return str(next(line.label for line in table.lines if line.key == key))


def _shown(value: Any) -> str:
    return f"{value:.2f}" if isinstance(value, Decimal) else str(value)


def refusals(table: TableDef, values: dict[str, Any]) -> list[tuple[str, str]]:
    """(line key, Chinese reason) for each relation between the values that cannot be true."""
    out: list[tuple[str, str]] = []
    for line in table.lines:
        if line.part_of and values[line.key] > values[line.part_of]:
            out.append(
                (
                    line.key,
                    _("%(part)s (%(n)s) is more than %(total)s (%(m)s), of which it is a part: correct one of them")
                    % {
                        "part": line.label,
                        "n": _shown(values[line.key]),
                        "total": _label(table, line.part_of),
                        "m": _shown(values[line.part_of]),
                    },
                )
            )
    # Money is levied only by a levy: the amount is the sum of the levies counted on the line above.
    if table.key == StatisticsEntry.Table.LEVY and values["amount"] > 0 and values["count"] == 0:
        out.append(
            (
                "amount",
                _(
                    "%(amount_label)s is %(amount)s but %(count_label)s is 0: money is levied only by a levy, "
                    "so write the number of levies or correct the amount"
                )
                % {
                    "amount_label": _label(table, "amount"),
                    "amount": _shown(values["amount"]),
                    "count_label": _label(table, "count"),
                },
            )
        )
    return out


def notes(table: TableDef, values: dict[str, Any]) -> list[str]:
    """Relations that are unusual but can be true: shown beside the table, never refused."""
    out: list[str] = []
    key = table.key
    if key == StatisticsEntry.Table.LICENSING:
        decided = values["granted"] + values["refused"]
        if decided > values["applications"]:
            out.append(
                _(
                    "%(decided)s licences granted or refused, more than the %(received)s applications received: "
                    "right if applications of the year before were decided this year; otherwise check the numbers."
                )
                % {"decided": decided, "received": values["applications"]}
            )
    if key == StatisticsEntry.Table.LEVY and values["count"] > 0 and values["amount"] == 0:
        out.append(
            _(
                "%(count)s levies but nothing levied: right if every levy was waived or reduced to nothing; "
                "otherwise check the amount."
            )
            % {"count": values["count"]}
        )
    if key == StatisticsEntry.Table.REQUISITION and values["compensation"] > 0 and values["count"] == 0:
        out.append(
            _(
                "Compensation of %(amount)s yuan paid without a requisition this year: right if it is for "
                "property requisitioned in an earlier year (compensation follows the use of the property); "
                "otherwise check the numbers."
            )
            % {"amount": _shown(values["compensation"])}
        )
    return out
