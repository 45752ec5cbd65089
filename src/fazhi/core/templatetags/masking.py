"""`{% load masking %}` then `{{ text|masked }}`: free text with phone and ID numbers masked."""

from __future__ import annotations

from django import template

from fazhi.core.masking import mask_free_text

register = template.Library()


@register.filter
def masked(value: str | None) -> str:
    return mask_free_text(value)
