"""Duty lawyers: shifts at workstations with their logs, published to other modules as busy
periods keyed by practice number (``sifa_busy_periods``), and refused when they overlap."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from la_support import centre, provider
from legal_aid.errors import InvalidInput
from legal_aid.services import duty

from core.api import busy_periods
from core.db import session_scope


def test_a_duty_shift_is_a_busy_period_for_other_modules(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        centre_id = centre(session, org_tree.bureau)
        lawyer = provider(session, centre_id, "值班律师甲")
        other = provider(session, centre_id, "律师乙")
        shift = duty.add_shift(
            session,
            centre_id,
            {
                "workstation": "detention",
                "place": "乐陵市看守所",
                "provider_id": str(lawyer.id),
                "starts_at": "2026-11-05T09:00",
                "ends_at": "2026-11-05T17:00",
            },
        )
        duty.add_log(
            session,
            shift.id,
            {
                "consultations": "6",
                "plea_signings": "2",
                "applications_taken": "1",
                "notes": "会见在押人员6人",
            },
        )
        with pytest.raises(InvalidInput):  # the same lawyer cannot be in two places
            duty.add_shift(
                session,
                centre_id,
                {
                    "workstation": "court",
                    "place": "乐陵市人民法院",
                    "provider_id": str(lawyer.id),
                    "starts_at": "2026-11-05T16:00",
                    "ends_at": "2026-11-05T18:00",
                },
            )
        found = busy_periods(
            session,
            platform.host,
            datetime(2026, 11, 5, tzinfo=UTC),
            datetime(2026, 11, 6, tzinfo=UTC),
            {lawyer.practice_number, other.practice_number},
        )
    (period,) = [p for p in found if p.source == "legal_aid"]
    assert period.practice_number == lawyer.practice_number
    assert period.start == datetime(2026, 11, 5, 1, tzinfo=UTC)  # 09:00 in Beijing
    assert "看守所" in period.label


def test_roster_lawyers_not_on_duty_are_offered_for_publicity_events(platform, org_tree) -> None:
    from datetime import date

    from core.api import event_assistants

    with session_scope(platform.engine) as session:
        centre_id = centre(session, org_tree.bureau)
        busy = provider(session, centre_id, "值班律师丙")
        free = provider(session, centre_id, "普法律师丁")
        duty.add_shift(
            session,
            centre_id,
            {
                "workstation": "court",
                "place": "乐陵市人民法院",
                "provider_id": str(busy.id),
                "starts_at": "2026-12-04T09:00",
                "ends_at": "2026-12-04T17:00",
            },
        )
        offered = event_assistants(session, platform.host, org_tree.village_a, date(2026, 12, 4))
    keys = {a.key for a in offered}
    assert f"legal_aid.provider:{free.id}" in keys
    assert f"legal_aid.provider:{busy.id}" not in keys
