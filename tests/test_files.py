"""Files share their row's fate (issue 25): moved into place after commit, removed after the
commit that forgot them, and what a crash left behind swept up by ``core.sweep_files``."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from core.audit.models import AuditRecord
from core.files import (
    _STORES,
    FileStore,
    discard_after_commit,
    register_file_store,
    stage_file,
    sweep_files,
)
from core.platform import Platform

USED: set[str] = set()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Path]:
    USED.clear()
    register_file_store(FileStore("test.files", lambda d: Path(d) / "test-files", lambda s: USED))
    yield tmp_path / "test-files"
    _STORES.pop("test.files", None)


def test_a_staged_file_appears_only_when_the_transaction_commits(
    platform: Platform, store: Path
) -> None:
    with Session(platform.engine) as session:
        stage_file(session, store / "a.pdf", b"%PDF-1")
        assert not (store / "a.pdf").exists() and (store / ".a.pdf.part").exists()
        session.commit()
    assert (store / "a.pdf").read_bytes() == b"%PDF-1"
    assert not (store / ".a.pdf.part").exists()


def test_a_rolled_back_or_abandoned_transaction_leaves_no_file(
    platform: Platform, store: Path
) -> None:
    with Session(platform.engine) as session:
        stage_file(session, store / "b.pdf", b"x")
        session.rollback()
    with Session(platform.engine) as session:
        stage_file(session, store / "c.pdf", b"x")  # closed without commit
    assert list(store.iterdir()) == []


def test_a_discarded_file_goes_a_day_after_its_commit(platform: Platform, store: Path) -> None:
    store.mkdir()
    (store / "d.pdf").write_bytes(b"x")
    old = time.time() - timedelta(days=30).total_seconds()
    os.utime(store / "d.pdf", (old, old))  # uploaded a month ago
    with Session(platform.engine) as session:
        discard_after_commit(session, store / "d.pdf")
        session.rollback()
    assert (store / "d.pdf").stat().st_mtime == old  # rolled back: untouched
    with Session(platform.engine) as session:
        discard_after_commit(session, store / "d.pdf")
        session.commit()
    with Session(platform.engine) as session:  # no row names it now, but a dump taken
        sweep_files(session, store.parent)  # before the deletion may: it stays a day
    assert (store / "d.pdf").exists()
    day_later = time.time() - timedelta(days=1, minutes=1).total_seconds()
    os.utime(store / "d.pdf", (day_later, day_later))
    with Session(platform.engine) as session:
        sweep_files(session, store.parent)
        session.commit()
    assert not (store / "d.pdf").exists()


def test_the_sweep_finishes_interrupted_moves_and_removes_old_orphans(
    platform: Platform, store: Path
) -> None:
    store.mkdir()
    USED.update({"kept.pdf", "committed.pdf"})
    (store / "kept.pdf").write_bytes(b"x")
    (store / ".committed.pdf.part").write_bytes(b"x")  # killed between commit and move
    old = time.time() - timedelta(days=2).total_seconds()
    for name in ("orphan.pdf", ".never-committed.pdf.part"):
        (store / name).write_bytes(b"x")
        os.utime(store / name, (old, old))
    (store / "young.pdf").write_bytes(b"x")  # perhaps an upload committing right now
    with Session(platform.engine) as session:
        report = sweep_files(session, store.parent)
        session.commit()
    assert report["test.files"] == {"finished": 1, "removed": 2}
    assert sorted(p.name for p in store.iterdir()) == ["committed.pdf", "kept.pdf", "young.pdf"]
    with Session(platform.engine) as session:
        [audit] = session.exec(select(AuditRecord).where(AuditRecord.action == "files_swept")).all()
    assert audit.entity_id == "test.files" and audit.details["count"] == 2
    assert sorted(audit.details["removed"]) == [".never-committed.pdf.part", "orphan.pdf"]


def test_a_committed_rows_file_left_half_moved_is_finished_on_first_use(store: Path) -> None:
    from core.files import in_place

    store.mkdir()
    (store / ".e.pdf.part").write_bytes(b"%PDF")  # killed between commit and move
    assert in_place(store / "e.pdf")
    assert (store / "e.pdf").read_bytes() == b"%PDF" and not (store / ".e.pdf.part").exists()
    assert not in_place(store / "never.pdf")
