"""Back up and restore as docs/admin.md §6 says: the database first, then the files.

Evidence keeps arriving and being deleted between the dump and the file copy (a bureau
backs up while staff work). Restored, every evidence row finds its file; the extra files
are the sweep's to remove, audited; the audit chain verifies.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from mediation.models import MediationEvidence
from mediation.services.evidence import evidence_dir
from mediation_support import accepted_case, committee, mediator
from sqlmodel import Session, col, select

from core.audit.verify import verify_chain
from core.db import session_scope
from core.files import sweep_files
from core.platform import Platform
from core.settings import Settings
from tests.conftest import _signed_in_client
from tests.support.auth import csrf_headers

PDF = b"%PDF-1.4\n" + b"1" * 2000 + b"\n%%EOF\n"


def _upload(client, case_id: int) -> None:
    client.get(f"/m/mediation/cases/{case_id}")
    answer = client.post(
        f"/m/mediation/cases/{case_id}/evidence",
        data={"category": "evidence"},
        files={"file": ("收条.pdf", PDF, "application/pdf")},
        headers=csrf_headers(client),
    )
    assert answer.status_code in (200, 303)


def _delete_one(client, platform: Platform) -> None:
    with Session(platform.engine) as session:
        row = session.exec(
            select(MediationEvidence).where(col(MediationEvidence.deleted_at).is_(None))
        ).first()
    answer = client.post(
        f"/m/mediation/evidence/{row.id}/delete",
        data={"reason": "重复", "version": str(row.version)},
        headers=csrf_headers(client),
    )
    assert answer.status_code in (200, 303)


def _live_names(engine) -> set[str]:
    with Session(engine) as session:
        return set(
            session.exec(
                select(MediationEvidence.stored_name).where(
                    col(MediationEvidence.deleted_at).is_(None)
                )
            ).all()
        )


def test_a_backup_taken_while_staff_work_restores_every_file(
    platform: Platform, org_tree, tmp_path: Path
) -> None:
    if platform.engine.url.get_backend_name() != "sqlite":
        pytest.skip("the SQLite procedure; PostgreSQL differs only in pg_dump/pg_restore")
    with session_scope(platform.engine) as session:
        c = committee(session, org_tree.village_a, short_name="前进")
        case_id = accepted_case(session, c.id, mediator(session, c.id).id).id
    data = platform.settings.data_dir
    backup = tmp_path / "backup"
    backup.mkdir()
    for client in _signed_in_client(platform, "suo_b", {"station_staff": org_tree.station_a}):
        for _ in range(4):
            _upload(client, case_id)
        _delete_one(client, platform)
        # 1. the database, with SQLite's online backup API
        source = sqlite3.connect(platform.engine.url.database)
        target = sqlite3.connect(backup / "sifa.sqlite3")
        source.backup(target)
        target.close()
        source.close()
        # staff keep working between the dump and the file copy
        _upload(client, case_id)
        _delete_one(client, platform)
        _delete_one(client, platform)
        # 2. then the files (rsync -a --exclude 'sifa.sqlite3*' --exclude 'exports/')
        shutil.copytree(data, backup / "files", dirs_exist_ok=True)

    restored = tmp_path / "restored"
    shutil.copytree(backup / "files", restored)
    shutil.copy(backup / "sifa.sqlite3", restored / "sifa.sqlite3")
    again = Platform.boot(
        Settings(data_dir=restored, database_url=f"sqlite:///{restored / 'sifa.sqlite3'}")
    )
    try:
        live = _live_names(again.engine)
        assert len(live) == 3  # four uploads, one deletion before the dump
        folder = evidence_dir(restored)
        assert all((folder / name).is_file() for name in live)  # no row without its file
        extra = {p.name for p in folder.iterdir()} - live
        assert extra  # the upload after the dump: a file no restored row names
        with session_scope(again.engine) as session:
            report = sweep_files(session, restored, min_age=timedelta(0))
        assert report["mediation.evidence"]["removed"] == len(extra)
        assert {p.name for p in folder.iterdir()} == live
        with again.engine.connect() as conn:
            assert verify_chain(conn).broken is None
    finally:
        again.engine.dispose()
