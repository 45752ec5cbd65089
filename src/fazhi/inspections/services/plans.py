"""检查计划: each body's plan items, checked against the law's rules (domain-rules §1), and the
yearly routine caps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, require_own_body, require_region, user_or_none
from fazhi.core.clock import month_start, next_month
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, text_limits
from fazhi.inspections.caps import DEAD_ITEMS, capped, routine_use
from fazhi.inspections.models import FrequencyCap, PlanItem
from fazhi.registry.models import EnforcementBody, Enterprise, InspectionType, Matter

CAPPED = {InspectionType.ROUTINE}


def parse_month(text: str) -> dt.date:
    """ "2027-01" (or a full date) to the month's first day; ValidationError when it is not one."""
    try:
        return dt.date.fromisoformat(text.strip()[:7] + "-01")
    except ValueError as exc:
        raise ValidationError(_("The month must look like 2027-01."), details={"month": "format"}) from exc


def _require_own_body(actor: Any, body: EnforcementBody) -> None:
    require_own_body(actor, body, others="area", message=_("You can only plan for your own enforcement body."))


@text_limits(note=(gettext_lazy("Note"), LINE))
def plan_item_add(
    *,
    actor: Any,
    body: EnforcementBody,
    enterprise: Enterprise,
    matter: Matter,
    inspection_type: str,
    earliest: dt.date,
    latest: dt.date,
    note: str = "",
    today: dt.date | None = None,
    remote: bool = False,
) -> PlanItem:
    """Add a line to next month's plan (检查计划).

    Refused, with the reason: a matter that is not published or not the body's own (only
    published matters may be inspected); an enterprise outside the body's area; a routine check of
    an enterprise on the do-not-disturb list (无事不扰); a routine check over the yearly cap of its
    scope (``inspections.caps``: the matter's own cap, else the body's; lead and immediate checks
    are not capped); a window outside
    one month. Items for next month added after the deadline day wait for the coordinator.
    A ``remote`` item (非现场: documents, data, video) is coordinated into a remote visit, approved
    like a visit, made without a trip.
    """
    require(actor, Perm.PLAN_SUBMIT)
    _require_own_body(actor, body)
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if inspection_type not in InspectionType.values:
        errors["inspection_type"] = _("Unknown inspection type %(value)s.") % {"value": inspection_type}
    if matter.body_id != body.pk:
        errors["matter"] = _("%(matter)s belongs to another body; plan only your own body's matters.") % {
            "matter": matter
        }
    elif not matter.published:
        errors["matter"] = _("%(matter)s is not published: an unpublished matter may not be inspected.") % {
            "matter": matter
        }
    if not enterprise.region.path.startswith(body.region.path):
        errors["enterprise"] = _("%(ent)s is outside %(body)s's area.") % {"ent": enterprise, "body": body}
    if latest < earliest:
        errors["latest"] = _("The latest date is before the earliest date.")
    elif month_start(earliest) != month_start(latest):
        errors["latest"] = _("Earliest and latest dates must fall in the same month.")
    elif month_start(earliest) < next_month(today) and inspection_type in CAPPED:
        errors["earliest"] = _("Routine checks are planned for next month or later.")
    if inspection_type in CAPPED and enterprise.is_do_not_disturb_on(earliest):
        errors["enterprise"] = _(
            "%(ent)s is on the do-not-disturb list: no routine checks (lead and immediate checks remain possible)."
        ) % {"ent": enterprise}
    if not errors:
        same = (
            PlanItem.objects.filter(body=body, enterprise=enterprise, matter=matter, month=month_start(earliest))
            .exclude(status__in=DEAD_ITEMS)
            .first()
        )
        if same is not None:
            errors["matter"] = _(
                "%(body)s already plans %(matter)s at %(ent)s in %(month)s (item %(pk)d, %(type)s, "
                "%(earliest)s to %(latest)s): change or withdraw that item instead of adding another."
            ) % {
                "body": body,
                "matter": matter,
                "ent": enterprise,
                "month": f"{same.month:%Y-%m}",
                "pk": same.pk,
                "type": same.get_inspection_type_display(),
                "earliest": same.earliest,
                "latest": same.latest,
            }
    if capped(inspection_type, remote) and not errors:
        use = routine_use(body_id=body.pk, matter_id=matter.pk, enterprise_id=enterprise.pk, year=earliest.year)
        if use.count >= use.cap:
            args = {"body": body, "n": use.count, "ent": enterprise, "year": earliest.year, "cap": use.cap}
            if use.scope[1] is not None:
                errors["enterprise"] = _(
                    "%(body)s already has or plans %(n)d routine checks of %(matter)s at %(ent)s in %(year)d; "
                    "the yearly cap of this matter is %(cap)d. Merge with a planned check or use a lead check "
                    "if there is a lead."
                ) % {**args, "matter": matter}
            else:
                errors["enterprise"] = (
                    _(
                        "%(body)s already plans %(n)d routine checks of %(ent)s in %(year)d; the "
                        "yearly cap is %(cap)d. Merge with a planned check or use a lead check "
                        "if there is a lead."
                    )
                    % args
                )
    if errors:
        raise ValidationError(" ".join(errors.values()), details=errors)
    month = month_start(earliest)
    deadline = (month - dt.timedelta(days=1)).replace(day=settings.FAZHI_PLAN_DEADLINE_DAY)
    late = today > deadline and inspection_type not in (InspectionType.LEAD, InspectionType.IMMEDIATE)
    try:
        with transaction.atomic():
            item = PlanItem.objects.create(
                body=body,
                month=month,
                enterprise=enterprise,
                matter=matter,
                inspection_type=inspection_type,
                earliest=earliest,
                latest=latest,
                note=note.strip()[:300],
                created_by=user_or_none(actor),
                status=PlanItem.Status.LATE_PENDING if late else PlanItem.Status.SUBMITTED,
                remote=remote,
            )
            ledger_append(
                actor=actor_of(actor),
                verb="plan_item.add",
                target=item,
                payload={
                    "body": body.code,
                    "enterprise": enterprise.uscc,
                    "matter": matter.code,
                    "type": inspection_type,
                    "earliest": earliest,
                    "latest": latest,
                    "late": late,
                    "remote": remote,
                },
            )
    except IntegrityError as exc:  # the same line, added at the same moment by someone else
        raise ValidationError(
            _("%(body)s already plans %(matter)s at %(ent)s in that month.")
            % {"body": body, "matter": matter, "ent": enterprise},
            details={"matter": "duplicate"},
        ) from exc
    return item


