"""Adding, syncing and completing due items: the service plugins call."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from core.reminders.errors import DueItemExists, InvalidDueItem
from core.reminders.kind_overrides import remove_kind_override, set_kind_override
from core.reminders.kinds import UnknownDueItemKind, effective_timing
from core.reminders.models import DueItem
from core.reminders.service import (
    DueItemSpec,
    DueSource,
    add_due_item,
    due_items_for,
    due_items_of,
    sync_due_items,
)
from core.reminders.states import DueState
from tests.reminders.conftest import T0
from tests.reminders.support import DAY, add_item, item_of

CASE = DueSource("testplugin", "case", 42)


def specs(staff, **due: object) -> list[DueItemSpec]:
    return [
        DueItemSpec(
            key=key,
            title_zh=f"事项{key}",
            due_at=when,  # type: ignore[arg-type]
            org_id=staff.tree.village_a,
            account_id=staff.mediator,
            kind="testplugin.reply",
        )
        for key, when in due.items()
    ]


def test_syncing_the_same_items_again_adds_nothing(platform, staff) -> None:
    with Session(platform.engine) as session:
        first = sync_due_items(session, CASE, specs(staff, a=T0 + DAY, b=T0 + 2 * DAY), now=T0)
        again = sync_due_items(session, CASE, specs(staff, a=T0 + DAY, b=T0 + 2 * DAY), now=T0)
        session.commit()
        assert (first.added, again.added, again.unchanged) == (["a", "b"], [], ["a", "b"])
        assert [i.key for i in due_items_of(session, CASE)] == ["a", "b"]


def test_sync_updates_closes_what_is_missing_and_never_reopens(platform, staff) -> None:
    with Session(platform.engine) as session:
        sync_due_items(
            session, CASE, specs(staff, a=T0 + DAY, b=T0 + 2 * DAY, c=T0 + 3 * DAY), now=T0
        )
        result = sync_due_items(
            session, CASE, [*specs(staff, a=T0 + 5 * DAY, b=T0 + 2 * DAY)], now=T0 + DAY
        )
        assert (result.updated, result.unchanged, result.closed) == (["a"], ["b"], ["c"])
        items = {i.key: i for i in due_items_of(session, CASE)}
        assert items["a"].due_at == T0 + 5 * DAY
        assert items["c"].done_at == T0 + DAY and items["c"].done_by is None
        reopened = sync_due_items(
            session,
            CASE,
            specs(staff, a=T0 + 5 * DAY, b=T0 + 2 * DAY, c=T0 + 9 * DAY),
            now=T0 + DAY,
        )
        assert "c" in reopened.unchanged
        assert items["c"].done_at is not None  # a closed item stays closed: new work, new key
        done = sync_due_items(
            session,
            CASE,
            [DueItemSpec("a", "事项a", T0 + 5 * DAY, staff.tree.village_a, done=True)],
            close_missing=False,
            now=T0 + 2 * DAY,
        )
        assert done.closed == ["a"] and items["b"].done_at is None


def test_a_new_due_time_starts_the_reminders_afresh(platform, staff) -> None:
    with Session(platform.engine) as session:
        sync_due_items(session, CASE, specs(staff, a=T0 + DAY), now=T0)
        item = due_items_of(session, CASE)[0]
        item.notified_stage = 2  # the person was told it is overdue …
        sync_due_items(session, CASE, specs(staff, a=T0 + 10 * DAY), now=T0 + 2 * DAY)
        assert item.notified_stage == 0  # … and will be told again about the new deadline
        assert item.soon_at == T0 + 8 * DAY  # testplugin.reply: two days' lead
        assert item.next_escalation_at == T0 + 10 * DAY + timedelta(hours=12)


def test_add_refuses_a_second_item_with_the_same_key(platform, staff) -> None:
    add_item(
        platform,
        T0,
        source=CASE,
        key="hearing",
        title_zh="开庭",
        due_at=T0 + DAY,
        org_id=staff.tree.station_a,
    )
    with pytest.raises(DueItemExists):
        add_item(
            platform,
            T0,
            source=CASE,
            key="hearing",
            title_zh="开庭",
            due_at=T0 + DAY,
            org_id=staff.tree.station_a,
        )


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"title_zh": " "}, InvalidDueItem),
        ({"kind": "testplugin.nope"}, UnknownDueItemKind),
        ({"org_id": 99999}, InvalidDueItem),
        ({"account_id": 99999}, InvalidDueItem),
        ({"url": "https://example.com/x"}, InvalidDueItem),
    ],
)
def test_add_refuses_what_cannot_be_a_due_item(platform, staff, fields, error) -> None:
    values = {"title_zh": "回访", "due_at": T0 + DAY, "org_id": staff.tree.station_a, **fields}
    with Session(platform.engine) as session, pytest.raises(error) as raised:
        add_due_item(session, CASE, now=T0, **values)
    assert raised.value.message and raised.value.message_en


def test_the_inbox_list_holds_own_items_soonest_first(platform, staff) -> None:
    late = add_item(
        platform,
        T0,
        entity_id=1,
        title_zh="晚",
        due_at=T0 + 9 * DAY,
        org_id=staff.tree.village_a,
        account_id=staff.mediator,
    )
    soon = add_item(
        platform,
        T0,
        entity_id=2,
        title_zh="早",
        due_at=T0 + DAY,
        org_id=staff.tree.village_a,
        account_id=staff.mediator,
    )
    add_item(
        platform,
        T0,
        entity_id=3,
        title_zh="别人的",
        due_at=T0 + DAY,
        org_id=staff.tree.village_b,
        account_id=staff.mediator_b,
    )
    with Session(platform.engine) as session:
        assert [i.id for i in due_items_for(session, staff.mediator, now=T0)] == [soon, late]
        assert [
            i.id for i in due_items_for(session, staff.mediator, states=[DueState.DUE_SOON], now=T0)
        ] == [soon]


def test_a_bureau_changes_a_kinds_timing_for_its_subtree_and_open_items_follow(
    platform, staff
) -> None:
    item_id = add_item(
        platform,
        T0,
        title_zh="回访",
        due_at=T0 + 10 * DAY,
        org_id=staff.tree.village_a,
        account_id=staff.mediator,
        kind="testplugin.reply",
    )
    other = add_item(
        platform,
        T0,
        entity_id=2,
        title_zh="回访",
        due_at=T0 + 10 * DAY,
        org_id=staff.tree.village_b,
        account_id=staff.mediator_b,
        kind="testplugin.reply",
    )
    with Session(platform.engine) as session:
        set_kind_override(session, staff.tree.bureau, "testplugin.reply", lead_time=5 * DAY)
        set_kind_override(
            session, staff.tree.station_a, "testplugin.reply", escalation_delay=3 * DAY
        )
        session.commit()
        timing_a = effective_timing(session, "testplugin.reply", staff.tree.village_a)
        assert (timing_a.lead_time, timing_a.escalation_delay) == (5 * DAY, 3 * DAY)
    assert item_of(platform, item_id).soon_at == T0 + 5 * DAY
    assert item_of(platform, item_id).next_escalation_at == T0 + 13 * DAY
    assert item_of(platform, other).next_escalation_at == T0 + 10 * DAY + timedelta(hours=12)
    with Session(platform.engine) as session:
        assert remove_kind_override(session, staff.tree.station_a, "testplugin.reply")
        assert not remove_kind_override(session, staff.tree.station_a, "testplugin.reply")
        session.commit()
    assert item_of(platform, item_id).next_escalation_at == T0 + 10 * DAY + timedelta(hours=12)
    with Session(platform.engine) as session:
        assert (
            session.exec(select(DueItem).where(DueItem.id == item_id)).one().soon_at == T0 + 5 * DAY
        )


@pytest.mark.parametrize(
    "url", ["//evil.example/x", "https://evil.example", "javascript:alert(1)", "/a b", "/a\\b"]
)
def test_links_must_stay_on_the_platform(platform, staff, url) -> None:
    from core.reminders.notifications import notify

    with Session(platform.engine) as session:
        with pytest.raises(InvalidDueItem):
            add_due_item(
                session,
                CASE,
                title_zh="回访",
                due_at=T0 + DAY,
                org_id=staff.tree.station_a,
                url=url,
                now=T0,
            )
        with pytest.raises(InvalidDueItem):
            notify(session, staff.head_a, key="k", title_zh="通知", url=url)
