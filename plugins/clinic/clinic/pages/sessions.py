"""The session page (接诊): check in, record consultations (and refer them on), move the
session by hand with a live clash check (htmx), and ask for or decide a swap (换班)."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from sqlmodel import Session, col, select

from clinic.codes import CATEGORIES, REFERRAL_OF, Outcome, SwapStatus, choices, label
from clinic.errors import ClinicError, Conflict, InvalidInput, localized
from clinic.models import (
    ClinicConsultation,
    ClinicProvider,
    ClinicRoom,
    ClinicSession,
    ClinicSwapRequest,
)
from clinic.pages.common import (
    FORM,
    failed,
    int_or_none,
    locale_of,
    may,
    now_of,
    today_of,
)
from clinic.permissions import ATTEND, MANAGE, VIEW
from clinic.services import sessions as service
from clinic.services.rota import (
    bureau_of,
    move_session,
    providers_for,
    session_conflicts,
    station_of,
)
from clinic.services.swaps import approve_swap, reject_swap, request_swap
from core.api import (
    N_,
    CurrentUser,
    OrgType,
    OrgUnit,
    PersonNotFound,
    StaleRecord,
    get_person,
    lock_for_change,
    masked,
    touch,
)

SESSION = {"session_id": ClinicSession}
SWAP = {"swap_id": ClinicSwapRequest}
TEMPLATE = "clinic/session.html"


RECEIVER_TYPES = (
    OrgType.MEDIATION_COMMITTEE,
    OrgType.LEGAL_AID_CENTRE,
    OrgType.PUBLIC_LEGAL_SERVICE_CENTRE,
    OrgType.STATION,
    OrgType.BUREAU,
)


def _receivers(db: Session, platform: Any, row: ClinicSession) -> dict[str, list[OrgUnit]]:
    """For each referral outcome, the organisations of the clinic's bureau that can receive it
    (a mediation committee, a legal-aid centre), whether or not the user may browse them.

    Empty when the target's module is not installed or not on, so the page can say so.
    """
    bureau = db.get(OrgUnit, bureau_of(db, row.org_id) or row.org_id)
    assert bureau is not None
    candidates = db.exec(
        select(OrgUnit)
        .where(
            col(OrgUnit.active).is_(True),
            col(OrgUnit.type).in_(RECEIVER_TYPES),
            col(OrgUnit.path).startswith(bureau.path),
        )
        .order_by(OrgUnit.path)
        .limit(300)
    ).all()
    found: dict[str, list[OrgUnit]] = {outcome: [] for outcome in REFERRAL_OF}
    # The clinic's own village first, then the rest of its station, then the other stations.
    here = db.get(OrgUnit, row.org_id)
    station = db.get(OrgUnit, station_of(db, row.org_id) or row.org_id)

    def nearness(org: OrgUnit) -> tuple[int, str]:
        if here is not None and org.path.startswith(here.path):
            return 0, org.path
        if station is not None and org.path.startswith(station.path):
            return 1, org.path
        return 2, org.path

    for org in sorted(candidates, key=nearness):
        codes = service.available_targets(db, platform.host, org.id)  # type: ignore[arg-type]
        for outcome, target in REFERRAL_OF.items():
            if target in codes:
                found[outcome].append(org)
    return found


def _context(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    user: CurrentUser,
    row: ClinicSession,
    **extra: Any,
) -> dict[str, Any]:
    locale = locale_of(request)
    clinic = db.get(ClinicRoom, row.clinic_id)
    provider = db.get(ClinicProvider, row.provider_id)
    consultations = db.exec(
        select(ClinicConsultation)
        .where(ClinicConsultation.session_id == row.id)
        .order_by(ClinicConsultation.id)
    ).all()
    people = {}
    for c in consultations:
        if c.person_id:
            try:
                scope = user.scope(db, "core.people.view")
                people[c.person_id] = masked(
                    get_person(db, c.person_id, org_ids_select=scope.org_ids_select())
                )
            except PersonNotFound:
                pass
    swaps = db.exec(
        select(ClinicSwapRequest)
        .where(ClinicSwapRequest.session_id == row.id)
        .order_by(col(ClinicSwapRequest.id).desc())
    ).all()
    roster = providers_for(db, row.org_id)
    return {
        "row": row,
        "clinic": clinic,
        "community": db.get(OrgUnit, row.org_id),
        "provider": provider,
        "roster": roster,
        "names": {p.id: p.name for p in roster},
        "consultations": consultations,
        "people": people,
        "swaps": swaps,
        "receivers": _receivers(db, platform, row),
        "categories": [(k, v[1] if locale == "en" else v[0]) for k, v in CATEGORIES.items()],
        "outcomes": choices(Outcome, locale),
        "referral_of": REFERRAL_OF,
        "label": lambda code: label(code, locale),
        "can_attend": may(db, user, ATTEND, row.org_id),
        "is_provider": provider is not None and provider.account_id == user.id,
        "can_manage": may(db, user, MANAGE, row.org_id),
        "today": today_of(request),
        "values": {},
        "errors": {},
        "move_values": {},
        **extra,
    }


@get(
    "/sessions/{session_id:int}",
    name="clinic_session",
    opt={"permission": VIEW, "records": SESSION},
    sync_to_thread=True,
)
def session_detail(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    current_user: CurrentUser,
    session_id: int,
) -> Template:
    row = db.get(ClinicSession, session_id)
    assert row is not None
    notice = {
        "checked_in": N_("已签到，可以登记咨询"),
        "saved": N_("咨询已登记"),
        "moved": N_("排班已调整"),
        "swap": N_("换班申请已提交，等待司法所审批"),
    }.get(request.query_params.get("done", ""))
    if notice is not None:
        notice = localized(notice, locale_of(request))
    return Template(
        TEMPLATE, context=_context(request, db, platform, current_user, row, notice=notice)
    )


@post(
    "/sessions/{session_id:int}/checkin",
    opt={"permission": ATTEND, "records": SESSION},
    sync_to_thread=True,
)
def check_in(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    current_user: CurrentUser,
    session_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    row = db.get(ClinicSession, session_id)
    assert row is not None
    try:
        provider = db.get(ClinicProvider, row.provider_id)
        manager = may(db, current_user, MANAGE, row.org_id)
        if not manager and (provider is None or provider.account_id != current_user.id):
            raise ClinicError(
                "只有排定的律师本人（或司法所）可以签到；请先在律师名册中点“这是我本人”",
                "Only the scheduled provider (or the station) checks in",
            )
        service.check_in(
            db,
            row,
            now=now_of(request),
            today=today_of(request),
            version=int_or_none(data.get("version")),
            late=manager,
        )
    except (ClinicError, StaleRecord) as exc:
        context = _context(request, db, platform, current_user, row)
        return failed(TEMPLATE, context, exc, locale_of(request))
    return Redirect(
        f"/m/clinic/sessions/{session_id}?done=checked_in", status_code=HTTP_303_SEE_OTHER
    )


@post(
    "/sessions/{session_id:int}/consultations",
    opt={"permission": ATTEND, "records": SESSION},
    sync_to_thread=True,
)
def add_consultation(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    current_user: CurrentUser,
    session_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Record one consultation; a referral outcome opens the record in the receiving module."""
    row = db.get(ClinicSession, session_id)
    assert row is not None
    person_id = int_or_none(data.get("person_id"))
    other_id = int_or_none(data.get("other_party_id"))
    try:
        scope = current_user.scope(db, "core.people.view")
        for field, chosen in (("person_id", person_id), ("other_party_id", other_id)):
            if chosen is None:
                continue
            try:
                get_person(db, chosen, org_ids_select=scope.org_ids_select())
            except PersonNotFound:
                raise InvalidInput({field: N_("找不到该人员或无权查看")}) from None
        receiver = int_or_none(data.get("target_org_id"))
        target = REFERRAL_OF.get(str(data.get("outcome") or ""))
        if target is not None and receiver is not None:
            allowed = {o.id for o in _receivers(db, platform, row)[str(data["outcome"])]}
            if receiver not in allowed:
                raise InvalidInput({"target_org_id": N_("该单位不能接收此类转办")})
        service.record_consultation(
            db,
            platform.host,
            row,
            data,
            person_id=person_id,
            other_party_id=other_id,
            other_party={
                "name": str(data.get("other_party_name") or "").strip()[:50],
                "sex": str(data.get("other_party_sex") or ""),
            },
            actor_id=current_user.id,
        )
    except ClinicError as exc:
        context = _context(request, db, platform, current_user, row, values=data)
        return failed(TEMPLATE, context, exc, locale_of(request))
    return Redirect(f"/m/clinic/sessions/{session_id}?done=saved", status_code=HTTP_303_SEE_OTHER)


