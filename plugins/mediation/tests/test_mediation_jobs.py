"""A due date that depends on an unknown year is flagged, then computed by the nightly job."""

from __future__ import annotations

from datetime import date

from mediation.jobs import refresh_deadlines
from mediation.models import MediationCase
from mediation.services.due_items import case_source
from mediation_support import accepted_case, committee, mediator
from sqlmodel import Session

from core.db import session_scope
from core.reminders.service import due_items_of
from core.scheduling import runs
from core.scheduling.calendar_store import set_holiday_override, set_year_complete
from core.scheduling.declarations import JobContext

DECEMBER = date(2026, 12, 15)  # + one month = 15 January 2027, a year chinesecalendar does not know


def _run(platform) -> dict:
    with platform.engine.begin() as conn:
        run_id, token = runs.insert_run(conn, "mediation.refresh_deadlines")
    runs.claim(platform.engine, run_id, token, "mediation.refresh_deadlines")
    context = JobContext(
        run_id,
        "mediation.refresh_deadlines",
        None,
        {},
        platform.engine,
        platform.settings,
        host=platform.host,
        _token=token,
    )
    return refresh_deadlines(context)


def test_an_unknown_year_is_flagged_not_guessed_and_filled_in_later(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        c = committee(session, org_tree.village_a)
        row = accepted_case(
            session,
            c.id,
            mediator(session, c.id).id,
            today=DECEMBER,
            registered_on=DECEMBER.isoformat(),
        )
        assert row.due_on is None and row.deadlines_pending
        assert due_items_of(session, case_source(row.id)) == []
    assert _run(platform) == {"pending": 1, "resolved": 0}  # still unknown: nothing guessed
    with session_scope(platform.engine) as session:
        set_holiday_override(session, date(2027, 1, 1), is_workday=False, note="元旦")
        set_year_complete(session, 2027, source="国务院办公厅通知（测试）")
    assert _run(platform) == {"pending": 1, "resolved": 1}
    with Session(platform.engine) as session:
        case = session.get(MediationCase, row.id)
        assert case.due_on == date(2027, 1, 15) and not case.deadlines_pending
        items = due_items_of(session, case_source(row.id))
        assert [i.key for i in items] == ["term:2027-01-15"]
    assert _run(platform) == {"pending": 0, "resolved": 0}
