"""A person's cross-plugin timeline, gathered through the ``sifa_person_timeline`` hook."""

from __future__ import annotations

import importlib
import logging
import types
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session

from core.api import TimelineEntry
from core.people.service import register_person
from core.people.timeline import person_timeline
from core.platform import Platform
from core.plugins import Candidate, PluginHost, PluginMeta, hookimpl
from tests.people.conftest import Tree
from tests.people.factories import TODAY, person_data


def plugin(name: str, timeline) -> Candidate:
    module = types.ModuleType(f"fake_{name}")
    module.plugin_meta = PluginMeta(name=name, label_zh=name, label_en=name, version="1.0")  # type: ignore[attr-defined]
    module.sifa_person_timeline = hookimpl(timeline)  # type: ignore[attr-defined]
    return Candidate(name, f"sifa-{name}", "1.0", lambda: module)


def installed_testplugin() -> Candidate:
    return Candidate(
        "testplugin",
        "sifa-testplugin",
        "0.1.0",
        lambda: importlib.import_module("sifa_testplugin.plugin"),
    )


def entry(when: date | datetime, title: str) -> TimelineEntry:
    return TimelineEntry(
        when=when, plugin="fake", kind_zh="测试", kind_en="Test", title=title, url="", org_id=1
    )


@pytest.fixture
def person_with_notes(session: Session, tree: Tree):
    from sifa_testplugin.models import TestpluginNote

    person = register_person(session, person_data(), org_id=tree.station_a.id, today=TODAY)
    other = register_person(
        session,
        person_data(name="李四", id_number=None, id_type="none", no_id_reason="无"),
        org_id=tree.station_b.id,
    )
    session.add_all(
        [
            TestpluginNote(
                text=f"[person:{person.id} on 2026-03-01 at org {tree.station_a.id}] 首次来访"
            ),
            TestpluginNote(
                text=f"[person:{person.id} on 2026-05-20 at org {tree.station_a.id}] 回访"
            ),
            TestpluginNote(
                text=f"[person:{other.id} on 2026-06-01 at org {tree.station_b.id}] 别人"
            ),
            TestpluginNote(text="与任何人无关"),
        ]
    )
    session.flush()
    return person


def test_sifa_person_timeline_entries_of_the_test_plugin_are_gathered_newest_first(
    session, tree, platform: Platform, person_with_notes
) -> None:
    entries = person_timeline(platform.host, session, person_with_notes.id)
    assert [(e.when, e.title, e.plugin, e.org_id) for e in entries] == [
        (date(2026, 5, 20), "回访", "testplugin", tree.station_a.id),
        (date(2026, 3, 1), "首次来访", "testplugin", tree.station_a.id),
    ]
    assert entries[0].kind_zh == "测试笔记"


def test_a_raising_plugin_is_logged_and_skipped(session, tree, person_with_notes, caplog) -> None:
    def explode(person_id: int, session) -> list[TimelineEntry]:
        raise RuntimeError("timeline exploded")

    host = PluginHost().load([plugin("raiser", explode), installed_testplugin()])
    assert [r.name for r in host.loaded()] == ["raiser", "testplugin"]
    with caplog.at_level(logging.ERROR, logger="core.plugins"):
        entries = person_timeline(host, session, person_with_notes.id)
    assert [e.title for e in entries] == ["回访", "首次来访"]
    assert "raiser" in caplog.text and "timeline exploded" in caplog.text


def test_the_timeline_can_be_limited_to_the_plugins_active_for_a_bureau(
    session, platform: Platform, person_with_notes
) -> None:
    assert person_timeline(platform.host, session, person_with_notes.id, only=set()) == []
    active = person_timeline(platform.host, session, person_with_notes.id, only={"testplugin"})
    assert len(active) == 2


def test_entries_from_several_plugins_are_merged_and_bad_answers_ignored(caplog) -> None:
    def dated(person_id: int) -> list[TimelineEntry]:  # takes fewer arguments than offered
        return [entry(date(2026, 1, 2), "a day"), entry(date(2025, 1, 1), "last year")]

    def timed(person_id: int, session) -> list[TimelineEntry]:
        return [entry(datetime(2026, 1, 2, 9, 30, tzinfo=UTC), "that morning"), "not an entry"]

    def knows_nothing(person_id: int, session) -> None:
        return None

    host = PluginHost().load(
        [plugin("dated", dated), plugin("timed", timed), plugin("blank", knows_nothing)]
    )
    with caplog.at_level(logging.ERROR):
        entries = person_timeline(host, None, 7)
    assert [e.title for e in entries] == ["that morning", "a day", "last year"]
    assert "timed" in caplog.text


def test_call_collect_calls_loaded_plugins_only_and_checks_arguments() -> None:
    calls: list[str] = []

    def remember(name: str):
        def timeline(person_id: int, session) -> list[TimelineEntry]:
            calls.append(name)
            return []

        return timeline

    def broken_navigation() -> list:
        raise ValueError("navigation exploded")

    broken = plugin("broken", remember("broken"))
    broken_module = broken.load()
    broken_module.sifa_navigation = hookimpl(broken_navigation)
    host = PluginHost().load([plugin("good", remember("good")), broken])
    assert [r.name for r in host.loaded()] == ["good"]

    results = host.call_collect("sifa_person_timeline", person_id=3, session=None)
    assert [(r.plugin, r.value) for r in results] == [("good", [])]
    assert calls == ["good"]
    with pytest.raises(TypeError, match="session"):
        host.call_collect("sifa_person_timeline", person_id=3)
    with pytest.raises(TypeError, match="unknown hook"):
        host.call_collect("sifa_no_such_hook")
