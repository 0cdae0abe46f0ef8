"""Exports as background jobs (导出): start one, write its file with progress, guard it.

A page calls :func:`start_export`; that checks the user's permissions over the chosen
organisation, writes the :class:`ExportFile` row (audited: who exported which list of
which organisation, and whether unmasked) and enqueues the ``core.export`` job
(:mod:`core.exports.jobs`) in the same transaction. :func:`export_progress` reads how far
it is for the page's progress bar. Files live in ``<data_dir>/exports`` for
``Settings.export_retention_hours``.

Access (:class:`ExportAccess`): the user who started an export, or an administrator whose
``core.exports.manage`` scope covers its organisation — and in both cases only while the
user still holds the list's permission there (and the unmask permission for an unmasked
file). Anyone else is told the export does not exist.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session

from core.audit import AuditEvent, record_event
from core.exports.errors import ExportForbidden, ExportNotFound, InvalidExportRequest
from core.exports.kinds import ExportKind, export_kind
from core.exports.models import ExportFile, ExportFormat, ExportStatus
from core.identity.scoping import OrgScope, scope_for
from core.orgs.models import OrgUnit
from core.scheduling.jobs import enqueue_job, get_run
from core.scheduling.models import JobRun, RunStatus

if TYPE_CHECKING:
    from core.platform import Platform
    from core.settings import Settings

__all__ = [
    "EXPORT_JOB_NAME",
    "MANAGE_EXPORTS",
    "ExportAccess",
    "ExportProgress",
    "export_path",
    "export_progress",
    "exports_dir",
    "record_download",
    "retention",
    "start_export",
]

MANAGE_EXPORTS = "core.exports.manage"
EXPORT_JOB_NAME = "core.export"
BEIJING = timezone(timedelta(hours=8))
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def utcnow() -> datetime:
    return datetime.now(UTC)


def exports_dir(settings: Settings) -> Path:
    return settings.data_dir / "exports"


def export_path(settings: Settings, export: ExportFile) -> Path:
    return exports_dir(settings) / export.stored_name


def retention(settings: Settings) -> timedelta:
    return timedelta(hours=settings.export_retention_hours)


# -- who may see an export ------------------------------------------------------------------


@dataclass
class ExportAccess:
    """One user's reach over exports, with the scopes it needs computed once per request."""

    session: Session
    user_id: int
    _scopes: dict[str, OrgScope] = field(default_factory=dict)

    def scope(self, permission: str) -> OrgScope:
        if permission not in self._scopes:
            self._scopes[permission] = scope_for(self.session, self.user_id, permission)
        return self._scopes[permission]

    @property
    def manages(self) -> bool:
        return not self.scope(MANAGE_EXPORTS).is_empty

    def may_read(self, export: ExportFile) -> bool:
        """Owner or export manager over its organisation, and still allowed to see the data."""
        if export.owner_id != self.user_id and not self.scope(MANAGE_EXPORTS).allows(
            self.session, export.org_id
        ):
            return False
        try:
            kind = export_kind(export.kind)
        except LookupError:
            return False
        if not self.scope(kind.permission).allows(self.session, export.org_id):
            return False
        if export.unmasked:
            unmask = kind.unmask_permission
            return unmask is not None and self.scope(unmask).allows(self.session, export.org_id)
        return True

    def get(self, export_id: int) -> ExportFile:
        """The export if this user may see it; :class:`ExportNotFound` otherwise."""
        export = self.session.get(ExportFile, export_id)
        if export is None or not self.may_read(export):
            raise ExportNotFound()
        return export


# -- starting -------------------------------------------------------------------------------


def _download_name(kind: ExportKind, org: OrgUnit | None, fmt: ExportFormat, now: datetime) -> str:
    where = _UNSAFE.sub("_", org.name) if org is not None else "全部机构"
    return f"{kind.file_stem_zh}-{where}-{now.astimezone(BEIJING):%Y%m%d-%H%M}.{fmt.value}"


