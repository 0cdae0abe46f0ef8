"""The plugin host: loading, checks, ordering and containment of broken plugins."""

from __future__ import annotations

import types
from typing import Any

from core.plugins import CORE_API_VERSION, Candidate, PluginHost, PluginMeta, PluginState, hookimpl


def fake_plugin(name: str, **meta: Any) -> types.ModuleType:
    module = types.ModuleType(f"fake_{name}")
    module.plugin_meta = PluginMeta(  # type: ignore[attr-defined]
        name=name, label_zh=name, label_en=name, version="1.0", **meta
    )
    return module


def candidate(obj: Any, name: str | None = None) -> Candidate:
    def load() -> Any:
        if isinstance(obj, BaseException):
            raise obj
        return obj

    return Candidate(name or obj.plugin_meta.name, f"sifa-{name}", "1.0", load)


def load(*candidates: Candidate) -> PluginHost:
    return PluginHost().load(list(candidates))


def test_installed_test_plugins_are_found_through_entry_points(plugin_site) -> None:
    host = PluginHost().load()
    assert host.get("testplugin").state is PluginState.LOADED
    assert host.get("testplugin").distribution == "sifa-testplugin"
    assert "导入失败" in host.get("testimportfail").reason
    assert "simulated missing dependency" in host.get("testimportfail").reason
    assert "sifa_navigation" in host.get("testbroken").reason
    loaded = [r.name for r in host.loaded()]
    # First-party plugins installed in the workspace (mediation …) load too; the broken ones not.
    assert "testplugin" in loaded and not {"testimportfail", "testbroken"} & set(loaded)


def test_a_plugin_whose_import_raises_is_failed_and_the_rest_load() -> None:
    good = fake_plugin("good")
    host = load(candidate(RuntimeError("boom"), "bad"), candidate(good))
    assert host.get("bad").state is PluginState.FAILED
    assert "RuntimeError: boom" in host.get("bad").reason
    assert host.get("good").loaded


def test_a_plugin_needing_another_core_api_is_refused_with_a_clear_reason() -> None:
    host = load(candidate(fake_plugin("future", core_api=">=2.0")))
    record = host.get("future")
    assert record.state is PluginState.FAILED
    assert ">=2.0" in record.reason and CORE_API_VERSION in record.reason


def test_a_missing_requirement_fails_the_plugin() -> None:
    host = load(candidate(fake_plugin("child", requires=("parent",))))
    assert "缺少所需插件" in host.get("child").reason


def test_plugins_are_ordered_after_the_plugins_they_require() -> None:
    a = fake_plugin("aaa", requires=("zzz",))
    z = fake_plugin("zzz")
    m = fake_plugin("mmm", requires=("aaa",))
    host = load(candidate(a), candidate(m), candidate(z))
    assert [r.name for r in host.loaded()] == ["zzz", "aaa", "mmm"]


def test_a_failed_requirement_fails_its_dependants() -> None:
    child = fake_plugin("child", requires=("parent",))
    host = load(candidate(child), candidate(RuntimeError("x"), "parent"))
    assert host.get("child").state is PluginState.FAILED
    assert "parent" in host.get("child").reason


def test_a_dependency_cycle_fails_the_plugins_in_it() -> None:
    a = fake_plugin("aaa", requires=("bbb",))
    b = fake_plugin("bbb", requires=("aaa",))
    host = load(candidate(a), candidate(b))
    assert not host.loaded()


def test_an_unknown_hook_is_refused_by_name() -> None:
    plugin = fake_plugin("typo")

    @hookimpl
    def sifa_navigatoin() -> list[Any]:
        return []

    plugin.sifa_navigatoin = sifa_navigatoin  # type: ignore[attr-defined]
    host = load(candidate(plugin))
    assert "sifa_navigatoin" in host.get("typo").reason


def test_an_implementation_with_an_argument_not_in_the_spec_is_refused() -> None:
    plugin = fake_plugin("badargs")

    @hookimpl
    def sifa_navigation(nonsense: int) -> list[Any]:
        return []

    plugin.sifa_navigation = sifa_navigation  # type: ignore[attr-defined]
    host = load(candidate(plugin))
    assert host.get("badargs").state is PluginState.FAILED


def test_a_raising_declaration_hook_keeps_the_plugin_out_and_names_the_hook() -> None:
    plugin = fake_plugin("raiser")

    @hookimpl
    def sifa_routes() -> list[Any]:
        raise KeyError("missing")

    plugin.sifa_routes = sifa_routes  # type: ignore[attr-defined]
    host = load(candidate(plugin), candidate(fake_plugin("fine")))
    assert "sifa_routes" in host.get("raiser").reason
    assert not host.pm.is_registered(plugin)
    assert [r.name for r in host.loaded()] == ["fine"]


def test_plugin_meta_must_match_the_entry_point_name() -> None:
    host = load(candidate(fake_plugin("real"), name="alias"))
    assert "名称不一致" in host.get("alias").reason


def test_reserved_and_malformed_names_are_refused() -> None:
    host = load(candidate(fake_plugin("api")), candidate(fake_plugin("Bad-Name")))
    assert host.get("api").state is PluginState.FAILED
    assert host.get("Bad-Name").state is PluginState.FAILED


def test_a_template_dir_without_the_plugin_namespace_is_refused(tmp_path) -> None:
    plugin = fake_plugin("tpl")

    @hookimpl
    def sifa_template_dir() -> str:
        return str(tmp_path)

    plugin.sifa_template_dir = sifa_template_dir  # type: ignore[attr-defined]
    host = load(candidate(plugin))
    assert "tpl/" in host.get("tpl").reason


def test_a_module_without_plugin_meta_is_refused() -> None:
    host = load(candidate(types.ModuleType("nometa"), name="nometa"))
    assert "plugin_meta" in host.get("nometa").reason
