"""Users, organisations and the region tree every scope is a node of.

The region tree lives here, below the registry, because a user's scope *is* a region node and
accounts come before the registry in the one-way dependency order (design.md, rule 3).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.roles import ADMIN_ROLES, BODY_ROLES, Perm, Role, permissions_for
from fazhi.core.models import TimeStampedModel, VersionedModel


class Region(VersionedModel):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Province / municipality")
        CITY = "city", _("City / district")
        COUNTY = "county", _("County")
        TOWNSHIP = "township", _("Township / street")
        VILLAGE = "village", _("Village / community")
        GROUP = "group", _("Group")
        GRID = "grid", _("Grid")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of codes: "/500238/500238101/". A subtree is path__startswith.
    path = models.CharField(max_length=400, db_index=True, editable=False)

    class Meta:
        ordering = ["path"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def ancestor_codes(self) -> list[str]:
        return [c for c in self.path.split("/") if c]


class OrgUnit(TimeStampedModel):
    """The organisation a user works for; its region bounds what the user can see."""

    class Kind(models.TextChoices):
        JUSTICE_BUREAU = "justice_bureau", _("County justice bureau")
        DEPARTMENT = "department", _("County department")
        TOWNSHIP = "township", _("Township / street office")
        VILLAGE = "village", _("Village / community committee")
        ENTERPRISE = "enterprise", _("Enterprise")
        SYSTEM = "system", _("System operations")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="org_units")

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    is_service_account = models.BooleanField(_("API service account"), default=False)
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True)
    # Set by an administrator (new account, reset): the user must choose their own at first login.
    password_must_change = models.BooleanField(_("password set by an administrator"), default=False)

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def set_password(self, raw_password: str | None) -> None:
        super().set_password(raw_password)
        from django.utils import timezone

        self.password_changed_at = timezone.now()
        self.password_must_change = False  # the services that set one for a user mark it again

    def set_password_by_admin(self, raw_password: str) -> None:
        """A password an administrator chose: usable once, to log in and choose one's own."""
        self.set_password(raw_password)
        self.password_must_change = True

    def password_expired(self, max_days: int) -> bool:
        """Rotation (FAZHI_PASSWORD_MAX_DAYS): a password older than that must be changed first; so
        must a password an administrator set (``password_must_change``)."""
        if self.is_service_account:
            return False
        if self.password_must_change:
            return True
        if not max_days:
            return False
        from datetime import timedelta

        from django.utils import timezone

        changed = self.password_changed_at or self.date_joined
        return timezone.now() - changed > timedelta(days=max_days)

    @cached_property
    def roles(self) -> frozenset[str]:
        # .all() uses a prefetch when the list prefetched role_grants; one query otherwise
        return frozenset(g.role for g in self.role_grants.all()) if self.pk else frozenset()

    @cached_property
    def perms(self) -> frozenset[Perm]:
        return permissions_for(self.roles) if self.is_active else frozenset()

    def can(self, perm: Perm) -> bool:
        return perm in self.perms

    @property
    def is_admin_role(self) -> bool:
        return bool(self.roles & ADMIN_ROLES)

    @property
    def is_body_bound(self) -> bool:
        """Inspectors and body heads see their own body's records only."""
        return bool(self.roles & BODY_ROLES) and Role.COUNTY_SUPERVISOR not in self.roles

    def role_labels(self) -> list[Any]:
        return [Role(r).label for r in sorted(self.roles)]


class RoleGrant(TimeStampedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_role_per_user")]
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")

    def __str__(self) -> str:
        return f"{self.user} {self.role}"


class ApiToken(TimeStampedModel):
    """A department system's key to /api/v1, acting as a service account of one organisation.

    Only a keyed hash of the secret is stored; the token is shown once, at creation.
    """

    name = models.CharField(_("name"), max_length=100)
    user = models.ForeignKey(
        User, verbose_name=_("service account"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"
