"""The rota pages (排班): a month at a glance, the planner, the door sign, the phone feed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Response, Template
from litestar.status_codes import HTTP_409_CONFLICT, HTTP_422_UNPROCESSABLE_ENTITY
from sqlmodel import Session, col, select

from clinic.codes import SessionStatus, label
from clinic.errors import ClinicError, Message, localized
from clinic.ical import provider_feed
from clinic.models import ClinicProvider, ClinicRoom, ClinicSession
from clinic.pages.common import (
    FORM,
    int_or_none,
    locale_of,
    may,
    month_of,
    today_of,
)
from clinic.permissions import MANAGE, VIEW
from clinic.planner import Infeasible, describe_weekday, month_days
from clinic.services.rota import (
    MonthDraft,
    RotaChanged,
    claim_rota,
    draft_month,
    holiday_collisions,
    provisional_plan_note,
    rota_stamp,
    save_month,
)
from core.api import (
    N_,
    CurrentUser,
    OrgType,
    OrgUnit,
    StaleRecord,
    active_plugins,
    hold_write_lock,
    load_calendar,
)

CLINIC = {"clinic_id": ClinicRoom}


def _roots(db: Session, user: CurrentUser) -> list[OrgUnit]:
    """The bureau and stations the user may look at, for the organisation filter."""
    scope = user.scope(db, VIEW)
    return list(
        db.exec(
            select(OrgUnit)
            .where(
                col(OrgUnit.id).in_(scope.org_ids_select()),
                col(OrgUnit.type).in_([OrgType.BUREAU, OrgType.STATION]),
                col(OrgUnit.active).is_(True),
            )
            .order_by(OrgUnit.path)
            .limit(100)
        ).all()
    )


def _month_rows(
    db: Session, user: CurrentUser, org: OrgUnit | None, year: int, month: int, *, mine: bool
) -> Any:
    days = month_days(year, month)
    scope = user.scope(db, VIEW)
    query = (
        select(ClinicSession, ClinicRoom, ClinicProvider, OrgUnit)
        .join(ClinicRoom, ClinicRoom.id == ClinicSession.clinic_id)  # type: ignore[arg-type]
        .join(ClinicProvider, ClinicProvider.id == ClinicSession.provider_id)  # type: ignore[arg-type]
        .join(OrgUnit, OrgUnit.id == ClinicSession.org_id)  # type: ignore[arg-type]
        .where(
            scope.where(ClinicSession.org_id),
            ClinicSession.day >= days[0],
            ClinicSession.day <= days[-1],
        )
        .order_by(ClinicSession.day, ClinicRoom.name)
    )
    if org is not None and not mine:
        query = query.where(col(OrgUnit.path).startswith(org.path))
    if mine:
        query = query.where(ClinicProvider.account_id == user.id)
    return db.exec(query).all()


@get("/rota", name="clinic_rota", opt={"permission": VIEW}, sync_to_thread=True)
def rota(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    """The month's sessions under the chosen station: 定点 (clinic), 定人 (provider), 定时 (day)."""
    return _rota_page(request, db, current_user)


