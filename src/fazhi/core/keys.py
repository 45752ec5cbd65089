"""Key management for encrypted fields: status, a new key, rotation of every stored value."""

from __future__ import annotations

import secrets
from collections import Counter
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

from fazhi.core import crypto
from fazhi.core.fields import EncryptedTextField


def encrypted_columns() -> list[tuple[Any, EncryptedTextField]]:
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


def _raw(model: Any, field: EncryptedTextField) -> list[tuple[Any, str]]:
    table, column, pk = model._meta.db_table, field.column, model._meta.pk.column
    q = connection.ops.quote_name
    with connection.cursor() as cur:
        cur.execute(f"SELECT {q(pk)}, {q(column)} FROM {q(table)} WHERE {q(column)} <> ''")  # noqa: S608 # nosec B608
        return list(cur.fetchall())


def status() -> dict[str, Counter[str]]:
    """Per column, how many values each key (or 'plain' for values from before encryption) seals."""
    out: dict[str, Counter[str]] = {}
    for model, field in encrypted_columns():
        out[f"{model._meta.label_lower}.{field.name}"] = Counter(
            crypto.key_id_of(value) or "plain" for _pk, value in _raw(model, field)
        )
    return out


def new_key() -> str:
    """Write the next data key file; returns its id (takes effect at the next start)."""
    from pathlib import Path

    keys_dir = Path(settings.VAR_DIR) / "keys"
    next_id = str(max(int(k) for k in settings.FAZHI_DATA_KEYS) + 1)
    path = keys_dir / f"data_key_{next_id}"
    import os

    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_hex(32))
    return next_id


Column = tuple[str, str, str, str]  # table, primary-key column, column, associated data


def columns() -> list[Column]:
    return [
        (model._meta.db_table, model._meta.pk.column, field.column, f"{model._meta.label_lower}.{field.name}")
        for model, field in encrypted_columns()
    ]


def rotate(targets: list[Column] | None = None) -> int:
    """Re-encrypt every value not sealed by the current key and cipher (plain ones too), one
    transaction per column; returns how many changed. Migrations pass their own fixed targets."""
    changed = 0
    sealed_by = f"{crypto.PREFIX}{settings.FAZHI_DATA_KEY_ID}${settings.FAZHI_DATA_CIPHER}$"
    q = connection.ops.quote_name
    for table, pk, column, aad in targets if targets is not None else columns():
        select = f"SELECT {q(pk)}, {q(column)} FROM {q(table)} WHERE {q(column)} <> ''"  # noqa: S608 # nosec B608
        update = f"UPDATE {q(table)} SET {q(column)} = %s WHERE {q(pk)} = %s"  # noqa: S608 # nosec B608
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(select)
            rows = [(key, value) for key, value in cur.fetchall() if not value.startswith(sealed_by)]
            for key, value in rows:
                cur.execute(update, [crypto.encrypt(crypto.decrypt(value, aad=aad), aad=aad), key])
        changed += len(rows)
    return changed
