"""The desk's pages, mounted by the core under ``/m/petitions/``.

The core's guard runs before every handler: anonymous users go to the login page, a missing
permission (``opt["permission"]``) answers 403, a module that is off for the user's bureau
404, and a visit outside the user's organisation subtree (``opt["records"]``) 404. Lists
still filter through ``current_user.scope``; people are read through the user's people
scope and shown masked (``core.api.masked``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
)
from sqlalchemy import func
from sqlmodel import Session, col, select

from core.api import (
    CurrentUser,
    OrgScope,
    OrgUnit,
    PersonNotFound,
    PersonView,
    ReferralRefused,
    StaleRecord,
    get_person,
    lock_for_change,
    masked,
)
from petitions.codes import CHANNEL_LABELS, MEDIATION_CATEGORIES, Channel
from petitions.models import PetitionVisit
from petitions.permissions import EDIT, REFER, VIEW
from petitions.services import (
    check_visit,
    hand_over,
    mediation_places,
    register_visit,
    update_visit,
)

PEOPLE = "core.people.view"
PAGE_SIZE = 25
FORM = Body(media_type=RequestEncodingType.URL_ENCODED)
RECORD = {"visit_id": PetitionVisit}
BEIJING = timezone(timedelta(hours=8))
STATES = {
    "open": "待告知",
    "overdue": "逾期未告知",
    "answered": "已告知",
    "referred": "已转交调解",
}


def _today(request: Request[Any, Any, Any]) -> date:
    """Today in China by the app's clock (tests put a fake clock in ``app.state``)."""
    clock = request.app.state.get("clock")
    now = clock() if clock is not None else datetime.now(UTC)
    return now.astimezone(BEIJING).date()


def _locale(request: Request[Any, Any, Any]) -> str:
    return str(request.scope.get("state", {}).get("locale", "zh"))


def _orgs(db: Session, scope: OrgScope) -> list[OrgUnit]:
    """The active organisations the user may record for, in tree order."""
    return list(
        db.exec(
            select(OrgUnit)
            .where(col(OrgUnit.id).in_(scope.org_ids_select()), col(OrgUnit.active).is_(True))
            .order_by(OrgUnit.path)
            .limit(200)
        ).all()
    )


def _people(db: Session, user: CurrentUser, ids: set[int]) -> dict[int, PersonView]:
    """The visitors the user may see, masked; others are left out (shown as —)."""
    scope = user.scope(db, PEOPLE).org_ids_select()
    found: dict[int, PersonView] = {}
    for person_id in ids:
        try:
            found[person_id] = masked(get_person(db, person_id, org_ids_select=scope))
        except PersonNotFound:
            continue
    return found


def _common(request: Request[Any, Any, Any]) -> dict[str, Any]:
    locale = _locale(request)
    return {
        "channels": [(c.value, CHANNEL_LABELS[c][1 if locale == "en" else 0]) for c in Channel],
        "channel_labels": {k: v[1 if locale == "en" else 0] for k, v in CHANNEL_LABELS.items()},
    }