def plan_item_withdraw(*, actor: Any, item: PlanItem) -> None:
    require(actor, Perm.PLAN_SUBMIT)
    _require_own_body(actor, item.body)
    if item.joint_inspection_id and item.joint_inspection and item.joint_inspection.status == "approved":
        raise ValidationError(_("The item is in an approved joint inspection; ask the coordinator to change it."))
    with transaction.atomic():
        PlanItem.objects.filter(pk=item.pk).update(status=PlanItem.Status.WITHDRAWN, joint_inspection=None)
        ledger_append(actor=actor_of(actor), verb="plan_item.withdraw", target=item)


def plan_item_late_decide(*, actor: Any, item: PlanItem, accept: bool) -> None:
    """The coordinator accepts or refuses an item that came after the deadline."""
    require(actor, Perm.PLAN_COORDINATE)
    require_region(actor, item.enterprise.region)
    if item.status != PlanItem.Status.LATE_PENDING:
        raise ValidationError(_("Only late items awaiting a decision can be accepted or refused."))
    status = PlanItem.Status.LATE_ACCEPTED if accept else PlanItem.Status.LATE_REFUSED
    with transaction.atomic():
        PlanItem.objects.filter(pk=item.pk).update(status=status)
        ledger_append(actor=actor_of(actor), verb="plan_item.late_" + ("accept" if accept else "refuse"), target=item)


def frequency_cap_set(*, actor: Any, body: EnforcementBody, matter: Matter | None, max_per_year: int | None) -> None:
    """Set (or with ``None`` remove) a body's yearly routine cap, for all its matters or for one."""
    require(actor, Perm.MATTER_EDIT)
    _require_own_body(actor, body)
    if matter is not None and matter.body_id != body.pk:
        raise ValidationError(
            _("%(matter)s belongs to another body; plan only your own body's matters.") % {"matter": matter}
        )
    if max_per_year is not None and not 0 < max_per_year <= 52:
        raise ValidationError(
            _("A cap is a number of checks a year between 1 and 52."), details={"max_per_year": "range"}
        )
    with transaction.atomic():
        if max_per_year is None:
            FrequencyCap.objects.filter(body=body, matter=matter).delete()
        else:
            FrequencyCap.objects.update_or_create(body=body, matter=matter, defaults={"max_per_year": max_per_year})
        ledger_append(
            actor=actor_of(actor),
            verb="frequency_cap.set",
            target=body,
            payload={"matter": matter.code if matter else None, "max_per_year": max_per_year},
        )
