"""Subject pages: the register (overdue intakes on top), receiving documents, and the
subject's file. Minors' rows are masked in lists and their files open only with
``corrections.view_minors`` (the route guard and :func:`load_subject` both check)."""

from __future__ import annotations

from datetime import date
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
    DuplicatePerson,
    InvalidPerson,
    OrgUnit,
    PersonNotFound,
    due_items_of,
    due_state,
    get_person,
    lock_for_change,
    masked,
    provisional_marks,
    provisional_of,
    register_person,
    search_people,
    touch,
)
from corrections import offence_types, risk_flags
from corrections.codes import (
    CheckinMode,
    EndType,
    IntakeMode,
    LeaveRoute,
    LeaveStatus,
    Level,
    LocationGround,
    MemberType,
    SanctionKind,
    Status,
    SubjectType,
    choices,
    label,
)
from corrections.errors import CorrectionsError, InvalidInput, localized, localized_errors
from corrections.models import (
    CorrectionsAftercare,
    CorrectionsCheckin,
    CorrectionsEvaluation,
    CorrectionsHealthReport,
    CorrectionsLeave,
    CorrectionsLocation,
    CorrectionsSanction,
    CorrectionsSubject,
    CorrectionsTeamMember,
    CorrectionsTransfer,
)
from corrections.pages.common import (
    FORM,
    error_status,
    int_or_none,
    locale_of,
    may,
    may_open_subject,
    minors_guard,
    now_of,
    org_names,
    page_of,
    settings_for,
    stations,
    today_of,
)
from corrections.pages.move_places import moves_of_subject, other_bureaus, stations_of
from corrections.permissions import (
    APPROVE_LOCATION,
    DECIDE,
    EDIT,
    STATION_APPROVE,
    VIEW,
    VIEW_LOCATION,
)
from corrections.services.intake import clean_subject, receive_documents
from corrections.services.sanctions import allowed_kinds, suggest_next
from corrections.services.supervision import hours_in_month, required_hours, strict_triggers
from corrections.services.workflow import ACTIONS, ENDED

__all__ = [
    "ROUTES",
    "act",
    "load_subject",
    "parse_day",
    "person_of",
    "person_view",
    "render_subject",
]

RECORD = {"subject_id": CorrectionsSubject}
PEOPLE_VIEW = "core.people.view"


def load_subject(db: Session, user: CurrentUser, subject_id: int) -> CorrectionsSubject:
    """The subject, or 404 outside the scope or for a minor's file without the permission."""
    subject = db.get(CorrectionsSubject, subject_id)
    if subject is None or not user.scope(db, VIEW).allows(db, subject.org_id):
        raise NotFoundException()
    if not may_open_subject(db, user, subject):
        raise NotFoundException()
    return subject


def row_labels(locale: str) -> dict[str, Any]:
    """Label helpers for a subject row (type, state, level) in the page's language."""
    return {
        "type_label": lambda s: label(s.subject_type, locale, SubjectType),
        "status_label": lambda s: label(s.status, locale, Status),
        "level_label": lambda s: label(s.level, locale, Level),
    }


def person_of(db: Session, person_id: int) -> Any:
    """The linked person. The subject (or aftercare row) was already checked against the
    user's scope, and the link is what entitles the page to show the person, wherever the
    registry entry was made."""
    return get_person(db, person_id, org_ids_select=select(OrgUnit.id))


def person_view(db: Session, person_id: int) -> Any:
    """The linked person as lists and files show them (numbers masked), or None."""
    try:
        return masked(person_of(db, person_id))
    except PersonNotFound:
        return None


