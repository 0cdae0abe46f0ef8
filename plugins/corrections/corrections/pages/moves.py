"""跨县（区）变更执行地 on the staff pages (C7), one step per form:

1. the sending county asks, from the subject's file (``/subjects/{id}/moves``);
2. the receiving county sees the request in its list (``/moves``) and checks it on the
   move's page (``/moves/{id}``: accept, or refuse with a reason) — the subject's file stays
   outside its scope until the hand-over;
3. the sending county hands the file over from the subject's file (``…/hand-over``);
4. the new station records the subject's report (``…/report``), due within 7 days.

Every step locks the move at the version its page showed (a second click or a colleague's
step is stale, 409); the services in :mod:`corrections.services.moves` keep the rules.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from sqlmodel import Session, col, select

from core.api import (
    N_,
    CurrentUser,
    DueSource,
    due_items_of,
    due_state,
)
from corrections.codes import SubjectType, label
from corrections.errors import CorrectionsError, InvalidInput
from corrections.models import CorrectionsSubject, CorrectionsTransfer
from corrections.pages.common import (
    FORM,
    error_status,
    int_or_none,
    locale_of,
    may,
    minors_guard,
    now_of,
    org_names,
    page_of,
    today_of,
)
from corrections.pages.move_places import other_bureaus, stations_of
from corrections.pages.subjects import act, parse_day, person_view
from corrections.permissions import DECIDE, EDIT, VIEW
from corrections.services import moves
from corrections.services.due_items import subject_names

__all__ = ["ROUTES"]

MOVE = {"move_id": CorrectionsTransfer}
SUBJECT = {"subject_id": CorrectionsSubject}
OPEN = (moves.REQUESTED, moves.ACCEPTED, moves.HANDED_OVER)
Req = Request[Any, Any, Any]


def _is_move(row: CorrectionsTransfer) -> bool:
    """A move between counties has a check; a transfer inside a county does not."""
    return row.check_due_on is not None


# --- the list: incoming and outgoing ----------------------------------------------------


@get("/moves", name="corrections_moves", opt={"permission": VIEW}, sync_to_thread=True)
def move_list(request: Req, db: Session, current_user: CurrentUser) -> Template:
    """跨县变更执行地: requests to the user's stations (to check) and from them (to follow)."""
    scope = current_user.scope(db, VIEW)
    box = "outgoing" if request.query_params.get("box") == "outgoing" else "incoming"
    state = "all" if request.query_params.get("state") == "all" else "open"
    side = CorrectionsTransfer.from_org_id if box == "outgoing" else CorrectionsTransfer.org_id
    query = select(CorrectionsTransfer).where(
        scope.where(side), col(CorrectionsTransfer.check_due_on).is_not(None)
    )
    if state == "open":
        query = query.where(
            col(CorrectionsTransfer.status).in_(OPEN),
            col(CorrectionsTransfer.reported_on).is_(None),
        )
    query = query.order_by(
        col(CorrectionsTransfer.decided_on).desc(), col(CorrectionsTransfer.id).desc()
    )
    result = page_of(db, query, int_or_none(request.query_params.get("page")) or 1)
    en = locale_of(request) == "en"
    rows = []
    for move in result.rows:
        subject = db.get(CorrectionsSubject, move.subject_id)
        names = subject_names(db, subject) if subject else ("—", "—")
        rows.append({"move": move, "name": names[1] if en else names[0]})
    orgs = {r["move"].org_id for r in rows} | {r["move"].from_org_id for r in rows}
    return Template(
        "corrections/moves/list.html",
        context={
            "rows": rows,
            "result": result,
            "box": box,
            "state": state,
            "today": today_of(request),
            "org_names": org_names(db, orgs),
            "status_names": STATUS_NAMES,
            "base": f"/m/corrections/moves?box={box}&state={state}&",
        },
    )


STATUS_NAMES = {
    moves.REQUESTED: ("待核实", "To be checked"),
    moves.ACCEPTED: ("同意接收，待移交", "Accepted, to be handed over"),
    moves.REFUSED: ("不同意接收", "Refused"),
    moves.HANDED_OVER: ("已移交", "Handed over"),
}


# --- one move: the receiving county's check ---------------------------------------------


def _load_move(db: Session, user: CurrentUser, move_id: int) -> CorrectionsTransfer:
    move = db.get(CorrectionsTransfer, move_id)
    if move is None or not _is_move(move) or not user.scope(db, VIEW).allows(db, move.org_id):
        raise NotFoundException()
    return move


def _render_move(
    request: Req,
    db: Session,
    user: CurrentUser,
    move: CorrectionsTransfer,
    *,
    status_code: int = 200,
    error: str = "",
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
) -> Template:
    locale = locale_of(request)
    subject = db.get(CorrectionsSubject, move.subject_id)
    assert subject is not None
    names = subject_names(db, subject)
    now = now_of(request)
    items = [
        (item, due_state(item, now))
        for item in due_items_of(db, DueSource("corrections", "transfer", move.id))  # type: ignore[arg-type]
    ]
    return Template(
        "corrections/moves/detail.html",
        context={
            "move": move,
            "subject": subject,
            "name": names[1] if locale == "en" else names[0],
            # a minor's file is confidential: the receiving side sees the number only after
            # the hand-over, on the file itself
            "person": None if subject.is_minor else person_view(db, subject.person_id),
            "subject_type": label(SubjectType(subject.subject_type), locale),
            "org_names": org_names(db, {move.org_id, move.from_org_id}),
            "items": items,
            "status_names": STATUS_NAMES,
            "can_check": move.status == moves.REQUESTED and may(db, user, DECIDE, move.org_id),
            "error": error,
            "errors": errors or {},
            "values": values or {},
        },
        status_code=status_code,
    )


