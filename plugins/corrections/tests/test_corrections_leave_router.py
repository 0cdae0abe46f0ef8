"""Acceptance 2: the leave router picks the right approver for 7, 8, 30 and 31 days and for a
cumulative 31 days in two months, over the configured thresholds (table-driven)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from corrections.codes import LeaveRoute, LeaveStatus
from corrections.errors import CorrectionsError
from corrections.services.leave import apply_leave, decide_leave, route_leave
from corrections.settings import CorrectionsSettings
from corrections_support import SETTINGS, TODAY, supervised

from core.db import session_scope

DEFAULTS = CorrectionsSettings()
# A province that lets the station approve 10 days and the county 20, 40 in three months.
STRICTER = CorrectionsSettings(
    leave_station_max_days=10,
    leave_county_max_days=20,
    leave_window_days=90,
    leave_window_max_days=40,
)


@pytest.mark.parametrize(
    ("settings", "days", "already", "frequent", "expected"),
    [
        (DEFAULTS, 1, 0, False, LeaveRoute.STATION),
        (DEFAULTS, 7, 0, False, LeaveRoute.STATION),
        (DEFAULTS, 8, 0, False, LeaveRoute.COUNTY),
        (DEFAULTS, 30, 0, False, LeaveRoute.COUNTY),
        (DEFAULTS, 31, 0, False, LeaveRoute.CITY),
        (DEFAULTS, 6, 25, False, LeaveRoute.CITY),  # 31 days within two months
        (DEFAULTS, 5, 25, False, LeaveRoute.STATION),  # exactly 30: still allowed below
        (DEFAULTS, 8, 22, False, LeaveRoute.COUNTY),
        (DEFAULTS, 10, 0, True, LeaveRoute.COUNTY),  # frequent travel: six-month approval
        (STRICTER, 10, 0, False, LeaveRoute.STATION),
        (STRICTER, 11, 0, False, LeaveRoute.COUNTY),
        (STRICTER, 20, 0, False, LeaveRoute.COUNTY),
        (STRICTER, 21, 0, False, LeaveRoute.CITY),
        (STRICTER, 5, 36, False, LeaveRoute.CITY),
        (STRICTER, 5, 35, False, LeaveRoute.STATION),
    ],
)
def test_the_leave_router_picks_the_approver(settings, days, already, frequent, expected) -> None:
    assert route_leave(days, already, settings, frequent=frequent) == expected


def _apply(session, subject, start, days):
    return apply_leave(
        session,
        subject,
        {
            "destination": "济南市",
            "reason": "就医",
            "start_on": start.isoformat(),
            "end_on": (start + timedelta(days=days - 1)).isoformat(),
        },
        settings=SETTINGS,
        today=min(TODAY, start - timedelta(days=SETTINGS.leave_notice_days)),  # applied ahead
    )


def test_cumulative_leave_over_thirty_days_in_two_months_goes_to_the_city(
    platform, org_tree
) -> None:
    with session_scope(platform.engine) as session:
        subject = supervised(session, org_tree.station_a)
        first = _apply(session, subject, TODAY + timedelta(days=1), 25)
        assert first.route == LeaveRoute.COUNTY
        decide_leave(
            session,
            subject,
            first,
            approve=True,
            level=LeaveRoute.COUNTY,
            decided_by="局",
            today=TODAY,
        )
        second = _apply(session, subject, TODAY + timedelta(days=30), 6)  # 25 + 6 = 31
        assert second.route == LeaveRoute.CITY
        later = _apply(session, subject, TODAY + timedelta(days=120), 6)  # window passed
        assert later.route == LeaveRoute.STATION


def test_the_station_cannot_approve_a_leave_routed_to_the_county(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        subject = supervised(session, org_tree.station_a)
        short = _apply(session, subject, TODAY + timedelta(days=3), 5)
        long = _apply(session, subject, TODAY + timedelta(days=20), 12)
        decide_leave(
            session,
            subject,
            short,
            approve=True,
            level=LeaveRoute.STATION,
            decided_by="所长",
            today=TODAY,
        )
        assert short.status == LeaveStatus.APPROVED
        with pytest.raises(CorrectionsError, match="司法所无权批准"):
            decide_leave(
                session,
                subject,
                long,
                approve=True,
                level=LeaveRoute.STATION,
                decided_by="所长",
                today=TODAY,
            )
        assert long.status == LeaveStatus.PENDING
