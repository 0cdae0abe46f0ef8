"""Issue 20, acceptance 5: no module's deadline stops at an unknown year any more.

With 2027 unknown (today is December 2026 and ``chinesecalendar`` ends at 2026):
every deadline rule every loaded module declares gives a date across the year boundary,
marked provisional with its reason; no page, job or message of any module still says a
deadline "cannot be computed"; the administrators' pages warn ahead and count the
provisional deadlines.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from core.scheduling.deadlines import DeadlineUnit
from core.scheduling.rules import declared_rules, due_date
from tests.exports.support import signed_in
from tests.support.auth import FakeClock

ROOT = Path(__file__).resolve().parents[2]
#: What modules used to say instead of a date; none of it may come back.
REFUSALS = re.compile(
    r"无法计算(?!，错误已记录)|暂无法计算|(?<!indicators )cannot be computed"
    r"|could not be computed|无法排班|尚未录入，无法|不能计算"
)
#: Only the core turns an unknown year into a provisional date; no module catches it.
CATCH = re.compile(r"except UnknownCalendarYear")


def test_every_modules_rule_gives_a_provisional_date_across_the_year_boundary(
    platform, org_tree
) -> None:
    rules = declared_rules()
    modules = {code.split(".")[0] for code in rules}
    assert {"corrections", "mediation", "legal_aid"} <= modules  # the modules with deadlines
    with Session(platform.engine) as session:
        for code, rule in sorted(rules.items()):
            for day in (date(2026, 12, 20), date(2026, 12, 28), date(2026, 12, 31)):
                start = datetime(day.year, day.month, day.day, 2, tzinfo=UTC)
                due = due_date(
                    session,
                    code,
                    start if rule.unit is DeadlineUnit.HOURS else day,
                    org_tree.station_a,
                )
                last = due.due.date() if isinstance(due.due, datetime) else due.due
                assert last >= day, code
                if rule.unit is DeadlineUnit.HOURS:
                    assert not due.provisional, code  # an instant needs no calendar
                elif last.year == 2027 and (
                    rule.roll_past_rest_days or rule.unit is DeadlineUnit.WORKING_DAYS
                ):
                    assert due.provisional_years == (2027,), code
                    assert "暂定" in due.reason_zh and "2027" in due.reason_en, code


def test_no_page_job_or_message_of_any_module_says_cannot_be_computed() -> None:
    found = []
    for folder in ("core", "web", "plugins"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in {".py", ".html", ".json"} or "tests" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if REFUSALS.search(line) or (folder == "plugins" and CATCH.search(line)):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert found == []


def test_from_november_the_administrators_see_next_year_missing_and_the_count(
    platform, org_tree
) -> None:
    clock = FakeClock(datetime(2026, 11, 1, 1, 0, tzinfo=UTC))
    with signed_in(platform, "sysadmin", {"system_admin": None}, clock=clock) as admin:
        banner = admin.get("/calendar/banner").text
        assert "尚未录入 2027 年的法定节假日安排" in banner and "0 个暂定期限" in banner
        with Session(platform.engine) as session:
            from core.reminders.service import DueSource
            from core.scheduling.provisional import track_due

            for n in range(3):
                due = due_date(session, "testplugin.reply", date(2026, 12, 28), org_tree.bureau)
                track_due(session, DueSource("testplugin", "case", n), "reply", due)
            session.commit()
        banner = admin.get("/calendar/banner").text
        assert "3 个暂定期限" in banner
        assert "无法计算" not in admin.get("/jobs").text
        clock.now -= timedelta(days=1)  # 31 October: no warning yet
        assert "尚未录入" not in admin.get("/calendar/banner").text


def test_the_recompute_job_hands_each_date_to_its_plugin_once(platform, org_tree) -> None:
    """sifa_deadline_recomputed gets each provisional date once; sifa_holiday_schedule_entered
    hears of the year entered."""
    from sifa_testplugin.plugin import RECOMPUTED, SCHEDULES_ENTERED

    from core.reminders.service import DueSource
    from core.scheduling.calendar_store import set_holiday_override, set_year_complete
    from core.scheduling.provisional import recompute_provisional, track_due

    RECOMPUTED.clear()
    SCHEDULES_ENTERED.clear()
    with Session(platform.engine) as session:
        due = due_date(session, "testplugin.reply", date(2026, 12, 28), org_tree.bureau)
        track_due(session, DueSource("testplugin", "case", 7), "reply", due, label_zh="答复期限")
        set_holiday_override(session, date(2027, 1, 4), is_workday=False, note="测试")
        set_year_complete(session, 2027, source="测试")
        report = recompute_provisional(session, platform.host, entered_years=(2027,))
        assert (report.recomputed, report.moved) == (1, 1)
        assert [("7", "reply", date(2027, 1, 5))] == RECOMPUTED and SCHEDULES_ENTERED == [2027]
        again = recompute_provisional(session, platform.host)
        assert again.recomputed == 0 and len(RECOMPUTED) == 1


def test_the_job_works_in_batches_and_a_second_run_sends_nothing(
    platform, org_tree, monkeypatch
) -> None:
    from core.reminders.models import Notification
    from core.reminders.service import DueSource
    from core.scheduling import provisional, runs
    from core.scheduling.declarations import JobContext
    from core.scheduling.notice import parse_notice, save_schedule
    from core.scheduling.provisional import track_due
    from tests.support.auth import make_account

    def run() -> dict:
        with platform.engine.begin() as conn:
            run_id, token = runs.insert_run(conn, provisional.RECOMPUTE_JOB.name)
        runs.claim(platform.engine, run_id, token, provisional.RECOMPUTE_JOB.name)
        context = JobContext(
            run_id,
            provisional.RECOMPUTE_JOB.name,
            None,
            {"year": 2027},
            platform.engine,
            platform.settings,
            host=platform.host,
            _token=token,
        )
        return provisional.RECOMPUTE_JOB.fn(context)

    monkeypatch.setattr(provisional, "BATCH", 2)
    with Session(platform.engine) as session:
        staff_id = make_account(session, "duty", roles={"station_staff": org_tree.station_a}).id
        for n, day in enumerate((date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 5))):
            due = due_date(session, "testplugin.reply", day, org_tree.station_a)
            track_due(
                session, DueSource("testplugin", "case", n), "reply", due, account_id=staff_id
            )
        save_schedule(session, parse_notice("一、元旦：1月1日至8日放假调休，共8天。", 2027))
        session.commit()
    first = run()
    assert (first["checked"], first["recomputed"], first["moved"]) == (3, 3, 2)
    assert first["notified"] == 2
    second = run()
    assert (second["recomputed"], second["notified"]) == (0, 0)
    with Session(platform.engine) as session:
        texts = sorted(
            n.body_zh
            for n in session.exec(
                __import__("sqlmodel")
                .select(Notification)
                .where(Notification.account_id == staff_id)
            )
        )
    assert texts == [
        "期限由 1月1日 调整为 1月11日（2027年节假日安排已录入）",
        "期限由 1月4日 调整为 1月11日（2027年节假日安排已录入）",
    ]