def _move_input(data: dict[str, Any]) -> tuple[int | None, date | None]:
    provider_id = int_or_none(data.get("provider_id"))
    try:
        day = date.fromisoformat(str(data.get("day") or ""))
    except ValueError:
        day = None
    return provider_id, day


@post(
    "/sessions/{session_id:int}/check",
    opt={"permission": MANAGE, "records": SESSION},
    sync_to_thread=True,
)
def check_move(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    session_id: int,
    data: dict[str, Any] = FORM,
) -> Template:
    """htmx: would this hand edit clash? Answers the feedback line only (always 200)."""
    row = db.get(ClinicSession, session_id)
    assert row is not None
    provider_id, day = _move_input(data)
    if provider_id is None or day is None:
        reasons = [N_("请选择律师和日期")]
    else:
        reasons = session_conflicts(db, platform.host, row, provider_id, day)
    locale = locale_of(request)
    return Template(
        "clinic/_move_feedback.html",
        context={"reasons": [localized(reason, locale) for reason in reasons]},
    )


@post(
    "/sessions/{session_id:int}/move",
    opt={"permission": MANAGE, "records": SESSION},
    sync_to_thread=True,
)
def move(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    current_user: CurrentUser,
    session_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """A hand edit of the rota; a clash is refused (422) with the reasons, nothing saved."""
    row = db.get(ClinicSession, session_id)
    assert row is not None
    provider_id, day = _move_input(data)
    try:
        if provider_id is None or day is None:
            raise Conflict([N_("请选择律师和日期")])
        move_session(
            db, platform.host, row, provider_id, day, int_or_none(data.get("version")) or 0
        )
    except (ClinicError, StaleRecord) as exc:
        context = _context(request, db, platform, current_user, row, move_values=data)
        return failed(TEMPLATE, context, exc, locale_of(request))
    return Redirect(f"/m/clinic/sessions/{session_id}?done=moved", status_code=HTTP_303_SEE_OTHER)


@post(
    "/sessions/{session_id:int}/swap",
    opt={"permission": ATTEND, "records": SESSION},
    sync_to_thread=True,
)
def ask_swap(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    current_user: CurrentUser,
    session_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    row = db.get(ClinicSession, session_id)
    assert row is not None
    try:
        to = int_or_none(data.get("to_provider_id"))
        if to is None:
            raise InvalidInput({"to_provider_id": N_("请选择接班的律师")})
        # A child of the session: lock it at the version the page showed (a second click
        # or a colleague's request is stale, 409) and bump it.
        lock_for_change(db, row, int_or_none(data.get("version")))
        request_swap(db, platform.host, row, to, str(data.get("reason") or ""))
        touch(row)
        db.add(row)
    except ClinicError as exc:
        context = _context(request, db, platform, current_user, row, swap_values=data)
        return failed(TEMPLATE, context, exc, locale_of(request))
    return Redirect(f"/m/clinic/sessions/{session_id}?done=swap", status_code=HTTP_303_SEE_OTHER)


@get("/swaps", name="clinic_swaps", opt={"permission": VIEW}, sync_to_thread=True)
def swap_list(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    """Swap requests in scope, pending first."""
    return Template("clinic/swaps.html", context=_swap_context(request, db, current_user))


def _swap_context(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> dict[str, Any]:
    scope = current_user.scope(db, VIEW)
    rows = db.exec(
        select(ClinicSwapRequest, ClinicSession, ClinicRoom)
        .join(ClinicSession, ClinicSession.id == ClinicSwapRequest.session_id)  # type: ignore[arg-type]
        .join(ClinicRoom, ClinicRoom.id == ClinicSession.clinic_id)  # type: ignore[arg-type]
        .where(scope.where(ClinicSwapRequest.org_id))
        .order_by(
            (ClinicSwapRequest.status != SwapStatus.PENDING),  # type: ignore[arg-type]
            col(ClinicSwapRequest.id).desc(),
        )
        .limit(100)
    ).all()
    ids = {s.from_provider_id for s, _, _ in rows} | {s.to_provider_id for s, _, _ in rows}
    names = dict(
        db.exec(
            select(ClinicProvider.id, ClinicProvider.name).where(col(ClinicProvider.id).in_(ids))
        ).all()
    )
    locale = locale_of(request)
    return {
        "rows": rows,
        "names": names,
        "label": lambda code: label(code, locale),
        "can_manage": current_user.can(MANAGE),
    }


@post(
    "/swaps/{swap_id:int}/decide",
    opt={"permission": MANAGE, "records": SWAP},
    sync_to_thread=True,
)
def decide_swap(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    current_user: CurrentUser,
    swap_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Approve (re-checked against the rota) or refuse; the providers' feeds follow."""
    swap = db.get(ClinicSwapRequest, swap_id)
    assert swap is not None
    try:
        if data.get("decision") == "approve":
            approve_swap(
                db,
                platform.host,
                swap,
                actor_id=current_user.id,
                now=now_of(request),
                version=int_or_none(data.get("version")),
            )
        else:
            reject_swap(
                db,
                swap,
                actor_id=current_user.id,
                now=now_of(request),
                version=int_or_none(data.get("version")),
            )
    except (ClinicError, StaleRecord) as exc:
        context = _swap_context(request, db, current_user)
        return failed("clinic/swaps.html", context, exc, locale_of(request))
    return Redirect("/m/clinic/swaps", status_code=HTTP_303_SEE_OTHER)


ROUTES = [
    session_detail,
    check_in,
    add_consultation,
    check_move,
    move,
    ask_swap,
    swap_list,
    decide_swap,
]