def start_export(
    platform: Platform,
    session: Session,
    *,
    user_id: int,
    kind: str,
    org_id: int | None,
    fmt: ExportFormat | str = ExportFormat.XLSX,
    unmasked: bool = False,
    now: datetime | None = None,
    options: dict[str, str] | None = None,
) -> ExportFile:
    """Register an export and enqueue its job; both happen when ``session`` commits.

    *options* are the list's own filters (a ledger's status, dates …), kept on the export
    and handed to the kind as ``ExportScope.options``; the kind applies them within the
    organisation's subtree, never beyond it.

    ``org_id`` None exports every organisation and needs a global scope. Raises
    :class:`ExportForbidden` (no permission for the list, or for its full numbers),
    :class:`ExportNotFound` (an organisation outside the user's scope) or
    :class:`InvalidExportRequest`.
    """
    declared = export_kind(kind)
    try:
        fmt = ExportFormat(fmt)
    except ValueError:
        raise InvalidExportRequest("不支持的文件格式。", "Unsupported file format.") from None
    access = ExportAccess(session, user_id)
    view = access.scope(declared.permission)
    if view.is_empty:
        raise ExportForbidden(
            f"您没有导出{declared.label_zh}的权限。",
            f"You may not export the {declared.label_en.lower()}.",
        )
    org: OrgUnit | None = None
    if org_id is None:
        if not view.is_global:
            raise InvalidExportRequest("请选择要导出的机构。", "Choose an organisation.")
    else:
        org = session.get(OrgUnit, org_id)
        if org is None or not view.allows(session, org_id):
            raise ExportNotFound()
    if unmasked and (
        declared.unmask_permission is None
        or not access.scope(declared.unmask_permission).allows(session, org_id)
    ):
        raise ExportForbidden(
            "您没有导出完整证件号码和电话的权限。",
            "You may not export full identity and phone numbers.",
        )
    now = now or utcnow()
    export = ExportFile(
        kind=declared.code,
        format=fmt,
        owner_id=user_id,
        org_id=org_id,
        unmasked=unmasked,
        options={str(k): str(v) for k, v in (options or {}).items()},
        stored_name=f"{uuid.uuid4().hex}.{fmt.value}",
        download_name=_download_name(declared, org, fmt, now),
        created_at=now,
        expires_at=now + retention(platform.settings),
    )
    session.add(export)
    session.flush()
    if unmasked:
        record_event(
            session,
            AuditEvent.UNMASK,
            actor_id=user_id,
            entity="export_file",
            entity_id=str(export.id),
            org_id=org_id,
            details={"kind": declared.code, "fields": "identity and phone numbers"},
        )
    export.run_id = enqueue_job(
        platform, EXPORT_JOB_NAME, {"export_id": export.id}, session=session
    )
    session.add(export)
    session.flush()
    return export


def record_download(session: Session, export: ExportFile, user_id: int) -> None:
    """A downloaded export is a read of personal data: say who fetched which file."""
    record_event(
        session,
        "export_download",
        actor_id=user_id,
        entity="export_file",
        entity_id=str(export.id),
        org_id=export.org_id,
        details={"kind": export.kind, "unmasked": export.unmasked},
    )


# -- progress -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportProgress:
    """What the progress bar shows: state, rows written of how many, error if it failed."""

    state: str  # queued, running, ready, failed, expired
    done: int
    total: int | None
    error: str | None = None

    @property
    def finished(self) -> bool:
        return self.state in ("ready", "failed", "expired")

    @property
    def percent(self) -> int:
        if self.state == "ready":
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)


def export_progress(session: Session, export: ExportFile) -> ExportProgress:
    """The export's state, read from its row and its job run."""
    if export.status == ExportStatus.READY:
        return ExportProgress("ready", export.rows or 0, export.rows)
    if export.status == ExportStatus.EXPIRED:
        return ExportProgress("expired", export.rows or 0, export.rows)
    run = get_run(session, export.run_id) if export.run_id else None
    if export.status == ExportStatus.FAILED or (run is not None and run.status == RunStatus.FAILED):
        return ExportProgress("failed", 0, None, _error_line(run))
    if run is None:
        return ExportProgress("failed", 0, None, "任务记录已不存在")
    state = "running" if run.status == RunStatus.RUNNING else "queued"
    return ExportProgress(state, run.progress_done or 0, run.progress_total)


def _error_line(run: JobRun | None) -> str | None:
    """The last line of a traceback: the exception, not the stack, for the user."""
    if run is None or not run.error:
        return None
    return run.error.strip().splitlines()[-1][:300]
