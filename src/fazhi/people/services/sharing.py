"""Data leaving the file: the person's own access log (PIPL art. 45), a bulk export only with a
second person's logged approval, and sharing with a county body by purpose and scope (API)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.models import OrgUnit, Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, scope_of, user_or_none
from fazhi.core.access import log_read
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.models import AccessLog
from fazhi.core.text import LINE, refuse
from fazhi.people.access import require_file, require_township, require_township_itself, sees_area
from fazhi.people.models import SHARE_BODY_KINDS, ExportApproval, PersonCategory, PersonFile, ShareGrant

TARGET_TYPE = "people.personfile"


def access_log_export(*, actor: Any, file: PersonFile, reason: str) -> list[dict[str, Any]]:
    """Every logged opening of the file's identity, for the person who asked (PIPL art. 45),
    prepared by the township's governance officer; the export itself is in the ledger."""
    require_file(actor, file, Perm.PEOPLE_VIEW_AREA)
    if not sees_area(actor):
        raise PermissionDenied(_("Only the township's comprehensive-governance officer prepares this."))
    if len(reason.strip()) < 2:
        raise ValidationError(_("State the person's request (it is logged)."), details={"reason": "required"})
    rows: list[dict[str, Any]] = [
        dict(r)
        for r in AccessLog.objects.filter(target_type=TARGET_TYPE, target_id=str(file.pk))
        .order_by("created_at")
        .values("created_at", "username", "org_unit_name", "reason")
    ]
    with transaction.atomic():
        ledger_append(
            actor=actor_of(actor),
            verb="people.access_log_exported",
            target=file,
            payload={"rows": len(rows), "request": reason.strip()[:LINE]},
        )
    return rows


def export_request(*, actor: Any, township: Region, purpose: str) -> ExportApproval:
    require_township(actor, township, Perm.PEOPLE_EDIT)
    if not 4 <= len(purpose.strip()) <= LINE:
        raise ValidationError(
            _("State the purpose of the export (4 to 300 characters)."), details={"purpose": "required"}
        )
    with transaction.atomic():
        a = ExportApproval.objects.create(township=township, purpose=purpose.strip(), requested_by=actor)
        ledger_append(actor=actor_of(actor), verb="people.export_requested", target=a, payload={"purpose": a.purpose})
    return a


def export_approve(*, actor: Any, approval: ExportApproval) -> ExportApproval:
    """The township leader approves a bulk export: never the person who asked."""
    require(actor, Perm.PEOPLE_EXPORT_APPROVE)
    if not scope_of(actor).covers(approval.township):
        raise PermissionDenied(
            _("%(region)s is outside the area you are responsible for.") % {"region": approval.township.name}
        )
    if approval.requested_by_id == actor.pk:
        raise PermissionDenied(_("Someone else must approve your own export."))
    if approval.approved_at is not None:
        raise ValidationError(_("This export is already approved."), code="out_of_order")
    with transaction.atomic():
        approval.approved_by = actor
        approval.approved_at = timezone.now()
        approval.save(update_fields=["approved_by", "approved_at"])
        ledger_append(actor=actor_of(actor), verb="people.export_approved", target=approval, payload={})
    return approval


def export_rows(*, actor: Any, approval: ExportApproval) -> list[dict[str, Any]]:
    """The approved export, once, by whoever asked: every file of the township they open, with
    identity; each file's opening is logged with the approved purpose."""
    require_township(actor, approval.township, Perm.PEOPLE_EDIT)
    if approval.requested_by_id != actor.pk:
        raise PermissionDenied(_("Only the person who asked may download this export."))
    if approval.approved_at is None or approval.used_at is not None:
        raise ValidationError(_("The export needs an approval, and is downloaded once."), code="out_of_order")
    from fazhi.people.access import visible_q

    files = PersonFile.objects.filter(
        pk__in=PersonFile.objects.filter(visible_q(actor), township=approval.township).values("pk")
    ).select_related("category")
    out = []
    with transaction.atomic():
        for f in files.order_by("number"):
            log_read(
                user=actor,
                target=f,
                reason=_("Bulk export %(n)d: %(p)s") % {"n": approval.pk, "p": approval.purpose},
                label=f.number,
            )
            out.append(
                {
                    "number": f.number,
                    "category": f.category.name,
                    "name": f.name,
                    "id_number": f.id_number,
                    "address": f.address,
                    "phone": f.phone,
                    "danger_level": f.danger_level,
                }
            )
        approval.used_at = timezone.now()
        approval.save(update_fields=["used_at"])
        ledger_append(actor=actor_of(actor), verb="people.exported", target=approval, payload={"files": len(out)})
    return out


