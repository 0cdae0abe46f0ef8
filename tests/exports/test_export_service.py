"""The export service without the web: the job, its progress, its files, their expiry."""

from __future__ import annotations

import csv
import io
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from core.db import session_scope
from core.exports.errors import ExportForbidden, ExportNotFound, InvalidExportRequest
from core.exports.jobs import expire_exports
from core.exports.kinds import (
    ExportColumn,
    ExportKind,
    register_export_kind,
    unregister_export_kind,
)
from core.exports.models import ExportFile, ExportFormat, ExportStatus
from core.exports.service import (
    ExportAccess,
    export_path,
    export_progress,
    exports_dir,
    start_export,
)
from core.exports.writers import open_writer, safe_cell
from core.identity.models import RoleGrant
from core.platform import Platform
from core.scheduling.models import JobRun, RunStatus
from core.scheduling.worker import EmbeddedWorker, start_embedded_worker, stop_embedded_worker
from tests.exports.support import seed_people
from tests.support.auth import make_account


@pytest.fixture
def embedded(platform: Platform) -> Iterator[EmbeddedWorker]:
    handle = start_embedded_worker(platform, scheduler=False)
    assert handle is not None
    yield handle
    stop_embedded_worker(handle)


def account(platform: Platform, name: str, roles: dict[str, int | None]) -> int:
    with session_scope(platform.engine) as session:
        return make_account(session, name, roles=roles, host=platform.host).id  # type: ignore[return-value]


def begin(platform: Platform, user_id: int, org_id: int | None, **options) -> ExportFile:
    with session_scope(platform.engine) as session:
        return start_export(
            platform, session, user_id=user_id, kind="core.people", org_id=org_id, **options
        )


def reload(platform: Platform, export_id: int) -> ExportFile:
    with Session(platform.engine) as session:
        export = session.get(ExportFile, export_id)
    assert export is not None
    return export


def test_fifty_thousand_people_export_as_a_job_with_progress(platform, org_tree, embedded) -> None:
    """Acceptance 6: 50,000 rows run as a job, report progress, and produce the file."""
    seed_people(platform.engine, 50_000, [org_tree.village_a, org_tree.village_b])
    user = account(platform, "bureau.head", {"bureau_leader": org_tree.bureau})
    started = time.monotonic()
    export = begin(platform, user, org_tree.bureau, fmt="csv")
    embedded.join()
    elapsed = time.monotonic() - started
    done = reload(platform, export.id)  # type: ignore[arg-type]
    assert done.status == ExportStatus.READY and done.rows == 50_000
    with Session(platform.engine) as session:
        run = session.get(JobRun, done.run_id)
    assert run is not None and run.status == RunStatus.DONE
    assert (run.progress_done, run.progress_total) == (50_000, 50_000)
    assert run.result == {"export_id": export.id, "rows": 50_000}
    path = export_path(platform.settings, done)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        lines = sum(1 for _ in csv.reader(fh))
    assert lines == 50_001
    assert done.size_bytes == path.stat().st_size
    assert elapsed < 120, f"50,000 rows took {elapsed:.1f} s"


def test_the_workbook_has_one_header_row_and_every_person_in_the_subtree(
    platform, org_tree, embedded
) -> None:
    seed_people(platform.engine, 30, [org_tree.village_a, org_tree.station_b])
    user = account(platform, "admin", {"system_admin": None})
    export = begin(platform, user, org_tree.station_b)
    embedded.join()
    done = reload(platform, export.id)  # type: ignore[arg-type]
    book = load_workbook(export_path(platform.settings, done), read_only=True)
    sheet = book["人员名单"]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 16 and rows[0][0] == "姓名"
    assert {r[7] for r in rows[1:]} == {"郑店镇司法所"}
    assert [r[8] for r in rows[1:]] == sorted(r[8] for r in rows[1:])  # registration order
    assert done.download_name.startswith("人员名单-郑店镇司法所-") and done.download_name.endswith(
        ".xlsx"
    )


def test_everything_is_exported_only_for_a_global_scope(platform, org_tree, embedded) -> None:
    seed_people(platform.engine, 6, [org_tree.village_a, org_tree.village_b])
    admin = account(platform, "admin", {"system_admin": None})
    everything = begin(platform, admin, None, fmt="csv")
    embedded.join()
    assert reload(platform, everything.id).rows == 6  # type: ignore[arg-type]
    assert everything.download_name.startswith("人员名单-全部机构-")
    leader = account(platform, "leader", {"bureau_leader": org_tree.bureau})
    with pytest.raises(InvalidExportRequest):
        begin(platform, leader, None)


