"""The centre's case pages: the queue, registering applications and notices, one case with
its actions, the printable decision notices and the attachments.

Every action is its own route ``POST /cases/{case_id}/<action>`` declaring the case as its
record, so the core's guard answers 404 for a case outside the user's scope before the
handler runs. A refused action answers 422/409/400 with the case page and the input kept.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.response import File, Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from sqlalchemy import or_
from sqlmodel import Session, col, select

from core.api import (
    CurrentUser,
    OrgUnit,
    StaleRecord,
    due_items_of,
    due_state,
    get_person,
    masked,
    provisional_marks,
    provisional_of,
)
from legal_aid.codes import (
    CLOSED_STATES,
    NOTICE_MATTERS,
    Channel,
    ExemptGroup,
    Grade,
    Matter,
    QualityMethod,
    Satisfaction,
    Status,
    TerminationReason,
    choices,
    label,
)
from legal_aid.errors import LegalAidError
from legal_aid.models import (
    LegalAidAttachment,
    LegalAidCase,
    LegalAidComplaint,
    LegalAidHandover,
    LegalAidObjection,
    LegalAidProgress,
    LegalAidProvider,
    LegalAidQualityCheck,
    LegalAidSubsidy,
)
from legal_aid.pages.common import (
    FORM,
    MULTIPART,
    centres_in,
    error_context,
    form_values,
    int_or_none,
    locale_of,
    may,
    now_of,
    page_of,
    settings_for,
    today_of,
)
from legal_aid.pages.public import matter_groups, roster_choices
from legal_aid.permissions import CASES_EDIT, CASES_VIEW, HANDLE, QUALITY
from legal_aid.services import assignment, handling, quality, review
from legal_aid.services.cases import case_source, get_case
from legal_aid.services.clock import BEIJING, aware
from legal_aid.services.intake import (
    forward_due,
    forwarded_on_time,
    providers_of,
    register_application,
    register_notice,
)
from legal_aid.services.uploads import Upload, attachment_dir, check_upload, store_upload

RECORD = {"case_id": LegalAidCase}
DUE_KEYS = ("review_due", "assign_due", "report_due")  # the list's 期限 column, in order


def due_day(due_at: datetime) -> date:
    """The last day of a due time: the core stores "by the end of 2 Nov" as 3 Nov 00:00."""
    return (aware(due_at).astimezone(BEIJING) - timedelta(microseconds=1)).date()


PAGE_SIZE = 25
STAFF_CHANNELS = [c for c in Channel if c not in (Channel.NOTICE, Channel.REFERRAL, Channel.ONLINE)]


def _people(db: Session, case: LegalAidCase) -> dict[str, Any]:
    everyone = select(OrgUnit.id)
    out = {"applicant": masked(get_person(db, case.applicant_id, org_ids_select=everyone))}
    if case.representative_id:
        out["representative"] = masked(
            get_person(db, case.representative_id, org_ids_select=everyone)
        )
    return out


def _actions(
    db: Session, user: CurrentUser, case: LegalAidCase, today: date, platform: Any
) -> list[str]:
    status = Status(case.status)
    edit = may(db, user, CASES_EDIT, case.org_id)
    handle = may(db, user, HANDLE, case.org_id)
    qual = may(db, user, QUALITY, case.org_id)
    actions: list[str] = []
    threshold = settings_for(db, platform, case.org_id).advance_aid_days
    if edit and status is Status.APPLIED:
        actions += ["grant", "refuse", "handover"]
        if case.materials_requested_on is None:
            actions.append("materials")
    if edit and status is Status.MATERIALS:
        actions.append("supply")
    if (
        edit
        and status in (Status.APPLIED, Status.MATERIALS)
        and review.advance_aid_allowed(case, today, threshold)
    ):
        actions.append("advance")
    if edit and status is Status.GRANTED:
        actions += ["assign", "handover", "terminate"]
    if edit and status in (Status.REFUSED, Status.TERMINATED):
        actions.append("objection")
    if handle and status is Status.ASSIGNED:
        actions += ["progress", "terminate"]
        actions.append("report" if case.ended_on else "end")
    if qual and status is Status.ASSIGNED:
        actions.append("complaint")
    if qual and status in (Status.ASSIGNED, Status.CLOSED, Status.TERMINATED):
        actions += ["quality", "satisfaction"]
    return actions


def case_context(
    db: Session,
    platform: Any,
    user: CurrentUser,
    case: LegalAidCase,
    *,
    request: Request[Any, Any, Any],
    **extra: Any,
) -> dict[str, Any]:
    locale = locale_of(request)
    today = today_of(request)
    providers = {
        p.id: p
        for p in db.exec(select(LegalAidProvider).where(LegalAidProvider.org_id == case.org_id))
    }
    return {
        "case": case,
        "centre": db.get(OrgUnit, case.org_id),
        "people": _people(db, case),
        "label": label,
        "codes": {
            "Matter": Matter,
            "Status": Status,
            "Channel": Channel,
            "Grade": Grade,
            "QualityMethod": QualityMethod,
            "TerminationReason": TerminationReason,
            "Satisfaction": Satisfaction,
            "ExemptGroup": ExemptGroup,
        },
        "locale": locale,
        "today": today.isoformat(),
        "actions": _actions(db, user, case, today, platform),
        "providers": providers,
        "roster": providers_of(db, case.org_id),
        "progress": db.exec(
            select(LegalAidProgress)
            .where(LegalAidProgress.case_id == case.id)
            .order_by(col(LegalAidProgress.happened_on), col(LegalAidProgress.id))
        ).all(),
        "checks": db.exec(
            select(LegalAidQualityCheck)
            .where(LegalAidQualityCheck.case_id == case.id)
            .order_by(col(LegalAidQualityCheck.checked_on))
        ).all(),
        "complaints": db.exec(
            select(LegalAidComplaint).where(LegalAidComplaint.case_id == case.id)
        ).all(),
        "objections": db.exec(
            select(LegalAidObjection).where(LegalAidObjection.case_id == case.id)
        ).all(),
        "attachments": db.exec(
            select(LegalAidAttachment).where(LegalAidAttachment.case_id == case.id)
        ).all(),
        "can_upload": may(db, user, CASES_EDIT, case.org_id),
        "subsidy": db.exec(
            select(LegalAidSubsidy).where(LegalAidSubsidy.case_id == case.id)
        ).first(),
        "due_items": due_items_of(db, case_source(case.id)),
        "marks": provisional_of(db, case_source(case.id)),
        "due_day": due_day,
        "due_state": lambda item: due_state(item, now_of(request)).value,
        "forward_due": forward_due(db, case),
        "forwarded_on_time": forwarded_on_time(db, case),
        "centres": [c for c in centres_in(db, None) if c.id != case.org_id],
        "termination_reasons": choices(TerminationReason, locale),
        "methods": choices(QualityMethod, locale),
        "grades": choices(Grade, locale),
        "satisfactions": choices(Satisfaction, locale),
        "failed": "",
        "v": {},
        "errors": {},
        "error": "",
        "notice": "",
        **extra,
    }


def _detail(request, db, platform, user, case_id, status: int = 200, **extra) -> Template:
    case = get_case(db, case_id)
    return Template(
        "legal_aid/cases/detail.html",
        context=case_context(db, platform, user, case, request=request, **extra),
        status_code=status,
    )


@get("/cases", name="legal_aid_cases", opt={"permission": CASES_VIEW}, sync_to_thread=True)
def case_list(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    """The queue of the user's centres: filter by state and by number, newest first."""
    scope = current_user.scope(db, CASES_VIEW)
    query = select(LegalAidCase).where(scope.where(LegalAidCase.org_id))
    status = request.query_params.get("status", "")
    if status == "open":
        query = query.where(col(LegalAidCase.status).notin_([s.value for s in CLOSED_STATES]))
    elif status in {s.value for s in Status}:
        query = query.where(LegalAidCase.status == status)
    text = (request.query_params.get("q") or "").strip()
    if text:
        query = query.where(
            or_(col(LegalAidCase.number).contains(text), col(LegalAidCase.summary).contains(text))
        )
    page = page_of(
        db,
        query.order_by(col(LegalAidCase.received_at).desc(), col(LegalAidCase.id).desc()),
        int_or_none(request.query_params.get("page")) or 1,
        PAGE_SIZE,
    )
    locale = locale_of(request)
    ids = [c.id for c in page.rows]
    shown = {c.id: next((k for k in DUE_KEYS if getattr(c, k)), None) for c in page.rows}
    marks = {
        key: provisional_marks(db, "legal_aid", "case", ids, key)  # type: ignore[arg-type]
        for key in DUE_KEYS
    }
    return Template(
        "legal_aid/cases/list.html",
        context={
            "page": page,
            "marks": {c.id: marks[shown[c.id]].get(str(c.id)) for c in page.rows if shown[c.id]},
            "status": status,
            "q": text,
            "label": label,
            "Status": Status,
            "Matter": Matter,
            "Channel": Channel,
            "statuses": [
                ("open", "未办结" if locale != "en" else "Open"),
                *choices(Status, locale),
            ],
            "can_edit": current_user.can(CASES_EDIT),
            # Names are what a clerk looks for; masking applies to numbers, not names.
            "applicants": {
                c.applicant_id: get_person(
                    db, c.applicant_id, org_ids_select=select(OrgUnit.id)
                ).name
                for c in page.rows
            },
        },
        headers={"Vary": "HX-Request"},
    )


