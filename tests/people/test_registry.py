"""Registering and editing people: validation, derivation, de-duplication, locking, unmasking."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import Session

from core.audit.models import AuditRecord
from core.locking import StaleRecord
from core.people import service
from core.people.identity_numbers import check_character
from core.people.models import DocumentType, IdType, Person, Sex
from core.people.service import (
    DuplicatePerson,
    InvalidPerson,
    PersonNotFound,
    get_person,
    register_person,
    reveal,
    update_person,
)
from tests.people.conftest import Tree
from tests.people.factories import TODAY, person_data, resident_id


def register(session: Session, tree: Tree, **overrides: object) -> Person:
    return register_person(session, person_data(**overrides), org_id=tree.station_a.id, today=TODAY)


# -- acceptance 4: refused with a clear Chinese message -----------------------------------


def test_a_wrong_check_digit_is_refused_with_a_chinese_message(session, tree) -> None:
    good = resident_id()
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(InvalidPerson) as refused:
        register(session, tree, id_number=wrong)
    assert refused.value.errors == {"id_number": "身份证号码校验位错误，请核对最后一位"}
    assert "check character" in refused.value.errors_en["id_number"]
    assert session.scalars(select(Person)).all() == []


def test_an_impossible_birth_date_is_refused(session, tree) -> None:
    first17 = "371481" + "19900230" + "123"  # 30 February
    with pytest.raises(InvalidPerson) as refused:
        register(session, tree, id_number=first17 + check_character(first17))
    assert refused.value.errors["id_number"] == "身份证号码中的出生日期无效"


def test_a_duplicate_resident_id_is_refused_and_names_the_existing_person(session, tree) -> None:
    first = register(session, tree)
    with pytest.raises(DuplicatePerson) as refused:
        register(session, tree, name="张三", id_number=resident_id().lower().replace(" ", ""))
    error = refused.value
    assert error.person_id == first.id
    assert error.org_id == tree.station_a.id
    assert str(error) == f"该身份证号码已登记：张三丰（编号 {first.id}）"
    assert (
        error.message_en
        == f"This resident identity number is already registered: 张三丰 (No. {first.id})"
    )


def test_a_duplicate_written_between_check_and_save_is_still_refused(
    session, tree, monkeypatch
) -> None:
    first = register(session, tree)
    real = service._find_duplicate
    calls = []

    def misses_the_first_time(*args, **kwargs):
        calls.append(1)
        return None if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(service, "_find_duplicate", misses_the_first_time)
    with pytest.raises(DuplicatePerson) as refused:
        register(session, tree, name="张三")
    assert refused.value.person_id == first.id
    # The savepoint kept the caller's transaction usable.
    assert [p.name for p in session.scalars(select(Person))] == ["张三丰"]


def test_a_registration_rolled_back_leaves_no_person(session, tree, platform) -> None:
    """A person registered as a request's first write goes with its transaction: a form
    whose save is rolled back (a repeated intake form, 409) leaves no one behind."""
    session.commit()  # the org tree; the next session's first write is the person
    with Session(platform.engine) as request:
        register_person(request, person_data(), org_id=tree.station_a.id, today=TODAY)
        request.rollback()
    with Session(platform.engine) as after:
        assert after.scalars(select(Person)).all() == []


def test_many_validation_problems_are_reported_together(session, tree) -> None:
    with pytest.raises(InvalidPerson) as refused:
        register(session, tree, name="  ", id_number="", phone="12345")
    errors = refused.value.errors
    assert errors["name"] == "请填写姓名"
    assert errors["id_number"] == "请填写身份证号码"
    assert errors["phone"].startswith("电话号码格式不正确")
    assert "请填写姓名" in str(refused.value)


# -- derivation and normalisation ---------------------------------------------------------


def test_sex_and_birth_date_come_from_the_resident_id(session, tree) -> None:
    woman = register(
        session, tree, name="李四", id_number=resident_id(3, birth=date(1985, 12, 31), female=True)
    )
    assert (woman.sex, woman.birth_date) == (Sex.FEMALE, date(1985, 12, 31))
    man = register(session, tree, name="王五", id_number=resident_id(4), sex="female")
    assert (man.sex, man.birth_date) == (Sex.MALE, date(1990, 3, 7)), "typed sex is ignored"


def test_numbers_and_pinyin_are_stored_normalised(session, tree) -> None:
    number = resident_id(7)
    person = register(
        session, tree, name=" 单 田芳 ", id_number=" ".join(number), phone="+86 138-1234-5678"
    )
    assert person.id_number == number
    assert person.phone == "13812345678"
    assert person.name == "单 田芳"
    assert (person.pinyin_initials, person.full_pinyin) == ("stf", "shantianfang")
    assert person.org_id == tree.station_a.id
    assert person.version == 1


def test_a_person_with_a_foreign_document(session, tree) -> None:
    person = register(
        session,
        tree,
        name="John Smith",
        id_type="foreign_document",
        id_number="",
        document_type="passport",
        document_number="e 1234 5678",
        sex="男",
        birth_date="1979-05-02",
    )
    assert person.id_type == IdType.FOREIGN_DOCUMENT
    assert (person.document_type, person.document_number) == (DocumentType.PASSPORT, "E12345678")
    assert person.id_number is None
    assert (person.sex, person.birth_date) == (Sex.MALE, date(1979, 5, 2))
    with pytest.raises(DuplicatePerson) as refused:
        register(
            session,
            tree,
            name="J. Smith",
            id_type="foreign_document",
            document_type="passport",
            document_number="E12345678",
        )
    assert refused.value.person_id == person.id
    assert str(refused.value) == f"该证件号码已登记：John Smith（编号 {person.id}）"
    # The same number on another kind of document is someone else.
    other = register(
        session,
        tree,
        name="Jan Smit",
        id_type="foreign_document",
        document_type="hk_macao_permit",
        document_number="E12345678",
    )
    assert other.id != person.id


def test_a_foreign_document_needs_its_type_and_number(session, tree) -> None:
    with pytest.raises(InvalidPerson) as refused:
        register(session, tree, id_type="foreign_document", document_type="", document_number="")
    assert refused.value.errors == {
        "document_type": "请选择证件类型",
        "document_number": "请填写证件号码",
    }


def test_a_person_without_any_document_needs_a_reason(session, tree) -> None:
    with pytest.raises(InvalidPerson) as refused:
        register(session, tree, id_type="none", id_number="")
    assert refused.value.errors == {"no_id_reason": "未登记证件时，请说明原因"}

    person = register(
        session,
        tree,
        id_type="none",
        id_number="",
        no_id_reason="当事人拒绝出示证件",
        sex="female",
        birth_date=date(1960, 1, 1),
    )
    assert person.id_type == IdType.NONE
    assert person.id_number is None and person.document_number is None
    assert (person.sex, person.birth_date) == (Sex.FEMALE, date(1960, 1, 1))
    # Many people without an identity number do not collide on the unique index.
    register(session, tree, name="李四", id_type="none", no_id_reason="流浪人员，无证件")
    assert len(session.scalars(select(Person).where(Person.id_number.is_(None))).all()) == 2


def test_hand_entered_birth_dates_are_checked(session, tree) -> None:
    for typed, message in [
        ("1990-02-30", "出生日期格式不正确，应为 年-月-日（如 1990-03-07）"),
        ("2030-01-01", "出生日期不能晚于今天"),
        ("1899-12-31", "出生日期不能早于1900年"),
    ]:
        with pytest.raises(InvalidPerson) as refused:
            register(session, tree, id_type="none", no_id_reason="无", birth_date=typed)
        assert refused.value.errors == {"birth_date": message}


# -- editing --------------------------------------------------------------------------------


def test_an_edit_revalidates_rederives_and_bumps_the_version(session, tree) -> None:
    person = register(session, tree)
    new_number = resident_id(9, birth=date(1970, 1, 2), female=True)
    edited = update_person(
        session,
        person.id,
        {"name": "张三", "id_number": new_number},
        expected_version=1,
        today=TODAY,
    )
    assert edited.id == person.id
    assert (edited.name, edited.pinyin_initials, edited.full_pinyin) == ("张三", "zs", "zhangsan")
    assert (edited.id_number, edited.sex, edited.birth_date) == (
        new_number,
        Sex.FEMALE,
        date(1970, 1, 2),
    )
    assert edited.version == 2
    assert edited.updated_at >= edited.created_at

    with pytest.raises(InvalidPerson) as refused:
        update_person(session, person.id, {"phone": "110"}, expected_version=2, today=TODAY)
    assert set(refused.value.errors) == {"phone"}


def test_an_edit_without_changes_keeps_the_version(session, tree) -> None:
    person = register(session, tree)
    same = update_person(session, person.id, {"phone": "13812345678"}, 1, today=TODAY)
    assert same.version == 1


def test_an_edit_cannot_take_another_persons_id_number(session, tree) -> None:
    first = register(session, tree)
    second = register(session, tree, name="李四", id_number=resident_id(2))
    with pytest.raises(DuplicatePerson) as refused:
        update_person(session, second.id, {"id_number": first.id_number}, 1, today=TODAY)
    assert refused.value.person_id == first.id


def test_a_stale_edit_raises_stale_record(session, tree, platform) -> None:
    person = register(session, tree)
    session.commit()
    with Session(platform.engine) as other:  # someone else saves first
        update_person(other, person.id, {"address": "胡家镇"}, 1, today=TODAY)
        other.commit()
    with pytest.raises(StaleRecord) as stale:
        update_person(session, person.id, {"address": "市中街道"}, 1, today=TODAY)
    assert stale.value.current == 2
    assert "他人修改" in str(stale.value)
    assert session.get(Person, person.id).address == "胡家镇"


def test_editing_a_missing_person_says_so(session, tree) -> None:
    with pytest.raises(PersonNotFound):
        update_person(session, 999_999, {"name": "某人"}, 1)


def test_unknown_fields_are_a_programming_error(session, tree) -> None:
    with pytest.raises(TypeError, match="org_id"):
        register(session, tree, org_id=tree.station_b.id)


def test_get_person_only_within_the_scope(session, tree) -> None:
    person = register(session, tree)
    assert get_person(session, person.id, org_ids_select=Tree.scope(tree.bureau)) is person
    with pytest.raises(PersonNotFound):
        get_person(session, person.id, org_ids_select=Tree.scope(tree.station_b))


# -- unmasking ------------------------------------------------------------------------------


def test_reveal_returns_the_full_value_and_records_an_audit_event(session, tree) -> None:
    person = register(session, tree)
    assert reveal(session, person, "id_number", actor_id=42) == resident_id()
    assert reveal(session, person, "phone", actor_id=42) == "13812345678"
    session.commit()  # audit records join the chain as the transaction commits
    events = session.scalars(
        select(AuditRecord).where(AuditRecord.action == "unmask").order_by(AuditRecord.id)
    ).all()
    assert [(e.entity, e.entity_id, e.actor_id, e.details) for e in events] == [
        ("person", str(person.id), 42, {"field": "id_number"}),
        ("person", str(person.id), 42, {"field": "phone"}),
    ]
    assert all(e.org_id == tree.station_a.id for e in events)
    assert all(resident_id() not in str(e.details) for e in events)


def test_reveal_refuses_fields_that_are_not_masked(session, tree) -> None:
    person = register(session, tree)
    with pytest.raises(ValueError):
        reveal(session, person, "name", actor_id=1)


def test_the_audit_trail_records_registration_and_edits_with_numbers_masked(session, tree) -> None:
    person = register(session, tree)
    update_person(session, person.id, {"phone": "13900000000"}, 1, today=TODAY)
    session.commit()  # audit records join the chain as the transaction commits
    records = session.scalars(
        select(AuditRecord)
        .where(AuditRecord.entity == "person", AuditRecord.entity_id == str(person.id))
        .order_by(AuditRecord.id)
    ).all()
    assert [r.action for r in records] == ["insert", "update"]
    assert records[1].changes["phone"] == ["138****5678", "139****0000"]
    trail = repr([(r.changes, r.details) for r in records])
    for full in (resident_id(), "13812345678", "13900000000"):
        assert full not in trail
