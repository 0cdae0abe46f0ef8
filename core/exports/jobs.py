"""The export jobs: writing an export's file with progress, and deleting expired files.

``core.export`` (:func:`run_export`) streams an export's rows into a partial file in
``<data_dir>/exports`` and renames it to ``<random>.<ext>`` when complete, so a
half-written file is never served; it reports ``rows written / total`` on its run for the
progress bar. A re-run (after a lost worker) starts the file over. ``core.expire_exports``
(hourly) deletes files past ``expires_at`` and stray partial files, and marks exports
whose job failed for good.
"""

from __future__ import annotations

import contextlib
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from core.exports.kinds import ExportScope, export_kind
from core.exports.models import ExportFile, ExportFormat, ExportStatus
from core.exports.service import (
    EXPORT_JOB_NAME,
    export_path,
    exports_dir,
    retention,
    utcnow,
)
from core.exports.writers import open_writer
from core.orgs.models import OrgUnit
from core.scheduling.declarations import Job, JobContext, PeriodicJob
from core.scheduling.jobs import get_run
from core.scheduling.models import JobRun, RunStatus
from core.settings import Settings

__all__ = ["EXPIRE_EXPORTS_JOB", "EXPORT_JOB", "expire_exports", "run_export"]

PROGRESS_EVERY = 250  # rows between progress calls (each call writes at most once a second)


def run_export(context: JobContext, export_id: int) -> dict[str, Any]:
    """Write one export's file; a re-run (after a lost worker) starts the file over."""
    with context.session() as session:
        export = session.get(ExportFile, export_id)
        if export is None or export.status != ExportStatus.PENDING:
            return {"export_id": export_id, "skipped": True}
        kind = export_kind(export.kind)
        org = session.get(OrgUnit, export.org_id) if export.org_id is not None else None
        scope = ExportScope(org.path if org else None, export.unmasked, dict(export.options))
        total = kind.count(session, scope)
        fmt, stored_name = export.format, export.stored_name
    directory = exports_dir(context.settings)
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / stored_name
    # Each attempt writes its own partial file: an attempt declared dead that wakes up
    # again must not write into, or delete, the file of the attempt that replaced it.
    partial = directory / f"{stored_name}.{uuid.uuid4().hex[:8]}.part"
    context.progress(0, total, "rows", force=True)
    done = 0
    try:
        writer = open_writer(
            ExportFormat(fmt),
            partial,
            [c.title_zh for c in kind.columns],
            widths=[c.width for c in kind.columns],
            title=kind.label_zh,
        )
        try:
            for row in kind.rows(context.engine, scope):
                writer.write(row)
                done += 1
                if done % PROGRESS_EVERY == 0:
                    context.progress(done, max(total, done))
        finally:
            writer.close()
        partial.replace(final)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
    finished = utcnow()
    with context.session() as session:
        export = session.get(ExportFile, export_id)
        if export is not None:
            export.status = ExportStatus.READY
            export.rows = done
            export.size_bytes = final.stat().st_size
            export.finished_at = finished
            export.expires_at = finished + retention(context.settings)
            session.add(export)
    context.progress(done, done, "rows", force=True)
    return {"export_id": export_id, "rows": done}


def _mark_failed_exports(session: Session) -> None:
    """Exports whose job failed for good: the state the progress bar already shows."""
    pending = session.exec(
        select(ExportFile, JobRun)
        .join(JobRun, JobRun.id == ExportFile.run_id)  # type: ignore[arg-type]
        .where(ExportFile.status == ExportStatus.PENDING, JobRun.status == RunStatus.FAILED)
    ).all()
    for export, _run in pending:
        export.status = ExportStatus.FAILED
        session.add(export)


def expire_exports(
    engine: Engine, settings: Settings, now: datetime | None = None
) -> dict[str, int]:
    """Delete files past ``expires_at`` and stray partial files; mark failed exports."""
    now = now or utcnow()
    directory = exports_dir(settings)
    expired = 0
    with Session(engine, expire_on_commit=False) as session:
        _mark_failed_exports(session)
        due = session.exec(
            select(ExportFile).where(
                ExportFile.expires_at <= now, ExportFile.status != ExportStatus.EXPIRED
            )
        ).all()
        live_names: set[str] = set()
        for export in due:
            if export.status == ExportStatus.PENDING:
                run = get_run(session, export.run_id) if export.run_id else None
                if run is not None and RunStatus(run.status).active:
                    live_names.add(export.stored_name)
                    continue  # still being written; expires after it finishes
            export_path(settings, export).unlink(missing_ok=True)
            for partial in directory.glob(f"{export.stored_name}.*.part"):
                partial.unlink(missing_ok=True)
            export.status = ExportStatus.EXPIRED
            session.add(export)
            expired += 1
        session.commit()
    strays = 0
    if directory.is_dir():
        cutoff = (now - retention(settings)).timestamp()
        with Session(engine) as session:
            live_names |= set(
                session.exec(
                    select(ExportFile.stored_name).where(
                        ExportFile.status.in_([ExportStatus.PENDING, ExportStatus.READY])  # type: ignore[attr-defined]
                    )
                ).all()
            )
        for path in directory.iterdir():
            name = ".".join(path.name.split(".")[:2])  # <stored name>[.<attempt>.part]
            if name not in live_names and path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                strays += 1
    return {"expired": expired, "strays": strays}


def _expire_job(context: JobContext) -> dict[str, int]:
    return expire_exports(context.engine, context.settings)


EXPORT_JOB = Job(
    EXPORT_JOB_NAME,
    run_export,
    timeout=timedelta(minutes=10),
    max_attempts=2,
    description_zh="生成导出文件（进度显示在导出页面）",
    description_en="Write an export file (progress is shown on the exports page)",
)

EXPIRE_EXPORTS_JOB = PeriodicJob(
    name="core.expire_exports",
    schedule="41 * * * *",
    actor=_expire_job,
    description_zh="删除已过保留期的导出文件",
    description_en="Delete export files past their retention time",
    timeout=timedelta(minutes=10),
)