@get("/", name="petitions_visits", opt={"permission": VIEW}, sync_to_thread=True)
def visit_list(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    """The register, newest first, a page at a time, only within the user's subtree;
    filters: channel and state (open, overdue, answered, handed over)."""
    scope = current_user.scope(db, VIEW)
    query = select(PetitionVisit).where(scope.where(PetitionVisit.org_id))
    channel = request.query_params.get("channel", "")
    state = request.query_params.get("state", "")
    notice = ""
    if channel in set(Channel):
        query = query.where(PetitionVisit.channel == channel)
    elif channel:
        notice, channel = "未知的信访形式，已忽略该筛选条件", ""
    if state == "open":
        query = query.where(col(PetitionVisit.answered_on).is_(None))
    elif state == "overdue":
        query = query.where(col(PetitionVisit.overdue).is_(True))
    elif state == "answered":
        query = query.where(col(PetitionVisit.answered_on).is_not(None))
    elif state == "referred":
        query = query.where(col(PetitionVisit.referral_record_id).is_not(None))
    elif state:
        notice, state = "未知的办理状态，已忽略该筛选条件", ""
    total = int(db.exec(select(func.count()).select_from(query.subquery())).one())
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    try:
        page = min(max(int(request.query_params.get("page", "1")), 1), pages)
    except ValueError:
        page = 1
    rows = db.exec(
        query.order_by(col(PetitionVisit.visited_on).desc(), col(PetitionVisit.id).desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    names = dict(
        db.exec(
            select(OrgUnit.id, OrgUnit.name).where(col(OrgUnit.id).in_({r.org_id for r in rows}))
        ).all()
    )
    return Template(
        "petitions/list.html",
        context={
            **_common(request),
            "rows": rows,
            "people": _people(db, current_user, {r.person_id for r in rows}),
            "org_names": names,
            "page": page,
            "pages": pages,
            "total": total,
            "filters": {"channel": channel, "state": state},
            "states": STATES,
            "notice": notice,
            "can_edit": current_user.can(EDIT),
        },
    )


def _new_page(
    request: Request[Any, Any, Any],
    db: Session,
    user: CurrentUser,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Template:
    return Template(
        "petitions/new.html",
        context={
            **_common(request),
            "orgs": _orgs(db, user.scope(db, EDIT)),
            "values": values,
            "errors": errors,
        },
        status_code=status_code,
    )


@get("/new", name="petitions_new", opt={"permission": EDIT}, sync_to_thread=True)
def new_form(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    values = {
        "visited_on": _today(request).isoformat(),
        "org_id": current_user.org_id,
        "channel": Channel.VISIT.value,
    }
    return _new_page(request, db, current_user, values, {})


@post("/new", opt={"permission": EDIT}, sync_to_thread=True)
def create(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Register a visit; on bad input the form comes back (422) with what was typed."""
    checked = check_visit(
        db,
        data,
        scope=current_user.scope(db, EDIT),
        people=current_user.scope(db, PEOPLE).org_ids_select(),
        today=_today(request),
        new=True,
    )
    if checked.errors:
        return _new_page(
            request, db, current_user, data, checked.errors, HTTP_422_UNPROCESSABLE_ENTITY
        )
    visit = register_visit(db, checked.values, actor_id=current_user.id)
    return Redirect(f"/m/petitions/{visit.id}", status_code=HTTP_303_SEE_OTHER)


def _detail(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    user: CurrentUser,
    visit: PetitionVisit,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    handover_errors: dict[str, str] | None = None,
    handover_values: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Template:
    can_refer = user.can(REFER) and visit.referral_record_id is None
    places = mediation_places(db, platform.host, user.scope(db, REFER)) if can_refer else []
    return Template(
        "petitions/detail.html",
        context={
            **_common(request),
            "visit": visit,
            "person": _people(db, user, {visit.person_id}).get(visit.person_id),
            "org": db.get(OrgUnit, visit.org_id),
            "values": values or {},
            "errors": errors or {},
            "can_edit": user.can(EDIT),
            "can_refer": can_refer,
            "places": places,
            "categories": MEDIATION_CATEGORIES,
            "handover_errors": handover_errors or {},
            "handover_values": handover_values or {},
            "handed_over": request.query_params.get("handed_over") == "1",
        },
        status_code=status_code,
    )


@get(
    "/{visit_id:int}",
    name="petitions_visit",
    opt={"permission": VIEW, "records": RECORD},
    sync_to_thread=True,
)
def visit_detail(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    current_user: CurrentUser,
    visit_id: int,
) -> Template:
    visit = db.get(PetitionVisit, visit_id)
    assert visit is not None  # the guard answered 404 otherwise
    return _detail(request, db, platform, current_user, visit)


@post("/{visit_id:int}", opt={"permission": EDIT, "records": RECORD}, sync_to_thread=True)
def visit_update(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    current_user: CurrentUser,
    visit_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Correct a visit or record the answer. A save based on an old version is refused
    (409) and the page shows the current values beside the user's input."""
    visit = db.get(PetitionVisit, visit_id)
    assert visit is not None
    try:
        lock_for_change(db, visit, int(str(data.get("version", ""))))
    except (StaleRecord, ValueError) as exc:
        message = exc.message if isinstance(exc, StaleRecord) else "页面已过期，请刷新后重试"
        return _detail(
            request, db, platform, current_user, visit,
            values=data, errors={"version": message}, status_code=HTTP_409_CONFLICT,
        )  # fmt: skip
    checked = check_visit(
        db,
        data,
        scope=current_user.scope(db, EDIT),
        people=current_user.scope(db, PEOPLE).org_ids_select(),
        today=_today(request),
        new=False,
    )
    if checked.errors:
        return _detail(
            request, db, platform, current_user, visit,
            values=data, errors=checked.errors, status_code=HTTP_422_UNPROCESSABLE_ENTITY,
        )  # fmt: skip
    update_visit(db, visit, checked.values)
    return Redirect(f"/m/petitions/{visit.id}", status_code=HTTP_303_SEE_OTHER)


@post(
    "/{visit_id:int}/handover",
    name="petitions_handover",
    opt={"permission": REFER, "records": RECORD},
    sync_to_thread=True,
)
def visit_handover(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    current_user: CurrentUser,
    visit_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Hand the matter to a mediation committee in the user's subtree (转交人民调解).

    Refusals (mediation not active, no committee, a committee outside the user's subtree,
    already handed over) come back as 422 with the reason; nothing is written then.
    """
    visit = db.get(PetitionVisit, visit_id)
    assert visit is not None
    values = {
        k: str(data.get(k, "")) for k in ("committee_org_id", "category_code", "respondent_id")
    }
    try:
        org_id = int(values["committee_org_id"])
    except ValueError:
        org_id = None
    try:
        respondent = get_person(
            db,
            int(values["respondent_id"]),
            org_ids_select=current_user.scope(db, PEOPLE).org_ids_select(),
        ).id
    except (PersonNotFound, ValueError):
        respondent = None
    try:
        if org_id is None or not current_user.scope(db, REFER).allows(db, org_id):
            raise ReferralRefused("请选择接收的人民调解委员会", "Choose a mediation committee")
        hand_over(
            db,
            platform.host,
            visit,
            committee_org_id=org_id,
            category_code=values["category_code"],
            respondent_id=respondent,
            actor_id=current_user.id,
            today=_today(request),
        )
    except ReferralRefused as exc:
        db.rollback()
        db.refresh(visit)
        message = exc.message_en if _locale(request) == "en" else exc.message
        return _detail(
            request, db, platform, current_user, visit,
            handover_errors={"handover": message}, handover_values=values,
            status_code=HTTP_422_UNPROCESSABLE_ENTITY,
        )  # fmt: skip
    return Redirect(f"/m/petitions/{visit.id}?handed_over=1", status_code=HTTP_303_SEE_OTHER)


ROUTES = [visit_list, new_form, create, visit_detail, visit_update, visit_handover]
