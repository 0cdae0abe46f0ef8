"""What staff do on a subject's file: every POST names the subject (and the row it acts on) in
``opt["records"]``, carries the minors' guard, and runs one service through :func:`act`."""

from __future__ import annotations

from typing import Any

from litestar import Request, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from sqlmodel import Session

from core.api import N_, CurrentUser, LifecycleEvent, lock_for_change, publish, touch
from corrections.codes import LeaveRoute
from corrections.errors import CorrectionsError, InvalidInput
from corrections.models import (
    CorrectionsCheckin,
    CorrectionsHealthReport,
    CorrectionsLeave,
    CorrectionsLocation,
    CorrectionsSanction,
    CorrectionsSubject,
)
from corrections.pages.common import (
    FORM,
    host_of,
    int_or_none,
    may,
    minors_guard,
    settings_for,
    today_of,
)
from corrections.pages.subjects import act, parse_day, person_of
from corrections.permissions import APPROVE_LOCATION, DECIDE, EDIT, STATION_APPROVE
from corrections.services import (
    health,
    intake,
    leave,
    location,
    release,
    sanctions,
    supervision,
    transfer,
)
from corrections.services.due_items import sync_subject_items

__all__ = ["ROUTES"]

SUBJECT = {"subject_id": CorrectionsSubject}
Req = Request[Any, Any, Any]


def _route(
    path: str, permission: str | tuple[str, ...], records: dict[str, type] | None = None
) -> Any:
    return post(
        path,
        opt={"permission": permission, "records": records or SUBJECT},
        guards=[minors_guard],
        sync_to_thread=True,
    )


def _child(db: Session, model: type, row_id: int, subject: CorrectionsSubject) -> Any:
    """A row of the subject's file; 404 when the id belongs to another subject."""
    row = db.get(model, row_id)
    if row is None or row.subject_id != subject.id:
        raise NotFoundException()
    return row