def share_grant(
    *,
    actor: Any,
    township: Region,
    org: OrgUnit,
    purpose: str,
    categories: list[PersonCategory],
    valid_until: dt.date,
    min_danger_level: int = 0,
) -> ShareGrant:
    """Share the township's files of some categories with a county body (公安, 卫健, 司法) for a stated purpose."""
    require_township_itself(actor, township, Perm.PEOPLE_EDIT)
    errors: dict[str, str] = {}
    if org.kind not in SHARE_BODY_KINDS or org.region.level != Region.Level.COUNTY:
        errors["org"] = _("Choose a county body (a county department or the justice bureau).")
    if not 4 <= len(purpose.strip()) <= LINE:
        errors["purpose"] = _("State the purpose of sharing (4 to 300 characters).")
    if not categories:
        errors["categories"] = _("Choose at least one category.")
    if valid_until < timezone.localdate():
        errors["valid_until"] = _("The end date cannot be in the past.")
    if not 0 <= min_danger_level <= 5:
        errors["min_danger_level"] = _("The danger level is 0 to 5.")
    refuse(errors)
    with transaction.atomic():
        grant = ShareGrant.objects.create(
            org=org,
            township=township,
            purpose=purpose.strip(),
            valid_until=valid_until,
            min_danger_level=min_danger_level,
            granted_by=actor,
        )
        grant.categories.set(categories)
        ledger_append(
            actor=actor_of(actor),
            verb="people.share_granted",
            target=grant,
            payload={"org": org.pk, "categories": [c.code for c in categories], "until": valid_until.isoformat()},
        )
    return grant


def share_revoke(*, actor: Any, grant: ShareGrant, reason: str) -> ShareGrant:
    """End a grant before its date: from now on the body reads nothing under it. The row stays."""
    require_township_itself(actor, grant.township, Perm.PEOPLE_EDIT)
    if grant.revoked_at is not None:
        raise ValidationError(_("This grant is already revoked."), code="out_of_order")
    if not 2 <= len(reason.strip()) <= LINE:
        raise ValidationError(
            _("State why the grant is revoked (2 to %(n)d characters).") % {"n": LINE}, details={"reason": "required"}
        )
    with transaction.atomic():
        grant.revoked_at = timezone.now()
        grant.revoked_by = user_or_none(actor)
        grant.save(update_fields=["revoked_at", "revoked_by"])
        ledger_append(
            actor=actor_of(actor),
            verb="people.share_revoked",
            target=grant,
            payload={"org": grant.org_id, "reason": reason.strip()},
        )
    return grant


def shared_files(*, actor: Any) -> list[dict[str, Any]]:
    """What the actor's body receives under its grants in force: each file's identity and level,
    each file logged with the grant's purpose. No grant: refused."""
    org_id = getattr(actor, "org_unit_id", None)
    grants = list(
        ShareGrant.objects.filter(
            org_id=org_id, valid_until__gte=timezone.localdate(), revoked_at__isnull=True
        ).prefetch_related("categories")
        if org_id
        else []
    )
    if not grants:
        raise PermissionDenied(_("Your body has no sharing grant in force."))
    out = []
    with transaction.atomic():
        for g in grants:
            files = PersonFile.objects.filter(
                township_id=g.township_id,
                category__in=list(g.categories.all()),
                status=PersonFile.Status.ACTIVE,
                minor=False,
            ).select_related("category", "township")
            if g.min_danger_level:
                files = files.filter(danger_level__gte=g.min_danger_level)
            for f in files:
                log_read(user=actor, target=f, reason=_("Shared: %(p)s") % {"p": g.purpose}, label=f.number)
                out.append(
                    {
                        "number": f.number,
                        "township": f.township.name,
                        "category": f.category.code,
                        "name": f.name,
                        "id_number": f.id_number,
                        "danger_level": f.danger_level,
                        "purpose": g.purpose,
                    }
                )
            ledger_append(actor=actor_of(actor), verb="people.shared", target=g, payload={"files": len(files)})
    return out
