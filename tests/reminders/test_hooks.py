"""sifa_due_item_kinds and sifa_notification_channels, seen from the core's side."""

from __future__ import annotations

import types
from datetime import timedelta
from typing import Any

import pytest

from core.plugins import Candidate, PluginHost, PluginMeta, PluginState, hookimpl
from core.reminders.channels.registry import notification_channels
from core.reminders.declarations import DueItemKind
from core.reminders.kinds import declared_kinds, effective_timing, kinds_of
from core.scheduling.catalogue import job_catalogue


def plugin_declaring(**hooks: Any) -> Candidate:
    module = types.ModuleType("fake_reminders")
    module.plugin_meta = PluginMeta(name="remy", label_zh="提醒", label_en="Remy", version="1")  # type: ignore[attr-defined]
    for name, value in hooks.items():
        setattr(module, name, hookimpl(lambda value=value: value()))
    return Candidate("remy", "sifa-remy", "1", lambda: module)


class Pager:
    name = "remy.pager"
    label_zh = "寻呼机"
    label_en = "Pager"
    needs_address = True

    def send(self, message: Any) -> None:
        return None


def test_sifa_due_item_kinds_are_collected_and_time_the_items(plugin_site, platform, staff) -> None:
    host = PluginHost().load()
    kinds = {k.code: k for k in host.get("testplugin").contributions.due_item_kinds}
    assert kinds["testplugin.reply"].escalation_delay == timedelta(hours=12)
    assert set(kinds_of(host)) >= {"core.general", "testplugin.reply"}
    assert "testplugin.reply" in declared_kinds()  # the booted platform's catalogue
    from sqlmodel import Session

    with Session(platform.engine) as session:
        timing = effective_timing(session, "testplugin.reply", staff.tree.village_a)
    assert (timing.lead_time, timing.escalation_delay) == (timedelta(days=2), timedelta(hours=12))


def test_sifa_notification_channels_are_collected_and_delivered_on(plugin_site, tmp_path) -> None:
    from core.settings import Settings

    host = PluginHost().load()
    channels = host.get("testplugin").contributions.notification_channels
    assert [c.name for c in channels] == ["testplugin.sms"]
    on = notification_channels(Settings(data_dir=tmp_path), host)
    assert "testplugin.sms" in [c.name for c in on]


def test_the_core_declares_its_reminder_jobs(plugin_site) -> None:
    catalogue = job_catalogue(PluginHost().load())
    assert catalogue.owners["core.reminders.scan"] == "core"
    assert catalogue.periodic["core.notifications.deliver"].schedule == "* * * * *"


def test_good_declarations_of_another_plugin_load() -> None:
    host = PluginHost().load(
        [
            plugin_declaring(
                sifa_due_item_kinds=lambda: [DueItemKind("remy.callback", "回电", "Call back")],
                sifa_notification_channels=lambda: [Pager()],
            )
        ]
    )
    record = host.get("remy")
    assert record.state is PluginState.LOADED, record.reason
    assert [k.code for k in record.contributions.due_item_kinds] == ["remy.callback"]
    assert [c.name for c in record.contributions.notification_channels] == ["remy.pager"]


class Nameless:
    label_zh = label_en = "x"
    needs_address = False

    def send(self, message: Any) -> None:
        return None


class Foreign(Pager):
    name = "other.pager"


class Mute(Pager):
    send = None  # type: ignore[assignment]


@pytest.mark.parametrize(
    ("hooks", "reason"),
    [
        ({"sifa_due_item_kinds": lambda: [DueItemKind("other.x", "x", "x")]}, "must start with"),
        ({"sifa_due_item_kinds": lambda: ["not a kind"]}, "expected DueItemKind"),
        (
            {"sifa_due_item_kinds": lambda: [DueItemKind("remy.x", "x", "x")] * 2},
            "declared twice",
        ),
        ({"sifa_notification_channels": lambda: [Nameless()]}, "has no 'name'"),
        ({"sifa_notification_channels": lambda: [Foreign()]}, "must start with"),
        ({"sifa_notification_channels": lambda: [Mute()]}, "send(message)"),
        ({"sifa_notification_channels": lambda: [Pager(), Pager()]}, "declared twice"),
    ],
)
def test_a_bad_declaration_fails_only_that_plugin(hooks: dict[str, Any], reason: str) -> None:
    host = PluginHost().load([plugin_declaring(**hooks)])
    record = host.get("remy")
    assert record.state is PluginState.FAILED
    assert reason in record.reason


def test_kind_timings_are_checked_where_they_are_declared() -> None:
    with pytest.raises(ValueError, match=r"<plugin>\.<kind>"):
        DueItemKind("nodot", "x", "x")
    with pytest.raises(ValueError, match="lead_time"):
        DueItemKind("a.b", "x", "x", lead_time=timedelta(days=-1))
    with pytest.raises(ValueError, match="escalation_delay"):
        DueItemKind("a.b", "x", "x", escalation_delay=timedelta(0))
