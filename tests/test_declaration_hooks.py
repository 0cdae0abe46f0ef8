"""Each declaration hook of the test plugin, seen from the core's side."""

from __future__ import annotations

from pathlib import Path

from core import migrate
from core.plugins import PluginHost


def record_of_testplugin(plugin_site) -> object:
    return PluginHost().load().get("testplugin")


def test_sifa_models_makes_the_plugin_own_its_tables(plugin_site) -> None:
    host = PluginHost().load()
    assert host.get("testplugin").contributions.table_names == {
        "testplugin_note",
        "testplugin_sweep",
        "testplugin_item",
        "testplugin_case",
        "testplugin_report",
    }
    by_name = {c.name: c for c in migrate.components(host)}
    assert "testplugin_note" in by_name["testplugin"].owned_tables
    assert "testplugin_note" not in by_name["core"].owned_tables


def test_sifa_version_locations_gives_the_plugin_its_own_version_table(plugin_site) -> None:
    component = migrate.component(PluginHost().load(), "testplugin")
    assert component.version_table == "alembic_version_testplugin"
    assert len(component.heads()) == 1  # one linear line, whatever its newest revision


def test_sifa_routes_and_sifa_api_routes_are_collected(plugin_site) -> None:
    c = record_of_testplugin(plugin_site).contributions
    assert {path for h in c.routes for path in h.paths} >= {"/", "/notes"}  # read, never pop
    assert c.api_routes


def test_sifa_template_dir_and_sifa_static_dir_point_at_real_directories(plugin_site) -> None:
    c = record_of_testplugin(plugin_site).contributions
    assert (c.template_dir / "testplugin" / "index.html").is_file()
    assert (Path(c.static_dir) / "testplugin.css").is_file()


def test_sifa_navigation_entries_are_collected(plugin_site) -> None:
    nav = record_of_testplugin(plugin_site).contributions.navigation
    assert [n.label_zh for n in nav] == ["测试笔记"]


def test_sifa_cli_commands_are_collected(plugin_site) -> None:
    commands = record_of_testplugin(plugin_site).contributions.cli_commands
    assert [c.name for c in commands] == ["hello"]