def _new_context(db: Session, user: CurrentUser, request, notice: bool) -> dict[str, Any]:
    locale = locale_of(request)
    return {
        "notice": notice,
        "centres": centres_in(db, user.scope(db, CASES_EDIT)),
        "matter_groups": matter_groups(locale),
        "notice_matters": [(m.value, label(Matter, m, locale)) for m in NOTICE_MATTERS],
        "channels": [(c.value, label(Channel, c, locale)) for c in STAFF_CHANNELS],
        "exempt_groups": choices(ExemptGroup, locale),
        "roster": roster_choices(db, centres_in(db, user.scope(db, CASES_EDIT))),
        "values": {"received_on": today_of(request).isoformat()},
        "errors": {},
        "error": "",
    }


@get("/cases/new", name="legal_aid_case_new", opt={"permission": CASES_EDIT}, sync_to_thread=True)
def new_application(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    return Template(
        "legal_aid/cases/new.html", context=_new_context(db, current_user, request, False)
    )


@get(
    "/notices/new", name="legal_aid_notice_new", opt={"permission": CASES_EDIT}, sync_to_thread=True
)
def new_notice(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    return Template(
        "legal_aid/cases/new.html", context=_new_context(db, current_user, request, True)
    )


def _register(request, db, user, data, notice: bool) -> Template | Redirect:
    values = form_values(data)
    scope = user.scope(db, CASES_EDIT)
    centre_id = int_or_none(values.get("centre_id"))
    try:
        if (
            centre_id is None
            or not scope.allows(db, centre_id)
            or centre_id not in {c.id for c in centres_in(db, scope)}
        ):
            from legal_aid.errors import InvalidInput

            raise InvalidInput(
                {"centre_id": ("请选择本单位可以登记的法律援助中心", "Choose a centre")}
            )
        people = user.scope(db, "core.people.view").org_ids_select()
        if notice:
            case = register_notice(
                db,
                centre_id,
                values,
                received_at=now_of(request),
                visible_people=people,
                actor_id=user.id,
            )
        else:
            channel_raw = values.get("channel", "")
            channel = (
                Channel(channel_raw)
                if channel_raw in {c.value for c in STAFF_CHANNELS}
                else Channel.WINDOW
            )
            case = register_application(
                db,
                centre_id,
                values,
                channel=channel,
                received_at=now_of(request),
                visible_people=people,
                actor_id=user.id,
            )
    except LegalAidError as exc:
        db.rollback()
        status, extra = error_context(exc, locale_of(request))
        context = _new_context(db, user, request, notice)
        context.update(extra, values=values)
        return Template("legal_aid/cases/new.html", context=context, status_code=status)
    return Redirect(f"/m/legal_aid/cases/{case.id}?registered=1", status_code=HTTP_303_SEE_OTHER)


@post(
    "/cases/new", name="legal_aid_case_create", opt={"permission": CASES_EDIT}, sync_to_thread=True
)
def create_application(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    return _register(request, db, current_user, data, False)


@post(
    "/notices/new",
    name="legal_aid_notice_create",
    opt={"permission": CASES_EDIT},
    sync_to_thread=True,
)
def create_notice(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    return _register(request, db, current_user, data, True)


@get(
    "/cases/{case_id:int}",
    name="legal_aid_case",
    opt={"permission": CASES_VIEW, "records": RECORD},
    sync_to_thread=True,
)
def case_detail(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    current_user: CurrentUser,
    case_id: int,
) -> Template:
    done = request.query_params.get("done", "")
    notice = NOTICES.get(done, "")
    if request.query_params.get("registered"):
        notice = "已登记。"
    return _detail(request, db, platform, current_user, case_id, notice=notice)


@get(
    "/cases/{case_id:int}/decision",
    name="legal_aid_case_decision",
    opt={"permission": CASES_VIEW, "records": RECORD},
    sync_to_thread=True,
)
def decision_notice(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    current_user: CurrentUser,
    case_id: int,
) -> Template:
    """The printable notice: 给予法律援助决定书 or 不予法律援助决定书 with its reasons."""
    case = get_case(db, case_id)
    if case.decided_on is None or case.status in (Status.WITHDRAWN,):
        raise NotFoundException()
    return Template(
        "legal_aid/cases/decision.html",
        context=case_context(db, platform, current_user, case, request=request),
    )


@get(
    "/attachments/{attachment_id:int}",
    name="legal_aid_attachment",
    opt={"permission": CASES_VIEW, "records": {"attachment_id": LegalAidAttachment}},
    sync_to_thread=True,
)
def attachment(db: Session, platform: Any, attachment_id: int) -> File:
    row = db.get(LegalAidAttachment, attachment_id)
    assert row is not None
    path = attachment_dir(Path(platform.settings.data_dir)) / row.stored_name
    if not path.is_file():
        raise NotFoundException()
    return File(path=path, filename=row.filename, media_type=row.content_type)


@post(
    "/cases/{case_id:int}/attachments",
    name="legal_aid_case_attach",
    opt={"permission": CASES_EDIT, "records": RECORD},
    sync_to_thread=True,
    request_max_body_size=64 * 1024 * 1024,
)
def attach(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    current_user: CurrentUser,
    case_id: int,
    data: dict[str, Any] = MULTIPART,
) -> Template | Redirect:
    """Add a material (补充材料、结案文书) to the case file: PDF/JPG/PNG within the size limit."""
    case = get_case(db, case_id)
    item = data.get("attachment")
    kind = str(data.get("kind") or "material")[:30]
    upload = (
        Upload(item.filename, item.file.read())
        if isinstance(item, UploadFile) and item.filename
        else None
    )
    max_mb = settings_for(db, platform, case.org_id).upload_max_mb
    problem = check_upload(upload, max_mb) if upload else ("请选择要上传的文件", "Choose a file")
    if problem:
        locale = locale_of(request)
        message = problem[1] if locale == "en" else problem[0]
        return _detail(
            request,
            db,
            platform,
            current_user,
            case_id,
            status=422,
            failed="attach",
            error=message,
            errors={"attachment": message},
        )
    assert upload is not None
    store_upload(
        db, platform.settings.data_dir, case_id, case.org_id, upload, kind=kind, now=now_of(request)
    )
    return Redirect(f"/m/legal_aid/cases/{case_id}", status_code=HTTP_303_SEE_OTHER)


# -- actions ----------------------------------------------------------------------------

Runner = Callable[..., Any]


def _run(name: str) -> Runner:
    table: dict[str, Runner] = {
        "materials": lambda db, cid, d, v, t, u, p: review.request_materials(db, cid, d, v, t),
        "supply": lambda db, cid, d, v, t, u, p: review.supply_materials(db, cid, d, v, t),
        "grant": lambda db, cid, d, v, t, u, p: review.grant(db, cid, d, v, t),
        "refuse": lambda db, cid, d, v, t, u, p: review.refuse(db, cid, d, v, t),
        "advance": lambda db, cid, d, v, t, u, p: review.grant_advance_aid(
            db, cid, v, t, settings_for(db, p, get_case(db, cid).org_id).advance_aid_days
        ),
        "objection": lambda db, cid, d, v, t, u, p: review.file_objection(db, cid, d, v, t),
        "assign": lambda db, cid, d, v, t, u, p: assignment.assign(
            db,
            cid,
            d,
            v,
            t,
            senior_years=settings_for(db, p, get_case(db, cid).org_id).senior_years,
        ),
        "handover": lambda db, cid, d, v, t, u, p: assignment.hand_over(db, cid, d, v, t),
        "progress": lambda db, cid, d, v, t, u, p: handling.log_progress(
            db, cid, d, t, u.id, version=v
        ),
        "terminate": lambda db, cid, d, v, t, u, p: handling.terminate(db, cid, d, v, t),
        "end": lambda db, cid, d, v, t, u, p: handling.end_matter(db, cid, d, v, t),
        "report": lambda db, cid, d, v, t, u, p: handling.submit_report(
            db, cid, d, v, t, platform=p
        ),
        "quality": lambda db, cid, d, v, t, u, p: quality.record_check(
            db, cid, d, t, actor_id=u.id, platform=p, version=v
        ),
        "complaint": lambda db, cid, d, v, t, u, p: quality.file_complaint(
            db,
            cid,
            d,
            v,
            t,
            senior_years=settings_for(db, p, get_case(db, cid).org_id).senior_years,
        ),
        "satisfaction": lambda db, cid, d, v, t, u, p: quality.record_satisfaction(
            db, cid, d, v, t
        ),
    }
    return table[name]


ACTION_PERMISSIONS = {
    "materials": CASES_EDIT,
    "supply": CASES_EDIT,
    "grant": CASES_EDIT,
    "refuse": CASES_EDIT,
    "advance": CASES_EDIT,
    "objection": CASES_EDIT,
    "assign": CASES_EDIT,
    "handover": CASES_EDIT,
    "progress": HANDLE,
    "terminate": HANDLE,
    "end": HANDLE,
    "report": HANDLE,
    "quality": QUALITY,
    "complaint": QUALITY,
    "satisfaction": QUALITY,
}
NOTICES = {
    "materials": "已一次性告知需补充的材料，审查期限暂停计算。",
    "supply": "材料已补齐，审查期限恢复计算。",
    "grant": "已决定给予法律援助，请在3日内指派。",
    "refuse": "已决定不予法律援助，请打印决定书送达申请人。",
    "advance": "已先行提供法律援助，请尽快指派并督促补办手续。",
    "assign": "已指派法律援助人员。",
    "report": "结案报告已提交，办案补贴已计算。",
}


def _action_route(name: str) -> Any:
    run = _run(name)

    @post(
        f"/cases/{{case_id:int}}/{name}",
        name=f"legal_aid_case_{name}",
        opt={"permission": ACTION_PERMISSIONS[name], "records": RECORD},
        sync_to_thread=True,
    )
    def handler(
        request: Request[Any, Any, Any],
        db: Session,
        platform: Any,
        current_user: CurrentUser,
        case_id: int,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        values = form_values(data)
        version = int_or_none(values.get("version"))
        try:
            run(db, case_id, values, version, today_of(request), current_user, platform)
        except (LegalAidError, StaleRecord) as exc:
            db.rollback()
            status, extra = error_context(exc, locale_of(request))
            return _detail(
                request,
                db,
                platform,
                current_user,
                case_id,
                status=status,
                failed=name,
                v=values,
                **extra,
            )
        suffix = f"?done={name}" if name in NOTICES else ""
        return Redirect(f"/m/legal_aid/cases/{case_id}{suffix}", status_code=HTTP_303_SEE_OTHER)

    return handler


@get("/handovers", name="legal_aid_handovers", opt={"permission": CASES_EDIT}, sync_to_thread=True)
def handovers(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    scope = current_user.scope(db, CASES_EDIT)
    rows = db.exec(
        select(LegalAidHandover, LegalAidCase)
        .join(LegalAidCase, LegalAidCase.id == LegalAidHandover.case_id)  # type: ignore[arg-type]
        .where(scope.where(LegalAidHandover.org_id))
        .order_by(col(LegalAidHandover.sent_on).desc())
        .limit(200)
    ).all()
    orgs = {
        o.id: o.name
        for o in db.exec(
            select(OrgUnit).where(col(OrgUnit.id).in_({h.from_org_id for h, _ in rows}))
        )
    }
    return Template("legal_aid/cases/handovers.html", context={"rows": rows, "orgs": orgs})


@post(
    "/handovers/{handover_id:int}/receive",
    name="legal_aid_handover_receive",
    opt={"permission": CASES_EDIT, "records": {"handover_id": LegalAidHandover}},
    sync_to_thread=True,
)
def receive(request: Request[Any, Any, Any], db: Session, handover_id: int) -> Redirect:
    try:
        case = assignment.receive_handover(db, handover_id, today_of(request))
    except LegalAidError:
        db.rollback()
        return Redirect("/m/legal_aid/handovers", status_code=HTTP_303_SEE_OTHER)
    return Redirect(f"/m/legal_aid/cases/{case.id}", status_code=HTTP_303_SEE_OTHER)


@post(
    "/objections/{objection_id:int}/decide",
    name="legal_aid_objection_decide",
    opt={"permission": CASES_EDIT, "records": {"objection_id": LegalAidObjection}},
    sync_to_thread=True,
)
def decide_objection(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    current_user: CurrentUser,
    objection_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    values = form_values(data)
    objection = db.get(LegalAidObjection, objection_id)
    assert objection is not None
    case_id = objection.case_id
    try:
        review.decide_objection(
            db, objection_id, values, int_or_none(values.get("version")), today_of(request)
        )
    except (LegalAidError, StaleRecord) as exc:
        db.rollback()
        status, extra = error_context(exc, locale_of(request))
        return _detail(
            request,
            db,
            platform,
            current_user,
            case_id,
            status=status,
            failed="decide_objection",
            v=values,
            **extra,
        )
    return Redirect(f"/m/legal_aid/cases/{case_id}", status_code=HTTP_303_SEE_OTHER)


ACTION_ROUTES = [_action_route(name) for name in ACTION_PERMISSIONS]
ROUTES = [
    case_list,
    new_application,
    new_notice,
    create_application,
    create_notice,
    case_detail,
    decision_notice,
    attachment,
    attach,
    handovers,
    receive,
    decide_objection,
    *ACTION_ROUTES,
]
