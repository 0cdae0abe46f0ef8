"""定责: a no-show turns red and stays red, the provider is reminded the day before; 助诊
news from publicity is counted; advisers are capped; hours meet the norm; indicators;
巡诊 and 会诊 through their pages; an uninstalled referral target is named on the page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

import pytest
from clinic.codes import SessionStatus
from clinic.jobs import remind_tomorrow, sweep_no_shows
from clinic.models import ClinicAssist, ClinicSession
from clinic.services.assists import candidates, on_event
from clinic.services.due import session_source
from clinic.services.roster import assign_adviser
from clinic.services.service_log import provider_months
from clinic_support import World, build_world, provider
from sqlmodel import select

from core.api import (
    DueState,
    LifecycleEvent,
    Period,
    PeriodType,
    due_items_of,
    due_state,
    event_assistants,
    publish,
    session_scope,
)
from core.reminders.models import Notification
from web.testing import post_form, signed_in_client


@pytest.fixture(scope="module")
def world(tmp_path_factory, clinic_database_url) -> Iterator[World]:
    built = build_world(tmp_path_factory.mktemp("duties"), clinic_database_url)
    yield built
    built.platform.engine.dispose()


def new_session(
    session: Any, world: World, day: date, status: str = SessionStatus.SCHEDULED
) -> ClinicSession:
    row = ClinicSession(
        org_id=world.tree.village_a,
        clinic_id=world.clinic_id,
        provider_id=world.wang,
        day=day,
        starts_at=time(9),
        ends_at=time(11, 30),
        status=status,
    )
    session.add(row)
    session.flush()
    return row


def test_a_session_nobody_checked_in_at_becomes_a_red_no_show(world) -> None:
    host = world.platform.host
    with session_scope(world.platform.engine) as session:
        row = new_session(session, world, date(2026, 11, 30))
        tomorrow = new_session(session, world, date(2026, 12, 4))
        remind_tomorrow(session, host, date(2026, 12, 3), datetime(2026, 12, 2, 16, 20, tzinfo=UTC))
        assert sweep_no_shows(session, host, date(2026, 12, 3)) >= 1
        assert sweep_no_shows(session, host, date(2026, 12, 3)) == 0  # idempotent
        assert session.get(ClinicSession, row.id).status == SessionStatus.NO_SHOW
        items = due_items_of(session, session_source(row.id))
        assert (
            items and due_state(items[0], datetime(2026, 12, 3, 1, tzinfo=UTC)) is DueState.OVERDUE
        )
        reminded = session.exec(
            select(Notification).where(Notification.account_id == world.wang_account)
        ).all()
        assert any("明天到前进社区法律服务诊室接诊" in n.title_zh for n in reminded)
        upcoming = due_items_of(session, session_source(tomorrow.id))
        assert due_state(upcoming[0], datetime(2026, 12, 3, 12, tzinfo=UTC)) is DueState.DUE_SOON


def test_providers_are_offered_to_publicity_events_and_assistance_is_counted(world) -> None:
    host = world.platform.host
    with session_scope(world.platform.engine) as session:
        offered = event_assistants(session, host, world.tree.village_a, date(2026, 12, 4))
        assert any(a.key == f"clinic.provider:{world.wang}" for a in offered)
        assert any(
            a.practice_number == "13714201810000001"
            for a in candidates(session, world.tree.village_a, date(2026, 12, 4))
        )
        payload = {
            "assistant_key": f"clinic.provider:{world.wang}",
            "event_id": 77,
            "event_title": "宪法宣传日广场咨询",
            "day": "2026-12-04",
            "hours": 3.5,
            "url": "/m/publicity/events/77",
        }
        publish(
            session,
            host,
            LifecycleEvent("publicity.assistant_attached", world.tree.village_a, payload),
        )
        publish(
            session,
            host,
            LifecycleEvent("publicity.assistant_attached", world.tree.village_a, payload),
        )
        rows = session.exec(select(ClinicAssist).where(ClinicAssist.event_id == 77)).all()
        assert len(rows) == 1 and rows[0].hours == 3.5
        month = provider_months(session, [provider(session, world.wang)], 2026, 12)[0]
        assert month.assist_hours == 3.5
        on_event(
            session,
            "publicity.assistant_attached",
            world.tree.village_a,
            {**payload, "assistant_key": "other.x:1"},
        )
        publish(
            session,
            host,
            LifecycleEvent("publicity.assistant_detached", world.tree.village_a, payload),
        )
        assert not session.exec(select(ClinicAssist).where(ClinicAssist.event_id == 77)).all()


def test_an_adviser_serves_at_most_the_configured_number_of_villages(world) -> None:
    from clinic.errors import ClinicError

    from core.api import OrgType, create_org

    with session_scope(world.platform.engine) as session:
        wang = provider(session, world.wang)
        villages = [
            create_org(
                session, name=f"顾问村{i}", type=OrgType.COMMUNITY, parent_id=world.tree.station_a
            ).id
            for i in range(3)
        ]
        assign_adviser(session, villages[0], wang, date(2026, 1, 1), max_villages=2)
        assign_adviser(session, villages[1], wang, date(2026, 1, 1), max_villages=2)
        with pytest.raises(ClinicError, match="达到上限2个"):
            assign_adviser(session, villages[2], wang, date(2026, 1, 1), max_villages=2)


def test_hours_on_site_meet_the_norm_and_indicators_roll_up(world) -> None:
    from clinic.indicators import INDICATORS

    with session_scope(world.platform.engine) as session:
        new_session(session, world, date(2026, 9, 8), SessionStatus.HELD)
        new_session(session, world, date(2026, 9, 22), SessionStatus.HELD)
        new_session(session, world, date(2026, 9, 15), SessionStatus.NO_SHOW)
        month = provider_months(session, [provider(session, world.wang)], 2026, 9)[0]
        assert month.sessions == 2 and month.no_shows == 1 and month.hours == 5.0
        period = Period(2026, PeriodType.MONTH, 9)
        figures = {i.code: i for i in INDICATORS}
        orgs = select(__import__("core.api", fromlist=["OrgUnit"]).OrgUnit.id)
        held = figures["clinic.sessions_held_rate"].query(session, orgs, period)
        assert [tuple(r)[1:] for r in held] == [(2, 3)]
        norm = dict(
            (r[0], (r[1], r[2]))
            for r in figures["clinic.advisers_meeting_norm"].query(session, orgs, period)
        )
        assert norm[world.tree.station_a][0] == 1  # 王律师: 5 h ≥ 4 h
        coverage = figures["clinic.community_coverage"].query(session, orgs, period)
        assert sum(r[1] for r in coverage) == 2
    assert figures["clinic.sessions_held_rate"].target == Decimal(95)


def test_home_visit_and_panel_through_their_pages(world) -> None:
    with signed_in_client(
        world.platform, "visit_staff", {"station_staff": world.tree.station_a}
    ) as client:
        asked = post_form(
            client,
            "/m/clinic/visits",
            {
                "org_id": str(world.tree.village_a),
                "address": "前进社区3号",
                "matter": "卧床老人咨询遗嘱",
            },
        )
        assert asked.status_code == 303
        url = asked.headers["location"]
        bad = post_form(client, url, {"action": "record", "version": "1"})
        assert bad.status_code == 400 and "请先派员" in bad.text
        assert (
            post_form(
                client,
                url,
                {
                    "action": "assign",
                    "provider_id": str(world.wang),
                    "planned_on": "2027-01-02",
                    "version": "1",
                },
            ).status_code
            == 303
        )
        empty = post_form(
            client,
            url,
            {"action": "record", "version": "2", "visited_on": "2026-01-02", "hours": "99"},
        )
        assert (
            empty.status_code == 422 and "服务时长" in empty.text and "请填写巡诊记录" in empty.text
        )
        done = post_form(
            client,
            url,
            {
                "action": "record",
                "version": "2",
                "visited_on": "2026-01-02",
                "hours": "1.5",
                "record": "讲解遗嘱形式",
                "outcome": "answered",
            },
        )
        assert done.status_code == 303
        assert "已巡诊" in client.get(url).text
        panel = post_form(
            client,
            "/m/clinic/panels",
            {"org_id": str(world.tree.village_a), "title": "宅基地继承会诊", "matter": "兄弟争房"},
        )
        assert panel.status_code == 303
        purl = panel.headers["location"]
        early = post_form(
            client, purl, {"action": "opinion", "opinion": "建议调解", "version": "1"}
        )
        assert early.status_code == 400 and "至少需要两名成员" in early.text
        for name, role in (("王律师", "lawyer"), ("刘教授", "scholar")):
            assert (
                post_form(
                    client, purl, {"action": "member", "name": name, "role": role}
                ).status_code
                == 303
            )
        assert (
            post_form(
                client, purl, {"action": "opinion", "opinion": "建议先行调解", "version": "1"}
            ).status_code
            == 303
        )
        page = client.get(purl).text
        assert "建议先行调解" in page and "已出具意见" in page
        assert "前进社区法律服务诊室" in client.get("/m/clinic/clinics").text
        assert "王律师" in client.get("/m/clinic/log?month=2026-09").text
        assert client.get("/m/clinic/advisers").status_code == 200


def test_without_the_legal_aid_module_the_page_says_the_referral_is_unavailable(tmp_path) -> None:
    bare = build_world(tmp_path, None, with_legal_aid=False)
    with session_scope(bare.platform.engine) as session:
        row = new_session(session, bare, date(2026, 12, 3), SessionStatus.HELD)
    with signed_in_client(bare.platform, "staff", {"station_staff": bare.tree.station_a}) as client:
        page = client.get(f"/m/clinic/sessions/{row.id}")
        assert 'data-missing-target="legal_aid.application"' in page.text
        assert 'data-missing-target="mediation.dispute"' not in page.text
        refused = post_form(
            client,
            f"/m/clinic/sessions/{row.id}/consultations",
            {
                "category": "labour",
                "question": "欠薪",
                "advice": "可申请援助",
                "outcome": "legal_aid",
                "target_org_id": str(bare.aid_centre),
            },
        )
        assert refused.status_code == 422 and "该单位不能接收此类转办" in refused.text
    bare.platform.engine.dispose()


def test_the_dashboard_panel_counts_the_clinics_month(world) -> None:
    from clinic.widgets import WIDGETS

    from core.api import OrgUnit

    with session_scope(world.platform.engine) as session:
        new_session(session, world, date(2026, 8, 10), SessionStatus.HELD)
        new_session(session, world, date(2026, 8, 24), SessionStatus.NO_SHOW)
        shown = WIDGETS[0].render(session, select(OrgUnit.id), Period(2026, PeriodType.MONTH, 8))
    values = {f.label_zh: f.value for f in shown.figures}
    assert values["排班场次"] == "2" and values["已接诊"] == "1" and values["未到岗"] == "1"


def test_clinic_sittings_are_busy_periods_for_other_modules_and_on_the_timeline(world) -> None:
    from datetime import timedelta, timezone

    from clinic.services.sessions import check_in, record_consultation

    from core.api import busy_periods, person_timeline

    host = world.platform.host
    beijing = timezone(timedelta(hours=8))
    with session_scope(world.platform.engine) as session:
        row = new_session(session, world, date(2026, 7, 7))
        check_in(
            session,
            row,
            now=datetime(2026, 7, 7, 1, 5, tzinfo=UTC),
            today=date(2026, 7, 7),
            version=None,
        )
        record_consultation(
            session,
            host,
            row,
            {
                "category": "marriage",
                "question": "离婚财产怎么分",
                "advice": "协商或诉讼",
                "outcome": "litigation",
            },
            person_id=world.applicant,
            actor_id=None,
        )
        start = datetime(2026, 7, 7, tzinfo=beijing)
        found = busy_periods(session, host, start, start + timedelta(days=1), {"13714201810000001"})
        assert any(p.source == "clinic" and "前进社区法律服务诊室" in p.label for p in found)
        entries = person_timeline(host, session, world.applicant)
        assert any(e.plugin == "clinic" and "婚姻家庭" in e.title for e in entries)


def test_an_adviser_logs_hours_at_a_village_and_meets_the_norm(world) -> None:
    with signed_in_client(
        world.platform, "log_staff", {"station_staff": world.tree.station_a}
    ) as client:
        form = {
            "provider_id": str(world.li),
            "org_id": str(world.tree.village_a),
            "day": "2026-06-10",
            "kind": "on_site",
            "hours": "4.5",
            "note": "审查村规民约",
        }
        bad = post_form(client, "/m/clinic/log", {**form, "hours": "0"})
        assert bad.status_code == 422 and "服务时长" in bad.text
        foreign = post_form(client, "/m/clinic/log", {**form, "org_id": str(world.tree.village_b)})
        assert foreign.status_code == 422 and "请选择您管辖的村" in foreign.text
        assert post_form(client, "/m/clinic/log", form).status_code == 303
        page = client.get("/m/clinic/log?month=2026-06").text
    row = page.split("李律师")[1].split("</tr>")[0]
    assert "4.5" in row and "是" in row
