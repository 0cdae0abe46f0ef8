"""``sifa audit verify`` walks the chain and names the first record that was tampered with."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from core.audit import record_event
from core.audit.chain import compute_hash, content_of
from core.audit.verify import ChainReport, verify_chain
from tests.audit.support import audit_records
from tests.support.cli import invoke_sifa, sifa_env


def verify(engine: Engine, batch_size: int = 2000) -> ChainReport:
    with engine.connect() as connection:
        return verify_chain(connection, batch_size=batch_size)


def tamper(engine: Engine, sql: str, **params: object) -> None:
    """What a database administrator could do behind the application's back."""
    with engine.begin() as connection:
        connection.execute(text(sql), params)


@pytest.fixture
def five_records(engine: Engine) -> Engine:
    with Session(engine) as session:
        for n in range(1, 6):
            record_event(session, "unmask", entity="person", entity_id=str(n), details={"n": n})
        session.commit()
    return engine


def test_an_empty_trail_is_intact(engine: Engine) -> None:
    report = verify(engine)
    assert (report.ok, report.count, report.head_id) == (True, 0, None)


def test_an_untouched_trail_verifies_across_batches(five_records: Engine) -> None:
    report = verify(five_records, batch_size=2)
    assert report.ok
    assert (report.count, report.head_id) == (5, 5)
    assert report.head_hash == audit_records(five_records)[-1].hash


def test_a_record_changed_by_hand_is_named(five_records: Engine) -> None:
    tamper(five_records, "UPDATE audit_record SET entity_id = '99' WHERE id = 3")

    report = verify(five_records, batch_size=2)
    assert not report.ok and report.broken is not None
    assert report.broken.id == 3
    assert "changed after it was written" in report.broken.problem
    assert report.count == 2


def test_a_record_changed_and_rehashed_breaks_the_next_link(five_records: Engine) -> None:
    record = audit_records(five_records)[2]
    forged = record.model_dump() | {"action": "logout"}
    tamper(
        five_records,
        "UPDATE audit_record SET action = 'logout', hash = :h WHERE id = 3",
        h=compute_hash(record.prev_hash, content_of(forged)),
    )

    report = verify(five_records)
    assert report.broken is not None
    assert report.broken.id == 4
    assert "prev_hash does not match record 3" in report.broken.problem


def test_a_record_deleted_from_the_middle_is_detected(five_records: Engine) -> None:
    tamper(five_records, "DELETE FROM audit_record WHERE id = 3")

    report = verify(five_records)
    assert report.broken is not None
    assert report.broken.id == 4
    assert "record(s) 3 before it are missing" in report.broken.problem


def test_records_deleted_from_the_start_are_detected(five_records: Engine) -> None:
    tamper(five_records, "DELETE FROM audit_record WHERE id <= 2")

    report = verify(five_records)
    assert report.broken is not None
    assert (report.broken.id, report.count) == (3, 0)
    assert "record(s) 1–2 before it are missing" in report.broken.problem


def test_the_command_says_ok_or_names_the_broken_record(
    five_records: Engine, database_url: str, tmp_path: Path, plugin_site: Path
) -> None:
    env = sifa_env(database_url, tmp_path / "data", plugin_site)
    result = invoke_sifa("audit", "verify", env=env)
    assert result.returncode == 0, result.stderr
    assert "OK: 5 records verified" in result.stdout

    tamper(five_records, "UPDATE audit_record SET ip = '10.6.6.6' WHERE id = 4")
    result = invoke_sifa("audit", "verify", env=env)
    assert result.returncode == 1
    assert "at record 4" in result.stdout
    assert "changed after it was written" in result.stdout
