"""A subject moves to another county (issue 23, acceptance 4), and leaves are applied for ahead.

乐陵市 (station A) asks 宁津县 to take a subject over; 宁津 checks within the legal time,
the file is handed over, the subject must report at the new station within 7 days (red on
the 8th), every day has exactly one responsible station, and each period counts the subject
once, at one bureau.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from corrections.errors import CorrectionsError, InvalidInput
from corrections.indicators import INDICATORS
from corrections.models import CorrectionsCheckin, CorrectionsSubject
from corrections.services import leave, moves
from corrections_support import SETTINGS
from corrections_support import two_counties as counties_beside
from sqlmodel import Session, select

from core.api import DueSource, DueState, due_date, due_state
from core.db import session_scope
from core.indicators.engine import rollup
from core.indicators.periods import Period
from core.orgs.models import OrgUnit
from core.reminders.models import DueItem

BEIJING = timezone(timedelta(hours=8))
AT_END = next(i for i in INDICATORS if i.code == "corrections.subjects_at_end")
ASKED, CHECKED, HANDED = date(2026, 2, 24), date(2026, 2, 26), date(2026, 3, 2)


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), BEIJING).astimezone(UTC)


def _item(session: Session, move_id: int, key: str) -> DueItem | None:
    return session.exec(
        select(DueItem).where(
            DueSource("corrections", "transfer", move_id).clause(), DueItem.key == key
        )
    ).first()


@pytest.fixture
def two_counties(platform, org_tree):
    return counties_beside(platform, org_tree.station_a, received=date(2026, 1, 5))


def test_a_move_between_counties_step_by_step(platform, org_tree, two_counties) -> None:
    sid, new_station = two_counties["subject"], two_counties["station"]
    with session_scope(platform.engine) as session:
        s = session.get(CorrectionsSubject, sid)
        with pytest.raises(InvalidInput):
            moves.request_move(session, s, to_org_id=new_station, reason=" ", today=ASKED)
        move = moves.request_move(session, s, to_org_id=new_station, reason="迁居宁津", today=ASKED)
        # the receiving county's check is due within the rule (5 days, editable), at its station
        assert (
            move.check_due_on == due_date(session, "corrections.move_check", ASKED, new_station).due
        )
        check = _item(session, move.id, "check")
        assert check is not None and check.org_id == new_station
        assert s.org_id == org_tree.station_a  # the file has not moved yet
        with pytest.raises(CorrectionsError, match="核实同意后"):
            moves.hand_over_move(session, s, move, today=CHECKED)
        moves.check_move(session, s, move, accept=True, note="已核实居住地", today=CHECKED)
        assert _item(session, move.id, "check").done_at is not None  # type: ignore[union-attr]
        moves.hand_over_move(session, s, move, today=HANDED)
        assert s.org_id == new_station
        assert {c.org_id for c in session.exec(select(CorrectionsCheckin)).all()} <= {new_station}
        move_id = move.id

    with Session(platform.engine) as session:
        report = _item(session, move_id, "report")
        assert report is not None and report.org_id == new_station
        day7, day8 = HANDED + timedelta(days=7), HANDED + timedelta(days=8)
        assert due_state(report, _at(day7, 23)) is not DueState.OVERDUE
        assert due_state(report, _at(day8, 0)) is DueState.OVERDUE  # red on the 8th day

        s = session.get(CorrectionsSubject, sid)
        handed = session.get(moves.CorrectionsTransfer, move_id)
        days = [date(2026, 2, 1) + timedelta(days=n) for n in range(60)]
        stations = [moves.responsible_station(session, s, d) for d in days]  # type: ignore[arg-type]
        assert all(stations)  # never a day without a responsible station
        assert stations[days.index(HANDED - timedelta(days=1))] == org_tree.station_a
        assert stations[days.index(HANDED)] == new_station
        assert set(stations) == {org_tree.station_a, new_station}
        assert handed.handed_over_on == HANDED  # type: ignore[union-attr]

        # each period counts the subject exactly once, at one bureau
        here = session.get(OrgUnit, org_tree.bureau)
        there = session.get(OrgUnit, two_counties["bureau"])
        for month, expected in (("2026-02", (1, 0)), ("2026-03", (0, 1)), ("2026-04", (0, 1))):
            period = Period.parse(month)
            counts = (
                rollup(session, AT_END, here, period).value,  # type: ignore[arg-type]
                rollup(session, AT_END, there, period).value,  # type: ignore[arg-type]
            )
            assert counts == expected, month

    with session_scope(platform.engine) as session:
        s = session.get(CorrectionsSubject, sid)
        move = session.get(moves.CorrectionsTransfer, move_id)
        moves.record_move_report(session, s, move, on=HANDED + timedelta(days=3), today=day8)  # type: ignore[arg-type]
        assert _item(session, move_id, "report").done_at is not None  # type: ignore[union-attr]


def test_a_refused_move_leaves_the_file_where_it_is(platform, org_tree, two_counties) -> None:
    with session_scope(platform.engine) as session:
        s = session.get(CorrectionsSubject, two_counties["subject"])
        move = moves.request_move(
            session, s, to_org_id=two_counties["station"], reason="迁居", today=ASKED
        )
        with pytest.raises(InvalidInput):
            moves.check_move(session, s, move, accept=False, note="", today=CHECKED)
        moves.check_move(session, s, move, accept=False, note="查无此居住地", today=CHECKED)
        assert s.org_id == org_tree.station_a and move.status == "refused"
        assert moves.responsible_station(session, s, CHECKED) == org_tree.station_a  # type: ignore[arg-type]


def test_a_leave_is_applied_for_days_ahead_unless_urgent(platform, two_counties) -> None:
    today = date(2026, 3, 2)
    form = {"destination": "济南", "reason": "就医", "end_on": "2026-03-05"}
    with session_scope(platform.engine) as session:
        s = session.get(CorrectionsSubject, two_counties["subject"])
        with pytest.raises(InvalidInput) as late:
            leave.apply_leave(
                session, s, {**form, "start_on": "2026-03-04"}, settings=SETTINGS, today=today
            )
        assert "提前3日申请" in late.value.errors["start_on"]
        with pytest.raises(InvalidInput) as bare:
            leave.apply_leave(
                session,
                s,
                {**form, "start_on": "2026-03-03", "urgent": "1"},
                settings=SETTINGS,
                today=today,
            )
        assert "urgent_reason" in bare.value.errors
        urgent = leave.apply_leave(
            session,
            s,
            {**form, "start_on": "2026-03-03", "urgent": "1", "urgent_reason": "母亲突发重病"},
            settings=SETTINGS,
            today=today,
        )
        assert urgent.urgent and urgent.urgent_reason == "母亲突发重病"
        ahead = leave.apply_leave(
            session,
            s,
            {**form, "start_on": "2026-03-05", "end_on": "2026-03-06"},
            settings=SETTINGS,
            today=today,
        )
        assert not ahead.urgent
