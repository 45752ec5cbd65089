"""Password rule of 等保2.0 level 3: at least three of four character classes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import MinimumLengthValidator as DjangoMinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MinimumLengthValidator(DjangoMinimumLengthValidator):
    """Django's length rule with its message in our catalogue: Django 5.2's message id
    ("… at least %d characters") no longer matches its own zh_Hans catalogue, so it came out in
    English."""

    def get_error_message(self) -> str:
        return _("The password is too short: it needs at least %(n)d characters.") % {"n": self.min_length}

    def get_help_text(self) -> str:
        return _("At least %(n)d characters.") % {"n": self.min_length}


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        classes = sum(
            [
                any(c.islower() for c in password),
                any(c.isupper() for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() for c in password),
            ]
        )
        if classes < self.min_classes:
            raise ValidationError(
                _("The password must mix at least %(n)d of: lower-case letters, upper-case letters, digits, symbols.")
                % {"n": self.min_classes},
                code="password_classes",
            )

    def get_help_text(self) -> str:
        return _("Use at least %(n)d of: lower-case letters, upper-case letters, digits, symbols.") % {
            "n": self.min_classes
        }
