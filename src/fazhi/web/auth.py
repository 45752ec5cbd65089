"""The login backend: Django's, loading with the user what nearly every page reads next."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class Backend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        """The user with its organisation, region and officer record in one query (scopes and the
        on-site pages read them on every request)."""
        user = (
            get_user_model()._default_manager.select_related("org_unit__region", "officer").filter(pk=user_id).first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
