"""Acceptance 2: ahead of 12·4 every unit with publicity duties gets a reminder; a unit below
its quarterly plan at quarter end turns amber, then red."""

from __future__ import annotations

from datetime import UTC, date, datetime

from publicity.jobs import run_reminders
from publicity.services.plans import quarter_progress
from publicity_support import approved_plan, make_unit, record_event
from sqlmodel import Session, select

from core.api import DueSource, DueState, due_items_of, due_state
from core.db import session_scope
from core.reminders.models import DueItem

BEFORE_12_4 = datetime(
    2026, 11, 20, 1, 0, tzinfo=UTC
)  # 09:00 in Beijing, 14 days ahead of 12·4 week


def _keydate_items(session: Session, unit_id: int) -> list[DueItem]:
    return due_items_of(session, DueSource("publicity", "unit_keydates", unit_id))


def test_ahead_of_12_4_every_unit_with_publicity_duties_gets_a_reminder(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        station_a = make_unit(session, org_tree.station_a, "市中街道司法所")
        station_b = make_unit(session, org_tree.station_b, "郑店镇司法所")
        court = make_unit(session, org_tree.bureau, "乐陵市人民法院", kind="court")
        retired = make_unit(session, org_tree.bureau, "已撤并单位", inactive="1")
        ids = [station_a.id, station_b.id, court.id]
        retired_id = retired.id

    with session_scope(platform.engine) as session:  # a month ahead: nothing yet
        run_reminders(session, platform.host, datetime(2026, 11, 1, 1, 0, tzinfo=UTC))
    with Session(platform.engine) as session:
        assert all(not _keydate_items(session, i) for i in ids)

    with session_scope(platform.engine) as session:
        result = run_reminders(session, platform.host, BEFORE_12_4)
        run_reminders(session, platform.host, BEFORE_12_4)  # idempotent: no second reminder
    assert result["key_date_reminders"] == 3
    with Session(platform.engine) as session:
        for unit_id in ids:
            (item,) = _keydate_items(session, unit_id)
            assert "12·4国家宪法日" in item.title_zh
            assert item.kind == "publicity.key_date"
            assert item.url.startswith(
                f"/m/publicity/events/new?unit_id={unit_id}&key_date=constitution_week"
            )
            assert due_state(item, BEFORE_12_4) is DueState.ON_TIME
        assert not _keydate_items(session, retired_id)


def test_the_12_4_reminder_closes_once_the_unit_holds_its_campaign_event(
    platform, org_tree
) -> None:
    with session_scope(platform.engine) as session:
        unit = make_unit(session, org_tree.station_a)
        run_reminders(session, platform.host, BEFORE_12_4)
        record_event(session, unit, date(2026, 11, 28), title="宪法进万家")
        run_reminders(session, platform.host, datetime(2026, 11, 29, 1, 0, tzinfo=UTC))
        (item,) = _keydate_items(session, unit.id)
        assert item.done_at is not None


def test_the_reminder_link_prefills_the_campaign_event(platform, org_tree, admin_client) -> None:
    with session_scope(platform.engine) as session:
        unit_id = make_unit(session, org_tree.station_a).id
    page = admin_client.get(
        f"/m/publicity/events/new?unit_id={unit_id}&key_date=constitution_week&year=2026"
    )
    assert page.status_code == 200
    assert "12·4国家宪法日暨宪法宣传周普法宣传活动" in page.text
    assert "弘扬宪法精神" in page.text


def test_a_unit_below_its_quarterly_plan_turns_amber_near_quarter_end_and_red_after(
    platform, org_tree
) -> None:
    with session_scope(platform.engine) as session:
        behind = make_unit(session, org_tree.station_a, "落后单位")
        on_plan = make_unit(session, org_tree.station_b, "达标单位")
        behind_plan = approved_plan(session, behind, quarters=(5, 5, 5, 5))
        on_plan_plan = approved_plan(session, on_plan, quarters=(5, 5, 5, 2))
        for day in (date(2026, 10, 10), date(2026, 11, 10)):
            record_event(session, behind, day)
            record_event(session, on_plan, day)
        ids = behind_plan.id, on_plan_plan.id

    def q4(plan_id: int, today: date) -> str:
        with Session(platform.engine) as session:
            plan = session.get(PublicityPlanModel, plan_id)
            return quarter_progress(session, plan, today)[3].colour

    def q4_item(plan_id: int) -> DueItem:
        with Session(platform.engine) as session:
            return session.exec(
                select(DueItem).where(
                    DueItem.entity == "plan",
                    DueItem.entity_id == str(plan_id),
                    DueItem.key == "quarter:2026Q4",
                )
            ).one()

    from publicity.models import PublicityPlan as PublicityPlanModel

    assert q4(ids[0], date(2026, 11, 30)) == "green"  # still time
    assert q4(ids[0], date(2026, 12, 20)) == "amber"  # last 15 days, 2 of 5
    assert q4(ids[0], date(2027, 1, 2)) == "red"  # quarter over, 2 of 5
    assert q4(ids[1], date(2027, 1, 2)) == "green"  # 2 of 2
    with session_scope(platform.engine) as session:
        run_reminders(session, platform.host, datetime(2026, 12, 20, 1, 0, tzinfo=UTC))
    item = q4_item(ids[0])
    assert due_state(item, datetime(2026, 12, 20, 1, 0, tzinfo=UTC)) is DueState.DUE_SOON
    assert due_state(item, datetime(2027, 1, 2, 1, 0, tzinfo=UTC)) is DueState.OVERDUE
    assert q4_item(ids[1]).done_at is not None


def test_the_unit_list_shows_the_current_quarter_amber_near_its_end(platform, org_tree) -> None:
    from publicity_support import clocked_client

    from web.testing import FakeClock

    with session_scope(platform.engine) as session:
        unit = make_unit(session, org_tree.station_a, "落后单位")
        approved_plan(session, unit, quarters=(5, 5, 5, 5))
        record_event(session, unit, date(2026, 11, 10))
    clock = FakeClock(datetime(2026, 12, 20, 2, 0, tzinfo=UTC))
    with clocked_client(platform, "kezhang", {"bureau_staff": org_tree.bureau}, clock) as client:
        page = client.get("/m/publicity/units")
    assert 'class="state-dot state-amber" title="临近季末未完成">1 / 5' in page.text


def test_a_bureaus_own_date_is_reminded_like_the_national_ones(platform, org_tree) -> None:
    from publicity_support import clocked_client

    from web.testing import FakeClock, post_form

    with session_scope(platform.engine) as session:
        unit_id = make_unit(session, org_tree.station_b, "郑店镇司法所").id
    clock = FakeClock(datetime(2026, 8, 25, 2, 0, tzinfo=UTC))
    with clocked_client(platform, "pufaban", {"bureau_staff": org_tree.bureau}, clock) as client:
        bad = post_form(client, "/m/publicity/calendar", {"name": "", "month": "13", "day": "1"})
        assert (
            bad.status_code == 422
            and "请填写节点名称" in bad.text
            and "月须在 1 到 12 之间" in bad.text
        )
        added = post_form(
            client,
            "/m/publicity/calendar",
            {
                "name": "文明行为促进条例施行日",
                "month": "9",
                "day": "1",
                "days": "7",
                "theme": "文明行为",
            },
        )
        assert added.status_code == 303
        assert "文明行为促进条例施行日" in client.get("/m/publicity/calendar").text
    with session_scope(platform.engine) as session:
        run_reminders(session, platform.host, clock.now)
    with Session(platform.engine) as session:
        (item,) = _keydate_items(session, unit_id)
        assert "文明行为促进条例施行日（09月01日）" in item.title_zh
