"""Evidence uploads (证据材料): files of a case, checked, stored outside the database.

A file is accepted when its content is on the whitelist (:mod:`mediation.files`, checked
by magic bytes, and agreeing with its extension) and within the bureau's size limit
(module setting ``evidence_max_mb``, 10 MB by default). It is written under
``<data_dir>/mediation/evidence/`` with a random name — never the user's — first to a
temporary name and moved into place only after the transaction commits (``core.api.
stage_file``); a deleted file is let go only after its deletion commits, and removed by the
core's sweep a day later. The store is declared
to the core's file sweep, which removes what a crash left behind.
Refusals are :class:`~mediation.errors.InvalidInput` with a Chinese message; nothing
already stored is touched.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from core.api import (
    FileStore,
    discard_after_commit,
    lock_for_change,
    register_file_store,
    stage_file,
    touch,
)
from mediation.codes import CaseStatus, EvidenceCategory
from mediation.errors import IllegalTransition, MediationError
from mediation.files import ALLOWED, sniff
from mediation.models import MediationEvidence
from mediation.services.cases import get_case
from mediation.validation import Form

__all__ = [
    "EvidenceNotFound",
    "case_evidence",
    "delete_evidence",
    "evidence_dir",
    "evidence_path",
    "get_evidence",
    "store_evidence",
]

NAME_LIMIT = 200


class EvidenceNotFound(MediationError, LookupError):
    def __init__(self, evidence_id: int) -> None:
        super().__init__(
            f"证据材料不存在或已删除（编号 {evidence_id}）", f"No such file ({evidence_id})"
        )


def evidence_dir(data_dir: Path) -> Path:
    return data_dir / "mediation" / "evidence"


def evidence_path(data_dir: Path, row: MediationEvidence) -> Path:
    return evidence_dir(data_dir) / row.stored_name


def case_evidence(session: Session, case_id: int) -> list[MediationEvidence]:
    """The case's files still held, oldest first."""
    return list(
        session.exec(
            select(MediationEvidence)
            .where(
                MediationEvidence.case_id == case_id,
                col(MediationEvidence.deleted_at).is_(None),
            )
            .order_by(col(MediationEvidence.id))
        ).all()
    )


def _size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(size // 1024, 1)} KB"


def store_evidence(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    *,
    filename: str,
    content: bytes,
    data_dir: Path,
    max_bytes: int,
    actor_id: int | None,
    now: datetime,
) -> MediationEvidence:
    """Check and keep one uploaded file of the case; raise :class:`InvalidInput` if bad."""
    case = get_case(session, case_id)
    number = case.case_number or f"#{case.id}"
    if case.status == CaseStatus.ARCHIVED:
        raise IllegalTransition(
            f"案件{number}已结案归档，不能再添加材料", f"Case {number} is archived"
        )
    form = Form(data)
    category = form.choice("category", EvidenceCategory, ("材料类别", "kind of material"))
    description = form.text("description", ("材料说明", "description"), limit=200)
    name = os.path.basename(str(filename or "").replace("\\", "/")).strip()
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = "、".join(sorted({e for k in ALLOWED.values() for e in k.extensions}))
    kind = None
    if not name or not content:
        form.error(
            "file", "请选择要上传的文件（文件不能为空）", "Choose a file (it must not be empty)"
        )
    elif len(content) > max_bytes:
        form.error(
            "file",
            f"文件过大（{_size_text(len(content))}），单个文件不能超过 {max_bytes // 1024 // 1024} MB",
            f"The file is too large ({_size_text(len(content))}); the limit is "
            f"{max_bytes // 1024 // 1024} MB",
        )
    elif len(name) > NAME_LIMIT:
        form.error("file", "文件名过长（不超过200字）", "The file name is too long")
    else:
        kind = sniff(content, extension)
        if kind is None:
            form.error(
                "file",
                f"不支持该文件类型，或文件内容与扩展名不符。只能上传：{allowed}",
                f"This type of file is not accepted, or its content does not match its "
                f"extension. Accepted: {allowed}",
            )
    form.check()
    assert kind is not None and category is not None
    stored = f"{secrets.token_hex(16)}.{kind.extensions[0]}"
    stage_file(session, evidence_dir(data_dir) / stored, content)  # in place after commit
    row = MediationEvidence(
        case_id=case.id,  # type: ignore[arg-type]
        org_id=case.org_id,
        category=category.value,
        description=description,
        original_name=name,
        stored_name=stored,
        file_kind=kind.code,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_at=now,
        uploaded_by=actor_id,
    )
    session.add(row)
    session.flush()
    return row


def get_evidence(session: Session, evidence_id: int) -> MediationEvidence:
    row = session.get(MediationEvidence, evidence_id)
    if row is None or row.deleted_at is not None:
        raise EvidenceNotFound(evidence_id)
    return row


def delete_evidence(
    session: Session,
    evidence_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    data_dir: Path,
    actor_id: int | None,
    now: datetime,
) -> MediationEvidence:
    """Remove a file (with the reason why); the row stays, marked, for the audit trail.

    The row is locked at the form's version before its deletion mark is read: a second
    deletion from the same page (a colleague's, or a double click) finds the version moved
    on and answers 409, like any other edit that came second, not "no such file"."""
    row = session.get(MediationEvidence, evidence_id)
    if row is None:
        raise EvidenceNotFound(evidence_id)
    lock_for_change(session, row, expected_version)
    if row.deleted_at is not None:
        raise EvidenceNotFound(evidence_id)
    case = get_case(session, row.case_id)
    if case.status == CaseStatus.ARCHIVED:
        raise IllegalTransition(
            "案件已结案归档，卷内材料不能删除", "The case is archived; its file is closed"
        )
    form = Form(data)
    reason = form.text("reason", ("删除原因", "reason"), required=True, limit=200)
    form.check()
    row.deleted_at = now
    row.deleted_by = actor_id
    row.delete_reason = reason
    touch(row, now)
    session.add(row)
    session.flush()
    discard_after_commit(session, evidence_path(data_dir, row))
    return row


def _files_in_use(session: Session) -> list[str]:
    return list(
        session.exec(
            select(MediationEvidence.stored_name).where(col(MediationEvidence.deleted_at).is_(None))
        ).all()
    )


EVIDENCE_FILES = register_file_store(FileStore("mediation.evidence", evidence_dir, _files_in_use))
