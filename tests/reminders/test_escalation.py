"""The red-light warning: overdue items climb the organisation tree, one tier per delay."""

from __future__ import annotations

from sqlmodel import Session

from core.modules.service import set_active
from core.reminders.service import DueSource
from tests.reminders.conftest import T0
from tests.reminders.support import (
    DAY,
    add_item,
    escalations,
    item_of,
    notifications,
    recipients,
    scan,
)

DUE = T0 + DAY


def test_an_overdue_item_goes_to_the_station_head_then_the_bureau_leader(platform, staff) -> None:
    item = add_item(
        platform,
        T0,
        title_zh="回访纠纷当事人",
        due_at=DUE,
        org_id=staff.tree.village_a,
        account_id=staff.mediator,
    )
    scan(platform, T0)  # due within three days: amber, the mediator is told
    assert notifications(platform) == [
        (staff.mediator, f"due:{item}:due_soon:{int(DUE.timestamp())}")
    ]

    scan(platform, DUE)  # red: told again, nobody else yet
    assert notifications(platform, staff.mediator)[-1][1].startswith(f"due:{item}:overdue:")
    assert escalations(platform) == []

    scan(platform, DUE + DAY)  # one day overdue: the station head
    assert escalations(platform) == [(item, 1, staff.tree.station_a)]
    assert recipients(platform, item) == {staff.head_a}
    assert notifications(platform, staff.head_a) == [(staff.head_a, f"due:{item}:escalated:1")]

    scan(platform, DUE + 2 * DAY)  # two days: the bureau leader
    assert escalations(platform) == [(item, 1, staff.tree.station_a), (item, 2, staff.tree.bureau)]
    assert recipients(platform, item) == {staff.head_a, staff.leader}

    scan(platform, DUE + 30 * DAY)  # nobody above the bureau: the chain ends
    assert len(escalations(platform)) == 2
    assert item_of(platform, item).next_escalation_at is None
    assert notifications(platform, staff.head_b) == []  # another station is never told


def test_a_scan_after_an_outage_catches_up_on_every_level_at_once(platform, staff) -> None:
    item = add_item(
        platform,
        T0,
        title_zh="报送材料",
        due_at=DUE,
        org_id=staff.tree.village_a,
        account_id=staff.mediator,
    )
    report = scan(platform, DUE + 5 * DAY)
    assert (report.escalations, report.notified) == (2, 1)
    assert [level for _, level, _ in escalations(platform, item)] == [1, 2]
    assert [key.split(":")[2] for _, key in notifications(platform, staff.mediator)] == ["overdue"]
    again = scan(platform, DUE + 5 * DAY)
    assert (again.escalations, again.notified) == (0, 0)


def test_an_item_without_a_person_belongs_to_the_heads_of_its_organisation(platform, staff) -> None:
    item = add_item(platform, T0, title_zh="报送月度统计", due_at=DUE, org_id=staff.tree.station_a)
    scan(platform, T0)
    assert escalations(platform) == [(item, 0, staff.tree.station_a)]  # handed over at once
    assert [a for a, _ in notifications(platform)] == [staff.head_a]  # and told it is due soon
    scan(platform, DUE + DAY)
    assert escalations(platform, item)[-1] == (item, 1, staff.tree.bureau)
    assert recipients(platform, item) == {staff.head_a, staff.leader}


def test_a_station_heads_own_item_goes_straight_to_the_bureau(platform, staff) -> None:
    item = add_item(
        platform,
        T0,
        title_zh="所长述职",
        due_at=DUE,
        org_id=staff.tree.station_a,
        account_id=staff.head_a,
    )
    scan(platform, DUE + DAY)
    assert escalations(platform) == [(item, 1, staff.tree.bureau)]
    assert recipients(platform, item) == {staff.leader}


def test_the_kinds_delay_and_a_bureaus_override_time_the_escalation(platform, staff) -> None:
    """testplugin.reply escalates twelve hours after the due time, by its declaration."""
    item = add_item(
        platform,
        T0,
        title_zh="答复",
        due_at=DUE,
        kind="testplugin.reply",
        org_id=staff.tree.village_a,
        account_id=staff.mediator,
    )
    scan(platform, DUE + DAY / 2 - DAY / 24)
    assert escalations(platform) == []
    scan(platform, DUE + DAY / 2)
    assert escalations(platform) == [(item, 1, staff.tree.station_a)]


def test_items_of_a_module_turned_off_wait_until_it_is_on_again(platform, staff) -> None:
    item = add_item(
        platform,
        T0,
        source=DueSource("testplugin", "note", 7),
        title_zh="答复笔记",
        due_at=DUE,
        org_id=staff.tree.village_a,
        account_id=staff.mediator,
    )
    with Session(platform.engine) as session:
        set_active(session, platform.host, staff.tree.bureau, "testplugin", False)
        session.commit()
    report = scan(platform, DUE + 3 * DAY)
    assert report.skipped and escalations(platform) == [] and notifications(platform) == []
    with Session(platform.engine) as session:
        set_active(session, platform.host, staff.tree.bureau, "testplugin", True)
        session.commit()
    scan(platform, DUE + 3 * DAY)
    assert [level for _, level, _ in escalations(platform, item)] == [1, 2]
