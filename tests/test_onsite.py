"""On-site inspections: codes, scan check-in, the unified checklist, evidence, result, follow-up."""

# pinned-calendar: deadline tests travel to the 2026 National Day (tests/pinned.py), a bundled year

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import itertools
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import signing
from django.utils import timezone

from fazhi.accounts.roles import Role
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.models import LedgerEntry
from fazhi.inspections import codes, onsite, selectors
from fazhi.inspections.models import (
    CoordinationRun,
    Evidence,
    InspectionRecord,
    JointInspection,
    PlanItem,
    Publication,
)
from fazhi.registry.models import Officer
from tests.dbutil import assert_nothing_changed
from tests.factories import ChecklistItemFactory, EnterpriseFactory, MatterFactory, OfficerFactory, UserFactory
from tests.pinned import at

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 200


def pad_png(
    strokes: list[list[tuple[int, int]]],
    *,
    width: int = 350,
    height: int = 140,
    white: bool = False,
    filters: tuple[int, ...] = (1, 2, 4),
) -> bytes:
    """What the signature pad sends: an RGBA PNG of the canvas (transparent, or white) with the
    strokes drawn 3 pixels wide in black — encoded here, independently of the code under test,
    with a different filter per row (Sub, Up, Paeth) as browsers do."""
    import struct
    import zlib

    ink: set[tuple[int, int]] = set()
    for stroke in strokes:
        for (x0, y0), (x1, y1) in itertools.pairwise(stroke):
            steps = max(abs(x1 - x0), abs(y1 - y0), 1)
            for k in range(steps + 1):
                x, y = x0 + (x1 - x0) * k // steps, y0 + (y1 - y0) * k // steps
                ink.update((x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1))
    background = b"\xff\xff\xff\xff" if white else b"\x00\x00\x00\x00"
    rows = [b"".join(b"\x10\x10\x10\xff" if (x, y) in ink else background for x in range(width)) for y in range(height)]
    out = bytearray()
    previous = bytes(width * 4)
    for y, row in enumerate(rows):
        kind = filters[y % len(filters)]
        filtered = bytearray(len(row))
        for i, value in enumerate(row):
            a = row[i - 4] if i >= 4 else 0
            b = previous[i]
            c = previous[i - 4] if i >= 4 else 0
            if kind == 0:
                predictor = 0
            elif kind == 1:
                predictor = a
            elif kind == 2:
                predictor = b
            elif kind == 3:
                predictor = (a + b) // 2
            else:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                predictor = a if pa <= pb and pa <= pc else b if pb <= pc else c
            filtered[i] = (value - predictor) % 256
        out += bytes([kind]) + filtered
        previous = row

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(out))) + chunk(b"IEND", b"")
    )


def data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


# A name written in three strokes; an untouched pad; a tap (one dot); a pad filled white.
NAME_STROKES = [[(30, 90), (60, 30), (90, 100), (120, 40)], [(140, 70), (200, 60), (260, 80)], [(270, 30), (300, 110)]]
SIGNATURE = data_url(pad_png(NAME_STROKES))
BLANK_SIGNATURE = data_url(pad_png([]))
DOT_SIGNATURE = data_url(pad_png([[(100, 60), (101, 60)]]))
WHITE_SIGNATURE = data_url(pad_png([], white=True))


