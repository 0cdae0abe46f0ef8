"""Attachments (申请材料): type and size checked, stored under the data directory
(``<data_dir>/legal_aid/attachments/``) under a random name, never in the database.

The file takes its place only when the row's transaction commits (``core.api.stage_file``);
the core's file sweep removes what a crash left behind."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, select

from core.api import FileStore, register_file_store, stage_file
from legal_aid.models import LegalAidAttachment

__all__ = ["ALLOWED", "Upload", "attachment_dir", "check_upload", "store_upload"]

#: Accepted types by extension, with the file's first bytes (magic) that must match.
ALLOWED = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG",)),
}


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes


def attachment_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "legal_aid" / "attachments"


def check_upload(upload: Upload, max_mb: int) -> tuple[str, str] | None:
    """What is wrong with an upload (Chinese, English), or None."""
    suffix = Path(upload.filename).suffix.lower()
    if suffix not in ALLOWED:
        return (
            f"附件“{upload.filename}”的类型不支持，只接受 PDF、JPG、PNG",
            "Only PDF, JPG and PNG files are accepted",
        )
    if len(upload.content) > max_mb * 1024 * 1024:
        return (
            f"附件“{upload.filename}”超过{max_mb}MB的大小限制",
            f"The file is larger than {max_mb} MB",
        )
    if not upload.content:
        return (f"附件“{upload.filename}”是空文件", "The file is empty")
    if not upload.content.startswith(ALLOWED[suffix][1]):
        return (f"附件“{upload.filename}”的内容与扩展名不符", "The content does not match the type")
    return None


def store_upload(
    session: Session,
    data_dir: Path,
    case_id: int,
    org_id: int,
    upload: Upload,
    *,
    kind: str,
    now: datetime,
) -> LegalAidAttachment:
    suffix = Path(upload.filename).suffix.lower()
    stored = f"{secrets.token_hex(16)}{suffix}"
    stage_file(session, attachment_dir(data_dir) / stored, upload.content)
    row = LegalAidAttachment(
        case_id=case_id,
        org_id=org_id,
        kind=kind,
        filename=Path(upload.filename).name[:200],
        stored_name=stored,
        content_type=ALLOWED[suffix][0],
        size=len(upload.content),
        uploaded_at=now,
    )
    session.add(row)
    session.flush()
    return row


def _files_in_use(session: Session) -> list[str]:
    return list(session.exec(select(LegalAidAttachment.stored_name)).all())


ATTACHMENT_FILES = register_file_store(
    FileStore("legal_aid.attachments", attachment_dir, _files_in_use)
)
