"""居民身份证号码: the check is the GB 11643 check character and a real birth date; an area code the
county list does not know is a warning, never a refusal or a crash — in the validator, the case
service, the page and the API."""

# pinned-calendar: birth dates of people born in the past (facts that never expire)

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.accounts.services import api_token_create
from fazhi.cases import services
from fazhi.cases.models import Case, CaseStep
from fazhi.core.ledger import LedgerEntry
from fazhi.core.validators import check_resident_id
from tests.factories import CaseWorld


def gb11643(first17: str) -> str:
    """The check character by the standard's own formula: W_i = 2^(i-1) mod 11 for positions
    18..2 counted from the right, check = (12 - Σ a_i·W_i mod 11) mod 11, X for 10."""
    total = sum(int(digit) * (2 ** (18 - position) % 11) for position, digit in enumerate(first17, start=1))
    return "0123456789X"[(12 - total % 11) % 11]


def number(area: str, born: dt.date, serial: int) -> str:
    first17 = f"{area}{born:%Y%m%d}{serial:03d}"
    return first17 + gb11643(first17)


def test_the_known_answers_of_the_standard() -> None:
    assert gb11643("11010519491231002") == "X"  # GB 11643-1999's own example
    assert number("500238", dt.date(1985, 3, 12), 213) == "500238198503122136"  # the number of issue 13


# 巫溪县 500238 (since 1997), its Sichuan code 512237, an unassigned 500299, a made-up 990000.
AREAS = ["500238", "110105", "512237", "500299", "990000"]


@given(
    area=st.sampled_from(AREAS),
    born=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2000, 12, 31)),
    serial=st.integers(min_value=0, max_value=999),
)
def test_every_valid_number_is_accepted_whatever_its_area(area: str, born: dt.date, serial: int) -> None:
    check = check_resident_id(number(area, born, serial))
    assert check.error == ""
    assert check.value == number(area, born, serial)
    assert bool(check.warning) == (area in {"500299", "990000", "512237"})  # only codes the list lacks


@given(
    area=st.sampled_from(AREAS),
    born=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2000, 12, 31)),
    serial=st.integers(min_value=0, max_value=999),
    wrong=st.integers(min_value=1, max_value=10),
)
def test_a_wrong_check_character_is_refused(area: str, born: dt.date, serial: int, wrong: int) -> None:
    valid = number(area, born, serial)
    other = "0123456789X"[("0123456789X".index(valid[-1]) + wrong) % 11]
    assert check_resident_id(valid[:-1] + other).error


@given(born=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2000, 12, 31)), serial=st.integers(0, 999))
def test_lower_case_x_and_spaces_are_normalised(born: dt.date, serial: int) -> None:
    valid = number("110105", born, serial)
    messy = f" {valid[:6]} {valid[6:14]} {valid[14:].lower()} "
    assert check_resident_id(messy).value == valid and not check_resident_id(messy).error


@pytest.mark.parametrize("birth", ["18991231", "19850230", "19851301", "19850000", "00000000"])
def test_an_impossible_birth_date_is_refused(birth: str) -> None:
    first17 = f"500238{birth}213"
    assert "出生日期" in check_resident_id(first17 + gb11643(first17)).error


def test_a_birth_date_after_today_is_refused() -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert check_resident_id(number("500238", tomorrow, 213)).error
    assert not check_resident_id(number("500238", timezone.localdate(), 213)).error


@pytest.mark.parametrize(
    "raw", ["", "5002381985031221", "5002381985031221361", "50023819850312213A", "X00238198503122136"]
)
def test_a_wrong_shape_is_refused(raw: str) -> None:
    assert check_resident_id(raw).error


# --- through the case service, the page and the API -------------------------------------------


@pytest.fixture
def cw(world: Any) -> CaseWorld:
    return CaseWorld(world)


LISTED = [
    ("500238198503122136", ""),  # 巫溪县, born before 1997: valid
    (number("512237", dt.date(1985, 3, 12), 213), "512237"),  # crashed with KeyError
    (number("500299", dt.date(1985, 3, 12), 213), "500299"),  # crashed with KeyError
]


