"""Logins, logouts, permission changes and unmasking are recorded with ``record_event``."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from core.api import record_event
from core.audit import AuditEvent, audit_context
from tests.audit.support import audit_records


def test_an_event_takes_who_and_where_from_the_context(engine: Engine) -> None:
    with (
        audit_context(
            actor_id=3, actor_name="站长", org_id=12, request_id="r-9", ip="192.168.1.20"
        ),
        Session(engine) as session,
    ):
        record_event(
            session,
            AuditEvent.UNMASK,
            entity="person",
            entity_id="55",
            details={"field": "id_number"},
        )
        session.commit()

    [record] = audit_records(engine)
    assert record.action == "unmask"
    assert (record.entity, record.entity_id, record.details) == (
        "person",
        "55",
        {"field": "id_number"},
    )
    assert (record.actor_id, record.actor_name, record.org_id) == (3, "站长", 12)
    assert (record.request_id, record.ip) == ("r-9", "192.168.1.20")
    assert record.changes is None


def test_a_failed_login_names_the_account_not_the_anonymous_context(engine: Engine) -> None:
    with audit_context(ip="10.1.1.1"), Session(engine) as session:
        record_event(
            session,
            AuditEvent.LOGIN_FAILURE,
            actor_id=8,
            actor_name="zhangsan",
            details={"attempt": 3},
        )
        session.commit()

    [record] = audit_records(engine)
    assert (record.actor_id, record.actor_name, record.ip) == (8, "zhangsan", "10.1.1.1")


def test_an_explicit_actor_does_not_borrow_another_actors_name(engine: Engine) -> None:
    with audit_context(actor_id=1, actor_name="admin"), Session(engine) as session:
        record_event(session, AuditEvent.PERMISSION_CHANGE, actor_id=2, entity_id=7)
        session.commit()

    [record] = audit_records(engine)
    assert (record.actor_id, record.actor_name, record.entity_id) == (2, None, "7")


def test_an_event_rolls_back_with_its_transaction(engine: Engine) -> None:
    with Session(engine) as session:
        record_event(session, AuditEvent.LOGOUT, actor_id=1)
        session.rollback()

    assert audit_records(engine) == []


def test_pending_changes_are_recorded_before_the_event(engine: Engine, Note: type) -> None:
    with Session(engine) as session:
        session.add(Note(text="批量导入"))
        record_event(
            session,
            AuditEvent.BULK_UPDATE,
            entity="testplugin_note",
            details={"where": "text = '批量导入'", "ids": [1]},
        )
        session.commit()

    assert [r.action for r in audit_records(engine)] == ["insert", "bulk_update"]


@pytest.mark.parametrize("action", ["", "x" * 41])
def test_an_action_name_must_be_short_and_present(engine: Engine, action: str) -> None:
    with Session(engine) as session, pytest.raises(ValueError, match="1-40 characters"):
        record_event(session, action)
