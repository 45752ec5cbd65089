"""Model fields that keep personal data encrypted at rest (core.crypto)."""

from __future__ import annotations

from typing import Any

from django.db import models

from fazhi.core import crypto


class EncryptedTextField(models.TextField):
    """Stored encrypted (AES-256-GCM or SM4-GCM, versioned key), read back as plain text. Not
    searchable by value: pair it with a blind index where an exact lookup is needed."""

    def _aad(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return crypto.decrypt(value, aad=self._aad())

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value), aad=self._aad())
