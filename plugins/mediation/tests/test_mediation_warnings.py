"""Early warning (预警): a configurable scheme, raised or lowered at any moment, audited,
telling the right people up the tree, answered within the level's response time."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from mediation.errors import IllegalTransition, InvalidInput
from mediation.models import MediationCase, MediationWarning
from mediation.services.due_items import WARNING_KIND, case_source
from mediation.services.warnings import respond_to_warning, set_warning_level
from mediation.settings import MediationSettings, warning_scheme
from mediation_support import accepted_case, committee, fresh, mediator
from sqlmodel import select

from core.audit.models import AuditRecord
from core.db import session_scope
from core.modules.service import settings_for, update_settings
from core.reminders.models import Notification
from core.reminders.service import due_items_of
from core.reminders.states import DueState, due_state
from tests.conftest import _signed_in_client
from tests.support.auth import FakeClock, post_form, use_clock
from web.testing import make_account

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


@pytest.fixture
def world(platform, org_tree):
    """A case in village A; accounts: its mediator, station A's head, station B's head and
    the bureau's leader."""
    with session_scope(platform.engine) as session:
        people = {
            "mediator": make_account(session, "m_a", roles={"mediator": org_tree.village_a}),
            "head_a": make_account(session, "head_a", roles={"station_head": org_tree.station_a}),
            "head_b": make_account(session, "head_b", roles={"station_head": org_tree.station_b}),
            "leader": make_account(session, "leader", roles={"bureau_leader": org_tree.bureau}),
        }
        c = committee(session, org_tree.village_a, short_name="前进")
        m = mediator(session, c.id, "王调解")
        m.account_id = people["mediator"].id
        row = accepted_case(session, c.id, m.id)
        return {"case": row.id, **{k: v.id for k, v in people.items()}}


def _raise(session, case_id: int, level: str, reason: str = "双方扬言动手", **kw):
    row = session.get(MediationCase, case_id)
    return set_warning_level(
        session,
        case_id,
        {"level": level, "reason": reason},
        expected_version=row.version,
        actor_id=kw.get("actor_id"),
        now=kw.get("now", NOW),
        settings=kw.get("settings", MediationSettings()),
    )


def _told(session, warning_id: int) -> set[int]:
    return set(
        session.exec(
            select(Notification.account_id).where(
                Notification.key == f"mediation.warning:{warning_id}"
            )
        ).all()
    )


def test_the_default_scheme_is_red_orange_yellow_with_their_response_times() -> None:
    scheme = warning_scheme(MediationSettings())
    assert [(r.level.value, r.hours, r.reach) for r in scheme] == [
        ("red", 2, "bureau"),
        ("orange", 24, "station"),
        ("yellow", 72, "mediator"),
    ]


def test_a_red_warning_tells_the_mediator_the_station_head_and_the_bureau_leader(
    platform, world
) -> None:
    with session_scope(platform.engine) as session:
        warning = _raise(session, world["case"], "red")
        assert _told(session, warning.id) == {world["mediator"], world["head_a"], world["leader"]}
        assert world["head_b"] not in _told(session, warning.id)  # another station's head
        assert warning.respond_by == NOW + timedelta(hours=2)


def test_a_yellow_warning_stays_with_the_mediator(platform, world) -> None:
    with session_scope(platform.engine) as session:
        warning = _raise(session, world["case"], "yellow")
        assert _told(session, warning.id) == {world["mediator"]}


def test_raising_and_lowering_are_recorded_with_the_reason_and_audited(platform, world) -> None:
    with session_scope(platform.engine) as session:
        _raise(session, world["case"], "orange", "邻里争吵升级")
        _raise(session, world["case"], "yellow", "双方情绪已平复", now=NOW + timedelta(hours=5))
        _raise(session, world["case"], "", "已化解", now=NOW + timedelta(hours=9))
    with session_scope(platform.engine) as session:
        rows = session.exec(
            select(MediationWarning)
            .where(MediationWarning.case_id == world["case"])
            .order_by(MediationWarning.id)
        ).all()
        assert [(w.previous_level, w.level, w.reason) for w in rows] == [
            (None, "orange", "邻里争吵升级"),
            ("orange", "yellow", "双方情绪已平复"),
            ("yellow", None, "已化解"),
        ]
        assert fresh(session, MediationCase, world["case"]).warning_level is None
        audited = session.exec(
            select(AuditRecord).where(AuditRecord.entity == "mediation_warning")
        ).all()
        assert len([a for a in audited if a.action == "insert"]) == 3


