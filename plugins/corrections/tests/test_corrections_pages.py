"""The corrections pages as staff use them: intake to release through the forms, with the
clock moved by hand; bad input and rules broken are answered with a Chinese message (4xx) and
nothing saved; another station sees nothing."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from itertools import pairwise

from corrections.models import (
    CorrectionsAftercare,
    CorrectionsCheckin,
    CorrectionsLeave,
    CorrectionsSubject,
)
from corrections_pages_support import client_for
from sqlmodel import select

from core.api import due_items_for
from core.db import session_scope
from core.identity.models import StaffAccount
from core.reminders.models import DueItem
from core.reminders.scan import scan_due_items
from tests.support.auth import login, make_account, post_form
from web.testing import FakeClock

START = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # 10:00 in Beijing, 2 Nov 2026


def _day(clock: FakeClock, n: int = 0) -> str:
    return (clock.now + timedelta(hours=8, days=n)).date().isoformat()


def _receive(client, clock, org_id: int, **extra) -> tuple[int, object]:
    data = {
        "name": "刘某",
        "sex": "female",
        "subject_type": "probation",
        "offence": "危险驾驶罪",
        "sentence": "拘役二个月，缓刑三个月",
        "deciding_body": "乐陵市人民法院",
        "judgment_number": "（2026）鲁1481刑初88号",
        "documents_received_on": _day(clock),
        "term_end": _day(clock, 200),
        "org_id": str(org_id),
        **extra,
    }
    response = post_form(client, "/m/corrections/subjects/new", data)
    match = re.search(r"/subjects/(\d+)", response.headers.get("location", ""))
    return (int(match.group(1)) if match else 0), response


def test_from_documents_to_aftercare_through_the_pages(platform, org_tree) -> None:
    clock = FakeClock(START)
    roles = {"station_head": org_tree.station_a, "bureau_staff": org_tree.bureau}
    with client_for(platform, "worker", roles, clock) as client:
        subject_id, saved = _receive(client, clock, org_tree.station_a)
        assert saved.status_code == 303
        url = f"/m/corrections/subjects/{subject_id}"
        assert "待报到" in client.get(url).text

        clock.advance(days=8)  # reports on day 8 (staff sign in again after the idle timeout)
        login(client, "worker")
        assert (
            post_form(
                client, f"{url}/report-in", {"reported_on": _day(clock), "intake_mode": "self"}
            ).status_code
            == 303
        )
        assert (
            post_form(client, f"{url}/announce", {"announced_on": _day(clock)}).status_code == 303
        )
        page = client.get(url).text
        assert "入矫宣告书" in page and "严管" in page
        assert client.get(f"{url}/documents/announcement").status_code == 200

        with session_scope(platform.engine) as session:
            days = [
                c.due_on
                for c in session.exec(
                    select(CorrectionsCheckin).order_by(CorrectionsCheckin.due_on)
                ).all()
            ]
        assert len(days) >= 4 and all((b - a).days == 7 for a, b in pairwise(days))

        # a female subject's team needs a woman
        men = {"member_0_name": "王所员", "member_0_type": "01", "member_0_sex": "male"}
        refused = post_form(client, f"{url}/team", men)
        assert refused.status_code == 422 and "矫正小组中应有女性成员" in refused.text
        assert (
            post_form(
                client,
                f"{url}/team",
                {**men, "member_1_name": "赵妇联", "member_1_type": "04", "member_1_sex": "female"},
            ).status_code
            == 303
        )

        # the first weekly check-in is missed: red, and escalated by the core's scan
        clock.advance(days=9)
        login(client, "worker")
        page = client.get(url).text
        assert 'data-state="overdue"' in page and "未按期报告" in page
        with session_scope(platform.engine) as session:  # the county's leader, above the station
            make_account(
                session, "juzhang", roles={"bureau_leader": org_tree.bureau}, host=platform.host
            )
        scan_due_items(platform.engine, clock.now + timedelta(days=2), host=platform.host)
        with session_scope(platform.engine) as session:
            item = session.exec(select(DueItem).where(DueItem.key.like("checkin:%"))).first()  # type: ignore[attr-defined]
            assert item.escalation_level is not None and item.escalation_level >= 1
        with session_scope(platform.engine) as session:
            leader = session.exec(
                select(StaffAccount).where(StaffAccount.username == "juzhang")
            ).one()
            assert any(i.key.startswith("checkin:") for i in due_items_for(session, leader.id))

        # leave: 5 days at the station, 12 days routed to the county
        for days in (5, 12):
            assert (
                post_form(
                    client,
                    f"{url}/leaves",
                    {
                        "destination": "济南",
                        "reason": "就医",
                        "start_on": _day(clock, 3),
                        "end_on": _day(clock, 2 + days),
                    },
                ).status_code
                == 303
            )
        with session_scope(platform.engine) as session:
            short, long = session.exec(
                select(CorrectionsLeave).order_by(CorrectionsLeave.days)
            ).all()
        assert (short.route, long.route) == ("station", "county")

    with client_for(platform, "suozhang", {"station_head": org_tree.station_a}, clock) as head:
        assert (
            post_form(head, f"{url}/leaves/{short.id}/decide", {"approve": "1"}).status_code == 303
        )
        refused = post_form(head, f"{url}/leaves/{long.id}/decide", {"approve": "1"})
        assert refused.status_code == 400 and "司法所无权批准" in refused.text
    with leader_client(platform, clock) as leader:
        assert (
            post_form(leader, f"{url}/leaves/{long.id}/decide", {"approve": "1"}).status_code == 303
        )
        early = post_form(leader, f"{url}/release", {"ended_on": _day(clock)})
        assert early.status_code == 400 and "期满前不能解除" in early.text
        clock.advance(days=200)
        login(leader, "juzhang")
        assert post_form(leader, f"{url}/release", {"ended_on": _day(clock)}).status_code == 303
        assert client_ok(leader.get(f"{url}/documents/release"))
    with session_scope(platform.engine) as session:
        subject = session.get(CorrectionsSubject, subject_id)
        aftercare = session.exec(select(CorrectionsAftercare)).one()
        assert subject.status == "released" and aftercare.person_id == subject.person_id
        assert aftercare.term_end.year == aftercare.release_on.year + 5


@contextmanager
def leader_client(platform, clock):
    from litestar.testing import TestClient

    from web.app import create_app

    app = create_app(platform=platform)
    app.state.clock = clock
    with TestClient(app=app, raise_server_exceptions=False) as client:
        login(client, "juzhang")
        yield client


def client_ok(response) -> bool:
    return response.status_code == 200 and "解除社区矫正证明书" in response.text


def test_bad_input_is_refused_with_chinese_messages_and_saves_nothing(platform, org_tree) -> None:
    clock = FakeClock(START)
    with client_for(platform, "zhang", {"station_staff": org_tree.station_a}, clock) as client:
        _, refused = _receive(
            client,
            clock,
            org_tree.station_a,
            subject_type="",
            documents_received_on="2026-02-30",
            offence="",
        )
        assert refused.status_code == 422
        assert (
            "请选择矫正类别" in refused.text
            and "请填写罪名" in refused.text
            and "请填写有效的日期" in refused.text
        )
        assert (
            "危险驾驶罪" not in refused.text or "刘某" in refused.text
        )  # what was typed comes back
        _, foreign = _receive(client, clock, org_tree.station_b)
        assert foreign.status_code == 422 and "请选择执行地司法所" in foreign.text
    with session_scope(platform.engine) as session:
        assert session.exec(select(CorrectionsSubject)).all() == []


def test_another_station_sees_nothing_and_a_stale_plan_is_refused(platform, org_tree) -> None:
    clock = FakeClock(START)
    with client_for(platform, "zhang", {"station_staff": org_tree.station_a}, clock) as a:
        subject_id, _ = _receive(a, clock, org_tree.station_a)
        url = f"/m/corrections/subjects/{subject_id}"
        post_form(a, f"{url}/report-in", {"reported_on": _day(clock), "intake_mode": "self"})
        post_form(a, f"{url}/announce", {"announced_on": _day(clock)})
        with session_scope(platform.engine) as session:  # each action above was a new version
            seen = str(session.get(CorrectionsSubject, subject_id).version)
        assert post_form(a, f"{url}/plan", {"plan": "每周谈话", "version": seen}).status_code == 303
        stale = post_form(a, f"{url}/plan", {"plan": "我改的方案", "version": seen})
        assert stale.status_code == 409 and "我改的方案" in stale.text
    with client_for(platform, "lisi", {"station_staff": org_tree.station_b}, clock) as b:
        assert b.get(url).status_code == 404
        assert "刘某" not in b.get("/m/corrections/subjects?status=all").text


def test_overdue_intakes_are_red_on_the_station_and_bureau_pages(platform, org_tree) -> None:
    clock = FakeClock(START)
    with client_for(platform, "zhang", {"station_staff": org_tree.station_a}, clock) as a:
        _receive(a, clock, org_tree.station_a)
        clock.advance(days=11)
        login(a, "zhang")
        assert "逾期未报到" in a.get("/m/corrections/subjects").text
    with client_for(platform, "juzhang", {"bureau_leader": org_tree.bureau}, clock) as leader:
        page = leader.get("/m/corrections/subjects").text
        assert 'id="overdue-intakes"' in page and "逾期未报到" in page


def test_an_assessment_is_registered_and_completed_on_its_page(platform, org_tree) -> None:
    clock = FakeClock(START)
    with client_for(platform, "zhang", {"station_staff": org_tree.station_a}, clock) as client:
        missing = post_form(
            client,
            "/m/corrections/assessments",
            {"org_id": str(org_tree.station_a), "name": "钱某", "received_on": _day(clock)},
        )
        assert missing.status_code == 422 and "请填写委托机关" in missing.text
        saved = post_form(
            client,
            "/m/corrections/assessments",
            {
                "org_id": str(org_tree.station_a),
                "name": "钱某",
                "sex": "male",
                "commissioned_by": "乐陵市人民法院",
                "received_on": _day(clock),
            },
        )
        assert saved.status_code == 303
        page = client.get("/m/corrections/assessments").text
        assert "钱某" in page and "2026-11-16" in page  # ten working days after Monday 2 Nov
        match = re.search(r"/m/corrections/assessments/(\d+)/complete", page)
        done = post_form(
            client, match.group(0), {"opinion": "建议适用社区矫正", "completed_on": _day(clock)}
        )
        assert (
            done.status_code == 303
            and "建议适用社区矫正" in client.get("/m/corrections/assessments").text
        )


def test_the_person_page_shows_corrections_and_a_plan_review_is_due(platform, org_tree) -> None:
    clock = FakeClock(START)
    with client_for(platform, "zhang", {"station_staff": org_tree.station_a}, clock) as client:
        subject_id, _ = _receive(client, clock, org_tree.station_a)
        url = f"/m/corrections/subjects/{subject_id}"
        post_form(client, f"{url}/report-in", {"reported_on": _day(clock), "intake_mode": "self"})
        post_form(client, f"{url}/announce", {"announced_on": _day(clock)})
        with session_scope(platform.engine) as session:  # each action above was a new version
            seen = str(session.get(CorrectionsSubject, subject_id).version)
        saved = post_form(
            client,
            f"{url}/plan",
            {"plan": "每周谈话教育", "plan_review_on": _day(clock, 30), "version": seen},
        )
        assert saved.status_code == 303
        assert "矫正方案评估调整" in client.get(url).text
    with session_scope(platform.engine) as session:
        person_id = session.get(CorrectionsSubject, subject_id).person_id
        from core.api import person_timeline

        entries = person_timeline(platform.host, session, person_id)
    assert any(e.plugin == "corrections" and "缓刑" in e.title for e in entries)


def test_every_change_on_a_file_is_audited_with_who_and_what(platform, org_tree) -> None:
    from core.audit.models import AuditRecord

    clock = FakeClock(START)
    with client_for(platform, "zhang", {"station_staff": org_tree.station_a}, clock) as client:
        subject_id, _ = _receive(client, clock, org_tree.station_a)
        post_form(
            client,
            f"/m/corrections/subjects/{subject_id}/report-in",
            {"reported_on": _day(clock), "intake_mode": "self"},
        )
    with session_scope(platform.engine) as session:
        rows = session.exec(
            select(AuditRecord).where(
                AuditRecord.entity == "corrections_subject",
                AuditRecord.entity_id == str(subject_id),
            )
        ).all()
        changed = [r for r in rows if r.changes and "status" in r.changes]
        assert changed and all(r.actor_name == "zhang" or r.actor_id is not None for r in rows)
