"""The Django admin is for system administrators only; its writes are audited like any other."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from fazhi.accounts.models import OrgUnit, Region, User
from fazhi.core.ledger import actor_of, ledger_append


class LedgeredAdmin(admin.ModelAdmin[Any]):
    actions = None  # bulk delete would bypass the ledger

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        ledger_append(
            actor=actor_of(request.user),
            verb=f"admin.{'update' if change else 'create'}",
            target=obj,
            payload={"fields": sorted(form.changed_data)},
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        ledger_append(actor=actor_of(request.user), verb="admin.delete", target=obj)
        super().delete_model(request, obj)


@admin.register(OrgUnit)
class OrgUnitAdmin(LedgeredAdmin):
    list_display = ("name", "kind", "region")
    search_fields = ("name",)


@admin.register(Region)
class RegionAdmin(LedgeredAdmin):
    list_display = ("code", "name", "level", "parent")
    search_fields = ("code", "name")
    readonly_fields = ("path", "code", "parent", "level")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # new nodes need their path: the regions page and `fazhi` commands add them


@admin.register(User)
class UserAdmin(LedgeredAdmin):
    list_display = ("username", "full_name", "org_unit", "is_active")
    search_fields = ("username", "full_name")
    fields = ("username", "full_name", "org_unit", "phone", "is_active")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # accounts are created through the user service (password policy, roles, ledger)
