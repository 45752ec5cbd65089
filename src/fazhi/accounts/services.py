"""Writes of accounts data: each one checks permission, writes in one transaction and audits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import OrgUnit, Region, RoleGrant, User
from fazhi.accounts.roles import Perm, Role
from fazhi.accounts.scopes import can, require
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import NAME, text_limits
from fazhi.core.versioning import versioned_update


def _path(parent: Region | None, code: str) -> str:
    return (parent.path if parent else "/") + code + "/"


@text_limits(name=(gettext_lazy("Region name"), NAME))
def region_create(
    *, actor: Any, code: str, name: str, level: str, parent: Region | None = None, system: bool = False
) -> Region:
    """Add a node to the region tree (system administrators; ``system=True`` for commands)."""
    if not system:
        require(actor, Perm.REGION_EDIT)
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise ValidationError(_("A region needs a code and a name."))
    if level not in Region.Level.values:
        raise ValidationError(_("Unknown region level: %(level)s") % {"level": level})
    if Region.objects.filter(code=code).exists():
        raise ValidationError(_("Region code %(code)s is already used.") % {"code": code})
    with transaction.atomic():
        region = Region.objects.create(code=code, name=name, level=level, parent=parent, path=_path(parent, code))
        ledger_append(
            actor=actor_of(actor),
            verb="region.create",
            target=region,
            payload={"code": code, "name": name, "level": level, "parent": parent.code if parent else None},
        )
    return region


@text_limits(name=(gettext_lazy("Region name"), NAME))
def region_update(*, actor: Any, region: Region, expected_version: int | None, name: str) -> Region:
    require(actor, Perm.REGION_EDIT)
    with transaction.atomic():
        changes = versioned_update(region, expected_version=expected_version, fields={"name": name.strip()})
        if changes:
            ledger_append(actor=actor_of(actor), verb="region.update", target=region, payload={"changes": changes})
    return region


@text_limits(name=(gettext_lazy("Organisation name"), NAME))
def org_unit_create(*, actor: Any, name: str, kind: str, region: Region, system: bool = False) -> OrgUnit:
    if not system:
        require(actor, Perm.USER_MANAGE)
    with transaction.atomic():
        org = OrgUnit.objects.create(name=name, kind=kind, region=region)
        ledger_append(
            actor=actor_of(actor),
            verb="org_unit.create",
            target=org,
            payload={"name": name, "kind": kind, "region": region.code},
        )
    return org


@text_limits(full_name=(gettext_lazy("Full name"), NAME), phone=(gettext_lazy("Mobile phone"), 20))
def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    full_name: str,
    org_unit: OrgUnit | None,
    roles: list[str],
    phone: str = "",
    system: bool = False,
    is_service_account: bool = False,
    password_set_by_user: bool = False,
) -> User:
    """Create an account with its roles. The password must meet the policy (等保 level 3). It is
    the administrator's: the user must change it at first login (``password_set_by_user`` only
    for the demo's accounts, whose password the README gives)."""
    if not system:
        require(actor, Perm.USER_MANAGE)
        if roles:
            require(actor, Perm.ROLE_GRANT)  # 三权分立: granting roles is the security admin's
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValidationError(_("Unknown roles: %(roles)s") % {"roles": ", ".join(sorted(unknown))})
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("This username is taken; choose another."), details={"username": "taken"})
    user = User(
        username=username,
        full_name=full_name,
        org_unit=org_unit,
        phone=phone,
        is_service_account=is_service_account,
    )
    _check_password(password, user)
    with transaction.atomic():
        if password_set_by_user:
            user.set_password(password)
        else:
            user.set_password_by_admin(password)
        user.save()
        RoleGrant.objects.bulk_create([RoleGrant(user=user, role=r) for r in roles])
        ledger_append(
            actor=actor_of(actor),
            verb="user.create",
            target=user,
            payload={
                "username": username,
                "org_unit": org_unit.name if org_unit else None,
                "roles": sorted(roles),
            },
        )
    return user


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        message = " ".join(exc.messages)
        raise ValidationError(message, details={"password": message}) from exc


def user_password_reset(*, actor: Any, user: User, password: str) -> None:
    """A forgotten password: the security administrator sets a new one, which the user must change
    at the next login (never for oneself: one changes one's own on the password page)."""
    require(actor, Perm.PASSWORD_RESET)
    if getattr(actor, "pk", None) == user.pk:
        raise PermissionDenied(_("Change your own password on the password page."))
    if user.is_service_account:
        raise ValidationError(_("An API service account has no password; issue a new token instead."))
    _check_password(password, user)
    with transaction.atomic():
        user.set_password_by_admin(password)
        user.save(update_fields=["password", "password_changed_at", "password_must_change"])
        ledger_append(actor=actor_of(actor), verb="user.password_reset", target=user, payload={})