class Onsite:
    """A joint inspection of 峰灵酒业 today: the township (lead, two officers) and the county
    department (one officer), one check point worded the same by both."""

    def __init__(self, world: Any) -> None:
        self.w = world
        today = timezone.localdate()
        self.today = today
        self.a1 = Officer.objects.get(name="峰灵甲")
        self.a1.user = world["inspector_a"]
        self.a1.save()
        self.a2 = OfficerFactory(body=world.body_a, name="峰灵乙")
        self.a2.user = UserFactory(
            username="inspector_a2", org_unit=world["inspector_a"].org_unit, roles=[Role.INSPECTOR]
        )
        self.a2.save()
        self.d1 = Officer.objects.get(name="县局甲")
        self.d1.user = world["dept_inspector"]
        self.d1.save()
        self.matter_a = MatterFactory(body=world.body_a, name="安全生产")
        self.matter_d = MatterFactory(body=world.dept_body, name="消防安全")
        ChecklistItemFactory(matter=self.matter_a, seq=1, text="安全生产责任制落实")
        ChecklistItemFactory(matter=self.matter_a, seq=2, text="消防通道畅通")
        ChecklistItemFactory(matter=self.matter_d, seq=1, text="消防通道畅通")
        ChecklistItemFactory(matter=self.matter_d, seq=2, text="灭火器在有效期内")
        run = CoordinationRun.objects.create(region=world.town_a, month=today.replace(day=1))
        self.visit = JointInspection.objects.create(
            run=run,
            enterprise=world.ent_a,
            date=today,
            lead_body=world.body_a,
            status=JointInspection.Status.APPROVED,
            head_approved_at=timezone.now(),
            leader_approved_at=timezone.now(),
        )
        self.visit.officers.set([self.a1, self.a2, self.d1])
        for body, matter in ((world.body_a, self.matter_a), (world.dept_body, self.matter_d)):
            PlanItem.objects.create(
                body=body,
                month=today.replace(day=1),
                enterprise=world.ent_a,
                matter=matter,
                inspection_type="routine",
                earliest=today,
                latest=today,
                joint_inspection=self.visit,
            )
        self.token = codes.enterprise_token(world.ent_a.pk, world.ent_a.code_serial)

    def user(self, officer: Officer) -> Any:
        return officer.user

    def start(self) -> InspectionRecord:
        onsite.check_in(actor=self.user(self.a1), token=self.token)
        record = onsite.check_in(actor=self.user(self.d1), token=self.token)
        record.refresh_from_db()
        return record

    def answer_all(self, record: InspectionRecord, answer: str = "pass") -> None:
        for line in record.answers.all():
            actor = self.user(self.d1) if line.body_id == self.w.dept_body.pk else self.user(self.a1)
            onsite.answer_set(
                actor=actor, record=record, seq=line.seq, answer=answer, note="问题" if answer == "fail" else ""
            )

    def sign_all(self, record: InspectionRecord) -> None:
        onsite.section_sign(actor=self.user(self.a1), record=record, body=self.w.body_a, signature=SIGNATURE)
        onsite.section_sign(actor=self.user(self.d1), record=record, body=self.w.dept_body, signature=SIGNATURE)

    def finish(self, record: InspectionRecord, **kw: Any) -> InspectionRecord:
        values: dict[str, Any] = {
            "outcome": "no_issue",
            "representative_name": "王经理",
            "representative_signature": SIGNATURE,
            "statement": "无异议",
        }
        values.update(kw)
        return onsite.record_finish(actor=self.user(self.a1), record=record, **values)


@pytest.fixture
def before_national_day() -> Iterator[dt.date]:
    """The clock stopped on Wednesday 2026-09-30, the last working day before the National Day week
    (10-01..07 off, the Saturday 10-10 worked). Ask for it before ``site``."""
    with at(dt.date(2026, 9, 30)):
        yield dt.date(2026, 9, 30)


@pytest.fixture
def site(world: Any) -> Onsite:
    return Onsite(world)


# --- codes -----------------------------------------------------------------------------------


def test_task_code_round_trip_forgery_and_expiry(site: Onsite) -> None:
    token = codes.task_token(site.visit.pk, site.today)
    assert codes.read_task_token(token).inspection_id == site.visit.pk
    forged = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        codes.read_task_token(forged)
    assert exc.value.details == {"code": "forged"}
    # a token signed for another purpose (an enterprise code) is not a task code
    with assert_nothing_changed(), pytest.raises(ValidationError):
        codes.read_task_token(site.token)
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        codes.read_task_token(token, today=site.today + dt.timedelta(days=1))
    assert exc.value.details == {"code": "expired"}
    # a valid signature over a malformed body is still refused
    with assert_nothing_changed(), pytest.raises(ValidationError):
        codes.read_task_token(signing.dumps({"j": "x"}, salt=codes.TASK_SALT))


def test_replaced_enterprise_code_stops_working(site: Onsite) -> None:
    onsite.enterprise_code_replace(actor=site.w["supervisor"], enterprise=site.w.ent_a)
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        onsite.scan_verdict(actor=site.user(site.a1), token=site.token)
    assert exc.value.details == {"code": "stale"}
    site.w.ent_a.refresh_from_db()
    new = codes.enterprise_token(site.w.ent_a.pk, site.w.ent_a.code_serial)
    assert onsite.scan_verdict(actor=site.user(site.a1), token=new).inspection == site.visit


# --- scan check-in ---------------------------------------------------------------------------