@_route("/subjects/{subject_id:int}/report-in", EDIT)
def report_in(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    today = today_of(request)
    return act(
        request,
        db,
        current_user,
        subject_id,
        data,
        lambda s: intake.report_in(
            db,
            s,
            mode=str(data.get("intake_mode") or ""),
            on=parse_day(data, "reported_on", today),
            today=today,
        ),
        panel="intake",
    )


@_route("/subjects/{subject_id:int}/search", EDIT)
def search(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    today = today_of(request)
    return act(
        request,
        db,
        current_user,
        subject_id,
        data,
        lambda s: intake.start_search(db, s, today),
        panel="intake",
    )


@_route("/subjects/{subject_id:int}/announce", EDIT)
def announce(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    today = today_of(request)

    def run(s: CorrectionsSubject) -> None:
        intake.announce(
            db,
            s,
            on=parse_day(data, "announced_on", today),
            today=today,
            settings=settings_for(request, db, s.org_id),
        )

    return act(request, db, current_user, subject_id, data, run, panel="intake")


@_route("/subjects/{subject_id:int}/team", EDIT)
def team(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    members = [
        {
            "name": data.get(f"member_{i}_name"),
            "member_type": data.get(f"member_{i}_type"),
            "sex": data.get(f"member_{i}_sex"),
        }
        for i in range(6)
    ]

    def run(s: CorrectionsSubject) -> None:
        supervision.save_team(db, s, members, person_of(db, s.person_id).sex)

    return act(request, db, current_user, subject_id, data, run, panel="team")


@_route("/subjects/{subject_id:int}/plan", EDIT)
def plan(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """矫正方案 and its next review; optimistic locking keeps a colleague's edit."""
    today = today_of(request)

    def run(s: CorrectionsSubject) -> None:
        lock_for_change(db, s, int_or_none(data.get("version")) or 0)
        text = str(data.get("plan") or "").strip()
        if not text:
            raise InvalidInput({"plan": N_("请填写矫正方案")})
        s.plan = text[:2000]
        s.plan_review_on = (
            parse_day(data, "plan_review_on", today) if data.get("plan_review_on") else None
        )
        touch(s)
        db.add(s)
        db.flush()
        sync_subject_items(db, s, today)

    return act(request, db, current_user, subject_id, data, run, panel="plan")


@_route("/subjects/{subject_id:int}/level", EDIT)
def level(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    today = today_of(request)

    def run(s: CorrectionsSubject) -> None:
        supervision.set_level(
            db,
            s,
            str(data.get("level") or ""),
            settings=settings_for(request, db, s.org_id),
            today=today,
            reason=str(data.get("reason") or "")[:100],
        )

    return act(request, db, current_user, subject_id, data, run, panel="level")


@_route(
    "/subjects/{subject_id:int}/checkins/{checkin_id:int}",
    EDIT,
    {**SUBJECT, "checkin_id": CorrectionsCheckin},
)
def checkin(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    checkin_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    today = today_of(request)

    def run(s: CorrectionsSubject) -> None:
        row = _child(db, CorrectionsCheckin, checkin_id, s)
        supervision.record_checkin(
            db,
            s,
            row,
            on=parse_day(data, "done_on", today),
            mode=str(data.get("done_mode") or ""),
            note=str(data.get("note") or ""),
            today=today,
        )

    return act(request, db, current_user, subject_id, data, run, panel="checkins")


@_route(
    "/subjects/{subject_id:int}/health/{report_id:int}",
    EDIT,
    {**SUBJECT, "report_id": CorrectionsHealthReport},
)
def health_report(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    report_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """暂予监外执行: a condition report or hospital check-up handed in."""
    today = today_of(request)

    def run(s: CorrectionsSubject) -> None:
        row = _child(db, CorrectionsHealthReport, report_id, s)
        health.submit_health_report(
            db,
            row,
            on=parse_day(data, "submitted_on", today),
            note=str(data.get("note") or ""),
            today=today,
        )
        sync_subject_items(db, s, today)

    return act(request, db, current_user, subject_id, data, run, panel="health")


@_route("/subjects/{subject_id:int}/lost", EDIT)
def lost(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    today = today_of(request)
    return act(
        request,
        db,
        current_user,
        subject_id,
        data,
        lambda s: supervision.lose_contact(db, s, today),
        panel="checkins",
    )


@_route("/subjects/{subject_id:int}/found", EDIT)
def found(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    today = today_of(request)
    return act(
        request,
        db,
        current_user,
        subject_id,
        data,
        lambda s: supervision.regain_contact(db, s, today),
        panel="checkins",
    )


@_route("/subjects/{subject_id:int}/activities", EDIT)
def activity(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    today = today_of(request)
    return act(
        request,
        db,
        current_user,
        subject_id,
        data,
        lambda s: supervision.log_activity(db, s, data, today),
        panel="hours",
    )


@_route("/subjects/{subject_id:int}/evaluations", EDIT)
def evaluation(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    today = today_of(request)

    def run(s: CorrectionsSubject) -> None:
        raw = str(data.get("month") or "")
        month = parse_day({"month": raw + "-01" if len(raw) == 7 else raw}, "month", today)
        passed = str(data.get("passed") or "") == "1"
        supervision.evaluate_month(
            db,
            s,
            month=month,
            passed=passed,
            note=str(data.get("note") or ""),
            settings=settings_for(request, db, s.org_id),
            today=today,
        )

    return act(request, db, current_user, subject_id, data, run, panel="hours")


@_route("/subjects/{subject_id:int}/leaves", EDIT)
def leave_apply(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    today = today_of(request)
    return act(
        request,
        db,
        current_user,
        subject_id,
        data,
        lambda s: leave.apply_leave(
            db, s, data, settings=settings_for(request, db, s.org_id), today=today
        ),
        panel="leave",
    )


@_route(
    "/subjects/{subject_id:int}/leaves/{leave_id:int}/decide",
    (DECIDE, STATION_APPROVE),  # the county body or the station head, by the leave's length
    {**SUBJECT, "leave_id": CorrectionsLeave},
)
def leave_decide(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    leave_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """The station head decides station leaves; the county body decides county leaves and
    records the city body's decision on city leaves."""
    today = today_of(request)

    def run(s: CorrectionsSubject) -> None:
        row = _child(db, CorrectionsLeave, leave_id, s)
        if may(db, current_user, DECIDE, s.org_id):
            level = LeaveRoute.COUNTY
        elif may(db, current_user, STATION_APPROVE, s.org_id):
            level = LeaveRoute.STATION
        else:
            raise CorrectionsError(N_("您没有外出审批权限"))
        leave.decide_leave(
            db,
            s,
            row,
            approve=str(data.get("approve") or "") == "1",
            level=level,
            decided_by=current_user.display_name,
            today=today,
        )

    return act(request, db, current_user, subject_id, data, run, panel="leave")


@_route(
    "/subjects/{subject_id:int}/leaves/{leave_id:int}/return",
    EDIT,
    {**SUBJECT, "leave_id": CorrectionsLeave},
)
def leave_return(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    leave_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    today = today_of(request)

    def run(s: CorrectionsSubject) -> None:
        leave.close_leave(
            db,
            s,
            _child(db, CorrectionsLeave, leave_id, s),
            on=parse_day(data, "returned_on", today),
            today=today,
        )

    return act(request, db, current_user, subject_id, data, run, panel="leave")


@_route("/subjects/{subject_id:int}/transfer", DECIDE)
def change_station(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """变更执行地 within the user's subtree; the file moves with the subject."""
    today = today_of(request)
    target = int_or_none(data.get("to_org_id"))

    def run(s: CorrectionsSubject) -> None:
        if target is None or not may(db, current_user, DECIDE, target):
            raise InvalidInput({"to_org_id": N_("请选择新的执行地司法所")})
        transfer.change_station(
            db, s, to_org_id=target, reason=str(data.get("reason") or ""), today=today
        )

    return act(request, db, current_user, subject_id, data, run, panel="transfer")


@_route("/subjects/{subject_id:int}/sanctions", DECIDE)
def sanction(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    today = today_of(request)
    return act(
        request,
        db,
        current_user,
        subject_id,
        data,
        lambda s: sanctions.record_sanction(
            db,
            s,
            data,
            decided_by=current_user.display_name,
            settings=settings_for(request, db, s.org_id),
            today=today,
        ),
        panel="sanctions",
        permission=DECIDE,
    )


@_route(
    "/subjects/{subject_id:int}/sanctions/{sanction_id:int}/court",
    DECIDE,
    {**SUBJECT, "sanction_id": CorrectionsSanction},
)
def court(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    sanction_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    today = today_of(request)

    def run(s: CorrectionsSubject) -> None:
        row = _child(db, CorrectionsSanction, sanction_id, s)
        sanctions.court_decision(
            db,
            s,
            row,
            upheld=str(data.get("upheld") or "") == "1",
            on=parse_day(data, "court_decided_on", today),
            today=today,
        )

    return act(
        request, db, current_user, subject_id, data, run, panel="sanctions", permission=DECIDE
    )


@_route("/subjects/{subject_id:int}/location", APPROVE_LOCATION)
def location_on(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Only the bureau head (``corrections.approve_location``) switches location on; the
    approval is recorded in their name."""
    today = today_of(request)
    return act(
        request,
        db,
        current_user,
        subject_id,
        data,
        lambda s: location.switch_on(
            db,
            s,
            data,
            approved_by=current_user.display_name,
            settings=settings_for(request, db, s.org_id),
            today=today,
        ),
        panel="location",
        permission=APPROVE_LOCATION,
    )


@_route(
    "/subjects/{subject_id:int}/location/{location_id:int}/off",
    APPROVE_LOCATION,
    {**SUBJECT, "location_id": CorrectionsLocation},
)
def location_off(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    location_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    today = today_of(request)
    return act(
        request,
        db,
        current_user,
        subject_id,
        data,
        lambda s: location.switch_off(db, _child(db, CorrectionsLocation, location_id, s), today),
        panel="location",
        permission=APPROVE_LOCATION,
    )


@_route("/subjects/{subject_id:int}/release", DECIDE)
def release_subject(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """期满解除; other modules hear ``corrections.released`` (payload: person_id, subject_id,
    aftercare_id), e.g. to offer the person legal aid or employment help."""
    today = today_of(request)

    def run(s: CorrectionsSubject) -> None:
        aftercare = release.release(
            db,
            s,
            on=parse_day(data, "ended_on", today),
            settings=settings_for(request, db, s.org_id),
            today=today,
        )
        _announce(request, db, current_user, "corrections.released", s, aftercare_id=aftercare.id)

    return act(request, db, current_user, subject_id, data, run, panel="end", permission=DECIDE)


def _announce(
    request: Req, db: Session, user: CurrentUser, name: str, s: CorrectionsSubject, **extra: Any
) -> None:
    host = host_of(request)
    if host is not None:
        payload = {"person_id": s.person_id, "subject_id": s.id, **extra}
        publish(db, host, LifecycleEvent(name, s.org_id, payload, actor_id=user.id))


@_route("/subjects/{subject_id:int}/terminate", DECIDE)
def terminate_subject(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """终止 (revocation, 收监, death); other modules hear ``corrections.terminated``."""
    today = today_of(request)

    def run(s: CorrectionsSubject) -> None:
        end_type = str(data.get("end_type") or "")
        release.terminate(
            db, s, end_type=end_type, on=parse_day(data, "ended_on", today), today=today
        )
        _announce(request, db, current_user, "corrections.terminated", s, end_type=end_type)

    return act(
        request,
        db,
        current_user,
        subject_id,
        data,
        run,
        panel="end",
        permission=DECIDE,
    )


ROUTES = [
    report_in,
    search,
    announce,
    team,
    plan,
    level,
    checkin,
    health_report,
    lost,
    found,
    activity,
    evaluation,
    leave_apply,
    leave_decide,
    leave_return,
    change_station,
    sanction,
    court,
    location_on,
    location_off,
    release_subject,
    terminate_subject,
]