@pytest.mark.parametrize(("raw", "unknown_area"), LISTED)
def test_the_service_registers_and_records_the_warning(cw: CaseWorld, raw: str, unknown_area: str) -> None:
    case = services.case_register(
        actor=cw.inspector,
        body=cw.body,
        violation=cw.violation,
        source=Case.Source.COMPLAINT,
        party_kind=Case.PartyKind.PERSON,
        party_name="李某",
        party_id_number=raw,
        occurred_on=timezone.localdate() - dt.timedelta(days=3),
        facts="现场发现未设置安全警示标志。",
    )
    assert case.party_id_number == raw
    notes = list(CaseStep.objects.filter(case=case, kind="party_id_check").values_list("summary", flat=True))
    if unknown_area:
        assert len(notes) == 1 and unknown_area in notes[0] and "核对" in notes[0]
    else:
        assert notes == []


def _form(cw: CaseWorld, id_number: str) -> dict[str, Any]:
    return {
        "source": "complaint",
        "violation": cw.violation.pk,
        "party_kind": "person",
        "party_name": "李某",
        "party_id_number": id_number,
        "occurred_on": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
        "facts": "现场发现未设置安全警示标志。",
    }


@pytest.mark.parametrize(("raw", "unknown_area"), LISTED)
def test_the_page_registers_them(cw: CaseWorld, raw: str, unknown_area: str) -> None:
    c = Client()
    c.force_login(cw.inspector)
    r = c.post("/cases/new/", _form(cw, raw))
    case = Case.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/cases/{case.pk}/"
    page = c.get(r["Location"]).content.decode()
    if unknown_area:
        assert unknown_area in page and "核对" in page  # the warning is on the case's record
    assert raw not in page  # and the number itself stays masked


def test_the_page_refuses_a_wrong_check_character_in_chinese(cw: CaseWorld) -> None:
    c = Client()
    c.force_login(cw.inspector)
    ledger = LedgerEntry.objects.count()
    r = c.post("/cases/new/", _form(cw, "500238198503122137"))
    assert r.status_code == 422 and "校验码" in r.content.decode()
    assert Case.objects.count() == 0 and LedgerEntry.objects.count() == ledger


def _api(cw: CaseWorld, id_number: str) -> Any:
    _, raw = api_token_create(actor=cw.head, name="案件系统", system=True)
    return Client().post(
        "/api/v1/cases",
        {
            "violation_id": cw.violation.pk,
            "source": "complaint",
            "party_kind": "person",
            "party_name": "李某",
            "party_id_number": id_number,
            "occurred_on": (timezone.localdate() - dt.timedelta(days=5)).isoformat(),
            "facts": "仓库未设置安全警示标志。",
        },
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )


@pytest.mark.parametrize(("raw", "unknown_area"), LISTED)
def test_the_api_registers_them(cw: CaseWorld, raw: str, unknown_area: str) -> None:
    r = _api(cw, raw)
    assert r.status_code == 201, r.content
    kinds = [step["kind"] for step in r.json()["steps"]]
    assert kinds == (["register", "party_id_check"] if unknown_area else ["register"])


def test_the_api_refuses_an_impossible_birth_date_with_json(cw: CaseWorld) -> None:
    first17 = "50023819850230213"
    r = _api(cw, first17 + gb11643(first17))
    assert r.status_code in {400, 422} and r["Content-Type"].startswith("application/json")
    assert "出生日期" in r.json()["message"]
    assert Case.objects.count() == 0 and not LedgerEntry.objects.filter(verb__startswith="case.").exists()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    area=st.sampled_from(AREAS), born=st.dates(dt.date(1900, 1, 1), dt.date(2000, 12, 31)), serial=st.integers(0, 999)
)
def test_the_service_never_crashes_on_a_valid_number(cw: CaseWorld, area: str, born: dt.date, serial: int) -> None:
    case = services.case_register(
        actor=cw.inspector,
        body=cw.body,
        violation=cw.violation,
        source=Case.Source.COMPLAINT,
        party_kind=Case.PartyKind.PERSON,
        party_name="李某",
        party_id_number=number(area, born, serial),
        occurred_on=timezone.localdate() - dt.timedelta(days=3),
        facts="现场发现未设置安全警示标志。",
    )
    assert case.party_id_number == number(area, born, serial)
