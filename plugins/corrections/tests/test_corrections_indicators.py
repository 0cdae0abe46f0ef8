"""Acceptance 5: the indicators of a station match a hand count over a seeded dataset, and the
bureau's figures pool its stations (numerators and denominators summed, never averaged)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from corrections.indicators import INDICATORS
from corrections.models import CorrectionsCheckin
from corrections.services import leave, release, sanctions, supervision
from corrections.services.intake import start_search
from corrections_support import SETTINGS, TODAY, subject, supervised
from sqlmodel import Session, select

from core.db import session_scope
from core.indicators.engine import rollup
from core.indicators.periods import Period
from core.orgs.models import OrgUnit

BY_CODE = {i.code: i for i in INDICATORS}
NOV = Period.parse("2026-11")


def d(day: int, month: int = 11) -> date:
    return date(2026, month, day)


def _leave(session, s, start, end, returned=None):
    row = leave.apply_leave(
        session,
        s,
        {
            "destination": "济南",
            "reason": "就医",
            "start_on": start.isoformat(),
            "end_on": end.isoformat(),
        },
        settings=SETTINGS,
        today=min(TODAY, start - timedelta(days=SETTINGS.leave_notice_days)),  # applied ahead
    )
    leave.decide_leave(
        session, s, row, approve=True, level=leave.LeaveRoute.COUNTY, decided_by="局", today=TODAY
    )
    if returned is not None:
        leave.close_leave(session, s, row, on=returned, today=TODAY)


def _sanction(session, s, kind, on):
    sanctions.record_sanction(
        session,
        s,
        {"kind": kind, "facts": "经查属实", "decided_on": on.isoformat()},
        decided_by="局",
        settings=SETTINGS,
        today=TODAY,
    )


def _released(session, org_id, on, *, key, handed):
    from corrections_support import person

    row = release.receive_release_notice(
        session,
        {
            "released_by": "山东省鲁北监狱",
            "release_on": on.isoformat(),
            "category": "01" if key else "02",
        },
        org_id=org_id,
        person_id=person(session, org_id),
        today=on,
    )
    if handed:
        release.verify(session, row, on)
        release.hand_over(session, row, mode="03", on=on, settings=SETTINGS, today=TODAY)
    return row


def seed_station(session: Session, org_id: int) -> None:
    """The station's November, as counted by hand in the test below."""
    s1 = subject(
        session, org_id, received=d(25, 10), reported=d(3), announced=d(3)
    )  # due 4 Nov: on time
    s2 = subject(session, org_id, received=d(1), reported=d(14))  # due 11 Nov: late
    s3 = subject(session, org_id, received=d(10))  # due 20 Nov: not reported, searched for
    start_search(session, s3, TODAY)
    s4 = supervised(session, org_id, since=d(20, 10))  # due 27 Oct; check-ins 3, 10, 17, 24 Nov
    supervision.lose_contact(session, s4, d(20))
    # check-ins of s1 due 10, 17, 24 Nov: one on time, one late, one open
    rows = {
        c.due_on: c
        for c in session.exec(
            select(CorrectionsCheckin).where(CorrectionsCheckin.subject_id == s1.id)
        ).all()
    }
    supervision.record_checkin(
        session, s1, rows[d(10)], on=d(10), mode="in_person", note="", today=TODAY
    )
    supervision.record_checkin(
        session, s1, rows[d(17)], on=d(19), mode="in_person", note="", today=TODAY
    )
    # leaves of s1: back on time, back late, not back
    _leave(session, s1, d(5), d(9), returned=d(9))
    _leave(session, s1, d(12), d(14), returned=d(16))
    _leave(session, s1, d(20), d(22))
    # sanctions: praise (not counted), an admonition and a warning
    _sanction(session, s1, "praise", d(2))
    _sanction(session, s1, "admonition", d(15))
    _sanction(session, s2, "warning", d(21))
    # released from prison: two handed over (one key person), two not (one key person)
    _released(session, org_id, d(5), key=False, handed=True)
    _released(session, org_id, d(10), key=True, handed=True)
    _released(session, org_id, d(15), key=False, handed=False)
    _released(session, org_id, d(20), key=True, handed=False)
    reoffender = _released(session, org_id, d(2), key=False, handed=True)
    release.exit_aftercare(session, reoffender, reason="reoffended", on=d(18))


HAND_COUNT_STATION_A = {
    # code: (numerator, denominator or None)
    "corrections.intake_on_time": (1, 3),  # s1 on time of s1, s2, s3
    "corrections.out_of_supervision": (2, None),  # s3 searched for, s4 lost
    "corrections.checkin_compliance": (1, 7),  # s1: 10 Nov of 10/17/24; s4: 3/10/17/24 none
    "corrections.leave_overdue": (2, None),  # back late + not back
    "corrections.sanctions_per_100": (2, 3),  # admonition + warning over s1, s2, s4
    "corrections.reoffending": (1, None),
    "corrections.handover_rate": (3, 5),  # 2, 5, 10 Nov handed over of 2, 5, 10, 15, 20
    "corrections.handover_rate_key": (1, 2),
}


@pytest.fixture
def figure(platform, org_tree):
    with session_scope(platform.engine) as session:
        seed_station(session, org_tree.station_a)
        b = subject(session, org_tree.station_b, received=d(1), reported=d(5))  # on time at B
        _sanction(session, b, "admonition", d(6))

    def compute(code: str, org_id: int):
        with Session(platform.engine) as session:
            return rollup(session, BY_CODE[code], session.get(OrgUnit, org_id), NOV)

    return compute


def test_a_stations_indicators_match_the_hand_count(figure, org_tree) -> None:
    for code, (numerator, denominator) in HAND_COUNT_STATION_A.items():
        got = figure(code, org_tree.station_a)
        assert got.numerator == numerator, code
        if denominator is not None:
            assert got.denominator == denominator, code
    assert figure("corrections.intake_on_time", org_tree.station_a).value == Decimal("33.3")
    assert figure("corrections.sanctions_per_100", org_tree.station_a).value == Decimal("66.7")


def test_the_bureau_pools_its_stations(figure, org_tree) -> None:
    intake = figure("corrections.intake_on_time", org_tree.bureau)
    assert (intake.numerator, intake.denominator) == (2, 4)  # B's one on-time intake added
    per_100 = figure("corrections.sanctions_per_100", org_tree.bureau)
    assert (per_100.numerator, per_100.denominator) == (3, 4)
