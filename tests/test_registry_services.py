from __future__ import annotations

import json
from typing import Any

import pytest
from django.utils import timezone

from fazhi.core.errors import ConflictError, ValidationError
from fazhi.core.ledger import ledger_verify
from fazhi.core.models import LedgerEntry
from fazhi.registry import selectors, services
from fazhi.registry.models import Enterprise, Matter
from tests.dbutil import assert_nothing_changed
from tests.factories import EnterpriseFactory, valid_uscc

pytestmark = pytest.mark.django_db


def new_input(world: Any, **kw: Any) -> services.EnterpriseInput:
    values = {
        "uscc": valid_uscc(999),
        "name": "峰灵建材有限公司",
        "region": world.village_a,
        "industry": "建材生产",
    }
    values.update(kw)
    return services.EnterpriseInput(**values)


def test_create_writes_record_and_ledger_in_one_go(world: Any) -> None:
    ent = services.enterprise_create(actor=world["inspector_a"], data=new_input(world))
    assert ent.name_initials == "fljcyxgs"
    entry = LedgerEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert (entry.verb, entry.target_id, entry.actor_name) == (
        "enterprise.create",
        str(ent.pk),
        "inspector_a",
    )
    assert entry.org_unit_name == "峰灵镇人民政府"
    assert ledger_verify().ok


def test_validation_errors_are_chinese_and_per_field(world: Any) -> None:
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.enterprise_create(actor=world["inspector_a"], data=new_input(world, uscc="123", name=" "))
    assert set(exc.value.details) == {"uscc", "name"}
    assert "18" in exc.value.details["uscc"]
    assert "企业名称" in exc.value.details["name"]
    assert not Enterprise.objects.filter(name="").exists()


def test_duplicate_code_is_refused(world: Any) -> None:
    with assert_nothing_changed(), pytest.raises(ValidationError, match=world.ent_a.uscc):
        services.enterprise_create(actor=world["inspector_a"], data=new_input(world, uscc=world.ent_a.uscc))


def test_pilot_code_is_accepted_with_a_warning(world: Any) -> None:
    code = valid_uscc(5)
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    data = new_input(world, uscc=wrong)
    ent = services.enterprise_create(actor=world["inspector_a"], data=data)
    assert data.warnings and ent.uscc_warning


def test_optimistic_locking_refuses_a_stale_save(world: Any) -> None:
    ent = world.ent_a
    first = Enterprise.objects.get(pk=ent.pk)
    second = Enterprise.objects.get(pk=ent.pk)
    services.enterprise_update(
        actor=world["inspector_a"],
        enterprise=first,
        expected_version=1,
        data=new_input(world, uscc=ent.uscc, name="峰灵酒业（改）有限公司"),
    )
    with assert_nothing_changed(), pytest.raises(ConflictError):
        services.enterprise_update(
            actor=world["head_a"],
            enterprise=second,
            expected_version=1,
            data=new_input(world, uscc=ent.uscc, name="另一个名字"),
        )
    fresh = Enterprise.objects.get(pk=ent.pk)
    assert fresh.name == "峰灵酒业（改）有限公司"
    assert fresh.version == 2


def test_update_records_a_masked_field_diff(world: Any) -> None:
    services.enterprise_contacts_replace(
        actor=world["inspector_a"],
        enterprise=world.ent_a,
        contacts=[services.ContactInput(name="李四", phone="13700001111", position="安全员")],
    )
    entry = LedgerEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert "13700001111" not in entry.payload
    assert "137****1111" in entry.payload
    services.enterprise_update(
        actor=world["inspector_a"],
        enterprise=world.ent_a,
        expected_version=1,
        data=new_input(world, uscc=world.ent_a.uscc, name="新名字有限公司"),
    )
    entry = LedgerEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert json.loads(entry.payload)["changes"]["name"] == ["峰灵酒业有限公司", "新名字有限公司"]