@get("/subjects", name="corrections_subjects", opt={"permission": VIEW}, sync_to_thread=True)
def subject_list(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    """The register of the user's subtree: overdue intakes first (red), then the filtered list."""
    scope = current_user.scope(db, VIEW)
    today = today_of(request)
    status = request.query_params.get("status", "")
    text = (request.query_params.get("q") or "").strip()
    query = select(CorrectionsSubject).where(scope.where(CorrectionsSubject.org_id))
    if status in {s.value for s in Status}:
        query = query.where(CorrectionsSubject.status == status)
    elif status != "all":
        query = query.where(col(CorrectionsSubject.status).not_in([s.value for s in ENDED]))
    if text:
        found, _ = search_people(db, text, org_ids_select=select(OrgUnit.id), limit=200)
        query = query.where(col(CorrectionsSubject.person_id).in_([p.id for p in found]))
    query = query.order_by(
        col(CorrectionsSubject.documents_received_on).desc(), col(CorrectionsSubject.id).desc()
    )
    result = page_of(db, query, int_or_none(request.query_params.get("page")) or 1)
    overdue = db.exec(
        select(CorrectionsSubject)
        .where(
            scope.where(CorrectionsSubject.org_id),
            col(CorrectionsSubject.status).in_([Status.AWAITING.value, Status.SEARCHING.value]),
            col(CorrectionsSubject.report_due_on) < today,
        )
        .order_by(CorrectionsSubject.report_due_on)
        .limit(50)
    ).all()
    rows = []
    for s in [*overdue, *result.rows]:
        visible = may_open_subject(db, current_user, s)
        rows.append(
            {
                "subject": s,
                "person": person_view(db, s.person_id) if visible else None,
                "visible": visible,
            }
        )
    names = org_names(db, {entry["subject"].org_id for entry in rows})
    marks = provisional_marks(
        db, "corrections", "subject", [entry["subject"].id for entry in rows], "report_due_on"
    )
    for entry in rows:
        entry["mark"] = marks.get(str(entry["subject"].id))
    return Template(
        "corrections/subjects/list.html",
        context={
            "overdue": rows[: len(overdue)],
            "rows": rows[len(overdue) :],
            "result": result,
            "org_names": names,
            "status": status,
            "q": text,
            "statuses": choices(Status, locale_of(request)),
            **row_labels(locale_of(request)),
            "can_edit": current_user.can(EDIT),
            "today": today,
            "base": f"/m/corrections/subjects?status={status}&q={text}&",
        },
    )


def _new_context(
    request: Request[Any, Any, Any], db: Session, user: CurrentUser, **extra: Any
) -> dict[str, Any]:
    locale = locale_of(request)
    return {
        "orgs": stations(db, user.scope(db, EDIT)),
        "types": choices(SubjectType, locale),
        "risk_choices": risk_flags.choices(db, user.org_id, locale),
        "offence_type_choices": offence_types.choices(db, user.org_id, locale),
        "values": {"documents_received_on": today_of(request).isoformat(), "org_id": user.org_id},
        "errors": {},
        "error": "",
        **extra,
    }


@get("/subjects/new", name="corrections_subject_new", opt={"permission": EDIT}, sync_to_thread=True)
def subject_new(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    return Template(
        "corrections/subjects/new.html", context=_new_context(request, db, current_user)
    )


@post("/subjects/new", opt={"permission": EDIT}, sync_to_thread=True)
def subject_create(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """法律文书接收: register the subject (and the person); the report-in countdown starts."""
    today = today_of(request)
    scope = current_user.scope(db, EDIT)
    errors: dict[str, str] = {}
    org_id = int_or_none(data.get("org_id"))
    if org_id is None or not scope.allows(db, org_id):
        errors["org_id"] = N_("请选择执行地司法所")
    values: dict[str, Any] = {}
    try:
        values = clean_subject(data, today)
    except InvalidInput as exc:
        errors.update(exc.errors)
    flags, flag_error = risk_flags.clean(db, data.get("risk_flags"), org_id)
    if flag_error:
        errors["risk_flags"] = flag_error
    values["risk_flags"] = flags
    kind, kind_error = offence_types.clean(
        db, data.get("offence_type"), str(values.get("offence") or ""), org_id
    )
    if kind_error:
        errors["offence_type"] = kind_error
    values["offence_type"] = kind
    person_id = None
    if not errors:
        person_data = {
            "name": str(data.get("name") or "").strip(),
            "id_type": "resident_id" if str(data.get("id_number") or "").strip() else "none",
            "id_number": str(data.get("id_number") or "").strip(),
            "no_id_reason": "法律文书未载明身份证号"
            if not str(data.get("id_number") or "").strip()
            else "",
            "sex": str(data.get("sex") or ""),
            "phone": str(data.get("phone") or "").strip(),
        }
        try:
            person_id = register_person(
                db, person_data, org_id=org_id, created_by=current_user.id
            ).id  # type: ignore[arg-type]
        except InvalidPerson as exc:
            errors.update(exc.errors_en if locale_of(request) == "en" else exc.errors)
        except DuplicatePerson as exc:
            if may(db, current_user, PEOPLE_VIEW, exc.org_id) or scope.allows(db, exc.org_id):
                person_id = exc.person_id
            else:
                errors["id_number"] = N_("该身份证号已由其他单位登记，请联系该单位")
    if not errors:
        try:
            subject = receive_documents(db, values, org_id=org_id, person_id=person_id, today=today)  # type: ignore[arg-type]
        except CorrectionsError as exc:
            errors["documents_received_on"] = exc.message
    if errors:
        db.rollback()
        return Template(
            "corrections/subjects/new.html",
            context=_new_context(
                request,
                db,
                current_user,
                values=data,
                errors=localized_errors(errors, locale_of(request)),
                error=localized(N_("请按提示修改后重新提交"), locale_of(request)),
            ),
            status_code=422,
        )
    return Redirect(
        f"/m/corrections/subjects/{subject.id}?received=1", status_code=HTTP_303_SEE_OTHER
    )


def _names(subject: CorrectionsSubject, locale: str) -> dict[str, Any]:
    """Labels the file page shows, in the page's language."""
    return {
        "type_name": label(subject.subject_type, locale, SubjectType),
        "level_name": label(subject.level, locale, Level),
        "intake_mode_name": label(subject.intake_mode, locale, IntakeMode),
        "end_type_name": label(subject.end_type, locale, EndType),
        "member_type_name": lambda v: label(v, locale, MemberType),
        "checkin_mode_name": lambda v: label(v, locale, CheckinMode),
        "route_name": lambda v: label(v, locale, LeaveRoute),
        "leave_status_name": lambda v: label(v, locale, LeaveStatus),
        "sanction_name": lambda v: label(v, locale, SanctionKind),
        "ground_name": lambda v: label(v, locale, LocationGround),
    }


def next_section(allowed: set[str], checkin_rows: list[dict[str, Any]], today: date) -> str | None:
    """The section of the file holding the state's one obvious next step (issue 21, defect
    14): the intake until the subject is announced, then a report that is due or overdue."""
    if allowed & {"report_in", "announce"}:
        return "intake"
    if "regain_contact" in allowed:
        return "checkins"
    if any(c["state"] != "done" and c["row"].due_on <= today for c in checkin_rows):
        return "checkins"
    return None


def render_subject(
    request: Request[Any, Any, Any],
    db: Session,
    user: CurrentUser,
    subject: CorrectionsSubject,
    *,
    status_code: int = 200,
    error: str = "",
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    panel: str = "",
) -> Template:
    """The subject's file: state, due items, team, check-ins, leave, sanctions, location."""
    locale = locale_of(request)
    today = today_of(request)
    now = now_of(request)
    settings = settings_for(request, db, subject.org_id)
    sid = subject.id
    items = [
        (item, due_state(item, now))
        for item in due_items_of(db, DueSource("corrections", "subject", sid))
    ]  # type: ignore[arg-type]
    checkins = db.exec(
        select(CorrectionsCheckin)
        .where(CorrectionsCheckin.subject_id == sid)
        .order_by(col(CorrectionsCheckin.due_on).desc())
        .limit(20)
    ).all()
    checkin_rows = [
        {
            "row": c,
            "state": "done" if c.done_on else ("overdue" if c.due_on < today else "open"),
        }
        for c in checkins
    ]
    sanctions = db.exec(
        select(CorrectionsSanction)
        .where(CorrectionsSanction.subject_id == sid)
        .order_by(CorrectionsSanction.decided_on)
    ).all()
    leaves = db.exec(
        select(CorrectionsLeave)
        .where(CorrectionsLeave.subject_id == sid)
        .order_by(col(CorrectionsLeave.start_on).desc())
    ).all()
    locations = db.exec(
        select(CorrectionsLocation)
        .where(CorrectionsLocation.subject_id == sid)
        .order_by(col(CorrectionsLocation.start_on).desc())
    ).all()
    aftercare = db.exec(
        select(CorrectionsAftercare).where(CorrectionsAftercare.subject_id == sid)
    ).first()
    person = person_view(db, subject.person_id)
    org = db.get(OrgUnit, subject.org_id)
    allowed = {a for a, (sources, _) in ACTIONS.items() if Status(subject.status) in sources}
    return Template(
        "corrections/subjects/detail.html",
        context={
            "subject": subject,
            "person": person,
            "org": org,
            "risk_labels": risk_flags.labels(db, subject.risk_flags, subject.org_id),
            "offence_type": offence_types.label(db, subject.offence_type, subject.org_id, locale),
            "items": items,
            "checkins": checkin_rows,
            "health_reports": db.exec(
                select(CorrectionsHealthReport)
                .where(CorrectionsHealthReport.subject_id == sid)
                .order_by(col(CorrectionsHealthReport.due_on).desc())
                .limit(12)
            ).all(),
            "team": db.exec(
                select(CorrectionsTeamMember).where(CorrectionsTeamMember.subject_id == sid)
            ).all(),
            "leaves": leaves,
            "sanctions": sanctions,
            "marks": provisional_of(db, DueSource("corrections", "subject", sid)),  # type: ignore[arg-type]
            "suggestion": _suggestion(suggest_next(db, subject, today), locale_of(request)),
            "locations": locations,
            "aftercare": aftercare,
            "transfers": db.exec(
                select(CorrectionsTransfer).where(CorrectionsTransfer.subject_id == sid)
            ).all(),
            "evaluations": db.exec(
                select(CorrectionsEvaluation)
                .where(CorrectionsEvaluation.subject_id == sid)
                .order_by(col(CorrectionsEvaluation.month).desc())
            ).all(),
            "hours": hours_in_month(db, sid, today),  # type: ignore[arg-type]
            "required": required_hours(settings, subject.level),
            "triggers": [
                localized(t, locale_of(request))
                for t in strict_triggers(db, subject, settings, today)
            ],
            "allowed": allowed,
            "next_section": next_section(allowed, checkin_rows, today),
            "ended": Status(subject.status) in ENDED,
            "today": today,
            "label": label,
            "locale": locale,
            "Status": Status,
            "LeaveStatus": LeaveStatus,
            "LeaveRoute": LeaveRoute,
            "intake_modes": choices(IntakeMode, locale),
            "levels": choices(Level, locale),
            "member_types": choices(MemberType, locale),
            "checkin_modes": choices(CheckinMode, locale),
            "sanction_kinds": [(k.value, label(k, locale)) for k in allowed_kinds(subject)],
            "grounds": choices(LocationGround, locale),
            "end_types": [
                (e.value, label(e, locale))
                for e in EndType
                if e not in (EndType.EXPIRED, EndType.PARDON)
            ],
            "stations": stations(db, user.scope(db, DECIDE)) if user.can(DECIDE) else [],
            **_move_context(request, db, user, subject, values or {}),
            "can_edit": may(db, user, EDIT, subject.org_id),
            "can_station_approve": may(db, user, STATION_APPROVE, subject.org_id),
            "can_decide": may(db, user, DECIDE, subject.org_id),
            "can_approve_location": may(db, user, APPROVE_LOCATION, subject.org_id),
            "can_view_location": may(db, user, VIEW_LOCATION, subject.org_id),
            "error": error,
            "errors": errors or {},
            "values": values or {},
            "panel": panel,
            "received": request.query_params.get("received") == "1",
            **_names(subject, locale),
        },
        status_code=status_code,
    )


def _move_context(
    request: Request[Any, Any, Any],
    db: Session,
    user: CurrentUser,
    subject: CorrectionsSubject,
    values: dict[str, Any],
) -> dict[str, Any]:
    """The file's moves between counties and, while none is open, where it could go."""
    found = moves_of_subject(db, subject.id)  # type: ignore[arg-type]
    open_move = next(
        (
            m
            for m in found
            if m.status in ("requested", "accepted")
            or (m.status == "handed_over" and m.reported_on is None)
        ),
        None,
    )
    bureaus: list[OrgUnit] = []
    if (
        open_move is None
        and Status(subject.status) not in ENDED
        and may(db, user, DECIDE, subject.org_id)
    ):
        bureaus = other_bureaus(db, user)
    chosen = int_or_none(values.get("to_bureau_id"))
    return {
        "moves": found,
        "open_move": open_move,
        "move_bureaus": bureaus,
        "move_stations": stations_of(db, chosen) if chosen in {b.id for b in bureaus} else [],
        "move_names": org_names(db, {m.org_id for m in found} | {m.from_org_id for m in found}),
    }


@get(
    "/subjects/{subject_id:int}",
    name="corrections_subject",
    opt={"permission": VIEW, "records": RECORD},
    guards=[minors_guard],
    sync_to_thread=True,
)
def subject_detail(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, subject_id: int
) -> Template:
    return render_subject(request, db, current_user, load_subject(db, current_user, subject_id))


def act(
    request: Request[Any, Any, Any],
    db: Session,
    user: CurrentUser,
    subject_id: int,
    data: dict[str, Any],
    action: Any,
    *,
    panel: str,
    permission: str | None = None,
) -> Template | Redirect:
    """Run *action(subject)*; a user error rolls back and shows the file again with the
    message and what was typed (4xx), success goes back to the file's panel (303)."""
    subject = load_subject(db, user, subject_id)
    if permission is not None and not may(db, user, permission, subject.org_id):
        db.rollback()
        return render_subject(
            request,
            db,
            user,
            subject,
            status_code=403,
            error=localized(N_("您没有权限办理此事项"), locale_of(request)),
            values=data,
            panel=panel,
        )
    try:
        # Every action changes the file: lock it at the version the page showed (a repeated
        # or concurrent post of the same form is stale, 409) and bump it once.
        seen = lock_for_change(db, subject, int_or_none(data.get("version"))).version
        action(subject)
        if subject.version == seen:
            touch(subject)
    except Exception as exc:
        status, message, errors = error_status(exc, locale_of(request))
        db.rollback()
        subject = load_subject(db, user, subject_id)
        return render_subject(
            request,
            db,
            user,
            subject,
            status_code=status,
            error=message,
            errors=errors,
            values=data,
            panel=panel,
        )
    return Redirect(f"/m/corrections/subjects/{subject_id}#{panel}", status_code=HTTP_303_SEE_OTHER)


def _suggestion(found: tuple[Any, str] | None, locale: str) -> tuple[Any, str] | None:
    return (found[0], localized(found[1], locale)) if found is not None else None


def parse_day(data: dict[str, Any], field: str, today: date) -> date:
    """A date from a form field (today when empty), or :class:`InvalidInput`."""
    raw = str(data.get(field) or "").strip()
    if not raw:
        return today
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise InvalidInput({field: N_("请填写有效的日期，例如 2026-11-23")}) from exc


ROUTES = [subject_list, subject_new, subject_create, subject_detail]