def test_scan_refusals_say_why(site: Onsite, world: Any) -> None:
    outsider = OfficerFactory(body=world.body_b, name="城厢乙")
    outsider.user = world["inspector_b"]
    outsider.save()
    with assert_nothing_changed(), pytest.raises(PermissionDenied, match="不在"):
        onsite.scan_verdict(actor=world["inspector_b"], token=site.token)
    with assert_nothing_changed(), pytest.raises(PermissionDenied, match="未关联"):
        onsite.scan_verdict(actor=world["head_a"], token=site.token)  # a login without an officer
    Officer.objects.filter(pk=site.a2.pk).update(valid_until=site.today - dt.timedelta(days=1))
    site.a2.refresh_from_db()
    with assert_nothing_changed(), pytest.raises(PermissionDenied, match="证件"):
        onsite.scan_verdict(actor=site.user(site.a2), token=site.token)
    JointInspection.objects.filter(pk=site.visit.pk).update(status=JointInspection.Status.DRAFT)
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        onsite.scan_verdict(actor=site.user(site.a1), token=site.token)
    assert exc.value.details == {"code": "not_approved"}
    JointInspection.objects.filter(pk=site.visit.pk).update(date=site.today + dt.timedelta(days=1))
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        onsite.scan_verdict(actor=site.user(site.a1), token=site.token)
    assert exc.value.details == {"code": "no_task"}
    assert not InspectionRecord.objects.exists()


def test_two_officers_must_check_in_before_the_checklist_opens(site: Onsite) -> None:
    record = onsite.check_in(actor=site.user(site.a1), token=site.token, latitude="31.4012", longitude="109.6")
    assert record.status == InspectionRecord.Status.CHECKING_IN
    assert not record.answers.exists()
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        onsite.answer_set(actor=site.user(site.a1), record=record, seq=1, answer="pass")
    assert exc.value.details == {"status": "checking_in"}
    again = onsite.check_in(actor=site.user(site.a1), token=site.token)  # scanning twice changes nothing
    assert again.pk == record.pk and again.checkins.count() == 1
    record = onsite.check_in(actor=site.user(site.d1), token=site.token)
    record.refresh_from_db()
    assert record.status == InspectionRecord.Status.IN_PROGRESS
    assert str(record.latitude) == "31.401200"
    lines = list(record.answers.order_by("seq"))
    # 一表通查: the shared point once, first, in no department's section; the others in their own
    assert [(line.text, line.body_id) for line in lines] == [
        ("消防通道畅通", None),
        ("安全生产责任制落实", site.w.body_a.pk),
        ("灭火器在有效期内", site.w.dept_body.pk),
    ]
    assert lines[0].bodies_label
    verbs = list(LedgerEntry.objects.filter(verb="inspection.check_in").values_list("payload", flat=True))
    assert len(verbs) == 2 and json.loads(verbs[1])["started"] is True


def test_answers_signatures_and_locks(site: Onsite, world: Any) -> None:
    record = site.start()
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        onsite.answer_set(actor=site.user(site.a1), record=record, seq=1, answer="fail")
    assert exc.value.details == {"note": "required"}
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        onsite.answer_set(actor=world["inspector_b"], record=record, seq=1, answer="pass")
    onsite.answer_set(actor=site.user(site.a1), record=record, seq=1, answer="pass")
    before = LedgerEntry.objects.count()
    onsite.answer_set(actor=site.user(site.a1), record=record, seq=1, answer="pass")  # a retried save
    assert LedgerEntry.objects.count() == before
    with (
        assert_nothing_changed(),
        pytest.raises(ValidationError, match="2"),
    ):  # line 2 (the township's own) is unanswered
        onsite.section_sign(actor=site.user(site.a1), record=record, body=world.body_a, signature=SIGNATURE)
    site.answer_all(record)
    with (
        assert_nothing_changed(),
        pytest.raises(PermissionDenied),
    ):  # the township's officer cannot sign the department's part
        onsite.section_sign(actor=site.user(site.a1), record=record, body=world.dept_body, signature=SIGNATURE)
    onsite.section_sign(actor=site.user(site.d1), record=record, body=world.dept_body, signature=SIGNATURE)
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        onsite.answer_set(actor=site.user(site.d1), record=record, seq=3, answer="na")
    assert exc.value.details == {"seq": "signed"}
    with assert_nothing_changed(), pytest.raises(ValidationError):
        onsite.section_sign(actor=site.user(site.d1), record=record, body=world.dept_body, signature=SIGNATURE)