def test_masked_phone_sent_back_keeps_the_stored_number(world: Any) -> None:
    services.enterprise_contacts_replace(
        actor=world["inspector_a"],
        enterprise=world.ent_a,
        contacts=[services.ContactInput(name="李四", phone="13700001111")],
    )
    services.enterprise_contacts_replace(
        actor=world["inspector_a"],
        enterprise=world.ent_a,
        contacts=[services.ContactInput(name="李四", phone="137****1111", position="经理")],
    )
    contact = world.ent_a.contacts.get()
    assert (contact.phone, contact.position) == ("13700001111", "经理")


def test_search_by_name_code_and_pinyin_initials(world: Any) -> None:
    EnterpriseFactory(name="红池坝民宿", region=world.village_a)
    user = world["inspector_a"]
    assert [e.name for e in selectors.enterprise_list(user=user, q="hcb")] == ["红池坝民宿"]
    assert [e.name for e in selectors.enterprise_list(user=user, q="酒业")] == ["峰灵酒业有限公司"]
    assert [e.name for e in selectors.enterprise_list(user=user, q=world.ent_a.uscc[:10])] == ["峰灵酒业有限公司"]
    assert not selectors.enterprise_list(user=user, q="cxcy").exists()  # 城厢餐饮: the other township


def test_matter_checklist_change_is_a_new_version(world: Any) -> None:
    data = services.MatterInput(
        code="T-1",
        name="消防检查",
        body=world.body_a,
        legal_basis="消防法",
        published=True,
        checklist=["通道畅通", "器材有效"],
    )
    matter = services.matter_create(actor=world["head_a"], data=data)
    assert list(matter.checklist_items.values_list("text", flat=True)) == ["通道畅通", "器材有效"]
    data.checklist = ["器材有效", "通道畅通", "制度健全"]
    services.matter_update(actor=world["head_a"], matter=matter, expected_version=1, data=data)
    matter = Matter.objects.get(pk=matter.pk)
    assert matter.version == 2
    assert list(matter.checklist_items.values_list("text", flat=True)) == ["器材有效", "通道畅通", "制度健全"]


def test_published_matter_needs_a_legal_basis(world: Any) -> None:
    data = services.MatterInput(code="T-2", name="无依据", body=world.body_a, published=True)
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.matter_create(actor=world["head_a"], data=data)
    assert "legal_basis" in exc.value.details


def test_unpublished_matters_are_visible_to_their_body_only(world: Any) -> None:
    services.matter_create(
        actor=world["head_a"], data=services.MatterInput(code="T-3", name="草稿事项", body=world.body_a)
    )
    assert selectors.matter_list(user=world["inspector_a"], q="草稿").exists()
    assert not selectors.matter_list(user=world["dept_inspector"], q="草稿").exists()
    assert not selectors.matter_list(user=world["enterprise"], q="草稿").exists()
    assert selectors.matter_list(user=world["supervisor"], q="草稿").exists()


def test_officer_status_is_not_typed_by_hand(world: Any) -> None:
    """The status follows the qualification record: the register's input has no status nor validity."""
    with pytest.raises(TypeError):
        services.OfficerInput(name="新人", certificate_no="X1", body=world.body_a, status="active")  # type: ignore[call-arg]
    officer = services.officer_create(
        actor=world["head_a"], data=services.OfficerInput(name="新人", certificate_no="X1", body=world.body_a)
    )
    assert (
        officer.status == "pre_service"
        and officer.valid_until is None
        and not officer.may_inspect_on(timezone.localdate())
    )


def test_editing_an_active_officer_keeps_the_qualification(world: Any) -> None:
    from fazhi.registry.models import Officer

    officer = Officer.objects.get(name="峰灵甲")
    before = (officer.status, officer.valid_until)
    data = services.OfficerInput(name="峰灵甲改", certificate_no=officer.certificate_no, body=world.body_a)
    services.officer_update(actor=world["head_a"], officer=officer, expected_version=officer.version, data=data)
    officer.refresh_from_db()
    assert officer.name == "峰灵甲改" and (officer.status, officer.valid_until) == before


def test_only_training_may_set_the_status(world: Any) -> None:
    from fazhi.core.errors import PermissionDenied
    from fazhi.registry.models import Officer

    officer = Officer.objects.get(name="峰灵甲")
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.officer_qualification_follow(
            actor=world["inspector_a"], officer=officer, status="suspended", valid_until=officer.valid_until
        )
