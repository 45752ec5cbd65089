"""Excel import of a past dispute register: all or nothing, every row's error at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.disputes import figures, imports
from fazhi.disputes.models import Dispute
from tests.dbutil import assert_nothing_changed
from tests.factories import DisputeWorld, party_resident_id
from tests.test_onsite_pages import client_for
from tests.xlsx import workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def dw(world: Any) -> DisputeWorld:
    return DisputeWorld(world)


def header() -> list[str]:
    return [c.zh() for c in imports.COLUMNS]


def row(day: dt.date, **kw: Any) -> list[Any]:
    values = {
        "received_on": day,
        "village": "谭家村",
        "category": "邻里",
        "source": "网格排查",
        "names": "张三；李四",
        "id_numbers": party_resident_id("19800101", 11),
        "phones": "13812345678；13987654321",
        "police_related": "是",
        "petition_related": "否",
        "description": "排水沟",
        "outcome": "化解",
        "made_on": day,
        "form": "书面协议",
        "terms": "疏通",
    }
    values.update(kw)
    return [values[c.attr] for c in imports.COLUMNS]


def test_a_valid_register_is_imported_whole(dw: DisputeWorld) -> None:
    last_year = timezone.localdate().year - 1
    day = dt.date(last_year, 5, 1)
    fh = workbook(header(), [row(day), row(day, outcome="", made_on=None, form="", village="", police_related="否")])
    assert imports.register_import(actor=dw.officer, township=dw.w.town_a, fh=fh) == 2
    assert Dispute.objects.count() == 2
    closed = Dispute.objects.get(status="closed")
    assert closed.parties.get(name="张三").id_number == party_resident_id("19800101", 11)
    assert closed.agreements.get().performance == "performed"
    assert figures.screened(dw.w.town_a, last_year) == 2
    assert figures.police_related(dw.w.town_a, last_year) == 1
    assert figures.identification_rate(dw.w.town_a, last_year) == 100


def test_every_error_is_listed_and_nothing_is_written(dw: DisputeWorld) -> None:
    day = timezone.localdate() - dt.timedelta(days=3)
    rows = [
        row(day),
        row(day, category="吵架", village="月亮村"),
        row(day + dt.timedelta(days=30), id_numbers="123", police_related="也许"),
        row(day, made_on=None),
    ]
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        imports.register_import(actor=dw.officer, township=dw.w.town_a, fh=workbook(header(), rows))
    errors = exc.value.details["errors"]
    text = " ".join(errors)
    assert len(errors) == 6, errors
    for needle in ("吵架", "月亮村", "也许", "今天", "18"):
        assert needle in text, needle
    for row_no in (3, 4, 5):
        assert any(f"第 {row_no} 行" in e for e in errors)


def test_only_the_township_coordinators_import(dw: DisputeWorld) -> None:
    fh = workbook(header(), [row(timezone.localdate())])
    for user in (dw.grid, dw.officer_b, dw.w["supervisor"]):
        fh.seek(0)
        with assert_nothing_changed(), pytest.raises(PermissionDenied):
            imports.register_import(actor=user, township=dw.w.town_a, fh=fh)


def test_the_import_page(dw: DisputeWorld) -> None:
    officer = client_for(dw.officer)
    fh = workbook(header(), [row(timezone.localdate())])
    fh.name = "register.xlsx"
    r = officer.post(reverse("disputes:import"), {"township": dw.w.town_a.pk, "file": fh})
    assert r.status_code == 302 and Dispute.objects.count() == 1
    bad = workbook(header(), [row(timezone.localdate(), category="吵架")])
    bad.name = "bad.xlsx"
    with assert_nothing_changed():
        r = officer.post(reverse("disputes:import"), {"township": dw.w.town_a.pk, "file": bad})
    assert r.status_code == 422 and "吵架" in r.content.decode()
    with assert_nothing_changed():
        assert officer.post(reverse("disputes:import"), {"township": dw.w.town_a.pk}).status_code == 422
