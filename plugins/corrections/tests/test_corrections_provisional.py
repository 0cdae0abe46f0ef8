"""Issue 20: a subject is registered although 2027's holiday schedule is not entered.

Acceptance 1: documents arriving on 2026-12-28 register the subject; the report-in date is
a provisional 2027-01-07 with its reason on the file, in the inbox and in the reminders.
Acceptance 3: once the 2027 schedule is entered the recompute job moves the dates, tells
the staff once, audits both dates; a second run sends nothing.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from corrections.jobs import refresh_subject
from corrections.models import CorrectionsSubject
from corrections_pages_support import client_for
from sqlmodel import select

from core.audit.models import AuditRecord
from core.db import session_scope
from core.reminders.models import DueItem, Notification
from core.reminders.scan import scan_due_items
from core.scheduling.models import ProvisionalDeadline
from core.scheduling.notice import parse_notice, save_schedule
from core.scheduling.provisional import recompute_provisional
from tests.support.auth import login, post_form
from web.testing import FakeClock

# A made-up 2027 notice (the real one is not published yet): New Year's break to 7 January.
NOTICE_2027 = "一、元旦：1月1日（周五）至7日（周四）放假调休，共7天。1月9日（周六）上班。"


def beijing(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 8, 0, tzinfo=UTC)


def receive(client, org_id: int, on: date, name: str) -> int:
    response = post_form(
        client,
        "/m/corrections/subjects/new",
        {
            "name": name,
            "sex": "male",
            "subject_type": "probation",
            "offence": "危险驾驶罪",
            "sentence": "拘役二个月，缓刑三个月",
            "deciding_body": "乐陵市人民法院",
            "judgment_number": f"（2026）鲁1481刑初{on.day}号",
            "documents_received_on": on.isoformat(),
            "term_end": (on + timedelta(days=200)).isoformat(),
            "org_id": str(org_id),
        },
    )
    assert response.status_code == 303, response.headers
    found = re.search(r"/subjects/(\d+)", response.headers["location"])
    assert found, response.headers["location"]
    return int(found.group(1))


def test_a_subject_is_registered_with_a_provisional_date_then_recomputed(
    platform, org_tree
) -> None:
    clock = FakeClock(beijing(date(2026, 12, 28)))
    with client_for(platform, "zhang", {"station_staff": org_tree.station_a}, clock) as staff:
        sid = receive(staff, org_tree.station_a, date(2026, 12, 28), "刘某")
        page = staff.get(f"/m/corrections/subjects/{sid}").text
        assert "2027-01-07" in page and "暂定" in page
        assert "2027年节假日安排尚未录入" in page  # the reason, beside the date
        listing = staff.get("/m/corrections/subjects").text
        assert "2027-01-07" in listing and "data-provisional" in listing
        early = receive(staff, org_tree.station_a, date(2026, 12, 25), "王某")  # → 01-04
        clock.now = beijing(date(2026, 12, 31))
        login(staff, "zhang")
        late = receive(staff, org_tree.station_a, date(2026, 12, 31), "赵某")  # → 01-11
    with session_scope(platform.engine) as session:
        assert session.get(CorrectionsSubject, sid).report_due_on == date(2027, 1, 7)
        item = session.exec(
            select(DueItem).where(DueItem.entity == "subject", DueItem.entity_id == str(sid))
        ).one()
        assert "暂定" in item.provisional_note and "2027年" in item.provisional_note

    # The station head gets the items (no responsible person: the heads at once) …
    with client_for(platform, "head", {"station_head": org_tree.station_a}, clock) as head:
        scan_due_items(platform.engine, clock.now, host=platform.host)
        login(head, "head")
        inbox = head.get("/inbox").text
        assert "矫正对象 刘某" in inbox and "data-provisional" in inbox  # named, not "#id"
    # … and the reminder two days ahead says the date is provisional, and why.
    clock.now = beijing(date(2027, 1, 6), 12)
    scan_due_items(platform.engine, clock.now, host=platform.host)
    with session_scope(platform.engine) as session:
        told = session.exec(select(Notification).where(Notification.kind == "due_soon")).all()
        body = next(n.body_zh for n in told if "刘某" in n.title_zh)
        assert "（暂定）" in body and "2027年节假日安排尚未录入" in body

    # The provisional date passes with 2027 still unknown: no search starts by itself.
    with session_scope(platform.engine) as session:
        subject = session.get(CorrectionsSubject, early)
        refresh_subject(session, platform.host, subject, date(2027, 1, 5))
        assert subject.status == "awaiting"

    # The 2027 notice is entered; the job recomputes every provisional deadline.
    parsed = parse_notice(NOTICE_2027, 2027)
    assert parsed.ok
    with session_scope(platform.engine) as session:
        save_schedule(session, parsed, "测试通知")
    when = beijing(date(2027, 1, 6), 13)
    with session_scope(platform.engine) as session:
        report = recompute_provisional(session, platform.host, now=when)
    assert (report.recomputed, report.moved) == (3, 2)
    with session_scope(platform.engine) as session:
        dues = {
            s.id: s.report_due_on
            for s in session.exec(select(CorrectionsSubject)).all()
            if s.id in (sid, early, late)
        }
        assert dues == {sid: date(2027, 1, 8), early: date(2027, 1, 8), late: date(2027, 1, 11)}
        moved = session.exec(
            select(Notification).where(Notification.kind == "deadline_moved")
        ).all()
        texts = {n.body_zh for n in moved}
        assert "期限由 1月4日 调整为 1月8日（2027年节假日安排已录入）" in texts
        assert "期限由 1月7日 调整为 1月8日（2027年节假日安排已录入）" in texts
        assert not any("赵某" in n.title_zh for n in moved)  # its date did not move
        item = session.exec(
            select(DueItem).where(DueItem.entity == "subject", DueItem.entity_id == str(sid))
        ).one()
        assert item.provisional_note == ""
        assert "2027-01-08" in item.title_zh
        audit = session.exec(
            select(AuditRecord).where(
                AuditRecord.action == "deadline_recomputed",
                AuditRecord.entity_id == str(early),
            )
        ).one()
        assert audit.details["provisional_due"] == "2027-01-04"
        assert audit.details["due"] == "2027-01-08"
        assert session.exec(select(ProvisionalDeadline)).all()  # kept, resolved
        count = len(moved)

    # A second run finds nothing to do and tells nobody again.
    with session_scope(platform.engine) as session:
        again = recompute_provisional(session, platform.host, now=when + timedelta(hours=1))
    assert (again.recomputed, again.moved, again.notified) == (0, 0, 0)
    with session_scope(platform.engine) as session:
        assert (
            len(
                session.exec(
                    select(Notification).where(Notification.kind == "deadline_moved")
                ).all()
            )
            == count
        )
