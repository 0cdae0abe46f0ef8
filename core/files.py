"""Uploaded files that share their row's fate (文件与数据库记录同生共死).

A file lives in the data directory, its row in the database; a crash between the two must
not leave a row without its file, nor files nobody knows. So:

* :func:`stage_file` writes the content to a temporary name (``.<name>.part``, flushed to
  disk) and moves it into place only **after the transaction commits**; if the transaction
  rolls back (or the session closes without committing) the temporary file is removed.
* :func:`discard_after_commit` lets a file go once the commit that forgot it is done: the
  file stays where it is for a day (its time is touched) and the sweep removes it then.
  A deletion is thereby never ahead of a database dump taken before it: a backup made as
  docs/admin.md says — the dump first, then the files — holds every file its dump names.
* A process killed between the commit and the move leaves a row whose file is still
  ``.<name>.part``; a process killed before the commit leaves a ``.part`` nobody names; one
  discarding leaves a file nobody names, on purpose. :func:`sweep_files` (the periodic
  job ``core.sweep_files``) finishes the first kind at once and removes the others once
  they are older than a day — the age keeps it away from uploads still in flight — and
  writes what it removed to the audit trail.

Plugins declare where their files live with :func:`register_file_store` (``core.api``):
the folder under the data directory and a query of the names their rows still use.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlmodel import Session

from core.audit import record_event
from core.scheduling.declarations import JobContext, PeriodicJob

__all__ = [
    "SWEEP_FILES_JOB",
    "FileStore",
    "discard_after_commit",
    "file_stores",
    "in_place",
    "register_file_store",
    "stage_file",
    "sweep_files",
]

log = logging.getLogger(__name__)

ORPHAN_AGE = timedelta(days=1)
PART = ".part"
_PENDING = "sifa_files_pending"  # session.info: [(temporary, final)] to move after commit
_DOOMED = "sifa_files_doomed"  # session.info: [path] to delete after commit
_HOOKED = "sifa_files_hooked"


@dataclass(frozen=True)
class FileStore:
    """One folder of files owned by rows: where it is and which names are still used.

    ``referenced(session)`` returns every file name (not path) in the folder that a live row
    names — thumbnails included. Anything else there is an orphan once old enough.
    """

    code: str
    folder: Callable[[Path], Path]
    referenced: Callable[[Session], Iterable[str]] = field(repr=False)


_STORES: dict[str, FileStore] = {}


def register_file_store(store: FileStore) -> FileStore:
    """Declare a folder of uploaded files (the plugin's services module calls this on import)."""
    _STORES[store.code] = store
    return store


def file_stores() -> list[FileStore]:
    return list(_STORES.values())


def _temporary(final: Path) -> Path:
    return final.with_name(f".{final.name}{PART}")


def _hook(session: Session) -> None:
    session.connection()  # begin the transaction whose end decides the file's fate
    if session.info.get(_HOOKED):
        return
    session.info[_HOOKED] = True
    event.listen(session, "after_commit", _after_commit)
    event.listen(session, "after_transaction_end", _after_transaction_end)


def _after_commit(session: Session) -> None:
    for temporary, final in session.info.pop(_PENDING, []):
        with contextlib.suppress(FileNotFoundError):  # the sweep finished this move already
            os.replace(temporary, final)
    for path in session.info.pop(_DOOMED, []):
        with contextlib.suppress(FileNotFoundError):
            os.utime(path)  # unreferenced from now on: the sweep removes it a day later


def _after_transaction_end(session: Session, transaction: Any) -> None:
    if transaction.parent is not None or transaction.nested:
        return
    # Still pending at the end of the outermost transaction: it did not commit.
    for temporary, _final in session.info.pop(_PENDING, []):
        Path(temporary).unlink(missing_ok=True)
    session.info.pop(_DOOMED, None)


def stage_file(session: Session, final: Path, content: bytes | Iterable[bytes]) -> Path:
    """Write *content* for *final*; it appears under that name once the session commits."""
    final.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary(final)
    with temporary.open("wb") as out:
        if isinstance(content, bytes | bytearray):
            out.write(content)
        else:
            for chunk in content:
                out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    _hook(session)
    session.info.setdefault(_PENDING, []).append((temporary, final))
    return final


def discard_after_commit(session: Session, path: Path) -> None:
    """Let *path* go once the transaction that stopped using it has committed (the sweep
    removes it a day later; a rolled-back transaction keeps it as it was)."""
    _hook(session)
    session.info.setdefault(_DOOMED, []).append(path)


def in_place(path: Path) -> bool:
    """Whether a committed row's file is there, finishing its move if a crash interrupted it
    (call it only for a file whose row is committed: its ``.part`` is then the whole file)."""
    if path.is_file():
        return True
    temporary = _temporary(path)
    if temporary.is_file():
        with contextlib.suppress(FileNotFoundError):
            os.replace(temporary, path)
    return path.is_file()


@dataclass
class SweepResult:
    finished: int = 0
    removed: list[str] = field(default_factory=list)


def sweep_files(
    session: Session,
    data_dir: Path,
    *,
    now: datetime | None = None,
    min_age: timedelta = ORPHAN_AGE,
) -> dict[str, dict[str, Any]]:
    """Finish moves a crash interrupted; remove and audit orphans older than *min_age*."""
    cutoff = ((now or datetime.now(UTC)) - min_age).timestamp()
    report: dict[str, dict[str, Any]] = {}
    for store in file_stores():
        folder = store.folder(Path(data_dir))
        if not folder.is_dir():
            continue
        used = set(store.referenced(session))
        result = SweepResult()
        for path in sorted(folder.iterdir()):
            if not path.is_file():
                continue
            name = path.name
            if name.startswith(".") and name.endswith(PART):
                final_name = name[1 : -len(PART)]
                if final_name in used and not (folder / final_name).exists():
                    os.replace(path, folder / final_name)  # committed, then the crash
                    result.finished += 1
                    continue
            elif name in used:
                continue
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                result.removed.append(name)
        if result.removed:
            record_event(
                session,
                "files_swept",
                entity="file_store",
                entity_id=store.code,
                details={"removed": result.removed[:200], "count": len(result.removed)},
            )
            log.warning("file store %s: removed %d orphan files", store.code, len(result.removed))
        report[store.code] = {"finished": result.finished, "removed": len(result.removed)}
    return report


def _sweep_job(context: JobContext) -> dict[str, Any]:
    with context.session() as session:
        return sweep_files(session, context.settings.data_dir)


SWEEP_FILES_JOB = PeriodicJob(
    name="core.sweep_files",
    schedule="23 4 * * *",
    actor=_sweep_job,
    description_zh="清理上传目录中无记录对应的孤立文件（超过一天），补完中断的文件移动",
    description_en="Remove orphan upload files older than a day; finish interrupted moves",
    timeout=timedelta(minutes=30),
)
