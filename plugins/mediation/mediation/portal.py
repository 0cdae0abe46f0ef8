"""人民调解网上申请 on the citizen portal (``/portal/mediation``), through the core's portal
hooks only.

A resident names the parties, what happened and where — the village or community, chosen
from the organisation tree. The application goes to that community's committee, or to the
township's when the community has none, and is registered there like any intake (the same
numbering, validation and audit): a party's written application. The applicant's status page
shows only the published milestones (received, accepted with session dates, refused with the
coded reason in plain words, agreement, performance, termination), never staff names, phones
or notes. Before acceptance the applicant may withdraw (recorded as 不予受理 — the party no
longer wants mediation); at the end they may rate the service once, which the satisfaction
indicator counts with the follow-up visits.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_429_TOO_MANY_REQUESTS,
)
from sqlmodel import Session, col, select

from core.api import (
    DuplicatePerson,
    DuplicateSubmission,
    InvalidPerson,
    OrgType,
    OrgUnit,
    PortalKind,
    PortalLimited,
    PortalRefusal,
    PortalStatus,
    PortalStep,
    active_plugins,
    conflict_on_duplicate,
    open_portal_application,
    portal_application_of,
    portal_limits,
    portal_link,
    portal_status_context,
    register_person,
)
from mediation import categories
from mediation.codes import (
    AGREEMENT_STATES,
    CaseStatus,
    RefusalReason,
    Satisfaction,
    TerminationReason,
    label,
)
from mediation.errors import IllegalTransition, InvalidInput, MediationError
from mediation.models import (
    MediationCase,
    MediationCommittee,
    MediationPortalRating,
    MediationSession,
)
from mediation.pages.common import FORM, PLUGIN, locale_of, now_of, settings_at, today_of
from mediation.services.cases import live_agreement
from mediation.services.intake import refuse_case, register_case

__all__ = ["PORTAL_KINDS", "PORTAL_ROUTES", "committee_for", "portal_status"]

KIND = "mediation.dispute"
MAX_COMMUNITIES = 1000
RATEABLE = frozenset({*AGREEMENT_STATES, CaseStatus.TERMINATED, CaseStatus.ARCHIVED})
WITHDRAWN_NOTE = "申请人通过网上服务撤回申请"


def communities(db: Session, platform: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """Villages and communities where mediation is on, grouped by their township."""
    rows = db.exec(
        select(OrgUnit)
        .where(OrgUnit.type == OrgType.COMMUNITY, col(OrgUnit.active).is_(True))
        .order_by(col(OrgUnit.path))
        .limit(MAX_COMMUNITIES)
    ).all()
    parents = {
        o.id: o
        for o in db.exec(
            select(OrgUnit).where(col(OrgUnit.id).in_({r.parent_id for r in rows}))
        ).all()
    }
    on: dict[int | None, bool] = {}
    groups: dict[str, list[tuple[str, str]]] = {}
    for org in rows:
        if org.parent_id not in on:  # the module is switched on per bureau: one look per township
            on[org.parent_id] = PLUGIN in active_plugins(db, platform.host, org.id)
        if on[org.parent_id]:
            parent = parents.get(org.parent_id)
            township = parent.name if parent is not None else ""
            groups.setdefault(township, []).append((str(org.id), org.name))
    return list(groups.items())


def _committee_under(db: Session, parent_id: int | None) -> MediationCommittee | None:
    if parent_id is None:
        return None
    return db.exec(
        select(MediationCommittee)
        .join(OrgUnit, OrgUnit.id == MediationCommittee.org_id)  # type: ignore[arg-type]
        .where(OrgUnit.parent_id == parent_id, col(OrgUnit.active).is_(True))
        .order_by(col(MediationCommittee.id))
    ).first()


def committee_for(db: Session, community: OrgUnit) -> MediationCommittee | None:
    """The community's own committee, else the township's (the committee under its parent)."""
    return _committee_under(db, community.id) or _committee_under(db, community.parent_id)


def _form(
    db: Session, platform: Any, request: Request[Any, Any, Any], status: int = 200, **context: Any
) -> Template:
    base = {
        "communities": communities(db, platform),
        "categories": categories.grouped_choices(),
        "values": {},
        "errors": {},
        "error": "",
        "locale": locale_of(request),
    }
    return Template("mediation/portal/apply.html", context={**base, **context}, status_code=status)


@get("/apply", name="mediation_portal_apply", sync_to_thread=True)
def apply_form(request: Request[Any, Any, Any], db: Session, platform: Any) -> Template:
    return _form(db, platform, request)


def _text(values: dict[str, Any], name: str) -> str:
    return str(values.get(name) or "").strip()


def _person(
    db: Session, values: dict[str, Any], prefix: str, org_id: int, today: date, *, id_required: bool
) -> tuple[int | None, dict[str, tuple[str, str]]]:
    """Register a party in the core registry (an identity number already known links to that
    person, and says nothing about them); returns its id or the field errors."""
    name = _text(values, f"{prefix}_name")
    number = _text(values, f"{prefix}_id_number")
    if not name:
        return None, {f"{prefix}_name": ("请填写姓名", "Enter the name")}
    if id_required and not number:
        return None, {f"{prefix}_id_number": ("请填写身份证号码", "Enter the identity number")}
    data: dict[str, Any] = {"name": name}
    if number:
        data.update(id_type="resident_id", id_number=number)
    else:
        data.update(id_type="none", no_id_reason="网上申请，申请人不掌握对方证件号码")
    phone = _text(values, f"{prefix}_phone")
    if phone:
        data["phone"] = phone
    try:
        return register_person(db, data, org_id=org_id, today=today).id, {}
    except DuplicatePerson as exc:
        return exc.person_id, {}
    except InvalidPerson as exc:
        return None, {
            f"{prefix}_{field}": (zh, exc.errors_en.get(field, zh))
            for field, zh in exc.errors.items()
        }


@post("/apply", name="mediation_portal_apply_submit", sync_to_thread=True)
def apply_submit(
    request: Request[Any, Any, Any], db: Session, platform: Any, data: dict[str, Any] = FORM
) -> Template:
    now, today, locale = now_of(request), today_of(request), locale_of(request)
    values = {k: v for k, v in data.items() if isinstance(v, str) and k != "_csrf_token"}
    try:
        phone = portal_limits(platform, request, _text(values, "applicant_phone"), now)
    except PortalLimited as refusal:
        return Template(
            "portal/refused.html",
            context={"message": refusal.en if locale == "en" else refusal.zh},
            status_code=HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": "3600"},
        )
    except PortalRefusal as refusal:
        phone, errors = "", {"applicant_phone": (refusal.zh, refusal.en)}
    else:
        errors = {}
    community = None
    raw = _text(values, "community_id")
    if raw.isascii() and raw.isdigit() and len(raw) <= 9:  # an id a column can hold
        community = db.get(OrgUnit, int(raw))
    if community is None or community.type != OrgType.COMMUNITY or not community.active:
        errors["community_id"] = (
            "请选择纠纷发生地所在的村（社区）",
            "Choose the village or community",
        )
        committee = None
    else:
        committee = committee_for(db, community)
        if committee is None or PLUGIN not in active_plugins(db, platform.host, committee.org_id):
            errors["community_id"] = (
                "该村（社区）及所在乡镇暂无人民调解委员会受理网上申请，请拨打12348",
                "No mediation committee takes online applications there; call 12348",
            )
            committee = None
    if values.get("consent") not in ("1", "on"):
        errors["consent"] = (
            "请阅读并同意个人信息保护说明",
            "Please consent to the use of your data",
        )
    case = None
    try:
        if committee is not None:
            applicant, problems = _person(
                db,
                {**values, "applicant_phone": phone},
                "applicant",
                committee.org_id,
                today,
                id_required=True,
            )
            errors.update(problems)
            respondent, problems = _person(
                db, values, "respondent", committee.org_id, today, id_required=False
            )
            errors.update(problems)
            if applicant is not None and applicant == respondent:
                errors["respondent_name"] = (
                    "被申请人不能是申请人本人",
                    "The respondent cannot be you",
                )
            if errors:
                raise InvalidInput(errors)
            case = register_case(
                db,
                committee.id,  # type: ignore[arg-type]
                {
                    "source": "party_application",
                    "application_form": "written",
                    "application_text": "网上申请（群众端）",
                    "category_code": _text(values, "category_code"),
                    "description": values.get("description", ""),
                    "place": values.get("place", ""),
                    "occurred_on": _text(values, "occurred_on"),
                    "people_involved": "2",
                },
                [
                    {"role": "applicant", "person_id": applicant},
                    {"role": "respondent", "person_id": respondent},
                ],
                actor_id=None,
                today=today,
                visible_people=select(OrgUnit.id),
            )
        if errors:
            raise InvalidInput(errors)
    except InvalidInput as exc:
        db.rollback()
        merged = {**errors, **{f: (zh, exc.errors_en.get(f, zh)) for f, zh in exc.errors.items()}}
        return _form(
            db,
            platform,
            request,
            HTTP_422_UNPROCESSABLE_ENTITY,
            values=values,
            errors={f: (en if locale == "en" else zh) for f, (zh, en) in merged.items()},
            error="请按提示修改后重新提交"
            if locale != "en"
            else "Please correct the marked fields",
        )
    assert case is not None and committee is not None
    _, token = open_portal_application(
        db,
        platform,
        kind=KIND,
        record_id=case.id,  # type: ignore[arg-type]
        org_id=case.org_id,
        number=case.case_number or "",
        phone=phone,
        now=now,
    )
    org = db.get(OrgUnit, committee.org_id)
    return Template(
        "portal/done.html",
        context={
            "number": case.case_number,
            "handled_by": org.name if org else "",
            "due": None,
            "link": portal_link(platform.settings, token),
        },
    )


def portal_status(db: Session, case_id: int) -> PortalStatus:
    """What the applicant may see of a case: the published milestones only."""
    case = db.get(MediationCase, case_id)
    if case is None:
        return PortalStatus("已撤销", "Removed", "", [], closed=True)
    org = db.get(OrgUnit, case.org_id)
    status = CaseStatus(case.status)
    steps = [
        PortalStep(
            case.registered_on,
            "已收到申请",
            "Application received",
            f"编号{case.case_number}",
            f"No. {case.case_number}",
        )
    ]
    state = ("已收到，等待受理", "Received, awaiting acceptance")
    if case.refused_on is not None and status is CaseStatus.REFUSED:
        reason = RefusalReason(case.refusal_reason) if case.refusal_reason else None
        withdrawn = case.refusal_note == WITHDRAWN_NOTE
        if withdrawn:
            steps.append(
                PortalStep(case.refused_on, "您已撤回申请", "You withdrew the application")
            )
            state = ("已撤回", "Withdrawn")
        else:
            steps.append(
                PortalStep(
                    case.refused_on,
                    "不予受理",
                    "Not accepted",
                    f"理由：{label(RefusalReason, reason)}" if reason else "",
                    f"Reason: {label(RefusalReason, reason, 'en')}" if reason else "",
                )
            )
            state = ("不予受理", "Not accepted")
    if case.accepted_on is not None:
        steps.append(
            PortalStep(
                case.accepted_on,
                "已受理",
                "Accepted",
                "调委会已受理，将组织调解",
                "The committee will mediate",
            )
        )
        state = ("已受理", "Accepted")
        for held in db.exec(
            select(MediationSession.held_on)
            .where(MediationSession.case_id == case.id)
            .order_by(col(MediationSession.held_on))
        ).all():
            steps.append(PortalStep(held, "调解", "Mediation session", "", ""))
    agreement = live_agreement(db, case.id)  # type: ignore[arg-type]
    if agreement is not None:
        steps.append(
            PortalStep(
                agreement.concluded_on,
                "达成调解协议",
                "Agreement reached",
                f"约定履行期限：{agreement.performance_deadline}",
                f"To be performed by {agreement.performance_deadline}",
            )
        )
        state = ("已达成调解协议", "Agreement reached")
        if agreement.performed_on is not None:
            steps.append(
                PortalStep(agreement.performed_on, "协议已履行完毕", "Agreement performed")
            )
            state = ("协议已履行", "Agreement performed")
    if status is CaseStatus.TERMINATED and case.terminated_on is not None:
        reason_t = TerminationReason(case.termination_reason) if case.termination_reason else None
        steps.append(
            PortalStep(
                case.terminated_on,
                "调解终止",
                "Mediation ended",
                label(TerminationReason, reason_t) if reason_t else "",
                label(TerminationReason, reason_t, "en") if reason_t else "",
            )
        )
        state = ("调解终止", "Mediation ended")
    rating = db.exec(
        select(MediationPortalRating).where(MediationPortalRating.case_id == case.id)
    ).first()
    if rating is not None:
        steps.append(
            PortalStep(
                rating.rated_on,
                "您已评价",
                "You rated the service",
                label(Satisfaction, Satisfaction(rating.satisfaction)),
                "",
            )
        )
    rateable = status in RATEABLE and rating is None
    return PortalStatus(
        state_zh=state[0],
        state_en=state[1],
        handled_by=org.name if org else "",
        steps=steps,
        closed=status in (CaseStatus.REFUSED, CaseStatus.ARCHIVED) or rating is not None,
        panel="mediation/portal/_panel.html",
        panel_context={
            "can_withdraw": status is CaseStatus.REGISTERED,
            "can_rate": rateable,
            "satisfactions": [
                (s.value, label(Satisfaction, s), label(Satisfaction, s, "en"))
                for s in Satisfaction
            ],
        },
    )


def _proved(request: Request[Any, Any, Any], db: Session, token: str) -> Any:
    application = portal_application_of(request, db, token)
    if application is None or application.kind != KIND:
        return None
    return application


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
    """The applicant's status page again, with what the action did (or why it could not)."""
    context = portal_status_context(
        db, platform.host, application, token, locale_of(request), message=message, error=error
    )
    if context is None:
        return Template("portal/not_found.html", status_code=HTTP_404_NOT_FOUND)
    return Template("portal/status.html", context=context, status_code=status)