def _rota_page(
    request: Request[Any, Any, Any],
    db: Session,
    user: CurrentUser,
    *,
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> Template:
    today = today_of(request)
    values = extra.get("values", {}) if extra else {}
    year, month = month_of(values.get("month") or request.query_params.get("month"), today)
    roots = _roots(db, user)
    org_id = int_or_none(values.get("org_id") or request.query_params.get("org_id"))
    org = next((o for o in roots if o.id == org_id), roots[0] if roots else None)
    mine = request.query_params.get("mine") == "1"
    rows = _month_rows(db, user, org, year, month, mine=mine)
    known = load_calendar(db).is_known_year(year)
    colliding = {r.id for r in holiday_collisions(db, [row[0] for row in rows])}
    previous = (month_days(year, month)[0] - timedelta(days=1)).strftime("%Y-%m")
    following = (month_days(year, month)[-1] + timedelta(days=1)).strftime("%Y-%m")
    return Template(
        "clinic/rota.html",
        context={
            "rows": rows,
            "roots": roots,
            "org": org,
            "month": f"{year}-{month:02d}",
            "year": year,
            "month_number": month,
            "previous": previous,
            "following": following,
            "today": today,
            "mine": mine,
            "can_plan": org is not None and may(db, user, MANAGE, org.id),  # type: ignore[arg-type]
            # the rota as this page shows it: a plan posted from an older page is refused
            "stamp": rota_stamp(db, org.id, year, month) if org is not None else "",  # type: ignore[arg-type]
            "status_label": lambda code: label(code, locale_of(request)),
            "problems": [],
            "warnings": [],
            "provisional_note": ""
            if known
            else localized(provisional_plan_note(year), locale_of(request)),
            "collisions": [row for row in rows if row[0].id in colliding],
            **(extra or {}),
        },
        status_code=status,
    )


@post("/rota/plan", opt={"permission": MANAGE}, sync_to_thread=True)
def plan(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    platform: Any,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Plan the month for a station (or the bureau); infeasible → 422 naming clinic and date."""
    org_id = int_or_none(data.get("org_id"))
    if org_id is None or not may(db, current_user, MANAGE, org_id):
        raise NotFoundException()
    year, month = month_of(data.get("month"), today_of(request))
    months = [(year, month)]
    if data.get("span") == "quarter":  # this month and the two after, one after the other
        for _ in range(2):
            year, month = (year + (month == 12), month % 12 + 1)
            months.append((year, month))
    stamp = data.get("rota")
    stamp = str(stamp) if stamp is not None else None
    try:
        # A page opened before the rota changed (or this form sent again): refuse at once.
        if stamp is not None and rota_stamp(db, org_id, *months[0]) != stamp:
            raise RotaChanged()
        # Plan without holding the write lock (the solver may take seconds), then save in a
        # short transaction that first checks nothing changed meanwhile.
        drafts: list[MonthDraft] = []
        for y, m in months:
            drafts.append(draft_month(db, platform.host, org_id, y, m, earlier=drafts))
        hold_write_lock(db)  # SQLite: a savepoint that reads then writes must start as writer
        with db.begin_nested():
            claim_rota(db, org_id, *months[0], stamp)
            results = [save_month(db, platform.host, draft) for draft in drafts]
    except StaleRecord as exc:
        locale = locale_of(request)
        return _rota_page(
            request,
            db,
            current_user,
            status=HTTP_409_CONFLICT,
            extra={"values": data, "problems": [exc.message_en if locale == "en" else exc.message]},
        )
    except Infeasible as exc:
        return _rota_page(
            request,
            db,
            current_user,
            status=HTTP_422_UNPROCESSABLE_ENTITY,
            extra={
                "values": data,
                "problems": [localized(p.message, locale_of(request)) for p in exc.problems],
            },
        )
    except ClinicError as exc:
        return _rota_page(
            request,
            db,
            current_user,
            status=HTTP_422_UNPROCESSABLE_ENTITY,
            extra={"values": data, "problems": [exc.localized(locale_of(request))]},
        )
    locale = locale_of(request)
    notice = Message(
        N_("已排定{count}场接诊（用时{seconds}秒）"),
        count=sum(len(r.assignments) for r in results),
        seconds=f"{sum(r.seconds for r in results):.1f}",
    )
    return _rota_page(
        request,
        db,
        current_user,
        extra={
            "values": data,
            "notice": localized(notice, locale),
            "warnings": [localized(w, locale) for r in results for w in r.warnings],
        },
    )


@get(
    "/clinics/{clinic_id:int}/sign",
    name="clinic_sign",
    opt={"permission": VIEW, "records": CLINIC},
    sync_to_thread=True,
)
def door_sign(request: Request[Any, Any, Any], db: Session, clinic_id: int) -> Template:
    """The printable monthly sheet on the clinic door: 定点·定人·定时·定责."""
    clinic = db.get(ClinicRoom, clinic_id)
    assert clinic is not None
    year, month = month_of(request.query_params.get("month"), today_of(request))
    days = month_days(year, month)
    sessions = db.exec(
        select(ClinicSession, ClinicProvider)
        .join(ClinicProvider, ClinicProvider.id == ClinicSession.provider_id)  # type: ignore[arg-type]
        .where(
            ClinicSession.clinic_id == clinic_id,
            ClinicSession.day >= days[0],
            ClinicSession.day <= days[-1],
            col(ClinicSession.status) != SessionStatus.CANCELLED,
        )
        .order_by(ClinicSession.day)
    ).all()
    return Template(
        "clinic/sign.html",
        context={
            "clinic": clinic,
            "community": db.get(OrgUnit, clinic.org_id),
            "sessions": sessions,
            "year": year,
            "month": month,
            "provisional_note": ""
            if load_calendar(db).is_known_year(year)
            else localized(provisional_plan_note(year), locale_of(request)),
            "weekday": describe_weekday(clinic.preferred_weekday),
            "weekdays": "一二三四五六日",
        },
    )


@get(
    "/ical/{token:str}",
    name="clinic_ical",
    opt={"public": True},
    sync_to_thread=True,
)
def ical_feed(
    request: Request[Any, Any, Any], db: Session, platform: Any, token: str
) -> Response[bytes]:
    """A provider's sessions for their phone calendar; the unguessable token is the key.

    Public because phone calendars cannot sign in. An unknown token, a disabled provider or
    a bureau that switched the module off all answer 404, the same as a wrong address.
    """
    name = token.removesuffix(".ics")
    provider = (
        db.exec(select(ClinicProvider).where(ClinicProvider.ical_token == name)).first()
        if len(name) >= 32
        else None
    )
    if provider is None or not provider.active:
        raise NotFoundException()
    if "clinic" not in active_plugins(db, platform.host, provider.org_id):
        raise NotFoundException()
    return Response(
        provider_feed(db, provider, today=today_of(request)),
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300"},
    )


ROUTES = [rota, plan, door_sign, ical_feed]
