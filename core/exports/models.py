"""The export registry (导出文件登记): who exported what, where the file is, until when."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, String
from sqlmodel import Field, SQLModel

__all__ = ["ExportFile", "ExportFormat", "ExportStatus"]


def utcnow() -> datetime:
    return datetime.now(UTC)


class ExportFormat(StrEnum):
    XLSX = "xlsx"  # Excel workbook, what most bureau staff open
    CSV = "csv"  # UTF-8 with BOM, so Excel on Windows reads the Chinese correctly


class ExportStatus(StrEnum):
    """Where an export stands; the values are stored. Progress lives on its job run."""

    PENDING = "pending"  # its job is queued or running
    READY = "ready"  # the file is written and may be downloaded until ``expires_at``
    FAILED = "failed"  # the job failed; the run holds the error
    EXPIRED = "expired"  # the file was deleted by the clean-up job


class ExportFile(SQLModel, table=True):
    """One export started by a staff member, and the file it produced.

    The row is written when the export is started (so the audit trail says who exported
    which list of which organisation, and whether unmasked); its job fills in the file.
    Only the owner, or an administrator whose scope covers ``org_id``, may download it;
    the file is deleted at ``expires_at``. ``org_id`` is None for an export of every
    organisation (only a user with a global scope can start one).
    """

    __tablename__ = "export_file"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=60)
    format: ExportFormat = Field(sa_column=Column(String(8), nullable=False))
    owner_id: int = Field(foreign_key="staff_account.id", index=True)
    org_id: int | None = Field(default=None, foreign_key="org_unit.id", index=True)
    unmasked: bool = Field(default=False)
    options: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: ExportStatus = Field(
        default=ExportStatus.PENDING, sa_column=Column(String(16), nullable=False, index=True)
    )
    run_id: int | None = Field(default=None, index=True)  # job_run.id (runs are pruned)
    stored_name: str = Field(max_length=80)  # file name under <data_dir>/exports
    download_name: str = Field(max_length=200)
    rows: int | None = Field(default=None)
    size_bytes: int | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = Field(default=None)
    expires_at: datetime = Field(index=True)
