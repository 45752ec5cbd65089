"""One error type for every refusal a service makes; views and the API map it to a response."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """A refusal the user can act on. ``message`` is shown to the user (Chinese via the catalogue)."""

    code = "invalid"
    http_status = 400

    def __init__(self, message: Any = None, *, code: str | None = None, details: Any = None) -> None:
        self.message = str(message) if message is not None else str(self.default_message())
        if code:
            self.code = code
        self.details = details
        super().__init__(self.message)

    def default_message(self) -> Any:
        return _("The request could not be carried out.")


class PermissionDenied(ApplicationError):
    code = "permission_denied"
    http_status = 403

    def default_message(self) -> Any:
        return _("You do not have permission to do this. Ask your administrator for the role.")


class NotFound(ApplicationError):
    code = "not_found"
    http_status = 404

    def default_message(self) -> Any:
        return _("The record does not exist or is outside your scope.")


class ConflictError(ApplicationError):
    """Optimistic locking: someone saved the record after this user loaded it."""

    code = "conflict"
    http_status = 409

    def default_message(self) -> Any:
        return _(
            "Someone else changed this record after you opened it. Reload the page, check their changes and save again."
        )


class ValidationError(ApplicationError):
    code = "validation_error"
    http_status = 422

    def default_message(self) -> Any:
        return _("Some fields are not valid. Correct them and try again.")