@get(
    "/moves/{move_id:int}",
    name="corrections_move",
    opt={"permission": VIEW, "records": MOVE},
    sync_to_thread=True,
)
def move_detail(request: Req, db: Session, current_user: CurrentUser, move_id: int) -> Template:
    return _render_move(request, db, current_user, _load_move(db, current_user, move_id))


@post(
    "/moves/{move_id:int}/check",
    name="corrections_move_check",
    opt={"permission": DECIDE, "records": MOVE},
    sync_to_thread=True,
)
def move_check(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    move_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """核实: the receiving county accepts, or refuses with a reason."""
    move = _load_move(db, current_user, move_id)
    decision = str(data.get("decision") or "")
    try:
        if decision not in {"accept", "refuse"}:
            raise InvalidInput({"decision": N_("请选择同意接收或不同意接收")})
        subject = db.get(CorrectionsSubject, move.subject_id)
        assert subject is not None
        moves.check_move(
            db,
            subject,
            move,
            accept=decision == "accept",
            note=str(data.get("check_note") or ""),
            today=today_of(request),
            expected_version=int_or_none(data.get("version")),
        )
    except Exception as exc:
        status, message, errors = error_status(exc, locale_of(request))
        db.rollback()
        return _render_move(
            request,
            db,
            current_user,
            _load_move(db, current_user, move_id),
            status_code=status,
            error=message,
            errors=errors,
            values=data,
        )
    return Redirect(f"/m/corrections/moves/{move_id}", status_code=HTTP_303_SEE_OTHER)


# --- the sending side and the new station, on the subject's file ------------------------


@get(
    "/moves/stations",
    name="corrections_move_stations",
    opt={"permission": DECIDE},
    sync_to_thread=True,
)
def move_stations(request: Req, db: Session, current_user: CurrentUser) -> Template:
    """The station choice for the bureau picked in the request form (an htmx fragment)."""
    bureau_id = int_or_none(request.query_params.get("to_bureau_id"))
    allowed = {b.id for b in other_bureaus(db, current_user)}
    return Template(
        "corrections/moves/_stations.html",
        context={
            "move_stations": stations_of(db, bureau_id) if bureau_id in allowed else [],
            "values": {},
            "errors": {},
        },
    )


def _post(path: str, permission: str) -> Any:
    return post(
        path,
        opt={"permission": permission, "records": SUBJECT},
        guards=[minors_guard],
        sync_to_thread=True,
    )


def _open_move(subject: CorrectionsSubject, db: Session, status: str) -> CorrectionsTransfer:
    """The subject's one unfinished move in *status* (a subject has at most one open move,
    so the URL names the file; the form's ``move_version`` says which state it showed)."""
    move = db.exec(
        select(CorrectionsTransfer).where(
            CorrectionsTransfer.subject_id == subject.id,
            col(CorrectionsTransfer.check_due_on).is_not(None),
            CorrectionsTransfer.status == status,
            col(CorrectionsTransfer.reported_on).is_(None),
        )
    ).first()
    if move is None:
        raise CorrectionsError(
            N_("该矫正对象没有待办理的变更执行地事项（可能已由他人办理）"),
            "This subject has no move waiting for this step (someone may have done it)",
        )
    return move


@_post("/subjects/{subject_id:int}/moves", DECIDE)
def move_request(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """The sending county asks another county to take the subject over."""
    today = today_of(request)

    def run(s: CorrectionsSubject) -> None:
        bureau_id = int_or_none(data.get("to_bureau_id"))
        if bureau_id not in {b.id for b in other_bureaus(db, current_user)}:
            raise InvalidInput({"to_bureau_id": N_("请选择接收的县（市、区）司法局")})
        target = int_or_none(data.get("to_org_id"))
        if target not in {o.id for o in stations_of(db, bureau_id)}:
            raise InvalidInput({"to_org_id": N_("请选择新执行地司法所")})
        moves.request_move(
            db, s, to_org_id=target, reason=str(data.get("reason") or ""), today=today
        )  # type: ignore[arg-type]

    return act(request, db, current_user, subject_id, data, run, panel="transfer")


@_post("/subjects/{subject_id:int}/moves/hand-over", DECIDE)
def move_hand_over(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """交接: the file goes to the new station today; the 7-day report starts."""
    today = today_of(request)

    def run(s: CorrectionsSubject) -> None:
        move = _open_move(s, db, moves.ACCEPTED)
        moves.hand_over_move(
            db, s, move, today=today, expected_version=int_or_none(data.get("move_version"))
        )

    response = act(request, db, current_user, subject_id, data, run, panel="transfer")
    if isinstance(response, Redirect):  # the file is now the new station's: back to the move
        return Redirect(
            "/m/corrections/moves?box=outgoing&state=all", status_code=HTTP_303_SEE_OTHER
        )
    return response


@_post("/subjects/{subject_id:int}/moves/report", EDIT)
def move_report(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """The subject reported at the new station (报到)."""
    today = today_of(request)

    def run(s: CorrectionsSubject) -> None:
        move = _open_move(s, db, moves.HANDED_OVER)
        moves.record_move_report(
            db,
            s,
            move,
            on=parse_day(data, "move_reported_on", today),
            today=today,
            expected_version=int_or_none(data.get("move_version")),
        )

    return act(request, db, current_user, subject_id, data, run, panel="transfer")


ROUTES = [
    move_list,
    move_stations,
    move_detail,
    move_check,
    move_request,
    move_hand_over,
    move_report,
]
