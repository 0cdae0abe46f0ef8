"""Cross-plugin hooks (core API 1.2): modules cooperate through the core, never by import."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from sifa_testplugin.models import TestpluginNote
from sqlmodel import select

from core.api import (
    BusyPeriod,
    LifecycleEvent,
    LocationFix,
    busy_periods,
    event_assistants,
    hookimpl,
    location_providers,
    publish,
)
from core.audit.models import AuditRecord
from core.db import session_scope
from core.modules.service import set_active
from core.plugins import PluginState
from tests.test_plugin_host import candidate, fake_plugin, load

LAWYER = "13714201810001234"


def notes(platform) -> list[str]:
    with session_scope(platform.engine) as session:
        return [n.text for n in session.exec(select(TestpluginNote)).all()]


def test_sifa_lifecycle_event_reaches_plugins_on_at_the_organisation_and_is_audited(
    platform, org_tree
) -> None:
    event = LifecycleEvent("publicity.assistant_attached", org_tree.village_a, {"event_id": 7})
    with session_scope(platform.engine) as session:
        heard = publish(session, platform.host, event)
    assert "testplugin" in heard  # (first-party modules installed beside it may listen too)
    assert f"heard publicity.assistant_attached at {org_tree.village_a}" in notes(platform)
    with session_scope(platform.engine) as session:
        audit = session.exec(
            select(AuditRecord).where(AuditRecord.action == "lifecycle.published")
        ).one()
        assert (audit.entity, audit.org_id) == ("publicity.assistant_attached", org_tree.village_a)


def test_a_module_switched_off_at_the_organisation_does_not_hear_its_events(
    platform, org_tree
) -> None:
    with session_scope(platform.engine) as session:
        set_active(session, platform.host, org_tree.bureau, "testplugin", False)
    with session_scope(platform.engine) as session:
        heard = publish(session, platform.host, LifecycleEvent("other.done", org_tree.station_a))
    assert "testplugin" not in heard
    assert notes(platform) == []


def test_a_failing_listener_is_rolled_back_alone_and_the_publishers_work_stands(
    platform, org_tree
) -> None:
    with session_scope(platform.engine) as session:
        session.add(TestpluginNote(text="the publisher's own record"))
        heard = publish(
            session, platform.host, LifecycleEvent("other.done", org_tree.station_a, {"fail": True})
        )
    assert "testplugin" not in heard
    assert notes(platform) == ["the publisher's own record"]


def test_an_event_name_must_say_which_module_it_comes_from() -> None:
    try:
        LifecycleEvent("assistant attached", 1)
    except ValueError as exc:
        assert "<plugin>.<what happened>" in str(exc)
    else:
        raise AssertionError("a bare event name was accepted")


def test_sifa_busy_periods_are_gathered_for_the_span_and_the_people_asked_about(
    platform, org_tree
) -> None:
    with session_scope(platform.engine) as session:
        morning = busy_periods(
            session, platform.host, datetime(2026, 12, 7, 8), datetime(2026, 12, 7, 10)
        )
        afternoon = busy_periods(
            session, platform.host, datetime(2026, 12, 7, 13), datetime(2026, 12, 7, 17)
        )
        someone_else = busy_periods(
            session,
            platform.host,
            datetime(2026, 12, 7, 8),
            datetime(2026, 12, 7, 10),
            practice_numbers={"13714201910009999"},
        )
    assert [(p.practice_number, p.source) for p in morning] == [(LAWYER, "testplugin")]
    assert "值班" in morning[0].label
    assert afternoon == [] and someone_else == []


def test_a_naive_busy_period_is_read_as_beijing_time_by_an_aware_asker(platform, org_tree) -> None:
    """The clinic asks with aware Beijing times; a plugin answering with naive wall-clock
    times (the test plugin's shift) must still clash, not fail the comparison."""
    beijing = timezone(timedelta(hours=8))
    with session_scope(platform.engine) as session:
        clash = busy_periods(
            session,
            platform.host,
            datetime(2026, 12, 7, 8, tzinfo=beijing),
            datetime(2026, 12, 7, 10, tzinfo=beijing),
        )
        in_utc_after = busy_periods(  # 04:00-05:00 UTC is 12:00-13:00 in Beijing: free
            session,
            platform.host,
            datetime(2026, 12, 7, 4, tzinfo=UTC),
            datetime(2026, 12, 7, 5, tzinfo=UTC),
        )
    assert [p.practice_number for p in clash] == [LAWYER]
    assert clash[0].start == datetime(2026, 12, 7, 9, tzinfo=beijing)
    assert in_utc_after == []


def test_sifa_event_assistants_are_offered_only_where_the_module_is_on(platform, org_tree) -> None:
    monday, sunday = date(2026, 12, 7), date(2026, 12, 6)
    with session_scope(platform.engine) as session:
        offered = event_assistants(session, platform.host, org_tree.village_a, monday)
        resting = event_assistants(session, platform.host, org_tree.village_a, sunday)
        set_active(session, platform.host, org_tree.bureau, "testplugin", False)
    with session_scope(platform.engine) as session:
        switched_off = event_assistants(session, platform.host, org_tree.village_a, monday)
    assert [(a.key, a.practice_number) for a in offered] == [("testplugin.lawyer:1", LAWYER)]
    assert resting == [] and switched_off == []


def test_sifa_location_providers_are_declared_once_and_answer_fixes(platform) -> None:
    providers = location_providers(platform.host)
    feed = providers["testplugin.simulated"]
    fixes = feed.fixes("band-1", datetime(2026, 12, 7, 9), datetime(2026, 12, 7, 10))
    assert len(fixes) == 6 and all(isinstance(f, LocationFix) for f in fixes)
    assert fixes[0].at == datetime(2026, 12, 7, 9)


def test_a_location_provider_coded_under_another_plugin_fails_only_its_plugin() -> None:
    intruder = fake_plugin("intruder")

    class Feed:
        code = "corrections.stolen"
        label_zh = label_en = "x"

        def fixes(self, subject_ref, since, until):
            return []

    def sifa_location_providers() -> list:
        return [Feed()]

    intruder.sifa_location_providers = hookimpl(sifa_location_providers)  # type: ignore[attr-defined]
    record = load(candidate(intruder)).get("intruder")
    assert record.state is PluginState.FAILED
    assert "sifa_location_providers" in record.reason and "intruder." in record.reason


def test_a_busy_period_knows_when_it_overlaps() -> None:
    shift = BusyPeriod(LAWYER, datetime(2026, 12, 7, 9), datetime(2026, 12, 7, 12), "值班", "x")
    assert shift.overlaps(datetime(2026, 12, 7, 11), datetime(2026, 12, 7, 13))
    assert not shift.overlaps(datetime(2026, 12, 7, 12), datetime(2026, 12, 7, 13))
