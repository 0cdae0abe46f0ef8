"""A due item's colour follows from its times and the clock: green, amber, red, done."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, col, select

from core.reminders.models import DueItem
from core.reminders.service import complete_due_item
from core.reminders.states import DueState, due_state, state_clause
from core.reminders.timefmt import as_due_time
from tests.reminders.conftest import T0
from tests.reminders.support import DAY, HOUR, add_item

DUE = T0 + 10 * DAY


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (T0, DueState.ON_TIME),
        (DUE - 3 * DAY - HOUR, DueState.ON_TIME),
        (DUE - 3 * DAY, DueState.DUE_SOON),  # the default lead time: three days
        (DUE - timedelta(seconds=1), DueState.DUE_SOON),
        (DUE, DueState.OVERDUE),
        (DUE + 30 * DAY, DueState.OVERDUE),
    ],
)
def test_the_state_follows_the_clock_the_same_in_python_and_in_sql(
    platform, staff, now, state
) -> None:
    item_id = add_item(
        platform,
        T0,
        title_zh="回访当事人",
        due_at=DUE,
        org_id=staff.tree.village_a,
        account_id=staff.mediator,
    )
    with Session(platform.engine) as session:
        item = session.get(DueItem, item_id)
        assert due_state(item, now) is state
        matching = {
            s
            for s in DueState
            if session.exec(
                select(DueItem.id).where(col(DueItem.id) == item_id, state_clause(s, now))
            ).first()
        }
    assert matching == {state}


def test_a_done_item_is_done_whatever_the_clock_says(platform, staff) -> None:
    item_id = add_item(platform, T0, title_zh="报送月报", due_at=DUE, org_id=staff.tree.station_a)
    with Session(platform.engine) as session:
        complete_due_item(session, item_id, by=staff.head_a, now=DUE + DAY)
        session.commit()
        item = session.get(DueItem, item_id)
        assert due_state(item, DUE + 2 * DAY) is DueState.DONE
        assert (item.done_by, item.done_at) == (staff.head_a, DUE + DAY)
        assert item.next_escalation_at is None


def test_the_lead_time_is_the_kinds(platform, staff) -> None:
    """testplugin.reply turns amber two days ahead (its declaration), not three."""
    item_id = add_item(
        platform,
        T0,
        title_zh="答复",
        due_at=DUE,
        org_id=staff.tree.village_a,
        kind="testplugin.reply",
    )
    with Session(platform.engine) as session:
        item = session.get(DueItem, item_id)
        assert due_state(item, DUE - 3 * DAY) is DueState.ON_TIME
        assert due_state(item, DUE - 2 * DAY) is DueState.DUE_SOON


def test_a_date_means_the_end_of_that_day_in_beijing() -> None:
    assert as_due_time(date(2026, 12, 1)) == datetime(2026, 12, 1, 16, 0, tzinfo=UTC)
    with pytest.raises(ValueError):
        as_due_time(datetime(2026, 12, 1, 12, 0))  # naive: which zone?
