"""助诊: an event gets a legal assistant offered by another module through the core, and the
attach/detach lifecycle events carry exactly the agreed payload."""

from __future__ import annotations

from datetime import date

import pytest
from publicity.models import PublicityEvent
from publicity.services.assistants import attach_assistant, detach_assistant
from publicity_support import make_unit, record_event
from sqlmodel import Session, select

from core.api import LifecycleEvent
from core.db import session_scope
from web.testing import post_form

MONDAY, SUNDAY = date(2026, 12, 7), date(2026, 12, 6)  # the test plugin's lawyer rests on Sundays


@pytest.fixture
def heard(monkeypatch) -> list[LifecycleEvent]:
    """Every lifecycle event the publicity service publishes."""
    import publicity.services.assistants as module

    seen: list[LifecycleEvent] = []
    original = module.publish

    def spy(session, host, event):
        seen.append(event)
        return original(session, host, event)

    monkeypatch.setattr(module, "publish", spy)
    return seen


def test_attaching_and_detaching_an_assistant_publishes_the_contract_payload(
    platform, org_tree, heard
) -> None:
    with session_scope(platform.engine) as session:
        event = record_event(
            session,
            make_unit(session, org_tree.station_a),
            MONDAY,
            org_id=org_tree.village_a,
            title="宪法日广场宣传",
        )
        attach_assistant(
            session,
            platform.host,
            event,
            key="testplugin.lawyer:1",
            hours="2.5",
            expected_version=event.version,
            actor_id=None,
        )
        assert event.assistant_name == "测试律师"
        detach_assistant(
            session, platform.host, event, expected_version=event.version, actor_id=None
        )
        event_id = event.id
    attached, detached = heard
    assert (attached.name, detached.name) == (
        "publicity.assistant_attached",
        "publicity.assistant_detached",
    )
    for sent in heard:
        assert sent.org_id == org_tree.village_a
        assert dict(sent.payload) == {
            "assistant_key": "testplugin.lawyer:1",
            "event_id": event_id,
            "event_title": "宪法日广场宣传",
            "day": "2026-12-07",
            "hours": 2.5,
            "url": f"/m/publicity/events/{event_id}",
        }


def test_the_event_page_offers_candidates_and_refuses_an_unknown_one(
    platform, org_tree, admin_client
) -> None:
    with session_scope(platform.engine) as session:
        event = record_event(session, make_unit(session, org_tree.station_a), MONDAY)
        event_id = event.id
    page = admin_client.get(f"/m/publicity/events/{event_id}")
    assert "测试律师" in page.text
    wrong = post_form(
        admin_client,
        f"/m/publicity/events/{event_id}/assistant",
        {"assistant_key": "clinic.provider:999", "hours": "2", "version": "1"},
    )
    assert wrong.status_code == 422 and "请从可选的助诊人员中选择" in wrong.text
    good = post_form(
        admin_client,
        f"/m/publicity/events/{event_id}/assistant",
        {"assistant_key": "testplugin.lawyer:1", "hours": "2", "version": "1"},
    )
    assert good.status_code == 303
    with Session(platform.engine) as session:
        assert session.exec(select(PublicityEvent.assistant_key)).one() == "testplugin.lawyer:1"


def test_with_no_candidates_the_page_says_so(platform, org_tree, admin_client) -> None:
    with session_scope(platform.engine) as session:
        event_id = record_event(session, make_unit(session, org_tree.station_a), SUNDAY).id
    page = admin_client.get(f"/m/publicity/events/{event_id}")
    assert "当天没有可安排助诊的律师或法律服务工作者" in page.text
