"""The trail is one linear hash chain that the application can only append to."""

from __future__ import annotations

import itertools
import threading

import pytest
from sqlalchemy import Engine, delete, insert, update
from sqlmodel import Session, select

from core.audit import AppendOnlyViolation, record_event
from core.audit.chain import compute_hash, content_of
from core.audit.models import GENESIS_HASH, AuditRecord
from core.audit.verify import verify_chain
from tests.audit.support import audit_records


def test_each_record_links_to_the_one_before(engine: Engine, Note: type) -> None:
    with Session(engine) as session:
        session.add_all([Note(text="一"), Note(text="二")])
        session.commit()
        record_event(session, "logout")
        session.commit()

    records = audit_records(engine)
    assert [r.id for r in records] == [1, 2, 3]
    assert records[0].prev_hash == GENESIS_HASH
    for before, record in itertools.pairwise(records):
        assert record.prev_hash == before.hash
    for record in records:
        assert record.hash == compute_hash(record.prev_hash, content_of(record.model_dump()))


@pytest.fixture
def one_record(engine: Engine) -> Engine:
    with Session(engine) as session:
        record_event(session, "login_success", actor_id=1, actor_name="admin")
        session.commit()
    return engine


def test_the_orm_refuses_to_update_an_audit_record(one_record: Engine) -> None:
    with Session(one_record) as session:
        record = session.exec(select(AuditRecord)).one()
        record.action = "login_failure"
        with pytest.raises(AppendOnlyViolation):
            session.commit()

    assert audit_records(one_record)[0].action == "login_success"


def test_the_orm_refuses_to_delete_an_audit_record(one_record: Engine) -> None:
    with Session(one_record) as session:
        session.delete(session.exec(select(AuditRecord)).one())
        with pytest.raises(AppendOnlyViolation):
            session.commit()

    assert len(audit_records(one_record)) == 1


def test_the_orm_refuses_records_added_outside_the_chain(one_record: Engine) -> None:
    forged = AuditRecord(
        id=2, at=audit_records(one_record)[0].at, action="logout", prev_hash="x", hash="y"
    )
    with Session(one_record) as session:
        session.add(forged)
        with pytest.raises(AppendOnlyViolation):
            session.commit()


@pytest.mark.parametrize(
    "statement",
    [
        update(AuditRecord).values(action="logout"),
        delete(AuditRecord),
        insert(AuditRecord).values(id=9, action="x", prev_hash="x", hash="y"),
    ],
    ids=["update", "delete", "insert"],
)
def test_bulk_statements_on_the_trail_are_refused(one_record: Engine, statement) -> None:
    with Session(one_record) as session, pytest.raises(AppendOnlyViolation):
        session.execute(statement)

    assert [r.action for r in audit_records(one_record)] == ["login_success"]


def test_concurrent_transactions_keep_one_linear_chain(engine: Engine, Note: type) -> None:
    """Two connections append at the same moment, many times: no fork, no lost record."""
    rounds, workers = 15, 2
    start_together = threading.Barrier(workers)
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for i in range(rounds):
                with Session(engine) as session:
                    session.add(Note(text=f"w{worker}-{i}"))
                    start_together.wait(timeout=30)
                    session.flush()
                    record_event(session, "unmask", details={"worker": worker, "round": i})
                    session.commit()
        except BaseException as exc:  # reported by the main thread
            start_together.abort()
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    with engine.connect() as connection:
        report = verify_chain(connection)
    assert report.ok, report.broken
    assert report.count == rounds * workers * 2
    records = audit_records(engine)
    assert [r.id for r in records] == list(range(1, rounds * workers * 2 + 1))
    assert len({r.prev_hash for r in records}) == len(records)  # nobody shares a predecessor


def test_a_rolled_back_savepoint_takes_its_records_and_leaves_the_chain_whole(
    engine: Engine, Note: type
) -> None:
    with Session(engine) as session:
        savepoint = session.begin_nested()
        session.add(Note(text="撤回"))
        session.flush()
        savepoint.rollback()
        session.add(Note(text="保留"))
        record_event(session, "logout")
        session.commit()

    records = audit_records(engine)
    assert [(r.id, r.action) for r in records] == [(1, "insert"), (2, "logout")]
    assert records[0].changes is not None and records[0].changes["text"] == [None, "保留"]
    with engine.connect() as connection:
        assert verify_chain(connection).ok
