"""Every insert, update and delete of any table is recorded in the same transaction."""

from __future__ import annotations

from typing import ClassVar

import pytest
from sqlalchemy import Engine, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlmodel import Session

from core.audit import audit_context
from core.audit.redaction import REDACTED
from core.orgs.models import OrgType, OrgUnit
from tests.audit.support import audit_records


class _Base(DeclarativeBase):
    """A metadata of its own, so the shared one (and migration checks) never see these."""

    metadata = MetaData()


class Officer(_Base):
    """A table with every kind of sensitive column the recorder must not keep in clear."""

    __tablename__ = "audittest_officer"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    org_id: Mapped[int | None]
    password_hash: Mapped[str | None] = mapped_column(String(200))
    secret_answer: Mapped[str | None] = mapped_column(String(200))
    badge_code: Mapped[str | None] = mapped_column(String(20), info={"sensitive": True})
    id_number: Mapped[str | None] = mapped_column(String(18), info={"sensitive": True})
    phone: Mapped[str | None] = mapped_column(String(20))
    token_note: Mapped[str | None] = mapped_column(String(20), info={"sensitive": False})


class Scratch(_Base):
    """A table that opts out of auditing."""

    __tablename__ = "audittest_scratch"
    __table_args__: ClassVar[dict[str, object]] = {"info": {"audit": False}}

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[str] = mapped_column(String(20))


@pytest.fixture
def test_tables(engine: Engine) -> Engine:
    _Base.metadata.create_all(engine)
    return engine


def add_note(engine: Engine, Note: type, text: str) -> int:
    with Session(engine) as session:
        note = Note(text=text)
        session.add(note)
        session.commit()
        assert note.id is not None
        return note.id


def test_inserting_a_plugin_row_records_its_values_and_generated_id(
    engine: Engine, Note: type
) -> None:
    note_id = add_note(engine, Note, "首次调解")

    [record] = audit_records(engine)
    assert record.action == "insert"
    assert record.entity == "testplugin_note"
    assert record.entity_id == str(note_id)
    assert record.changes == {"text": [None, "首次调解"], "version": [None, 1]}


def test_updating_records_only_the_changed_fields_with_before_and_after(
    engine: Engine, Note: type
) -> None:
    note_id = add_note(engine, Note, "草稿")
    with Session(engine) as session:
        note = session.get(Note, note_id)
        assert note is not None
        note.text = "定稿"
        note.version = 1  # assigned but unchanged: not a change
        session.commit()

    update = audit_records(engine)[-1]
    assert update.action == "update"
    assert update.entity_id == str(note_id)
    assert update.changes == {"text": ["草稿", "定稿"]}


def test_an_update_whose_old_value_was_never_loaded_still_shows_it(
    engine: Engine, Note: type
) -> None:
    note_id = add_note(engine, Note, "原文")
    with Session(engine) as session:
        note = session.get(Note, note_id)
        assert note is not None
        session.expire(note)  # as after a commit: nothing loaded
        note.text = "改后"
        session.commit()

    assert audit_records(engine)[-1].changes == {"text": ["原文", "改后"]}


def test_saving_without_a_real_change_records_nothing(engine: Engine, Note: type) -> None:
    note_id = add_note(engine, Note, "不变")
    with Session(engine) as session:
        note = session.get(Note, note_id)
        assert note is not None
        note.text = "不变"
        session.commit()

    assert [r.action for r in audit_records(engine)] == ["insert"]


def test_deleting_records_the_old_values(engine: Engine, Note: type) -> None:
    note_id = add_note(engine, Note, "作废")
    with Session(engine) as session:
        note = session.get(Note, note_id)
        session.expire(note)  # the recorder must load what it needs before the row is gone
        session.delete(note)
        session.commit()

    delete = audit_records(engine)[-1]
    assert delete.action == "delete"
    assert delete.entity_id == str(note_id)
    assert delete.changes == {"text": ["作废", None], "version": [1, None]}


