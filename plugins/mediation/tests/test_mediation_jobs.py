"""A term reaching an unknown year is provisional (暂定), then recomputed on entry (issue 20)."""

from __future__ import annotations

from datetime import date

from mediation.models import MediationCase
from mediation.services.due_items import case_source
from mediation_support import accepted_case, committee, mediator
from sqlmodel import Session

from core.db import session_scope
from core.reminders.service import due_items_of
from core.scheduling.calendar_store import set_holiday_override, set_year_complete
from core.scheduling.provisional import provisional_of, recompute_provisional

DECEMBER = date(2026, 12, 15)  # + one month = 15 January 2027, a year chinesecalendar does not know


def test_an_unknown_year_gives_a_provisional_term_recomputed_on_entry(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        c = committee(session, org_tree.village_a)
        row = accepted_case(
            session,
            c.id,
            mediator(session, c.id).id,
            today=DECEMBER,
            registered_on=DECEMBER.isoformat(),
        )
        assert row.due_on == date(2027, 1, 15) and not row.deadlines_pending
        (item,) = due_items_of(session, case_source(row.id))
        assert item.key == "term:2027-01-15" and "2027年节假日安排尚未录入" in item.provisional_note
        assert provisional_of(session, case_source(row.id))["due_on"].years == (2027,)
    with session_scope(platform.engine) as session:  # 2027 still unknown: nothing moves
        assert recompute_provisional(session, platform.host).recomputed == 0
    with session_scope(platform.engine) as session:  # a made-up notice: 15 January off
        set_holiday_override(session, date(2027, 1, 15), is_workday=False, note="测试")
        set_year_complete(session, 2027, source="国务院办公厅通知（测试）")
    with session_scope(platform.engine) as session:
        report = recompute_provisional(session, platform.host)
    assert (report.recomputed, report.moved) == (1, 1)
    with Session(platform.engine) as session:
        case = session.get(MediationCase, row.id)
        assert case.due_on == date(2027, 1, 18)
        items = due_items_of(session, case_source(row.id))
        assert [(i.key, i.provisional_note) for i in items if i.done_at is None] == [
            ("term:2027-01-18", "")
        ]
        assert provisional_of(session, case_source(row.id)) == {}
    with session_scope(platform.engine) as session:
        assert recompute_provisional(session, platform.host).recomputed == 0