def _not_self(actor: Any, user: User) -> None:
    if getattr(actor, "pk", None) == user.pk:
        raise PermissionDenied(_("You cannot change your own roles; another security administrator must."))


def role_grant(*, actor: Any, user: User, role: str) -> None:
    """Grant a role (security administrator; never to oneself: 三权分立)."""
    require(actor, Perm.ROLE_GRANT)
    _not_self(actor, user)
    if role not in Role.values:
        raise ValidationError(_("Unknown roles: %(roles)s") % {"roles": role})
    with transaction.atomic():
        _grant, created = RoleGrant.objects.get_or_create(user=user, role=role)
        if created:
            ledger_append(actor=actor_of(actor), verb="role.grant", target=user, payload={"role": role})
    user.__dict__.pop("roles", None)
    user.__dict__.pop("perms", None)


def role_revoke(*, actor: Any, user: User, role: str) -> None:
    require(actor, Perm.ROLE_GRANT)
    _not_self(actor, user)
    with transaction.atomic():
        deleted, _counts = RoleGrant.objects.filter(user=user, role=role).delete()
        if deleted:
            ledger_append(actor=actor_of(actor), verb="role.revoke", target=user, payload={"role": role})
    user.__dict__.pop("roles", None)
    user.__dict__.pop("perms", None)


@text_limits(note=(gettext_lazy("Note"), 200))
def calendar_override_set(*, actor: Any, date: Any, is_workday: bool, note: str = "") -> None:
    """Mark a day as a working day or a holiday where the rule is wrong (system administrators).

    Needed for every year after the last one ``chinesecalendar`` knows, when the State Council
    publishes its arrangement (domain-rules §9).
    """
    from fazhi.core.models import CalendarOverride

    require(actor, Perm.CALENDAR_EDIT)
    with transaction.atomic():
        obj, created = CalendarOverride.objects.update_or_create(
            date=date, defaults={"is_workday": is_workday, "note": note.strip()[:200]}
        )
        ledger_append(
            actor=actor_of(actor),
            verb="calendar.override_set",
            target=obj,
            payload={"date": date, "is_workday": is_workday, "note": note, "created": created},
        )


def calendar_arrangement_set(
    *, actor: Any, year: int, holidays: list[dt.date], workdays: list[dt.date], source: str = ""
) -> Any:
    """Enter the State Council's holiday arrangement for a year the bundled data does not know:
    its holidays and make-up working days become overrides and the year counts as known.

    Entering it again adds and corrects days (days entered by mistake are removed one by one on
    the calendar page). Refused, with every reason at once: a year that is built in, a day outside
    the year, a day given as both a holiday and a working day, no days at all.
    """
    from fazhi.core.models import CalendarOverride, CalendarYear
    from fazhi.core.workdays import year_is_official

    require(actor, Perm.CALENDAR_EDIT)
    errors: dict[str, str] = {}
    if year_is_official(year):
        errors["year"] = _("The arrangement for %(year)d is built in; change single days below instead.") % {
            "year": year
        }
    both = sorted(set(holidays) & set(workdays))
    if both:
        errors["workdays"] = _("A day cannot be both a holiday and a working day: %(days)s.") % {
            "days": "、".join(f"{d:%m-%d}" for d in both)
        }
    outside = sorted(d for d in [*holidays, *workdays] if d.year != year)
    if outside:
        errors["holidays"] = _("These days are not in %(year)d: %(days)s.") % {
            "year": year,
            "days": "、".join(d.isoformat() for d in outside),
        }
    if not holidays:
        errors.setdefault("holidays", _("Enter the holidays of the arrangement."))
    if errors:
        raise ValidationError(" ".join(str(v) for v in errors.values()), details=errors)
    note = (source.strip() or _("State Council arrangement"))[:200]
    with transaction.atomic():
        for day, work in [*((d, False) for d in holidays), *((d, True) for d in workdays)]:
            CalendarOverride.objects.update_or_create(date=day, defaults={"is_workday": work, "note": note})
        arrangement, created = CalendarYear.objects.update_or_create(
            year=year,
            defaults={
                "source": source.strip()[:200],
                "entered_by": getattr(actor, "username", ""),
                "holidays": len(holidays),
                "workdays": len(workdays),
            },
        )
        ledger_append(
            actor=actor_of(actor),
            verb="calendar.arrangement_set",
            target=arrangement,
            payload={
                "year": year,
                "source": source.strip(),
                "holidays": [d.isoformat() for d in holidays],
                "workdays": [d.isoformat() for d in workdays],
                "created": created,
            },
        )
    return arrangement