@post("/a/{token:str}/withdraw", name="mediation_portal_withdraw", sync_to_thread=True)
def withdraw(
    request: Request[Any, Any, Any], db: Session, platform: Any, token: str
) -> Template | Redirect:
    application = _proved(request, db, token)
    if application is None:
        return Redirect(f"/portal/a/{token}", status_code=303)
    case = db.get(MediationCase, application.record_id)
    locale = locale_of(request)
    try:
        if case is None:
            raise IllegalTransition("申请不存在", "No such application")
        refuse_case(
            db,
            case.id,  # type: ignore[arg-type]
            {"refusal_reason": RefusalReason.PARTY_REFUSES.value, "refusal_note": WITHDRAWN_NOTE},
            expected_version=case.version,
            today=today_of(request),
            settings=settings_at(db, platform, case.org_id),
        )
    except MediationError as exc:
        db.rollback()
        error = exc.message_en if locale == "en" else exc.message
        if isinstance(exc, IllegalTransition):
            error = (
                "调委会已受理或已作出决定，不能再网上撤回；请联系调委会"
                if locale != "en"
                else "The committee has already acted; contact it to withdraw"
            )
        return _answer(
            request, db, platform, token, application, status=HTTP_409_CONFLICT, error=error
        )
    return _answer(
        request,
        db,
        platform,
        token,
        application,
        message="已撤回申请" if locale != "en" else "Application withdrawn",
    )


