"""Printable documents (矫正文书): the intake announcement, the release certificate, a warning
decision and a leave approval. HTML pages with a print stylesheet (A4); identity numbers stay
masked, as everywhere outside the core's audited unmask page."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.response import Template
from sqlmodel import Session

from core.api import N_, CurrentUser, OrgUnit
from corrections.codes import LeaveStatus, SanctionKind, SubjectType, label
from corrections.models import CorrectionsLeave, CorrectionsSanction, CorrectionsSubject
from corrections.pages.common import minors_guard, today_of
from corrections.pages.subjects import load_subject, person_view
from corrections.permissions import VIEW

__all__ = ["ROUTES"]

SUBJECT = {"subject_id": CorrectionsSubject}
Req = Request[Any, Any, Any]


def _context(
    request: Req, db: Session, subject: CorrectionsSubject, **extra: Any
) -> dict[str, Any]:
    org = db.get(OrgUnit, subject.org_id)
    return {
        "subject": subject,
        "person": person_view(db, subject.person_id),
        "org": org,
        "kind": label(SubjectType(subject.subject_type)),
        "label": label,
        "today": today_of(request),
        **extra,
    }


@get(
    "/subjects/{subject_id:int}/documents/announcement",
    name="corrections_doc_announcement",
    opt={"permission": VIEW, "records": SUBJECT},
    guards=[minors_guard],
    sync_to_thread=True,
)
def announcement(request: Req, db: Session, current_user: CurrentUser, subject_id: int) -> Template:
    """入矫宣告书 (CCL art. 22): the crime, the term, the rules, the team."""
    subject = load_subject(db, current_user, subject_id)
    if subject.announced_on is None:
        raise NotFoundException(detail=N_("尚未入矫宣告"))
    return Template(
        "corrections/documents/announcement.html", context=_context(request, db, subject)
    )


@get(
    "/subjects/{subject_id:int}/documents/release",
    name="corrections_doc_release",
    opt={"permission": VIEW, "records": SUBJECT},
    guards=[minors_guard],
    sync_to_thread=True,
)
def release_certificate(
    request: Req, db: Session, current_user: CurrentUser, subject_id: int
) -> Template:
    """解除社区矫正证明书 (CCL art. 44), with the copies to the bodies the law lists."""
    subject = load_subject(db, current_user, subject_id)
    if subject.end_type != "expired":
        raise NotFoundException(detail=N_("尚未期满解除"))
    outcome = {
        SubjectType.CONTROL: "管制期满，依法解除管制",
        SubjectType.PROBATION: "缓刑考验期满，原判刑罚不再执行",
        SubjectType.PAROLE: "假释考验期满，视为原判刑罚已经执行完毕",
        SubjectType.MEDICAL_PAROLE: "暂予监外执行期满，由监狱、看守所依法办理释放手续",
    }[SubjectType(subject.subject_type)]
    return Template(
        "corrections/documents/release.html",
        context=_context(request, db, subject, outcome=outcome),
    )


@get(
    "/subjects/{subject_id:int}/documents/sanctions/{sanction_id:int}",
    name="corrections_doc_sanction",
    opt={"permission": VIEW, "records": {**SUBJECT, "sanction_id": CorrectionsSanction}},
    guards=[minors_guard],
    sync_to_thread=True,
)
def sanction_decision(
    request: Req, db: Session, current_user: CurrentUser, subject_id: int, sanction_id: int
) -> Template:
    """训诫/警告决定书 (and praise)."""
    subject = load_subject(db, current_user, subject_id)
    row = db.get(CorrectionsSanction, sanction_id)
    if (
        row is None
        or row.subject_id != subject.id
        or row.kind not in (SanctionKind.PRAISE, SanctionKind.ADMONITION, SanctionKind.WARNING)
    ):
        raise NotFoundException()
    title = {"praise": "表扬决定书", "admonition": "训诫决定书", "warning": "警告决定书"}[row.kind]
    return Template(
        "corrections/documents/sanction.html",
        context=_context(request, db, subject, row=row, title=title),
    )


@get(
    "/subjects/{subject_id:int}/documents/leaves/{leave_id:int}",
    name="corrections_doc_leave",
    opt={"permission": VIEW, "records": {**SUBJECT, "leave_id": CorrectionsLeave}},
    guards=[minors_guard],
    sync_to_thread=True,
)
def leave_approval(
    request: Req, db: Session, current_user: CurrentUser, subject_id: int, leave_id: int
) -> Template:
    """外出审批表: the route, the decision and the return."""
    subject = load_subject(db, current_user, subject_id)
    row = db.get(CorrectionsLeave, leave_id)
    if row is None or row.subject_id != subject.id or row.status == LeaveStatus.PENDING:
        raise NotFoundException()
    return Template(
        "corrections/documents/leave.html", context=_context(request, db, subject, row=row)
    )


ROUTES = [announcement, release_certificate, sanction_decision, leave_approval]
