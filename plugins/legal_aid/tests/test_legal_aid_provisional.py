"""Issue 20: legal-aid deadlines reaching 2027 (no holiday schedule yet) are provisional,
never held against the applicant, and recomputed when the year is entered."""

from __future__ import annotations

from datetime import date

import pytest
from la_support import application, centre, fresh
from legal_aid.models import LegalAidCase
from legal_aid.services import review
from legal_aid.services.cases import case_source

from core.db import session_scope
from core.reminders.service import due_items_of
from core.scheduling.calendar_store import set_holiday_override, set_year_complete
from core.scheduling.provisional import provisional_of, recompute_provisional


@pytest.fixture
def centre_id(platform, org_tree) -> int:
    with session_scope(platform.engine) as session:
        return centre(session, org_tree.bureau)


def test_the_review_deadline_is_provisional_then_recomputed(platform, centre_id) -> None:
    with session_scope(platform.engine) as session:
        case = application(session, centre_id, date(2026, 12, 28))
        row = fresh(session, LegalAidCase, case.id)
        assert row.review_due == date(2027, 1, 4) and not row.deadlines_pending
        assert provisional_of(session, case_source(case.id))["review_due"].years == (2027,)
        (item,) = due_items_of(session, case_source(case.id))
        assert "暂定" in item.provisional_note
    with session_scope(platform.engine) as session:  # a made-up notice: 4 January off
        set_holiday_override(session, date(2027, 1, 4), is_workday=False, note="测试")
        set_year_complete(session, 2027, source="测试")
    with session_scope(platform.engine) as session:
        report = recompute_provisional(session, platform.host)
    assert (report.recomputed, report.moved) == (1, 1)
    with session_scope(platform.engine) as session:
        assert fresh(session, LegalAidCase, case.id).review_due == date(2027, 1, 5)
        assert provisional_of(session, case_source(case.id)) == {}


def test_a_provisional_materials_deadline_never_withdraws_the_application(
    platform, centre_id
) -> None:
    with session_scope(platform.engine) as session:
        case = application(session, centre_id, date(2026, 12, 28))
        review.request_materials(
            session,
            case.id,
            {"materials_list": "工资欠条", "requested_on": "2026-12-28"},
            None,
            date(2026, 12, 28),
        )
        row = fresh(session, LegalAidCase, case.id)
        assert row.materials_due.year == 2027
        assert "materials_due" in provisional_of(session, case_source(case.id))
        later = row.materials_due.replace(day=row.materials_due.day + 1)
        assert not review.withdraw_for_missing_materials(session, row, later)  # it waits
        review.supply_materials(
            session, case.id, {"supplied_on": later.isoformat()}, None, later
        )  # late on a provisional date: accepted, not refused
        assert fresh(session, LegalAidCase, case.id).status == "applied"
