"""Issue 22: special-population files — sealed identity, need-to-know, visits by rule, retention."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.models import AccessLog, LedgerEntry
from fazhi.people import selectors, services
from fazhi.people.models import FileDeletion, PersonFile
from tests.dbutil import assert_nothing_changed
from tests.factories import party_resident_id
from tests.factories_people import MENTAL, PeopleWorld, identity
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def pw(world: Any) -> PeopleWorld:
    return PeopleWorld(world)


def raw_rows(table: str) -> str:
    with connection.cursor() as cur:
        cur.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return repr(cur.fetchall())


def test_identity_is_sealed_in_the_database_and_masked_on_the_file(pw: PeopleWorld) -> None:
    dump = raw_rows("people_personfile")
    for p in pw.identities:
        assert p["name"] not in dump
        assert party_resident_id(p["birth"], p["seq"]) not in dump
        assert p["phone"] not in dump
        assert p["address"] not in dump
    f = PersonFile.objects.get(pk=pw.mental.pk)
    assert f.name == MENTAL["name"]  # decrypted on read
    assert f.name_masked == "测**"
    assert f.id_masked == "500***********" + party_resident_id(MENTAL["birth"], MENTAL["seq"])[-4:]
    assert f.phone_masked == "138****0511"
    assert str(f) == f.number and MENTAL["name"] not in f.number


def test_lookup_by_id_number_uses_the_blind_index(pw: PeopleWorld) -> None:
    number = party_resident_id(MENTAL["birth"], MENTAL["seq"])
    assert list(selectors.file_list(user=pw.grid, id_number=number)) == [pw.mental]
    assert list(selectors.file_list(user=pw.grid2, id_number=number)) == []  # not assigned to them


def test_a_second_file_of_the_same_person_and_category_is_refused(pw: PeopleWorld) -> None:
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.file_open(
            actor=pw.officer,
            township=pw.w.town_a,
            category=pw.mental_cat,
            identity=identity(MENTAL),
            purpose="随访",
        )
    assert "id_number" in exc.value.details


def test_reveal_needs_a_reason_and_lands_in_the_access_log(pw: PeopleWorld) -> None:
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.file_reveal(actor=pw.grid, file=pw.mental, reason=" ")
    got = services.file_reveal(actor=pw.grid, file=pw.mental, reason="上门随访核对身份")
    assert got.name == MENTAL["name"]
    log = AccessLog.objects.get()
    assert (log.username, log.target_type, log.target_id, log.reason) == (
        "grid_a",
        "people.personfile",
        str(pw.mental.pk),
        "上门随访核对身份",
    )
    assert MENTAL["name"] not in log.target_label  # the file number, never the person
    # the audit administrator reads it on the access-log page
    page = client_for(pw.w["auditadmin"]).get(reverse("core:access_log")).content.decode()
    assert "上门随访核对身份" in page and pw.mental.number in page and MENTAL["name"] not in page


def test_someone_not_assigned_cannot_reveal(pw: PeopleWorld) -> None:
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.file_reveal(actor=pw.grid2, file=pw.mental, reason="想看看")
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.file_reveal(actor=pw.w["supervisor"], file=pw.mental, reason="县里检查")


def test_a_minor_is_sealed_from_the_governance_officer(pw: PeopleWorld) -> None:
    assert pw.minor not in selectors.file_qs(user=pw.officer)
    assert pw.minor in selectors.file_qs(user=pw.legal)


def test_mental_visits_carry_an_assessment_and_unstable_means_two_weeks(pw: PeopleWorld) -> None:
    today = timezone.localdate()
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.visit_record(actor=pw.grid, file=pw.mental, visited_on=today, place="家中", findings="情绪稳定")
    assert "danger_level" in exc.value.details
    services.visit_record(
        actor=pw.grid, file=pw.mental, visited_on=today, place="家中", findings="情绪稳定", danger_level=1
    )
    pw.mental.refresh_from_db()
    assert pw.mental.next_visit_due == today + dt.timedelta(days=91)  # stable: every 3 months
    services.assessment_record(actor=pw.grid, file=pw.mental, level=3, note="近期拒绝服药")
    pw.mental.refresh_from_db()
    assert pw.mental.next_visit_due == today + dt.timedelta(days=14)  # unstable: within 2 weeks
    assert list(pw.mental.assessments.values_list("level", flat=True)) == [3, 1]


def test_cult_related_files_are_due_each_quarter(pw: PeopleWorld) -> None:
    from tests.pinned import at

    with at(dt.date(2026, 5, 10)):  # pinned: a day of the second quarter
        services.visit_record(
            actor=pw.grid_b,
            file=pw.file_b,
            visited_on=dt.date(2026, 5, 9),  # pinned: the day before, in the same quarter
            place="家中",
            findings="无异常",
        )
    pw.file_b.refresh_from_db()
    assert pw.file_b.next_visit_due == dt.date(2026, 9, 30)  # pinned: the end of the next quarter


def test_corrections_follow_the_plan_interval(pw: PeopleWorld) -> None:
    today = timezone.localdate()
    services.visit_record(actor=pw.legal, file=pw.corrections, visited_on=today, place="司法所", findings="按时报到")
    pw.corrections.refresh_from_db()
    assert pw.corrections.next_visit_due == today + dt.timedelta(days=30)


def test_overdue_visits_warn_the_responsible_and_the_governance_officer(pw: PeopleWorld) -> None:
    PersonFile.objects.filter(pk=pw.mental.pk).update(next_visit_due=timezone.localdate() - dt.timedelta(days=3))
    assert pw.mental in selectors.visits_due(user=pw.grid)
    assert pw.mental in selectors.visits_due(user=pw.officer)
    assert pw.mental not in selectors.visits_due(user=pw.grid2)
    home = client_for(pw.grid).get(reverse("home")).content.decode()
    assert pw.mental.number in home and MENTAL["name"] not in home


def test_purge_deletes_after_retention_and_keeps_a_record_without_identity(pw: PeopleWorld) -> None:
    from tests.pinned import at

    today = timezone.localdate()
    services.file_end_basis(actor=pw.officer, file=pw.corrections, day=today)
    pw.corrections.refresh_from_db()
    assert pw.corrections.retain_until == today.replace(year=today.year + 5)
    assert services.files_purge(today=today) == []
    with at(pw.corrections.retain_until + dt.timedelta(days=1)):
        deleted = services.files_purge()
    assert [d.number for d in deleted] == [pw.corrections.number]
    assert not PersonFile.objects.filter(pk=pw.corrections.pk).exists()
    record = FileDeletion.objects.get()
    assert record.category_code == "corrections"
    dump = raw_rows("people_filedeletion")
    assert "测乙强" not in dump
    assert LedgerEntry.objects.filter(verb="people.file_deleted").exists()


def test_the_person_s_access_log_is_exported_by_the_governance_officer(pw: PeopleWorld) -> None:
    services.file_reveal(actor=pw.grid, file=pw.mental, reason="随访")
    c = client_for(pw.officer)
    r = c.post(reverse("people:detail", args=[pw.mental.pk]), {"action": "access_log", "reason": "本人申请查阅"})
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    text = r.content.decode("utf-8-sig")
    assert "grid_a" in text and "随访" in text
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.access_log_export(actor=pw.grid, file=pw.mental, reason="本人申请")


def test_bulk_export_needs_another_person_s_approval_and_is_logged(pw: PeopleWorld) -> None:
    a = services.export_request(actor=pw.officer, township=pw.w.town_a, purpose="全县排查核对")
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.export_rows(actor=pw.officer, approval=a)
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.export_approve(actor=pw.w["supervisor"], approval=a)
    services.export_approve(actor=pw.w["leader_a"], approval=a)
    rows = services.export_rows(actor=pw.officer, approval=a)
    assert {r["number"] for r in rows} == {pw.mental.number, pw.corrections.number}  # never the minor
    assert AccessLog.objects.filter(reason__contains="全县排查核对").count() == 2
    with pytest.raises(ValidationError):
        services.export_rows(actor=pw.officer, approval=a)  # once


def test_sharing_with_a_county_body_is_by_grant_and_logged(pw: PeopleWorld) -> None:
    from tests.factories import UserFactory

    police = UserFactory(username="police", org_unit=pw.d.police, roles=[])
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.shared_files(actor=police)
    services.share_grant(
        actor=pw.officer,
        township=pw.w.town_a,
        org=pw.d.police,
        purpose="肇事肇祸风险预警",
        categories=[pw.mental_cat],
        valid_until=timezone.localdate() + dt.timedelta(days=30),
    )
    rows = services.shared_files(actor=police)
    assert [r["number"] for r in rows] == [pw.mental.number]
    assert AccessLog.objects.filter(username="police", reason__contains="肇事肇祸风险预警").count() == 1


def test_keys_rotate_reseals_people_identities(pw: PeopleWorld, settings: Any) -> None:
    from fazhi.core import keys

    settings.FAZHI_DATA_KEYS = {**settings.FAZHI_DATA_KEYS, "99": "ab" * 32}
    settings.FAZHI_DATA_KEY_ID = "99"
    settings.FAZHI_DATA_CIPHER = "sm4-gcm"
    assert keys.rotate() > 0
    status = keys.status()
    assert status["people.personfile.name"] == {"99": 4}
    assert status["people.personfile.id_number"] == {"99": 4}
    assert PersonFile.objects.get(pk=pw.mental.pk).name == MENTAL["name"]


def test_figures_without_identities(pw: PeopleWorld) -> None:
    from fazhi.core.figures import REGISTRY, load_all

    load_all()
    today = timezone.localdate()
    services.screening_record(
        actor=pw.officer, township=pw.w.town_a, title="集中筛查", ends_on=today, screened=100, suspected=3, confirmed=2
    )
    services.meeting_record(
        actor=pw.officer,
        township=pw.w.town_a,
        held_on=today,
        title="月度研判",
        attendees="综治办、派出所、卫生院",
        decisions="加强随访",
        files=[pw.mental],
        actions=[services.ActionInput(action="两周内复访", due_on=today + dt.timedelta(days=14), file=pw.mental)],
    )
    year = today.year
    assert REGISTRY["people.mental_screenings"](pw.w.town_a, year) == 100
    assert REGISTRY["people.mental_suspected"](pw.w.county, year) == 3
    assert REGISTRY["people.mental_confirmed"](pw.w.town_a, year) == 2
    assert REGISTRY["people.risk_meetings"](pw.w.town_a, year) == 1
    assert REGISTRY["people.incidents"](pw.w.town_a, year) == 0
    assert REGISTRY["people.files_corrections"](pw.w.town_a, year) == 2
    assert REGISTRY["people.files"](pw.w.county, year) == 4
    page = client_for(pw.w["supervisor"]).get(reverse("people:figures")).content.decode()
    assert "100" in page and MENTAL["name"] not in page and pw.mental.number not in page


def test_pages_walk_for_the_governance_officer(pw: PeopleWorld) -> None:
    c = client_for(pw.officer)
    for url in (
        reverse("people:list"),
        reverse("people:new"),
        reverse("people:detail", args=[pw.mental.pk]),
        reverse("people:visit", args=[pw.mental.pk]),
        reverse("people:register"),
        reverse("people:exports"),
        reverse("people:figures"),
    ):
        assert c.get(url).status_code == 200, url
    r = c.post(reverse("people:detail", args=[pw.mental.pk]), {"action": "reveal", "reason": "核对"})
    assert MENTAL["name"] in r.content.decode()
    r = c.post(
        reverse("people:visit", args=[pw.mental.pk]),
        {"place": "家中", "findings": "服药规律", "danger_level": "0", "legal_education": "1"},
    )
    assert r.status_code == 302
    r = c.post(
        reverse("people:new"),
        {
            "township": pw.w.town_a.pk,
            "category": "released",
            "name": "测戊",
            "id_number": party_resident_id("19700101", 555),
            "purpose": "安置帮教",
            "responsible": [pw.grid.pk],
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    # the county supervisor is sent to the figures; the enterprise refused
    assert client_for(pw.w["supervisor"]).get(reverse("people:list")).status_code == 302
    assert client_for(pw.w["enterprise"]).get(reverse("people:list")).status_code in (302, 403)
