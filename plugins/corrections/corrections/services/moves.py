"""Change of execution place between counties (跨县变更执行地), C7, step by step.

1. The sending station (its county body) **requests** the move to a station of another
   bureau; the file stays where it is. The receiving side gets a due item: check and answer
   within the ``corrections.move_check`` rule (default 5 natural days, **unsure**: editable).
2. The receiving county **checks** (核实) the new residence and accepts or refuses.
3. On acceptance the sending side **hands the file over**: every row moves to the new
   station that day, which is responsible from that day on (the old one up to the day
   before), so there is never a day without a responsible station. The subject must report
   at the new station within 7 days (``corrections.move_report``): a due item at the new
   station, red from the 8th day.
4. The new station records the **report**.

:func:`responsible_station` answers who was responsible on any day, from the hand-overs;
the indicator ``corrections.subjects_at_end`` counts each subject once per period, at the
station responsible on the period's last day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from core.api import (
    N_,
    DueItemSpec,
    DueSource,
    OrgUnit,
    due_date,
    lock_for_change,
    sync_due_items,
    track_due,
)
from corrections.codes import Status
from corrections.deadlines import MOVE_CHECK, MOVE_REPORT
from corrections.errors import CorrectionsError, InvalidInput
from corrections.models import CorrectionsSubject, CorrectionsTransfer
from corrections.services import due_items
from corrections.services.transfer import CHILDREN
from corrections.services.workflow import ENDED

__all__ = [
    "check_move",
    "hand_over_move",
    "record_move_report",
    "request_move",
    "responsible_station",
    "sync_move_items",
]

REQUESTED, ACCEPTED, REFUSED, HANDED_OVER = "requested", "accepted", "refused", "handed_over"


def _source(transfer: CorrectionsTransfer) -> DueSource:
    return DueSource("corrections", "transfer", transfer.id)  # type: ignore[arg-type]


def _open_move(session: Session, subject_id: int) -> CorrectionsTransfer | None:
    return session.exec(
        select(CorrectionsTransfer).where(
            CorrectionsTransfer.subject_id == subject_id,
            col(CorrectionsTransfer.status).in_([REQUESTED, ACCEPTED]),
        )
    ).first()


def request_move(
    session: Session,
    subject: CorrectionsSubject,
    *,
    to_org_id: int,
    reason: str,
    today: date,
) -> CorrectionsTransfer:
    """The sending side asks the receiving county to take over (the caller checked the user
    may act at the subject's station; the receiving station is outside their scope)."""
    if Status(subject.status) in ENDED:
        raise CorrectionsError(
            N_("矫正已结束，不能变更执行地"), "Supervision has ended; the place cannot change"
        )
    errors: dict[str, str] = {}
    target = session.get(OrgUnit, to_org_id)
    if target is None or not target.active:
        errors["to_org_id"] = N_("请选择新执行地司法所")
    elif to_org_id == subject.org_id:
        errors["to_org_id"] = N_("新执行地与原执行地相同")
    if not reason.strip():
        errors["reason"] = N_("请填写变更执行地的理由（如迁居）")
    if errors:
        raise InvalidInput(errors)
    if _open_move(session, subject.id) is not None:  # type: ignore[arg-type]
        raise CorrectionsError(
            N_("该矫正对象已有未办结的变更执行地申请"),
            "This subject already has a move that is not finished",
        )
    check = due_date(session, MOVE_CHECK, today, to_org_id)
    move = CorrectionsTransfer(
        org_id=to_org_id,
        subject_id=subject.id,  # type: ignore[arg-type]
        from_org_id=subject.org_id,
        decided_on=today,
        reason=reason.strip()[:200],
        status=REQUESTED,
        check_due_on=check.due,  # type: ignore[arg-type]
    )
    session.add(move)
    session.flush()
    track_due(
        session,
        _source(move),
        "check_due_on",
        check,
        label_zh=f"矫正对象 #{subject.id} 变更执行地核实期限",
        label_en=f"Check of the move of subject #{subject.id}",
        url=f"/m/corrections/moves/{move.id}",
    )
    sync_move_items(session, move, subject, today)
    return move


def _locked(session: Session, move: CorrectionsTransfer, version: int | None) -> None:
    """Lock the move at the version the page showed and take the next one: a second click,
    or a colleague's answer given meanwhile, is stale (409) rather than applied twice."""
    lock_for_change(session, move, version)
    move.version += 1


def check_move(
    session: Session,
    subject: CorrectionsSubject,
    move: CorrectionsTransfer,
    *,
    accept: bool,
    note: str,
    today: date,
    expected_version: int | None = None,
) -> CorrectionsTransfer:
    """The receiving county's answer after checking the new residence (核实)."""
    _locked(session, move, expected_version)
    if move.status != REQUESTED:
        raise CorrectionsError(N_("该申请已核实"), "This request has already been checked")
    if not accept and not note.strip():
        raise InvalidInput({"check_note": N_("不同意接收的，请说明理由")})
    move.status = ACCEPTED if accept else REFUSED
    move.checked_on = today
    move.check_note = note.strip()[:200]
    session.add(move)
    session.flush()
    sync_move_items(session, move, subject, today)
    return move


def hand_over_move(
    session: Session,
    subject: CorrectionsSubject,
    move: CorrectionsTransfer,
    *,
    today: date,
    expected_version: int | None = None,
) -> CorrectionsTransfer:
    """交接: the file moves to the receiving station today; the 7-day report starts."""
    _locked(session, move, expected_version)
    if move.status != ACCEPTED:
        raise CorrectionsError(
            N_("新执行地核实同意后才能移交档案"),
            "The file is handed over only after the new county has accepted",
        )
    report = due_date(session, MOVE_REPORT, today, move.org_id)
    for model in CHILDREN:
        for row in session.exec(select(model).where(model.subject_id == subject.id)).all():  # type: ignore[attr-defined]
            row.org_id = move.org_id
            session.add(row)
    subject.org_id = move.org_id
    session.add(subject)
    move.status = HANDED_OVER
    move.handed_over_on = today
    move.report_due_on = report.due  # type: ignore[assignment]
    session.add(move)
    session.flush()
    track_due(
        session,
        _source(move),
        "report_due_on",
        report,
        label_zh=f"矫正对象 #{subject.id} 变更执行地报到期限",
        label_en=f"Report-in after the move of subject #{subject.id}",
        url=f"/m/corrections/subjects/{subject.id}",
    )
    due_items.sync_subject_items(session, subject, today)
    sync_move_items(session, move, subject, today)
    return move


def record_move_report(
    session: Session,
    subject: CorrectionsSubject,
    move: CorrectionsTransfer,
    *,
    on: date,
    today: date,
    expected_version: int | None = None,
) -> CorrectionsTransfer:
    """The subject reported at the new station (报到)."""
    _locked(session, move, expected_version)
    if move.status != HANDED_OVER or move.reported_on is not None:
        raise CorrectionsError(
            N_("档案移交后才能登记报到，且只登记一次"),
            "The report is recorded once, after the file was handed over",
        )
    if on > today or (move.handed_over_on and on < move.handed_over_on):
        raise InvalidInput({"move_reported_on": N_("报到日期应在移交之后、今天之前")})
    move.reported_on = on
    session.add(move)
    session.flush()
    sync_move_items(session, move, subject, today)
    return move


def sync_move_items(
    session: Session, move: CorrectionsTransfer, subject: CorrectionsSubject, today: date
) -> None:
    """The move's open due items: the receiving side's check, then the subject's report."""
    name = due_items.subject_name(session, subject)
    url = f"/m/corrections/subjects/{subject.id}"
    specs: list[DueItemSpec] = []
    if move.status == REQUESTED and move.check_due_on is not None:
        specs.append(
            DueItemSpec(
                key="check",
                title_zh=f"核实{name}变更执行地申请，{move.check_due_on} 前回复",
                title_en=f"Check the move of subject #{subject.id}",
                due_at=move.check_due_on,
                org_id=move.org_id,
                account_id=None,
                kind=due_items.MOVE_CHECK,
                url=f"/m/corrections/moves/{move.id}",
            )
        )
    if move.status == HANDED_OVER and move.reported_on is None and move.report_due_on:
        specs.append(
            DueItemSpec(
                key="report",
                title_zh=f"{name} 应于 {move.report_due_on} 前到新执行地报到",
                title_en=f"Subject #{subject.id} reports at the new station",
                due_at=move.report_due_on,
                org_id=move.org_id,
                account_id=None,
                kind=due_items.MOVE_REPORT,
                url=url,
            )
        )
    sync_due_items(session, _source(move), specs, now=due_items.day_start(today))


def responsible_station(
    session: Session, subject: CorrectionsSubject, day: date, moves: Iterable[Any] | None = None
) -> int:
    """The station responsible for *subject* on *day*: the sending station up to the day
    before a hand-over, the receiving one from the hand-over day (never none)."""
    handed = sorted(
        moves
        if moves is not None
        else session.exec(
            select(CorrectionsTransfer).where(
                CorrectionsTransfer.subject_id == subject.id,
                CorrectionsTransfer.status == HANDED_OVER,
            )
        ).all(),
        key=lambda m: (m.handed_over_on or m.decided_on, m.id),
    )
    for move in handed:
        if day < (move.handed_over_on or move.decided_on):
            return move.from_org_id
    return subject.org_id