@post("/a/{token:str}/rate", name="mediation_portal_rate", sync_to_thread=True)
def rate(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    token: str,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    application = _proved(request, db, token)
    if application is None:
        return Redirect(f"/portal/a/{token}", status_code=303)
    locale = locale_of(request)
    case = db.get(MediationCase, application.record_id)
    if case is None:
        return Template("portal/not_found.html", status_code=HTTP_404_NOT_FOUND)
    raw = str(data.get("satisfaction", ""))
    if raw not in {s.value for s in Satisfaction}:
        error = "请选择满意程度" if locale != "en" else "Choose how satisfied you are"
        return _answer(
            request,
            db,
            platform,
            token,
            application,
            status=HTTP_422_UNPROCESSABLE_ENTITY,
            error=error,
        )
    already = db.exec(
        select(MediationPortalRating.id).where(MediationPortalRating.case_id == case.id)
    ).first()
    if CaseStatus(case.status) not in RATEABLE or already is not None:
        error = (
            "现在不能评价，或您已评价过"
            if locale != "en"
            else "You cannot rate now, or already did"
        )
        return _answer(
            request, db, platform, token, application, status=HTTP_409_CONFLICT, error=error
        )
    try:
        with conflict_on_duplicate(db, "mediation_portal_rating"):
            db.add(
                MediationPortalRating(
                    case_id=case.id,
                    org_id=case.org_id,
                    rated_on=today_of(request),
                    satisfaction=raw,
                )
            )  # type: ignore[arg-type]
            db.flush()
    except DuplicateSubmission:
        error = "您已评价过" if locale != "en" else "You already rated this"
        return _answer(
            request, db, platform, token, application, status=HTTP_409_CONFLICT, error=error
        )
    return _answer(
        request,
        db,
        platform,
        token,
        application,
        message="感谢您的评价" if locale != "en" else "Thank you for your rating",
    )


PORTAL_KINDS = [
    PortalKind(
        code=KIND,
        label_zh="申请人民调解",
        label_en="Apply for people's mediation",
        intro_zh="邻里、婚姻家庭、宅基地、劳务等民间纠纷，由村（社区）或乡镇人民调解委员会免费调解。",
        intro_en="Free mediation of disputes between neighbours, in families, over land or wages.",
        apply_path="apply",
        status=portal_status,
        order=10,
    )
]
PORTAL_ROUTES = [apply_form, apply_submit, withdraw, rate]
