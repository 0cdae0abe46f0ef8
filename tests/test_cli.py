"""The ``sifa`` command: plugin listing and plugin-contributed commands."""

from __future__ import annotations

from tests.support.cli import run_sifa, sifa_env


def test_plugins_list_shows_installed_and_failed_plugins_with_reasons(
    tmp_path, plugin_site
) -> None:
    env = sifa_env(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path / "data", plugin_site)
    result = run_sifa("plugins", "list", env=env)
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert "loaded" in lines["testplugin"] and "测试插件" in lines["testplugin"]
    assert "failed" in lines["testbroken"] and "navigation exploded" in lines["testbroken"]
    assert "failed" in lines["testimportfail"] and "nonexistent_lib" in lines["testimportfail"]


def test_plugins_list_without_plugins_says_so(tmp_path) -> None:
    env = sifa_env(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path / "data", None)
    result = run_sifa("plugins", "list", env=env)
    assert result.returncode == 0
    assert "testplugin" not in result.stdout


def test_plugin_commands_are_mounted_under_m(tmp_path, plugin_site) -> None:
    env = sifa_env(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path / "data", plugin_site)
    result = run_sifa("m", "testplugin", "hello", env=env)
    assert result.returncode == 0, result.stderr
    assert "你好" in result.stdout