def test_a_row_changed_then_deleted_is_recorded_as_stored(engine: Engine, Note: type) -> None:
    """The delete says what the row held, not an edit that never reached the database
    (the indicator catch-up places the removed row by these values)."""
    note_id = add_note(engine, Note, "原文")
    with Session(engine) as session:
        note = session.get(Note, note_id)
        note.text = "改过"
        session.delete(note)
        session.commit()

    delete = audit_records(engine)[-1]
    assert delete.action == "delete"
    assert delete.changes == {"text": ["原文", None], "version": [1, None]}


def test_a_rollback_leaves_neither_the_row_nor_its_record(engine: Engine, Note: type) -> None:
    with Session(engine) as session:
        session.add(Note(text="未保存"))
        session.flush()
        session.rollback()

    assert audit_records(engine) == []


def test_records_are_written_in_the_changes_own_transaction(engine: Engine, Note: type) -> None:
    with Session(engine) as session:
        session.add(Note(text="同一事务"))
        session.flush()
        assert audit_records(engine) == []  # another connection does not see it yet
        session.commit()

    assert len(audit_records(engine)) == 1


def test_core_tables_are_recorded_too(engine: Engine, Note: type) -> None:
    with Session(engine) as session:
        session.add(OrgUnit(name="乐陵市司法局", type=OrgType.BUREAU, path="/1/"))
        session.commit()

    [record] = audit_records(engine)
    assert record.entity == "org_unit"
    assert record.changes["name"] == [None, "乐陵市司法局"]
    assert record.changes["type"] == [None, "bureau"]


def test_who_where_and_which_request_come_from_the_audit_context(
    engine: Engine, Note: type
) -> None:
    with audit_context(actor_id=7, actor_name="张三", org_id=42, request_id="req-1", ip="10.0.0.8"):
        add_note(engine, Note, "有上下文")

    [record] = audit_records(engine)
    assert (record.actor_id, record.actor_name, record.org_id) == (7, "张三", 42)
    assert (record.request_id, record.ip) == ("req-1", "10.0.0.8")
    assert record.at.tzinfo is not None


def test_a_rows_own_organisation_wins_over_the_contexts(test_tables: Engine) -> None:
    with audit_context(org_id=42), Session(test_tables) as session:
        session.add(Officer(name="李四", org_id=9))
        session.commit()

    assert audit_records(test_tables)[-1].org_id == 9


def test_sensitive_fields_are_redacted_and_citizen_numbers_masked(test_tables: Engine) -> None:
    with Session(test_tables) as session:
        officer = Officer(
            name="王五",
            password_hash="$argon2id$v=19$secret",
            secret_answer="母亲的名字",
            badge_code="B-0042",
            id_number="110101199003071234",
            phone="13812345678",
            token_note="public",
        )
        session.add(officer)
        session.commit()
        officer.id_number = "11010519491231002X"
        officer.password_hash = "$argon2id$v=19$other"
        session.commit()

    insert, update = audit_records(test_tables)
    assert insert.changes["password_hash"] == [None, REDACTED]
    assert insert.changes["secret_answer"] == [None, REDACTED]
    assert insert.changes["badge_code"] == [None, REDACTED]
    assert insert.changes["id_number"] == [None, "110101********1234"]
    assert insert.changes["phone"] == [None, "138****5678"]
    assert insert.changes["token_note"] == [None, "public"]
    assert update.changes == {
        "id_number": ["110101********1234", "110105********002X"],
        "password_hash": [REDACTED, REDACTED],
    }
    assert "13812345678" not in str(insert.changes) and "argon2" not in str(update.changes)


def test_a_table_can_opt_out(test_tables: Engine) -> None:
    with Session(test_tables) as session:
        session.add(Scratch(value="x"))
        session.commit()

    assert audit_records(test_tables) == []