def calendar_override_delete(*, actor: Any, date: Any) -> None:
    from fazhi.core.models import CalendarOverride

    require(actor, Perm.CALENDAR_EDIT)
    with transaction.atomic():
        deleted, _counts = CalendarOverride.objects.filter(date=date).delete()
        if deleted:
            ledger_append(
                actor=actor_of(actor),
                verb="calendar.override_delete",
                target_type="core.calendaroverride",
                target_id=str(date),
                payload={"date": date},
            )


def _token_hash(secret: str) -> str:
    import hashlib
    import hmac

    from django.conf import settings

    return hmac.new(bytes.fromhex(settings.FAZHI_TOKEN_PEPPER), secret.encode(), hashlib.sha256).hexdigest()


@text_limits(name=(gettext_lazy("Token name"), NAME))
def api_token_create(*, actor: Any, name: str, roles: list[str] | None = None, system: bool = False) -> tuple[Any, str]:
    """Issue an API token for the actor's organisation. The service account gets at most the
    actor's own roles (no escalation). Returns (token record, the token text shown once)."""
    import secrets

    from fazhi.accounts.models import ApiToken

    if not system:
        require(actor, Perm.API_TOKEN_MANAGE)
    roles = sorted(set(roles if roles is not None else actor.roles) & set(actor.roles))
    if not roles:
        raise ValidationError(_("Choose at least one of your own roles for the token."))
    if not name.strip():
        raise ValidationError(_("Give the token a name that says which system uses it."))
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        svc = User(
            username=f"api-{prefix}",
            full_name=name.strip()[:100],
            org_unit=actor.org_unit,
            is_service_account=True,
        )
        svc.set_unusable_password()
        svc.save()
        RoleGrant.objects.bulk_create([RoleGrant(user=svc, role=r) for r in roles])
        token = ApiToken.objects.create(name=name.strip(), user=svc, prefix=prefix, secret_hash=_token_hash(secret))
        ledger_append(
            actor=actor_of(actor),
            verb="api_token.create",
            target=token,
            payload={"name": name, "roles": roles, "prefix": prefix},
        )
    return token, f"fz_{prefix}_{secret}"


def api_token_authenticate(raw: str) -> User | None:
    """The service account behind a token, or None (unknown, malformed, revoked)."""
    import hmac

    from django.utils import timezone

    from fazhi.accounts.models import ApiToken

    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != "fz":
        return None
    token = ApiToken.objects.select_related("user__org_unit__region").filter(prefix=parts[1], revoked_at=None).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _token_hash(parts[2])):
        return None
    if not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # bookkeeping, not a business change
    return token.user


def api_token_revoke(*, actor: Any, token: Any) -> None:
    from django.utils import timezone

    require(actor, Perm.API_TOKEN_MANAGE)
    if token.user.org_unit_id != actor.org_unit_id:
        raise PermissionDenied()
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        User.objects.filter(pk=token.user_id).update(is_active=False)
        ledger_append(actor=actor_of(actor), verb="api_token.revoke", target=token)


def user_roles_set(*, actor: Any, user: User, roles: list[str]) -> None:
    """Make the user's roles exactly ``roles``: one change, one transaction."""
    require(actor, Perm.ROLE_GRANT)
    _not_self(actor, user)
    with transaction.atomic():
        current = set(user.role_grants.values_list("role", flat=True))
        for role in sorted(set(roles) - current):
            role_grant(actor=actor, user=user, role=role)
        for role in sorted(current - set(roles)):
            role_revoke(actor=actor, user=user, role=role)


def user_set_active(*, actor: Any, user: User, active: bool) -> None:
    """Disable or re-enable an account (system administrator). Accounts are never deleted: the
    ledger keeps naming them."""
    require(actor, Perm.USER_MANAGE)
    if getattr(actor, "pk", None) == user.pk:
        raise PermissionDenied(_("You cannot disable your own account."))
    with transaction.atomic():
        if user.is_active != active:
            User.objects.filter(pk=user.pk).update(is_active=active)
            user.is_active = active
            ledger_append(actor=actor_of(actor), verb="user.activate" if active else "user.deactivate", target=user)


def ledger_check(*, actor: Any) -> Any:
    """The audit administrator checks the ledger's hash chain; the check itself is recorded."""
    from fazhi.core.ledger import ledger_verify

    require(actor, Perm.LEDGER_VIEW)
    result = ledger_verify()
    with transaction.atomic():
        ledger_append(
            actor=actor_of(actor),
            verb="ledger.verify",
            target_type="ledger",
            payload={"ok": result.ok, "checked": result.checked, "broken_seq": result.broken_seq},
        )
    return result


def can_manage_accounts(user: Any) -> bool:
    """For pages: the account list is for who creates accounts or grants roles (三权分立)."""
    return can(user, Perm.USER_MANAGE) or can(user, Perm.ROLE_GRANT)
