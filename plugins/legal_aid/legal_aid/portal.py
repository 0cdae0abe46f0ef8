"""法律援助 on the citizen portal: the application kind, its status timeline, and the
applicant's upload of missing materials (the review clock resumes), through core.api only.

The applicant sees the centre's name, the review deadline, the centre's list of missing
materials and their deadline, the decision (a refusal with its stated reasons, as on the
written notice), assignment (to the centre — never a lawyer's phone) and the end of the
case. Internal notes, the economic check and quality reviews are never shown.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, post
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
)
from sqlmodel import Session

from core.api import (
    OrgUnit,
    PortalKind,
    PortalStatus,
    PortalStep,
    StaleRecord,
    portal_application_of,
    portal_status_context,
)
from legal_aid.codes import Satisfaction, Status, label
from legal_aid.errors import LegalAidError
from legal_aid.models import LegalAidCase
from legal_aid.pages.common import MULTIPART, locale_of, now_of, today_of
from legal_aid.pages.public import MAX_FILES, PORTAL_KIND, _uploads
from legal_aid.services.quality import record_satisfaction
from legal_aid.services.review import (
    APPLICANT_WITHDREW,
    supply_materials,
    withdraw_by_applicant,
)
from legal_aid.services.uploads import check_upload, store_upload
from legal_aid.settings import settings_at

__all__ = ["PORTAL_KINDS", "PORTAL_MATERIAL_ROUTES", "portal_status"]

CLOSED = frozenset({Status.WITHDRAWN, Status.REFUSED, Status.TERMINATED, Status.CLOSED})
RATEABLE = frozenset({Status.CLOSED, Status.TERMINATED})
#: Before the centre decides, the applicant may withdraw from the portal.
WITHDRAWABLE = frozenset({Status.APPLIED, Status.MATERIALS})


def portal_status(db: Session, case_id: int) -> PortalStatus:
    """The published steps of a legal-aid application."""
    case = db.get(LegalAidCase, case_id)
    if case is None:
        return PortalStatus("已撤销", "Removed", "", [], closed=True)
    org = db.get(OrgUnit, case.org_id)
    status = Status(case.status)
    steps = [
        PortalStep(
            case.received_on,
            "已收到申请",
            "Application received",
            f"编号{case.number}",
            f"No. {case.number}",
        )
    ]
    if case.materials_requested_on is not None:
        steps.append(
            PortalStep(
                case.materials_requested_on,
                "需要补充材料",
                "Materials missing",
                f"{case.materials_list}（请于{case.materials_due}前补充）",
                f"{case.materials_list} (by {case.materials_due})",
            )
        )
    if case.materials_supplied_on is not None:
        steps.append(
            PortalStep(
                case.materials_supplied_on,
                "材料已补齐，继续审查",
                "Materials supplied; review resumed",
            )
        )
    if status in (Status.APPLIED,) and case.review_due is not None:
        steps.append(
            PortalStep(
                None, f"审查期限：{case.review_due}前作出决定", f"Decision due by {case.review_due}"
            )
        )
    if case.decided_on is not None and status is Status.REFUSED:
        steps.append(
            PortalStep(
                case.decided_on,
                "不予法律援助",
                "Legal aid refused",
                case.refusal_reason or "",
                case.refusal_reason or "",
            )
        )
    elif case.decided_on is not None and status is Status.WITHDRAWN:
        if case.result == APPLICANT_WITHDREW:
            steps.append(
                PortalStep(case.decided_on, "您已撤回申请", "You withdrew the application")
            )
        else:
            steps.append(
                PortalStep(case.decided_on, "逾期未补充材料，申请视为撤回", "Treated as withdrawn")
            )
    elif case.decided_on is not None:
        steps.append(PortalStep(case.decided_on, "决定给予法律援助", "Legal aid granted"))
    if case.assigned_on is not None:
        steps.append(
            PortalStep(
                case.assigned_on,
                "已指派法律援助人员",
                "A legal-aid provider was assigned",
                "由法律援助中心通知您承办人员",
                "",
            )
        )
    if case.ended_on is not None:
        steps.append(PortalStep(case.ended_on, "法律援助事项已办结", "The case has ended"))
    if case.satisfaction is not None:
        steps.append(
            PortalStep(
                case.surveyed_on,
                "已评价",
                "Rated",
                label(Satisfaction, case.satisfaction),
                label(Satisfaction, case.satisfaction, "en"),
            )
        )
    return PortalStatus(
        state_zh=label(Status, status),
        state_en=label(Status, status, "en"),
        handled_by=org.name if org else "",
        steps=steps,
        closed=status in CLOSED,
        panel="legal_aid/portal/_panel.html",
        panel_context={
            "needs_materials": status is Status.MATERIALS,
            "materials_list": case.materials_list or "",
            "materials_due": case.materials_due,
            "max_files": MAX_FILES,
            "can_rate": status in RATEABLE and case.satisfaction is None,
            "can_withdraw": status in WITHDRAWABLE,
            "version": case.version,
            "satisfactions": [
                (v.value, label(Satisfaction, v), label(Satisfaction, v, "en"))
                for v in Satisfaction
            ],
        },
    )


def _answer(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    token: str,
    application: Any,
    *,
    status: int = 200,
    message: str = "",
    error: str = "",
) -> Template:
    context = portal_status_context(
        db, platform.host, application, token, locale_of(request), message=message, error=error
    )
    if context is None:
        return Template("portal/not_found.html", status_code=HTTP_404_NOT_FOUND)
    return Template("portal/status.html", context=context, status_code=status)


@post(
    "/a/{token:str}/materials",
    name="legal_aid_portal_materials",
    sync_to_thread=True,
    request_max_body_size=64 * 1024 * 1024,
)
def upload_materials(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    token: str,
    data: dict[str, Any] = MULTIPART,
) -> Template | Redirect:
    """补充材料: the applicant's files are stored with the case, and the review clock resumes
    from today with the time not yet used."""
    application = portal_application_of(request, db, token)
    if application is None or application.kind != PORTAL_KIND:
        return Redirect(f"/portal/a/{token}", status_code=303)
    locale = locale_of(request)
    case = db.get(LegalAidCase, application.record_id)
    if case is None:
        return Template("portal/not_found.html", status_code=HTTP_404_NOT_FOUND)
    settings = settings_at(db, platform.host, case.org_id)
    uploads = _uploads(data)
    problem: tuple[str, str] | None = None
    if not uploads:
        problem = ("请选择要上传的材料", "Choose the files to upload")
    elif len(uploads) > MAX_FILES:
        problem = (f"附件最多{MAX_FILES}个", f"At most {MAX_FILES} files")
    for upload in uploads:
        problem = problem or check_upload(upload, settings.upload_max_mb)
    if problem is not None:
        error = problem[1] if locale == "en" else problem[0]
        return _answer(
            request,
            db,
            platform,
            token,
            application,
            status=HTTP_422_UNPROCESSABLE_ENTITY,
            error=error,
        )
    today = today_of(request)
    try:
        supply_materials(db, case.id, {"supplied_on": today.isoformat()}, case.version, today)  # type: ignore[arg-type]
    except (LegalAidError, StaleRecord) as exc:
        db.rollback()
        message = getattr(exc, "message", "")
        error = (
            f"现在不能补充材料：{message}" if locale != "en" else "Materials cannot be supplied now"
        )
        return _answer(
            request, db, platform, token, application, status=HTTP_409_CONFLICT, error=error
        )
    for upload in uploads:
        store_upload(
            db,
            platform.settings.data_dir,
            case.id,
            case.org_id,
            upload,
            kind="materials",
            now=now_of(request),  # type: ignore[arg-type]
        )
    message = (
        "材料已提交，审查继续进行" if locale != "en" else "Materials received; the review resumes"
    )
    return _answer(request, db, platform, token, application, message=message)


@post("/a/{token:str}/rate", name="legal_aid_portal_rate", sync_to_thread=True)
def rate(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    token: str,
    data: dict[str, Any] = MULTIPART,
) -> Template | Redirect:
    """The aided person's rating at the end, recorded as the case's satisfaction survey
    (counted by ``legal_aid.satisfaction_rate``)."""
    application = portal_application_of(request, db, token)
    if application is None or application.kind != PORTAL_KIND:
        return Redirect(f"/portal/a/{token}", status_code=303)
    locale = locale_of(request)
    case = db.get(LegalAidCase, application.record_id)
    if case is None:
        return Template("portal/not_found.html", status_code=HTTP_404_NOT_FOUND)
    if case.satisfaction is not None:
        error = "您已评价过" if locale != "en" else "You already rated this"
        return _answer(
            request, db, platform, token, application, status=HTTP_409_CONFLICT, error=error
        )
    today = today_of(request)
    choice = data.get("satisfaction")
    try:
        record_satisfaction(
            db,
            case.id,  # type: ignore[arg-type]
            {
                "satisfaction": choice if isinstance(choice, str) else "",
                "surveyed_on": today.isoformat(),
            },
            case.version,
            today,
        )
    except LegalAidError as exc:
        db.rollback()
        invalid = getattr(exc, "errors", None)
        status = HTTP_422_UNPROCESSABLE_ENTITY if invalid else HTTP_409_CONFLICT
        error = (
            ("请选择满意程度" if invalid else "现在不能评价")
            if locale != "en"
            else ("Choose how satisfied you are" if invalid else "You cannot rate now")
        )
        return _answer(request, db, platform, token, application, status=status, error=error)
    except StaleRecord:
        db.rollback()
        error = "您已评价过" if locale != "en" else "You already rated this"
        return _answer(
            request, db, platform, token, application, status=HTTP_409_CONFLICT, error=error
        )
    message = "感谢您的评价" if locale != "en" else "Thank you for your rating"
    return _answer(request, db, platform, token, application, message=message)


@post("/a/{token:str}/withdraw", name="legal_aid_portal_withdraw", sync_to_thread=True)
def withdraw(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    token: str,
    data: dict[str, Any] = MULTIPART,
) -> Template | Redirect:
    """撤回申请: before the centre's decision, at the version the status page showed; after
    it, the applicant is told to contact the centre."""
    application = portal_application_of(request, db, token)
    if application is None or application.kind != PORTAL_KIND:
        return Redirect(f"/portal/a/{token}", status_code=303)
    locale = locale_of(request)
    case = db.get(LegalAidCase, application.record_id)
    if case is None:
        return Template("portal/not_found.html", status_code=HTTP_404_NOT_FOUND)
    raw = data.get("version")
    version = int(raw) if isinstance(raw, str) and raw.isdigit() else None
    try:
        withdraw_by_applicant(db, case.id, version, today_of(request))  # type: ignore[arg-type]
    except (LegalAidError, StaleRecord):
        db.rollback()
        error = (
            "法律援助中心已作出决定或案件已有变化，不能再网上撤回；请联系法律援助中心"
            if locale != "en"
            else "The centre has already acted on it; contact the centre to withdraw"
        )
        return _answer(
            request, db, platform, token, application, status=HTTP_409_CONFLICT, error=error
        )
    message = "已撤回申请" if locale != "en" else "Application withdrawn"
    return _answer(request, db, platform, token, application, message=message)


PORTAL_KINDS = [
    PortalKind(
        code=PORTAL_KIND,
        label_zh="申请法律援助",
        label_en="Apply for legal aid",
        intro_zh="经济困难或属于特定群体的，可以申请免费的法律咨询、代写文书和诉讼代理。",
        intro_en="Free legal advice, documents and representation for people of limited means.",
        apply_path="apply",
        status=portal_status,
        order=20,
    )
]
PORTAL_MATERIAL_ROUTES = [upload_materials, rate, withdraw]