def test_evidence_hash_in_the_ledger_and_tamper_detection(site: Onsite, settings: Any) -> None:
    record = site.start()
    item = onsite.evidence_add(actor=site.user(site.a1), record=record, fh=io.BytesIO(JPEG), name="现场.jpg", seq=1)
    assert item.content_type == "image/jpeg" and item.answer is not None
    entry = LedgerEntry.objects.filter(verb="inspection.evidence").get()
    assert json.loads(entry.payload)["sha256"] == hashlib.sha256(JPEG).hexdigest()
    assert onsite.evidence_intact(item)
    with open(item.file.path, "wb") as fh:
        fh.write(JPEG + b"edited")
    assert not onsite.evidence_intact(item)
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        onsite.evidence_add(actor=site.user(site.a1), record=record, fh=io.BytesIO(b"<script>"), name="x.jpg")
    assert exc.value.details == {"file": "type"}
    settings.FAZHI_EVIDENCE_MAX_BYTES = 100
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        onsite.evidence_add(actor=site.user(site.a1), record=record, fh=io.BytesIO(JPEG), name="big.jpg")
    assert exc.value.details == {"file": "too_large"}
    assert Evidence.objects.count() == 1


def test_evidence_hash_follows_the_ledger_algorithm(site: Onsite, settings: Any) -> None:
    settings.FAZHI_LEDGER_ALGORITHM = "sm3"
    record = site.start()
    item = onsite.evidence_add(actor=site.user(site.a1), record=record, fh=io.BytesIO(PNG), name="a.png")
    assert item.algorithm == "sm3" and len(item.digest) == 64
    assert item.digest != hashlib.sha256(PNG).hexdigest() and onsite.evidence_intact(item)


