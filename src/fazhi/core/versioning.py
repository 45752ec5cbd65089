"""Optimistic locking for records several officers edit ("changed since this page loaded")."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.db.models import F

from fazhi.core.errors import ConflictError
from fazhi.core.models import VersionedModel

M = TypeVar("M", bound=VersionedModel)


def versioned_update(instance: M, *, expected_version: int | None, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """Write ``fields`` if nobody saved since ``expected_version``; return the field diff.

    The check and the write are one UPDATE ... WHERE version = expected, so two officers saving
    at once cannot both win. ``expected_version=None`` skips the check (imports, commands).
    """
    changes: dict[str, list[Any]] = {}
    for name, value in fields.items():
        old = getattr(instance, name)
        if old != value:
            changes[name] = [old, value]
    if not changes:
        if expected_version is not None and expected_version != instance.version:
            raise ConflictError()
        return changes
    qs: models.QuerySet[Any] = type(instance)._default_manager.filter(pk=instance.pk)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    for name, (_, new) in changes.items():
        setattr(instance, name, new)
    instance.full_clean(exclude=[f for f in _all_fields(instance) if f not in changes])
    updated = qs.update(**{n: v for n, (_, v) in changes.items()}, version=F("version") + 1)
    if not updated:
        raise ConflictError()
    instance.version = (expected_version if expected_version is not None else instance.version) + 1
    return changes


def _all_fields(instance: models.Model) -> list[str]:
    return [f.name for f in instance._meta.concrete_fields]


def version_bump(instance: VersionedModel, *, expected_version: int | None) -> None:
    """A change held in child rows (a checklist) is still a new version of the parent."""
    qs: models.QuerySet[Any] = type(instance)._default_manager.filter(pk=instance.pk)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    if not qs.update(version=F("version") + 1):
        raise ConflictError()
    instance.version += 1
