"""The petitions desk booted with the core (and, for the hand-over, people's mediation) on a
throwaway SQLite database, as staff meet it in the browser: the register, access rules,
optimistic locking, the 15-day answer deadline and its daily job, the indicators, demo data,
and handing a visit over to mediation through the core's referral hook."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from itertools import count
from pathlib import Path
from typing import Any

import petitions.plugin
import pytest
from petitions.demo import add_demo_visits
from petitions.models import PetitionVisit
from petitions.services import flag_overdue
from sqlalchemy import create_engine, make_url, text
from sqlmodel import func, select

from core.api import DueSource, due_items_of, register_person, session_scope
from web.testing import (
    FakeClock,
    OrgTree,
    boot_platform,
    make_org_tree,
    post_form,
    signed_in_client,
    use_clock,
)

try:  # the hand-over needs sifa's mediation plugin beside this one
    import mediation.plugin as mediation_plugin
except ImportError:  # pragma: no cover - only where mediation is not installed
    mediation_plugin = None
needs_mediation = pytest.mark.skipif(
    mediation_plugin is None, reason="sifa-mediation not installed"
)

ID_NUMBER = "110101199003074514"
PHONE = "13812345678"
CLOCK = FakeClock()  # 2026-11-23 17:00 in Beijing
_names = count(1)


def user() -> str:
    return f"staff{next(_names)}"


def backends() -> list[str]:
    """SQLite always; PostgreSQL too when CI=true or SIFA_TEST_POSTGRES=1 (as sifa's suite)."""
    wanted = os.environ.get("CI") == "true" or os.environ.get("SIFA_TEST_POSTGRES") == "1"
    return ["sqlite", "postgresql"] if wanted else ["sqlite"]


@contextmanager
def database(backend: str) -> Iterator[str | None]:
    """None (boot_platform's SQLite file) or the URL of a new, empty PostgreSQL database."""
    if backend == "sqlite":
        yield None
        return
    admin_url = os.environ.get(
        "SIFA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    name = f"petitions_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class Desk:
    """A booted platform with its organisation tree and one registered visitor per station."""

    def __init__(self, tmp: Path, plugins: dict[str, Any], url: str | None = None) -> None:
        self.platform = boot_platform(tmp, plugins, database_url=url)
        with session_scope(self.platform.engine) as session:
            self.tree: OrgTree = make_org_tree(session, activate=self.platform.host)
            self.person_a = register_person(
                session,
                {
                    "name": "张秀英",
                    "id_type": "resident_id",
                    "id_number": ID_NUMBER,
                    "phone": PHONE,
                },
                org_id=self.tree.station_a,
            ).id
            self.respondent = register_person(
                session,
                {"name": "王德厚", "id_type": "none", "no_id_reason": "未带证件"},
                org_id=self.tree.station_a,
            ).id
            self.person_b = register_person(
                session,
                {"name": "刘建国", "id_type": "none", "no_id_reason": "未带证件"},
                org_id=self.tree.station_b,
            ).id

    def client(self, roles: dict[str, int | None]) -> Any:
        return signed_in_client(self.platform, user(), roles)

    def count(self) -> int:
        with session_scope(self.platform.engine) as session:
            return session.exec(select(func.count()).select_from(PetitionVisit)).one()


@pytest.fixture(scope="module", params=backends())
def desk(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Desk]:
    with database(request.param) as url:
        desk = Desk(
            tmp_path_factory.mktemp("desk"),
            {"petitions": petitions.plugin, "mediation": mediation_plugin}
            if mediation_plugin
            else {"petitions": petitions.plugin},
            url,
        )
        yield desk
        desk.platform.engine.dispose()


@pytest.fixture(scope="module", params=backends())
def alone(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Desk]:
    """The desk without the mediation module installed."""
    with database(request.param) as url:
        desk = Desk(tmp_path_factory.mktemp("alone"), {"petitions": petitions.plugin}, url)
        yield desk
        desk.platform.engine.dispose()


def register(client: Any, desk: Desk, **given: Any) -> Any:
    use_clock(client, CLOCK)
    data = {
        "person_id": str(desk.person_a),
        "visited_on": "2026-11-02",
        "channel": "visit",
        "matter": "反映邻居加盖房屋影响采光，要求协调",
        "org_id": str(desk.tree.village_a),
        **given,
    }
    return post_form(client, "/m/petitions/new", data)


@needs_mediation
def test_the_plugin_loads_beside_mediation_with_its_migration(desk: Desk) -> None:
    assert {r.name for r in desk.platform.host.loaded()} == {"petitions", "mediation"}
    assert not desk.platform.host.failed()


def test_an_empty_register_says_so(alone: Desk) -> None:
    with alone.client({"station_staff": alone.tree.station_b}) as client:
        page = client.get("/m/petitions")
    assert page.status_code == 200 and "还没有信访登记" in page.text


def test_a_visit_gets_a_number_and_a_15_day_due_date_and_lists_the_visitor_masked(
    desk: Desk,
) -> None:
    with desk.client({"station_staff": desk.tree.station_a}) as client:
        saved = register(client, desk)
        assert saved.status_code == 303
        detail = client.get(saved.headers["location"])
        listed = client.get("/m/petitions?channel=visit&state=open")
    assert "信访2026-" in detail.text and "2026-11-17" in detail.text  # 2 Nov + 15 days
    assert "张秀英" in listed.text and "来访" in listed.text
    assert ID_NUMBER not in listed.text and PHONE not in listed.text
    assert ID_NUMBER[:6] in listed.text and PHONE[-4:] in listed.text  # masked, not hidden


def test_bad_input_gets_chinese_messages_with_422_and_saves_nothing(desk: Desk) -> None:
    before = desk.count()
    with desk.client({"station_staff": desk.tree.station_a}) as client:
        bad = register(client, desk, visited_on="2026-02-30", channel="fax", matter=" ")
        future = register(client, desk, visited_on="2026-12-01")
        foreign_person = register(client, desk, person_id=str(desk.person_b))
        foreign_org = register(client, desk, org_id=str(desk.tree.village_b))
    assert bad.status_code == 422
    for message in ("请填写有效的日期", "请选择信访形式", "请填写信访事项"):
        assert message in bad.text
    assert future.status_code == 422 and "不能晚于今天" in future.text
    assert foreign_person.status_code == 422 and "请从人员库中选择信访人" in foreign_person.text
    assert foreign_org.status_code == 422 and "您无权为该机构登记" in foreign_org.text
    assert desk.count() == before


def test_another_station_can_neither_see_nor_change_nor_hand_over_a_visit(desk: Desk) -> None:
    with desk.client({"station_staff": desk.tree.station_a}) as a:
        url = register(a, desk, matter="甲站的信访").headers["location"]
    with desk.client({"station_head": desk.tree.station_b}) as b:
        assert b.get(url).status_code == 404
        changed = post_form(b, url, {"matter": "改掉", "visited_on": "2026-11-02", "version": "1"})
        handed = post_form(b, f"{url}/handover", {"committee_org_id": "1", "category_code": "0201"})
        assert changed.status_code == 404 and handed.status_code == 404
        assert "甲站的信访" not in b.get("/m/petitions").text
    visit_id = int(url.rsplit("/", 1)[1])
    with session_scope(desk.platform.engine) as session:
        visit = session.get(PetitionVisit, visit_id)
        assert visit is not None and (visit.matter, visit.version) == ("甲站的信访", 1)


def test_an_inspector_may_look_but_not_record_and_staff_may_not_hand_over(desk: Desk) -> None:
    with desk.client({"inspector": desk.tree.bureau}) as inspector:
        assert inspector.get("/m/petitions").status_code == 200
        assert register(inspector, desk).status_code == 403
    with desk.client({"station_staff": desk.tree.station_a}) as staff:
        url = register(staff, desk).headers["location"]
        assert "转交人民调解" not in staff.get(url).text
        refused = post_form(staff, f"{url}/handover", {"committee_org_id": "1"})
        assert refused.status_code == 403


def test_a_stale_save_gets_409_and_keeps_what_was_typed(desk: Desk) -> None:
    with desk.client({"station_staff": desk.tree.station_a}) as client:
        url = register(client, desk).headers["location"]
        form = {"visited_on": "2026-11-02", "channel": "letter", "version": "1"}
        first = post_form(client, url, {**form, "matter": "甲改的"})
        stale = post_form(client, url, {**form, "matter": "乙改的"})
        answer_without_text = post_form(
            client, url, {**form, "matter": "甲改的", "version": "2", "answered_on": "2026-11-10"}
        )
    assert first.status_code == 303
    assert stale.status_code == 409 and "已被他人修改" in stale.text and "乙改的" in stale.text
    assert answer_without_text.status_code == 422 and "请写明告知内容" in answer_without_text.text


def test_the_daily_job_flags_visits_unanswered_after_15_days_once_and_the_answer_clears_it(
    desk: Desk,
) -> None:
    with desk.client({"station_staff": desk.tree.station_a}) as client:
        late = register(client, desk, visited_on="2026-11-01", matter="逾期的").headers["location"]
        fresh = register(client, desk, visited_on="2026-11-20", matter="未到期").headers["location"]
    late_id, fresh_id = (int(u.rsplit("/", 1)[1]) for u in (late, fresh))
    host = desk.platform.host
    with session_scope(desk.platform.engine) as session:
        first = flag_overdue(session, host, date(2026, 11, 23))
    with session_scope(desk.platform.engine) as session:
        again = flag_overdue(session, host, date(2026, 11, 23))
        visit = session.get(PetitionVisit, late_id)
        assert visit is not None and visit.overdue and visit.version == 1
        assert not session.get(PetitionVisit, fresh_id).overdue  # type: ignore[union-attr]
        (item,) = due_items_of(session, DueSource("petitions", "visit", late_id))
        assert item.done_at is None and str(item.due_at.date()) == "2026-11-16"
    assert first >= 1 and again == 0
    with desk.client({"station_staff": desk.tree.station_a}) as client:
        assert "逾期的" in client.get("/m/petitions?state=overdue").text
        answered = post_form(
            client,
            late,
            {
                "visited_on": "2026-11-01",
                "channel": "visit",
                "matter": "逾期的",
                "answered_on": "2026-11-23",
                "answer": "已告知依法受理",
                "version": "1",
            },
        )
        assert answered.status_code == 303
        assert "逾期的" not in client.get("/m/petitions?state=overdue").text
    with session_scope(desk.platform.engine) as session:
        (item,) = due_items_of(session, DueSource("petitions", "visit", late_id))
        assert item.done_at is not None


def test_the_scheduled_job_works_on_the_slots_day_in_china(desk: Desk) -> None:
    """The job's actor, called as the scheduler calls it (a JobContext-like object)."""
    with desk.client({"station_staff": desk.tree.station_a}) as client:
        register(client, desk, visited_on="2026-11-03", matter="待标记")

    class Context:
        slot = datetime(2026, 11, 22, 17, 10, tzinfo=UTC)  # 01:10 on 23 November in Beijing
        host = desk.platform.host

        @staticmethod
        def session() -> Any:
            return session_scope(desk.platform.engine)

    (job,) = [j for j in desk.platform.host.get("petitions").contributions.periodic_jobs]  # type: ignore[union-attr]
    assert job.name == "petitions.flag_overdue"
    assert job.actor(Context())["marked"] >= 1  # due 18 November, unanswered
    assert job.actor(Context()) == {"marked": 0}  # a repeated run changes nothing


def test_the_dashboard_shows_waiting_and_overdue_petitions(desk: Desk) -> None:
    with desk.client({"bureau_leader": desk.tree.bureau}) as leader:
        page = leader.get(f"/dashboard?org={desk.tree.bureau}&period=2026-11").text
        (url,) = re.findall(r'hx-get="(/dashboard/widget\?[^"]*code=petitions\.desk[^"]*)"', page)
        panel = leader.get(url.replace("&amp;", "&"), headers={"HX-Request": "true"})
    assert panel.status_code == 200 and "<html" not in panel.text
    assert "待告知" in panel.text and "逾期未告知" in panel.text and "state=overdue" in panel.text


def make_committee(desk: Desk) -> int:
    """A village committee registered through mediation's own page (as its staff would)."""
    with desk.client({"station_head": desk.tree.station_a}) as head:
        made = post_form(
            head,
            "/m/mediation/committees/new",
            {
                "parent_id": str(desk.tree.village_a),
                "name": "前进社区人民调解委员会",
                "kind": "village",
                "short_name": "前进",
            },
        )
    assert made.status_code == 303, made.text[-2000:]
    from core.api import OrgUnit

    with session_scope(desk.platform.engine) as session:
        org = session.exec(select(OrgUnit).where(OrgUnit.name == "前进社区人民调解委员会")).one()
        return org.id  # type: ignore[return-value]


@needs_mediation
def test_handing_a_visit_to_mediation_creates_the_case_and_links_it(desk: Desk) -> None:
    committee = make_committee(desk)
    send = {"committee_org_id": str(committee), "category_code": "0201"}
    with desk.client({"station_head": desk.tree.station_a}) as head:
        url = register(head, desk, matter="邻里通行纠纷，要求调解").headers["location"]
        page = head.get(url)
        assert "前进社区人民调解委员会" in page.text  # offered as a place to send it
        no_party = post_form(head, f"{url}/handover", send)
        assert no_party.status_code == 422 and "须选择对方当事人" in no_party.text
        send["respondent_id"] = str(desk.respondent)
        bad = post_form(head, f"{url}/handover", {**send, "category_code": "9999"})
        assert bad.status_code == 422 and "请选择纠纷类型" in bad.text
        handed = post_form(head, f"{url}/handover", send)
        assert handed.status_code == 303
        detail = head.get(handed.headers["location"])
        assert "已转交人民调解" in detail.text
        case_url = detail.text.split("data-referral")[0].rsplit('href="', 1)[1].split('"')[0]
        assert case_url.startswith("/m/mediation/cases/")
        case = head.get(case_url)
        assert case.status_code == 200 and "邻里通行纠纷" in case.text
        assert "王德厚" in case.text and "张秀英" in case.text
        again = post_form(head, f"{url}/handover", send)
        assert again.status_code == 422 and "已转交" in again.text


def test_without_mediation_the_page_says_so_and_a_handover_is_refused_clearly(alone: Desk) -> None:
    with alone.client({"station_head": alone.tree.station_a}) as head:
        url = register(head, alone).headers["location"]
        assert "人民调解模块未启用" in head.get(url).text
        refused = post_form(
            head,
            f"{url}/handover",
            {"committee_org_id": str(alone.tree.village_a), "category_code": "0201"},
        )
    assert refused.status_code == 422 and "人民调解模块未安装或未对该单位启用" in refused.text
    with session_scope(alone.platform.engine) as session:
        visit = session.get(PetitionVisit, int(url.rsplit("/", 1)[1]))
        assert visit is not None and visit.referral_record_id is None


def test_the_indicators_count_the_months_visits_and_the_share_answered_in_time(alone: Desk) -> None:
    with alone.client({"station_staff": alone.tree.station_b}) as b:
        for day in ("2026-10-03", "2026-10-05", "2026-10-30"):
            register(
                b,
                alone,
                visited_on=day,
                person_id=str(alone.person_b),
                org_id=str(alone.tree.village_b),
            )
        in_time = register(
            b,
            alone,
            visited_on="2026-10-08",
            person_id=str(alone.person_b),
            org_id=str(alone.tree.village_b),
        )
        post_form(b, in_time.headers["location"], {
            "visited_on": "2026-10-08", "channel": "visit", "matter": "按期", "version": "1",
            "answered_on": "2026-10-20", "answer": "已告知",
        })  # fmt: skip
    with alone.client({"bureau_leader": alone.tree.bureau}) as leader:
        page = leader.get(f"/indicators?org={alone.tree.station_b}&period=2026-10")
    assert page.status_code == 200
    row = page.text[page.text.index('data-indicator="petitions.visits_received"') :]
    assert ">4<" in row[: row.index("</tr>")]
    rate = page.text[page.text.index('data-indicator="petitions.answered_in_time"') :]
    assert "25" in rate[: rate.index("</tr>")]  # one of four answered in time


def test_demo_data_fills_the_register_with_some_red_items(tmp_path: Path) -> None:
    platform = boot_platform(tmp_path, {"petitions": petitions.plugin})
    with session_scope(platform.engine) as session:
        tree = make_org_tree(session, activate=platform.host)
        for n in range(5):
            register_person(
                session,
                {"name": f"示例{n}", "id_type": "none", "no_id_reason": "演示"},
                org_id=tree.station_a,
            )
        made = add_demo_visits(session, tree.bureau, seed=7, today=date(2026, 11, 23))
    with session_scope(platform.engine) as session:
        visits = session.exec(select(PetitionVisit)).all()
        assert made == len(visits) == 24  # twelve per station
        assert any(v.overdue for v in visits) and any(v.answered_on for v in visits)
    platform.engine.dispose()


def petitions_routes(app: Any) -> list[tuple[str, str, Any]]:
    """(method, path, handler) of every route this plugin mounts."""
    from litestar.routes import HTTPRoute

    return [
        (method, route.path, handler)
        for route in app.routes
        if isinstance(route, HTTPRoute) and route.path.startswith("/m/petitions")
        for handler in route.route_handlers
        for method in sorted(handler.http_methods - {"OPTIONS", "HEAD"})
    ]


def test_every_route_needs_its_permission_and_declares_its_record(desk: Desk) -> None:
    """The core's access matrix, for this plugin's routes: each names a permission, each
    path parameter is a declared record, and an account without the module's permissions
    (a mediator) gets 403 on every one of them, by GET and by POST."""
    with desk.client({"mediator": desk.tree.station_a}) as outsider:
        routes = petitions_routes(outsider.app)
        assert len(routes) == 6
        for method, path, handler in routes:
            assert handler.opt.get("permission", "").startswith("petitions."), path
            for name in re.findall(r"\{(\w+):\w+\}", path):
                assert name in handler.opt.get("records", {}), f"{method} {path}: {name}"
            url = re.sub(r"\{\w+:int\}", "1", path)
            answer = outsider.get(url) if method == "GET" else post_form(outsider, url, {})
            assert answer.status_code == 403, f"{method} {url}: {answer.status_code}"


def test_every_change_to_a_visit_is_in_the_audit_trail(desk: Desk) -> None:
    with desk.client({"station_head": desk.tree.station_a}) as head:
        url = register(head, desk, matter="审计用的信访").headers["location"]
        visit_id = url.rsplit("/", 1)[1]
        edited = post_form(
            head,
            url,
            {"visited_on": "2026-11-02", "channel": "online", "matter": "改过的", "version": "1"},
        )
        assert edited.status_code == 303
        trail = head.get("/audit?entity=petitions_visit")
    assert trail.status_code == 200
    text = re.sub(r"\s+", " ", trail.text)
    # The trail names the record in words (its title or kind and number), never the table.
    assert 'data-action="insert"' in text and f"petitions_visit #{visit_id}" not in text
    assert re.search(r'data-field="matter">.*?审计用的信访.*?改过的', text)


def test_a_number_taken_at_the_same_moment_is_retried_not_a_500(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two desks saving at once compute the same next number; the second takes the next."""
    import petitions.services as services

    real = services.next_number
    with desk.client({"station_staff": desk.tree.station_a}) as client:
        first = client.get(register(client, desk, matter="先保存的").headers["location"]).text
        taken = re.search(r"信访2026-\d{4}", first)[0]  # type: ignore[index]
        calls = iter([taken])
        monkeypatch.setattr(services, "next_number", lambda s, y: next(calls, None) or real(s, y))
        second = register(client, desk, matter="同时保存的")
        assert second.status_code == 303
        page = client.get(second.headers["location"]).text
    assert "同时保存的" in page and taken not in page