def test_a_warning_not_answered_in_time_turns_red_and_the_answer_closes_it(platform, world) -> None:
    with session_scope(platform.engine) as session:
        _raise(session, world["case"], "red")
        (item,) = [
            i for i in due_items_of(session, case_source(world["case"])) if i.kind == WARNING_KIND
        ]
        assert due_state(item, NOW + timedelta(hours=3)) is DueState.OVERDUE
        row = session.get(MediationCase, world["case"])
        respond_to_warning(
            session,
            world["case"],
            {"response_note": "所长到场稳控，双方同意继续调解"},
            expected_version=row.version,
            actor_id=world["head_a"],
            now=NOW + timedelta(hours=1),
        )
        (item,) = [
            i for i in due_items_of(session, case_source(world["case"])) if i.kind == WARNING_KIND
        ]
        assert item.done_at is not None


def test_an_unused_level_an_unchanged_level_and_a_missing_reason_are_refused(
    platform, world
) -> None:
    with session_scope(platform.engine) as session:
        with pytest.raises(InvalidInput) as blue:
            _raise(session, world["case"], "blue")
        assert blue.value.errors["level"] == "本局未启用该预警等级"
        with pytest.raises(InvalidInput) as reasonless:
            _raise(session, world["case"], "red", "")
        assert reasonless.value.errors["reason"] == "请填写调整原因"
        with pytest.raises(InvalidInput) as none:
            _raise(session, world["case"], "", "无")
        assert none.value.errors["level"] == "该案件当前没有预警"
        with pytest.raises(IllegalTransition):
            respond_to_warning(
                session,
                world["case"],
                {"response_note": "x"},
                expected_version=None,
                actor_id=None,
                now=NOW,
            )


def test_the_bureau_configures_a_four_colour_scheme_and_response_times(
    platform, org_tree, world
) -> None:
    with session_scope(platform.engine) as session:
        values = settings_for(session, platform.host, org_tree.bureau, "mediation").model_dump()
        values.update(warning_blue_enabled=True, warning_red_hours=1)
        update_settings(session, platform.host, org_tree.bureau, "mediation", values, 1)
    with session_scope(platform.engine) as session:
        settings = settings_for(session, platform.host, org_tree.village_a, "mediation")
        assert [r.level.value for r in warning_scheme(settings)] == [
            "red",
            "orange",
            "yellow",
            "blue",
        ]
        warning = _raise(session, world["case"], "red", settings=settings)
        assert warning.respond_by == NOW + timedelta(hours=1)


def test_the_case_page_shows_the_level_and_the_ledger_filters_by_it(
    platform, org_tree, world
) -> None:
    for client in _signed_in_client(platform, "suo_a", {"station_staff": org_tree.station_a}):
        use_clock(client, FakeClock(NOW))
        url = f"/m/mediation/cases/{world['case']}"
        version = re.search(r'data-version="(\d+)"', client.get(url).text).group(1)
        bad = post_form(client, f"{url}/warning", {"version": version, "level": "red"})
        assert bad.status_code == 422 and "请填写调整原因" in bad.text
        ok = post_form(
            client, f"{url}/warning", {"version": version, "level": "red", "reason": "扬言报复"}
        )
        assert ok.status_code in (200, 303)
        page = client.get(url).text
        assert 'id="case-warning" data-level="red"' in page and "红色预警" in page
        red = client.get("/m/mediation/ledger?warning=red").text
        assert f'data-case="{world["case"]}"' in red
        yellow = client.get("/m/mediation/ledger?warning=yellow").text
        assert f'data-case="{world["case"]}"' not in yellow
