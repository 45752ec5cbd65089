"""Issue 24, consistency: one date format on every page (year-month-day, ISO), whatever the language; an
officer's page says where the status comes from."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone, translation

from fazhi.registry.models import Officer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_dates_print_as_iso_in_every_language(language: str) -> None:
    day = timezone.localdate()
    now = timezone.localtime().replace(hour=14, minute=5)
    with translation.override(language):
        text = Template("{{ day }}|{{ now }}").render(Context({"day": day, "now": now}))
    assert text == f"{day:%Y-%m-%d}|{now:%Y-%m-%d} 14:05"


def test_officer_page_shows_iso_dates_and_the_status_source(world: Any) -> None:
    officer = Officer.objects.get(name="峰灵甲")
    c = Client()
    c.force_login(world["head_a"])
    page = c.get(f"/registry/officers/{officer.pk}/").content.decode()
    assert f"{officer.valid_until:%Y-%m-%d}" in page and "data-status-source" in page