def test_starting_checks_the_users_permissions(platform, org_tree) -> None:
    clerk = account(platform, "clerk", {"station_staff": org_tree.station_a})
    with pytest.raises(ExportNotFound):
        begin(platform, clerk, org_tree.station_b)
    with pytest.raises(ExportForbidden):
        begin(platform, clerk, org_tree.station_a, unmasked=True)
    with pytest.raises(InvalidExportRequest):
        begin(platform, clerk, org_tree.station_a, fmt="pdf")
    nobody = account(platform, "nobody", {})
    with pytest.raises(ExportForbidden):
        begin(platform, nobody, org_tree.station_a)


def test_an_owner_who_lost_the_permission_can_no_longer_read_the_file(
    platform, org_tree, embedded
) -> None:
    user = account(platform, "clerk", {"station_staff": org_tree.station_a})
    export = begin(platform, user, org_tree.station_a)
    embedded.join()
    with Session(platform.engine) as session:
        assert ExportAccess(session, user).may_read(reload(platform, export.id))  # type: ignore[arg-type]
    with session_scope(platform.engine) as session:
        session.delete(session.exec(select(RoleGrant).where(RoleGrant.account_id == user)).one())
    with Session(platform.engine) as session:
        assert not ExportAccess(session, user).may_read(reload(platform, export.id))  # type: ignore[arg-type]


@pytest.fixture
def failing_kind() -> Iterator[ExportKind]:
    def rows(engine, scope):
        yield ["第一行"]
        raise OSError("磁盘已满")

    kind = register_export_kind(
        ExportKind(
            code="core.failing_list",
            label_zh="会失败的名单",
            label_en="A list that fails",
            permission="core.people.view",
            columns=[ExportColumn("名称", "Name")],
            count=lambda session, scope: 2,
            rows=rows,
            file_stem_zh="会失败的名单",
        )
    )
    yield kind
    unregister_export_kind(kind.code)


def test_a_failing_export_is_shown_as_failed_and_leaves_no_file(
    platform, org_tree, embedded, failing_kind
) -> None:
    user = account(platform, "admin", {"system_admin": None})
    with session_scope(platform.engine) as session:
        export = start_export(
            platform, session, user_id=user, kind=failing_kind.code, org_id=org_tree.bureau
        )
    embedded.join()
    with Session(platform.engine) as session:
        progress = export_progress(session, reload(platform, export.id))  # type: ignore[arg-type]
    assert progress.state == "failed" and progress.error == "OSError: 磁盘已满"
    assert list(exports_dir(platform.settings).iterdir()) == []
    expire_exports(platform.engine, platform.settings)  # records the failure on the export
    assert reload(platform, export.id).status == ExportStatus.FAILED  # type: ignore[arg-type]


def test_expiry_deletes_old_files_and_stray_partial_files_only(
    platform, org_tree, embedded
) -> None:
    user = account(platform, "admin", {"system_admin": None})
    old = begin(platform, user, org_tree.bureau)
    embedded.join()
    fresh = begin(platform, user, org_tree.bureau)
    embedded.join()
    directory = exports_dir(platform.settings)
    stray = directory / "0123456789abcdef.xlsx.1a2b3c4d.part"
    stray.write_bytes(b"half a file")
    long_ago = time.time() - 3 * 86400
    os.utime(stray, (long_ago, long_ago))
    recent_stray = directory / "fedcba9876543210.csv.5e6f7a8b.part"
    recent_stray.write_bytes(b"being written")

    old_row = reload(platform, old.id)  # type: ignore[arg-type]
    with session_scope(platform.engine) as session:
        row = session.get(ExportFile, old.id)
        row.expires_at = datetime.now(UTC) - timedelta(minutes=1)  # type: ignore[union-attr]
    report = expire_exports(platform.engine, platform.settings)
    assert report == {"expired": 1, "strays": 1}
    assert reload(platform, old.id).status == ExportStatus.EXPIRED  # type: ignore[arg-type]
    assert not export_path(platform.settings, old_row).exists()
    assert export_path(platform.settings, reload(platform, fresh.id)).exists()  # type: ignore[arg-type]
    assert not stray.exists() and recent_stray.exists()


def test_retention_is_configurable(platform, org_tree) -> None:
    platform.settings.export_retention_hours = 2
    user = account(platform, "admin", {"system_admin": None})
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    export = begin(platform, user, org_tree.bureau, now=now)
    assert export.expires_at == now + timedelta(hours=2)


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_defused(tmp_path: Path) -> None:
    assert safe_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert safe_cell("+86 138") == "'+86 138" and safe_cell("-1") == "'-1"
    assert safe_cell("张三") == "张三" and safe_cell(12) == 12
    for fmt in ExportFormat:
        path = tmp_path / f"x.{fmt.value}"
        writer = open_writer(fmt, path, ["姓名"])
        writer.write(["=1+1"])
        writer.close()
        if fmt is ExportFormat.CSV:
            text = path.read_text(encoding="utf-8-sig")
            assert list(csv.reader(io.StringIO(text))) == [["姓名"], ["'=1+1"]]
        else:
            sheet = load_workbook(path).active
            assert sheet["A2"].value == "'=1+1" and sheet["A2"].data_type == "s"
