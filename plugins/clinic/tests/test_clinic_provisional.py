"""Issue 20, acceptance 4: January 2027 is planned in December on the ordinary week, marked
provisional on the rota and the door sign, and re-checked when the 2027 schedule arrives:
the sessions that now fall on a holiday are listed for a person to resolve."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from clinic.models import ClinicSession
from clinic_support import World, build_world
from litestar.testing import TestClient
from sqlmodel import col, select

from core.api import due_items_of, session_scope
from core.scheduling.notice import parse_notice, save_schedule
from core.scheduling.provisional import recompute_provisional
from web.app import create_app
from web.testing import FakeClock, login, post_form, use_clock


@pytest.fixture(scope="module")
def world(tmp_path_factory, clinic_database_url) -> Iterator[World]:
    built = build_world(tmp_path_factory.mktemp("clinic_provisional"), clinic_database_url)
    yield built
    built.platform.engine.dispose()


@pytest.fixture(scope="module")
def suo(world: World) -> Iterator[TestClient[Any]]:
    client = TestClient(app=create_app(platform=world.platform), raise_server_exceptions=False)
    client.__enter__()
    use_clock(client, FakeClock(datetime(2026, 12, 3, 1, 0, tzinfo=UTC)))
    login(client, "suo_a")
    yield client
    client.__exit__(None, None, None)


def january_sessions(world: World) -> list[ClinicSession]:
    with session_scope(world.platform.engine) as session:
        rows = session.exec(
            select(ClinicSession)
            .where(ClinicSession.day >= date(2027, 1, 1), ClinicSession.day <= date(2027, 1, 31))
            .order_by(col(ClinicSession.day))
        ).all()
        session.expunge_all()
        return list(rows)


def test_january_is_planned_provisionally_and_rechecked_on_entry(world, suo) -> None:
    planned = post_form(
        suo, "/m/clinic/rota/plan", {"org_id": str(world.tree.station_a), "month": "2027-01"}
    )
    assert planned.status_code == 200
    assert 'id="rota-provisional"' in planned.text and "2027年节假日安排尚未录入" in planned.text
    sessions = january_sessions(world)
    assert sessions and all(s.day.weekday() < 5 for s in sessions)  # the ordinary week
    sign = suo.get(f"/m/clinic/clinics/{world.clinic_id}/sign?month=2027-01").text
    assert 'id="sign-provisional"' in sign  # the printed door sign says 暂定 too

    # The 2027 notice makes the first planned day a holiday (New Year's Day, a Friday).
    first = sessions[0]
    notice = f"一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n二、测试假日：1月{first.day.day}日放假，共1天。"
    parsed = parse_notice(notice, 2027)
    assert parsed.ok, parsed.unparsed
    with session_scope(world.platform.engine) as session:
        save_schedule(session, parsed, "测试通知")
    with session_scope(world.platform.engine) as session:
        report = recompute_provisional(session, world.platform.host, entered_years=(2027,))
    assert report.collisions >= 1

    page = suo.get(f"/m/clinic/rota?month=2027-01&org_id={world.tree.station_a}").text
    assert 'id="rota-provisional"' not in page
    assert 'id="rota-collisions"' in page and f'data-collision="{first.id}"' in page
    with session_scope(world.platform.engine) as session:
        titles = [i.title_zh for i in due_items_of(session, _source(first.id))]
    assert any("接诊安排与节假日冲突" in t for t in titles)
    # A second run lists the same sessions once, no duplicates.
    with session_scope(world.platform.engine) as session:
        recompute_provisional(session, world.platform.host, entered_years=(2027,))
        again = [i.title_zh for i in due_items_of(session, _source(first.id))]
    assert sorted(again) == sorted(titles)


def _source(session_id: int):
    from clinic.services.due import session_source

    return session_source(session_id)
