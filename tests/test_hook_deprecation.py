"""Deprecated hooks warn for one minor core API version before removal (issue 11, API
stability): a plugin implementing one still loads, and the administrator and the plugin's
author are told which hook, since which version, until which version, and what replaces it."""

from __future__ import annotations

import logging
import types
from typing import Any

import pluggy
import pytest
from click.testing import CliRunner
from packaging.version import Version

from core import cli, hookspecs
from core.plugins import (
    CORE_API_VERSION,
    Candidate,
    HookDeprecated,
    HookDeprecation,
    PluginHost,
    PluginMeta,
    hook_deprecations,
    hookimpl,
)

hookspec = pluggy.HookspecMarker(hookspecs.PROJECT_NAME)


class RetiringSpecs:
    """Specifications as core/hookspecs.py would carry them while two hooks are retired."""

    @hookspec
    def sifa_old_widgets(self) -> list[Any]:
        """Declare dashboard widgets (the old way).

        Deprecated in core API 1.2: use ``sifa_dashboard_widgets`` instead.

        Added in core API 1.0.
        """

    @hookspec(warn_on_impl=HookDeprecation("sifa_old_menu", "1.2", "sifa_navigation").warning())
    def sifa_old_menu(self) -> list[Any]:
        """Declare menu entries (the old way); marked through pluggy's warn_on_impl."""


def plugin(name: str, **hooks: Any) -> types.ModuleType:
    module = types.ModuleType(name)
    module.plugin_meta = PluginMeta(name=name, label_zh=name, label_en=name, version="1.0")  # type: ignore[attr-defined]
    for hook_name, function in hooks.items():
        setattr(module, hook_name, hookimpl(function))
    return module


def load(*modules: types.ModuleType) -> PluginHost:
    host = PluginHost(specs=(hookspecs, RetiringSpecs))
    return host.load(
        Candidate(m.__name__, f"sifa-{m.__name__}", "1.0", load=lambda m=m: m) for m in modules
    )


def test_a_plugin_implementing_a_deprecated_hook_loads_with_a_warning_naming_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    old = plugin("oldstyle", sifa_old_widgets=lambda: [])
    with caplog.at_level(logging.WARNING), pytest.warns(HookDeprecated, match="sifa_old_widgets"):
        host = load(old)
    record = host.get("oldstyle")
    assert record is not None and record.loaded
    (warning,) = record.warnings
    for part in ("sifa_old_widgets", "1.2", "1.3", "sifa_dashboard_widgets", "已弃用"):
        assert part in warning
    assert f"plugin oldstyle: {warning}" in caplog.text


def test_pluggys_warn_on_impl_is_surfaced_the_same_way() -> None:
    old = plugin("oldmenu", sifa_old_menu=lambda: [])
    with pytest.warns(HookDeprecated, match="sifa_old_menu"):
        host = load(old)
    record = host.get("oldmenu")
    assert record is not None and record.loaded
    assert len(record.warnings) == 1 and "sifa_navigation" in record.warnings[0]


def test_a_plugin_on_current_hooks_gets_no_warning() -> None:
    current = plugin("current", sifa_navigation=lambda: [])
    host = load(current)
    record = host.get("current")
    assert record is not None and record.loaded and record.warnings == []


def test_sifa_plugins_list_shows_the_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.warns(HookDeprecated):
        host = load(plugin("oldstyle", sifa_old_widgets=lambda: []))
    monkeypatch.setattr(cli, "_platform", lambda: types.SimpleNamespace(host=host))
    shown = CliRunner().invoke(cli.cli, ["plugins", "list"])
    assert shown.exit_code == 0, shown.output
    assert "oldstyle" in shown.output and "loaded" in shown.output
    assert "警告 (warning)" in shown.output and "sifa_old_widgets" in shown.output


def test_the_docstring_marker_is_read_with_its_replacement() -> None:
    found = hook_deprecations(RetiringSpecs)
    assert found == {
        "sifa_old_widgets": HookDeprecation("sifa_old_widgets", "1.2", "sifa_dashboard_widgets")
    }
    assert found["sifa_old_widgets"].removed_in == "1.3"


def test_no_core_hook_outlives_its_one_minor_version_of_deprecation() -> None:
    """A hook deprecated in 1.N must be gone from core/hookspecs.py by 1.N+1."""
    current = Version(CORE_API_VERSION)
    overdue = [
        d.hook for d in hook_deprecations(hookspecs).values() if current >= Version(d.removed_in)
    ]
    assert not overdue, f"remove these deprecated hooks from core/hookspecs.py: {overdue}"
