"""Excel import of past activities (台账): all or nothing, every row's error at once (the file side is
the registry's: header mapping, cell parsing, templates). The rules are the form's (check_activity);
a reach above the village's population is an error here (an import cannot ask to confirm)."""

from __future__ import annotations

from typing import IO, Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, scope_of, user_or_none
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import Event, actor_of, ledger_append_many
from fazhi.publicity.models import Activity, ActivityTarget, ActivityType, TargetGroup, VillageSetting
from fazhi.publicity.services.activities import check_activity, clean_organisers
from fazhi.registry.imports.base import CellError, Column, RowError, parse_cell, read_rows, template_workbook

COLUMNS = [
    Column(gettext_lazy("Date"), "day", required=True, kind="date"),
    Column(gettext_lazy("Village"), "village", required=True),
    Column(gettext_lazy("Group"), "group"),
    Column(gettext_lazy("Activity type"), "type", required=True),
    Column(gettext_lazy("Title"), "title", width=30),
    Column(gettext_lazy("Target groups"), "target_groups", required=True, help=gettext_lazy("separated by 、")),
    Column(gettext_lazy("Organisers"), "organisers", required=True, help=gettext_lazy("separated by 、")),
    Column(gettext_lazy("Participants"), "participants", required=True, kind="int"),
    Column(gettext_lazy("Materials handed out"), "materials", kind="int"),
    Column(gettext_lazy("Place"), "place"),
]
_COL = {c.attr: c for c in COLUMNS}


def template() -> bytes:
    return template_workbook(COLUMNS, "普法活动台账")


# Words a register uses for the target groups, beside the labels of the catalogue (中文 and English).
ALIASES = {
    "青少年": "youth",
    "学生": "youth",
    "老年人": "elderly",
    "村民": "villagers",
    "群众": "villagers",
    "企业": "enterprises",
    "干部": "officials",
    "公职人员": "officials",
    "新业态从业者": "new_form_workers",
    "妇女儿童": "women",
    "农民工": "migrants",
}


def _group_names() -> dict[str, str]:
    names = dict(ALIASES) | {c: c for c in TargetGroup.values}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            names |= {str(label): code for code, label in TargetGroup.choices}
    return names


def _groups(value: str) -> tuple[list[str], list[str]]:
    by_label = _group_names()
    parts = [
        p.strip() for p in value.replace("；", "、").replace(",", "、").replace("，", "、").split("、") if p.strip()
    ]
    return list(dict.fromkeys(by_label[p] for p in parts if p in by_label)), [p for p in parts if p not in by_label]


def activity_import(*, actor: Any, fh: IO[bytes]) -> int:
    """Import the file: every row valid, or nothing written and every error listed."""
    require(actor, Perm.PUBLICITY_MANAGE)
    path = scope_of(actor).region_path
    if not path:
        raise ValidationError(_("You have no area to import activities for."))
    villages: dict[str, Region] = {}
    for v in Region.objects.filter(path__startswith=path, level=Region.Level.VILLAGE):
        villages.setdefault(v.name, v)
    groups = {(g.parent_id, g.name): g for g in Region.objects.filter(path__startswith=path, level=Region.Level.GROUP)}
    types = {t.name: t for t in ActivityType.objects.filter(active=True)} | {
        t.code: t for t in ActivityType.objects.filter(active=True)
    }
    population = dict(
        VillageSetting.objects.filter(village__path__startswith=path, population__isnull=False).values_list(
            "village_id", "population"
        )
    )
    errors: list[RowError] = []
    rows: list[dict[str, Any]] = []
    for number, raw in read_rows(fh, COLUMNS):
        cells: dict[str, Any] = {}
        for col in COLUMNS:
            try:
                cells[col.attr] = parse_cell(col, raw.get(col.attr))
            except CellError as exc:
                errors.append(RowError(number, col.zh(), str(exc)))
        village = villages.get(cells.get("village") or "")
        if cells.get("village") and village is None:
            errors.append(
                RowError(
                    number, _COL["village"].zh(), _("%(v)s is not a village of your area") % {"v": cells["village"]}
                )
            )
        group = groups.get((village.pk, cells["group"])) if village and cells.get("group") else None
        if cells.get("group") and group is None:
            errors.append(
                RowError(number, _COL["group"].zh(), _("%(v)s is not a group of the village") % {"v": cells["group"]})
            )
        type_ = types.get(cells.get("type") or "")
        target_groups, unknown = _groups(cells.get("target_groups") or "")
        if unknown:
            errors.append(
                RowError(
                    number, _COL["target_groups"].zh(), _("Unknown target group: %(g)s") % {"g": "、".join(unknown)}
                )
            )
        organisers = clean_organisers([cells.get("organisers") or ""])
        participants = cells.get("participants") or 0
        row_errors: dict[str, str] = {}
        check_activity(
            type=type_,
            village=village,
            group=None,
            day=cells.get("day"),
            participants=participants,
            materials=cells.get("materials") or 0,
            target_groups=target_groups if not unknown else ["villagers"],
            organisers=organisers,
            errors=row_errors,
        )
        if village is None:
            row_errors.pop("village", None)  # said above, by name
        for key, message in row_errors.items():
            errors.append(RowError(number, _COL.get(key, _COL["type"]).zh(), str(message)))
        limit = population.get(village.pk) if village is not None else None
        if village is not None and limit is not None and participants > limit:
            errors.append(
                RowError(
                    number,
                    _COL["participants"].zh(),
                    _("%(n)d person-times is more than %(village)s's population (%(p)d)")
                    % {"n": participants, "village": village.name, "p": limit},
                )
            )
        rows.append(
            {
                **cells,
                "village_obj": village,
                "group_obj": group,
                "type_obj": type_,
                "groups": target_groups,
                "organiser_list": organisers,
                "row": number,
            }
        )
    if not rows and not errors:
        errors.append(RowError(0, "", _("The file has no rows.")))
    if errors:
        raise ValidationError(
            _("Nothing was imported: %(n)d errors. %(first)s")
            % {"n": len(errors), "first": " ".join(str(e) for e in errors[:20])},
            details={"errors": [str(e) for e in errors]},
        )
    with transaction.atomic():
        created = Activity.objects.bulk_create(
            [
                Activity(
                    type=r["type_obj"],
                    title=(r.get("title") or "")[:100],
                    day=r["day"],
                    village=r["village_obj"],
                    group=r["group_obj"],
                    area_path=(r["group_obj"] or r["village_obj"]).path,
                    target_groups=r["groups"],
                    organisers=r["organiser_list"],
                    joint=len(r["organiser_list"]) > 1,
                    participants=r.get("participants") or 0,
                    materials=r.get("materials") or 0,
                    place=(r.get("place") or "")[:100],
                    created_by=user_or_none(actor),
                    org_unit=getattr(user_or_none(actor), "org_unit", None),
                )
                for r in rows
            ]
        )
        ActivityTarget.objects.bulk_create(
            [ActivityTarget.of(a, g) for a, r in zip(created, rows, strict=True) for g in r["groups"]]
        )
        ledger_append_many(
            actor=actor_of(actor),
            events=[
                Event(
                    verb="publicity.imported",
                    target_type="publicity.activity",
                    target_id=str(a.pk),
                    target_label=str(a.type.name),
                    payload={"row": r["row"]},
                )
                for a, r in zip(created, rows, strict=True)
            ],
        )
    return len(rows)
