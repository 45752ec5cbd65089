"""Publicity services: an activity recorded on a phone (every error at once, nothing half-written),
the reach check against the village's population, photos checked as images, links to inspections
and mediations by id, a liaison in one village, the registers, targets and their progress."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.ledger import LedgerEntry
from fazhi.publicity import links, selectors, services
from fazhi.publicity.models import Activity, ActivityPhoto, ActivityTarget, Liaison, Target
from tests.dates import today
from tests.dbutil import assert_nothing_changed
from tests.factories_publicity import JPEG, PNG, PublicityWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def pw(world: Any) -> PublicityWorld:
    return PublicityWorld(world)


def test_activity_recorded_with_targets_photo_and_ledger(pw: PublicityWorld) -> None:
    photo = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    a = pw.activity(
        organisers=["峰灵镇人民政府、峰灵派出所"],
        target_groups=["villagers", "elderly"],
        group=pw.group,
        photos=[photo],
        materials=50,
    )
    assert a.joint is True
    assert a.organisers == ["峰灵镇人民政府", "峰灵派出所"]
    assert a.area_path == pw.group.path
    assert sorted(ActivityTarget.objects.filter(activity=a).values_list("group", flat=True)) == ["elderly", "villagers"]
    assert ActivityPhoto.objects.get(activity=a).content_type == "image/png"
    assert LedgerEntry.objects.filter(verb="publicity.activity_recorded", target_id=str(a.pk)).exists()


def test_every_error_at_once_and_nothing_written(pw: PublicityWorld) -> None:
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        pw.activity(
            day=today() + dt.timedelta(days=1),
            participants=-1,
            target_groups=[],
            organisers=[" "],
            group=pw.w.village_b,
        )
    assert set(exc.value.details) == {"day", "participants", "target_groups", "organisers", "group"}
    assert "未来" in str(exc.value.details["day"])


def test_reach_above_population_asks_for_confirmation(pw: PublicityWorld) -> None:
    services.village_setting_set(actor=pw.legal, village=pw.village, population=200, remote=False)
    with assert_nothing_changed(Activity), pytest.raises(services.ReachAbovePopulation) as exc:
        pw.activity(participants=201)
    assert "200" in exc.value.message
    a = pw.activity(participants=201, confirm_reach=True)
    assert a.participants == 201
    assert pw.activity(participants=200).participants == 200


def test_a_file_that_is_not_an_image_is_refused_with_nothing_written(pw: PublicityWorld) -> None:
    bad = SimpleUploadedFile("report.jpg", b"%PDF-1.7 not a photo", content_type="image/jpeg")
    good = SimpleUploadedFile("b.jpg", JPEG, content_type="image/jpeg")
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        pw.activity(photos=[good, bad])
    assert "report.jpg" in str(exc.value.details["photos"])
    a = pw.activity()
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.activity_photos_add(actor=pw.grid, activity=a, photos=[bad])
    assert len(services.activity_photos_add(actor=pw.grid, activity=a, photos=[good])) == 1


def test_photos_over_the_limit_are_named_and_a_large_non_photo_is_named_as_not_a_photo(
    pw: PublicityWorld, settings: Any
) -> None:
    settings.FAZHI_PUBLICITY_PHOTO_MAX_BYTES = 1024 * 1024
    big_photo = SimpleUploadedFile("大.jpg", JPEG + b"\x00" * (1024 * 1024), content_type="image/jpeg")
    big_pdf = SimpleUploadedFile("大.pdf", b"%PDF-1.7" + b"\x00" * (1024 * 1024), content_type="image/jpeg")
    empty = SimpleUploadedFile("空.jpg", b"", content_type="image/jpeg")
    a = pw.activity()
    with translation.override("zh-hans"), assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.activity_photos_add(actor=pw.grid, activity=a, photos=[big_photo])
    assert exc.value.details["photos"] == "以下照片超过 1 MB：大.jpg"
    # what is not a photo at all is the first thing to fix, however large it is
    with translation.override("zh-hans"), assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.activity_photos_add(actor=pw.grid, activity=a, photos=[big_photo, big_pdf, empty])
    assert exc.value.details["photos"] == "以下文件不是照片（JPEG、PNG、GIF、WebP 或 HEIC）：大.pdf、空.jpg"


def test_permission_and_area_refused(pw: PublicityWorld) -> None:
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        pw.activity(actor=pw.leader)  # reads only
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        pw.activity(actor=pw.grid_b)  # 先锋村 is in 城厢镇, not 峰灵镇… the village is 峰灵镇's
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.liaison_appoint(
            actor=pw.grid, village=pw.village, name="张三", phone="13900000001", appointed_on=today()
        )


def test_link_to_a_mediation_by_id_not_retyped(pw: PublicityWorld, monkeypatch: Any) -> None:
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        pw.activity(type="case_explained", link_kind="dispute", link_id=999999)
    assert "999999" in str(exc.value.details["link_id"])
    monkeypatch.setitem(links.RESOLVERS, "dispute", lambda user, pk: "纠纷-1" if pk == 7 else None)
    a = pw.activity(type="case_explained", link_kind="dispute", link_id=7)
    assert (a.link_kind, a.link_id) == ("dispute", 7)


def test_the_web_layer_registered_both_resolvers() -> None:
    assert {"inspection", "dispute"} <= set(links.RESOLVERS)


def test_a_liaison_serves_one_village(pw: PublicityWorld) -> None:
    first = services.liaison_appoint(
        actor=pw.legal, village=pw.village, name="谭明", phone="139 0000 0001", appointed_on=today()
    )
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.liaison_appoint(
            actor=pw.legal, village=pw.village2, name="谭明", phone="13900000001", appointed_on=today()
        )
    assert "谭家村" in str(exc.value.details["phone"])
    services.liaison_relieve(actor=pw.legal, liaison=first)
    second = services.liaison_appoint(
        actor=pw.legal, village=pw.village2, name="谭明", phone="13900000001", appointed_on=today()
    )
    assert second.phone_tail == "0001"
    assert Liaison.objects.filter(active=True).count() == 1


def test_adviser_mediation_names_a_dispute(pw: PublicityWorld, monkeypatch: Any) -> None:
    adviser = services.adviser_create(actor=pw.legal, village=pw.village, name="王律师")
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.adviser_service_record(actor=pw.legal, adviser=adviser, day=today(), kind="mediation")
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.adviser_service_record(actor=pw.legal, adviser=adviser, day=today(), kind="consultation", dispute_id=3)
    monkeypatch.setitem(links.RESOLVERS, "dispute", lambda user, pk: "d")
    line = services.adviser_service_record(actor=pw.legal, adviser=adviser, day=today(), kind="mediation", dispute_id=3)
    assert line.dispute_id == 3


def test_registers_refuse_bad_input(pw: PublicityWorld) -> None:
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.culture_site_create(
            actor=pw.legal,
            village=pw.village,
            name="",
            built_on=today(),
            content_updated_on=today() - dt.timedelta(days=1),
        )
    assert set(exc.value.details) == {"name", "content_updated_on"}
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.channel_create(actor=pw.legal, village=pw.w.town_a, kind="radio", name="x", reach=-1)
    services.model_village_record(actor=pw.legal, village=pw.village, level="county", year=today().year)
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.model_village_record(actor=pw.legal, village=pw.village, level="county", year=today().year)


def test_a_target_with_nothing_done_yet_is_zero_not_an_error(pw: PublicityWorld) -> None:
    """The publicity home crashed (KeyError) for a target set before any activity of the year."""
    year = today().year
    services.target_set(actor=pw.legal, region=pw.w.town_a, year=year, metric="large_print", value=4)
    got = [(p.target.metric, p.actual) for p in selectors.targets_progress(user=pw.leader, year=year)]
    assert got == [("large_print", 0)]


def test_targets_and_progress(pw: PublicityWorld) -> None:
    year = today().year
    q = (today().month - 1) // 3 + 1
    services.village_setting_set(actor=pw.legal, village=pw.village2, population=900, remote=True)
    services.target_set(actor=pw.legal, region=pw.w.town_a, year=year, quarter=q, metric="remote_sessions", value=2)
    services.target_set(actor=pw.legal, region=pw.w.town_a, year=year, quarter=q, metric="joint_activities", value=1)
    services.target_set(actor=pw.legal, region=pw.w.town_a, year=year, metric="large_print", value=4)
    pw.activity(village=pw.village2)
    pw.activity(village=pw.village, organisers=["甲", "乙"], large_print=True, target_groups=["villagers", "elderly"])
    got = {p.target.metric: (p.actual, p.of, p.met) for p in selectors.targets_progress(user=pw.leader, year=year)}
    assert got["remote_sessions"] == (0, 1, False)  # one session of two in the one remote village
    assert got["joint_activities"] == (1, None, True)
    assert got["large_print"] == (1, None, False)
    pw.activity(village=pw.village2)
    got = {p.target.metric: (p.actual, p.of, p.met) for p in selectors.targets_progress(user=pw.leader, year=year)}
    assert got["remote_sessions"] == (1, 1, True)
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.target_set(actor=pw.legal, region=pw.w.town_a, year=year + 5, metric="nonsense", value=1)
    assert Target.objects.count() == 3
