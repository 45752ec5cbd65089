"""Pages name the year rather than say 本年/今年 (ambiguous beside a chosen year, and in January):
my inspection schedule and the verify page of a task code say "2026年" (the year of today)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.inspections import codes
from tests.test_onsite import Onsite
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db


def test_the_schedule_and_the_verify_page_name_the_year(world: Any) -> None:
    site = Onsite(world)
    year = timezone.localdate().year
    mine = client_for(world["inspector_a"]).get(reverse("inspections:mine")).content.decode()
    assert f"{year}年已检查 0 次" in mine and "本年" not in mine
    token = codes.task_token(site.visit.pk, site.today)
    verify = client_for(world["supervisor"]).get(f"/v/{token}/").content.decode()
    assert f"{year}年检查次数" in verify and "本年" not in verify