def test_finish_refuses_until_complete_then_feeds_back(
    before_national_day: dt.date, site: Onsite, world: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    record = site.start()
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        site.finish(record)
    assert {"answers", "sections"} <= set(exc.value.details)
    site.answer_all(record, "pass")
    onsite.answer_set(actor=site.user(site.d1), record=record, seq=3, answer="fail", note="两具灭火器过期")
    site.sign_all(record)
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        site.finish(record)  # "no issue" with a non-compliant line
    assert "outcome" in exc.value.details
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        site.finish(record, outcome="rectify")
    assert "rectification_due" in exc.value.details
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        site.finish(
            record, outcome="rectify", rectification_due=site.today + dt.timedelta(days=10), representative_signature=""
        )
    assert "representative_signature" in exc.value.details
    assert InspectionRecord.objects.get(pk=record.pk).status == InspectionRecord.Status.IN_PROGRESS
    world.ent_a.email = "boss@example.cn"
    world.ent_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        done = site.finish(record, outcome="rectify", rectification_due=site.today + dt.timedelta(days=10))
    assert done.status == InspectionRecord.Status.FINISHED and done.representative_signature_id
    assert site.today == before_national_day
    assert done.result_due == dt.date(2026, 10, 13)  # 5 working days: 10-08, 09, 10 (Sat), 12, 13
    assert len(mailoutbox) == 1 and "峰灵酒业" in mailoutbox[0].subject
    # the enterprise sees the result in its portal at once
    assert selectors.record_list(user=world["enterprise"]).get().outcome == "rectify"
    pub = Publication.objects.get()
    assert pub.status == Publication.Status.PENDING and pub.content["failed_points"] == ["灭火器在有效期内"]
    with assert_nothing_changed(), pytest.raises(ValidationError):
        onsite.answer_set(actor=site.user(site.a1), record=done, seq=1, answer="na")


def test_recheck_not_rectified_becomes_a_case(site: Onsite, world: Any) -> None:
    record = site.start()
    site.answer_all(record, "fail")
    site.sign_all(record)
    site.finish(record, outcome="rectify", rectification_due=site.today + dt.timedelta(days=3))
    assert list(selectors.rectifications_waiting(user=world["inspector_a"])) == [record]
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        onsite.recheck(actor=world["inspector_b"], record=record, rectified=True)
    with assert_nothing_changed(), pytest.raises(ValidationError):
        onsite.recheck(actor=site.user(site.a2), record=record, rectified=False)  # no note
    onsite.recheck(actor=site.user(site.a2), record=record, rectified=False, note="未整改")
    record.refresh_from_db()
    assert record.outcome == "case" and record.rectified is False
    assert not selectors.rectifications_waiting(user=world["inspector_a"]).exists()


# --- without a code, remote ------------------------------------------------------------------


def test_no_code_inspection_is_flagged_and_filed(before_national_day: dt.date, site: Onsite, world: Any) -> None:
    ent = EnterpriseFactory(region=world.village_a)
    common = {"actor": site.user(site.a1), "enterprise": ent, "matters": [site.matter_a], "reason": "燃气泄漏"}
    with assert_nothing_changed(), pytest.raises(ValidationError):
        onsite.record_without_code(**common, officers=[site.a2], inspection_type="routine")
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        onsite.record_without_code(**common, officers=[], inspection_type="immediate")
    assert exc.value.details == {"officers": "too_few"}
    Officer.objects.filter(pk=site.a2.pk).update(status=Officer.Status.PRE_SERVICE)
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        onsite.record_without_code(**common, officers=[Officer.objects.get(pk=site.a2.pk)], inspection_type="immediate")
    assert exc.value.details == {"officers": "uncertified"}
    Officer.objects.filter(pk=site.a2.pk).update(status=Officer.Status.ACTIVE)
    record = onsite.record_without_code(
        **common, officers=[Officer.objects.get(pk=site.a2.pk)], inspection_type="immediate"
    )
    assert record.mode == "no_code" and record.status == "in_progress" and record.answers.count() == 2
    assert site.today == before_national_day
    assert record.filing_due == dt.date(2026, 10, 10)  # 3 working days: 10-08, 09 and the make-up Saturday
    assert set(record.checkins.values_list("method", flat=True)) == {"certificate"}
    assert list(selectors.filings_waiting(user=world["supervisor"])) == [record]
    assert not selectors.filings_waiting(user=world["inspector_a"]).exists()  # not the justice office
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        onsite.no_code_file(actor=world["inspector_a"], record=record)
    onsite.no_code_file(actor=world["supervisor"], record=record)
    assert not selectors.filings_waiting(user=world["supervisor"]).exists()


def test_remote_inspections_are_counted_apart(site: Onsite, world: Any) -> None:
    record = onsite.record_remote(
        actor=site.user(site.a1),
        enterprise=world.ent_a,
        matters=[site.matter_a],
        officers=[site.a2],
        method="documents",
    )
    assert not record.on_site and not record.checkins.exists()
    site.answer_all(record)
    onsite.section_sign(actor=site.user(site.a1), record=record, body=world.body_a, signature=SIGNATURE)
    onsite.record_finish(actor=site.user(site.a1), record=record, outcome="no_issue")  # no representative needed
    figures = selectors.inspection_figures(user=world["supervisor"], year=site.today.year)
    assert figures["remote"] == 1 and figures["on_site"] == 0 and figures["total"] == 1
    with assert_nothing_changed(), pytest.raises(ValidationError):
        onsite.record_remote(
            actor=site.user(site.a1),
            enterprise=world.ent_a,
            matters=[site.matter_a],
            officers=[site.a2],
            method="phone",
        )


def test_unpublished_or_foreign_matters_refused(site: Onsite, world: Any) -> None:
    hidden = MatterFactory(body=world.body_a, published=False)
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        onsite.record_remote(
            actor=site.user(site.a1), enterprise=world.ent_a, matters=[hidden], officers=[site.a2], method="data"
        )
    assert exc.value.details == {"matters": "unpublished"}
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        onsite.record_remote(
            actor=site.user(site.a1), enterprise=world.ent_b, matters=[site.matter_a], officers=[site.a2], method="data"
        )


# --- scope: enter once, shared ---------------------------------------------------------------


def test_a_result_is_shared_with_every_department_inspecting_the_enterprise(site: Onsite, world: Any) -> None:
    record = onsite.record_remote(
        actor=site.user(site.a1), enterprise=world.ent_a, matters=[site.matter_a], officers=[site.a2], method="data"
    )
    # the county department plans checks of 峰灵酒业 (the fixture's visit), so it sees the township's record
    assert record in selectors.record_list(user=world["dept_inspector"])
    assert not selectors.record_list(user=world["inspector_b"]).exists()
    assert record in selectors.record_list(user=world["enterprise"])
    assert record in selectors.record_list(user=world["leader_a"])
    for admin in ("sysadmin", "secadmin", "auditadmin"):
        assert not selectors.record_list(user=world[admin]).exists()


# --- ratings -------------------------------------------------------------------------------------


def _finished(site: Onsite) -> InspectionRecord:
    record = onsite.record_remote(
        actor=site.user(site.a1), enterprise=site.w.ent_a, matters=[site.matter_a], officers=[site.a2], method="data"
    )
    site.answer_all(record)
    onsite.section_sign(actor=site.user(site.a1), record=record, body=site.w.body_a, signature=SIGNATURE)
    return onsite.record_finish(actor=site.user(site.a1), record=record, outcome="no_issue")


def test_ratings_are_anonymous_and_given_once(site: Onsite, world: Any) -> None:
    first = _finished(site)
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        onsite.rating_add(actor=world["inspector_a"], record=first, score=5)
    onsite.rating_add(actor=world["enterprise"], record=first, score=4, comment="态度好")
    with assert_nothing_changed(), pytest.raises(ValidationError):
        onsite.rating_add(actor=world["enterprise"], record=first, score=5)
    entry = LedgerEntry.objects.filter(verb="inspection.rated").get()
    assert entry.actor_id is None and entry.target_id == "" and "4" not in entry.payload
    assert selectors.rating_summary(user=world["head_a"], today=site.today) == []  # the quarter is open
    assert selectors.rating_summary(user=world["inspector_a"], today=site.today) == []  # no RATING_VIEW


def test_an_unsigned_section_names_who_can_sign_it(world: Any) -> None:
    """完成检查 refused for a missing signature says whose section and which team officer (login)
    signs it; the record page says the same before anyone presses the button."""
    from django.test import Client
    from django.urls import reverse

    site = Onsite(world)
    record = site.start()
    site.answer_all(record)
    onsite.section_sign(actor=site.user(site.a1), record=record, body=world.body_a, signature=SIGNATURE)
    before = (record.signoffs.count(), LedgerEntry.objects.count())
    with pytest.raises(ValidationError) as refused:
        site.finish(record)
    message = str(refused.value.message)
    assert (world.dept_body.short_name or world.dept_body.name) in message
    assert "县局甲" in message and "dept_inspector" in message
    assert (record.signoffs.count(), LedgerEntry.objects.count()) == before
    record.refresh_from_db()
    assert record.status == "in_progress"
    c = Client()
    c.force_login(world["inspector_a"])
    page = c.get(reverse("inspections:record", args=[record.pk])).content.decode()
    hint = page.split(f'data-unsigned="{world.dept_body.pk}"')[1].split("</div>")[0]
    assert "尚未签字" in hint and "dept_inspector" in hint


# --- a blank signature is no signature ---------------------------------------------------------


@pytest.mark.parametrize(
    "blank", [BLANK_SIGNATURE, DOT_SIGNATURE, WHITE_SIGNATURE, ""], ids=["empty", "dot", "white", "none"]
)
def test_a_section_is_not_signed_with_a_blank_pad(site: Onsite, world: Any, blank: str) -> None:
    record = site.start()
    site.answer_all(record)
    rows, ledger = Evidence.objects.count(), LedgerEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        onsite.section_sign(actor=site.user(site.a1), record=record, body=world.body_a, signature=blank)
    assert "签名" in exc.value.message
    assert not record.signoffs.exists()
    assert (Evidence.objects.count(), LedgerEntry.objects.count()) == (rows, ledger)
    signed = onsite.section_sign(actor=site.user(site.a1), record=record, body=world.body_a, signature=SIGNATURE)
    assert signed.signature is not None and signed.signature.kind == Evidence.Kind.SIGNATURE


@pytest.mark.parametrize("blank", [BLANK_SIGNATURE, DOT_SIGNATURE, WHITE_SIGNATURE], ids=["empty", "dot", "white"])
def test_the_representative_does_not_sign_with_a_blank_pad(site: Onsite, blank: str) -> None:
    record = site.start()
    site.answer_all(record)
    site.sign_all(record)
    ledger = LedgerEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        onsite.record_finish(
            actor=site.user(site.a1),
            record=record,
            outcome="no_issue",
            representative_name="王经理",
            representative_signature=blank,
        )
    assert "representative_signature" in exc.value.details and "签名" in exc.value.message
    record.refresh_from_db()
    assert record.status != InspectionRecord.Status.FINISHED and record.representative_signature_id is None
    assert LedgerEntry.objects.count() == ledger


@pytest.mark.parametrize(
    "damaged",
    [
        "data:image/png;base64," + base64.b64encode(PNG).decode(),  # a PNG header and nothing drawable
        SIGNATURE[:-40],  # cut off on the way
    ],
)
def test_a_damaged_drawing_is_refused(site: Onsite, world: Any, damaged: str) -> None:
    record = site.start()
    site.answer_all(record)
    with pytest.raises(ValidationError):
        onsite.section_sign(actor=site.user(site.a1), record=record, body=world.body_a, signature=damaged)
    assert not record.signoffs.exists()
