"""Migrations: one line per component, upgrade/current/revision/downgrade, and the refusal to
start on a database that is behind — all through the real ``sifa`` command."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, inspect

from core.migrate import Component
from tests.support.cli import free_port, run_sifa, sifa_env
from tests.support.install import install_testplugin, uninstall_testplugin


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A private copy of the test plugin, so revisions written here stay in tmp."""
    install_testplugin(tmp_path / "site", {"testplugin": "sifa_testplugin.plugin"})
    return tmp_path / "site"


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_creates_core_and_plugin_tables(empty_database_url, tmp_path, site) -> None:
    env = sifa_env(empty_database_url, tmp_path / "data", site)
    result = run_sifa("db", "upgrade", env=env)
    assert result.returncode == 0, result.stderr
    created = tables(empty_database_url)
    assert {"org_unit", "alembic_version"} <= created
    assert {"testplugin_note", "alembic_version_testplugin"} <= created
    current = run_sifa("db", "current", env=env)
    assert "testplugin" in current.stdout and "behind" not in current.stdout
    # It says what it applied; a second run says nothing was needed (issue 21, defect 16).
    assert "已升级 (upgraded)" in result.stdout and "已是最新" not in result.stdout
    again = run_sifa("db", "upgrade", env=env)
    assert "数据库已是最新，无需升级" in again.stdout and "已升级 (upgraded)" not in again.stdout


def test_serve_refuses_an_unmigrated_database_and_names_the_command(
    empty_database_url, tmp_path, site
) -> None:
    env = sifa_env(empty_database_url, tmp_path / "data", site)
    result = run_sifa("serve", "--port", str(free_port()), env=env, timeout=60)
    assert result.returncode != 0
    assert "sifa db upgrade" in result.stderr


def healthz_of_a_started_server(env: dict[str, str]) -> int | None:
    """Start ``sifa serve`` as a user would, ask /healthz, stop it; the status or None."""
    import subprocess

    from tests.support.cli import SIFA

    port = free_port()
    server = subprocess.Popen(
        [SIFA, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and server.poll() is None:
            try:
                return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code
            except httpx.TransportError:
                time.sleep(0.2)
        return None
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_starts_and_answers_healthz_after_upgrade(tmp_path, site) -> None:
    url = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    env = sifa_env(url, tmp_path / "data", site)
    assert run_sifa("db", "upgrade", env=env).returncode == 0
    assert healthz_of_a_started_server(env) == 200


def test_revision_is_written_into_the_plugins_own_line(tmp_path, site) -> None:
    url = f"sqlite:///{tmp_path / 'rev.sqlite3'}"
    env = sifa_env(url, tmp_path / "data", site)
    assert run_sifa("db", "upgrade", env=env).returncode == 0
    previous_heads = Component("testplugin", site / "sifa_testplugin" / "migrations").heads()
    result = run_sifa(
        "db", "revision", "--plugin", "testplugin", "-m", "add tags", "--autogenerate", env=env
    )
    assert result.returncode == 0, result.stderr
    written = list((site / "sifa_testplugin" / "migrations").glob("*add_tags.py"))
    assert len(written) == 1
    text = written[0].read_text()
    (previous_head,) = previous_heads
    assert f"down_revision: str | Sequence[str] | None = '{previous_head}'" in text
    # Autogenerate compared only the plugin's own tables: nothing of the core's leaks in.
    assert "org_unit" not in text
    # The new head makes the database "behind" until upgraded.
    assert "behind" in run_sifa("db", "current", env=env).stdout
    assert run_sifa("db", "upgrade", env=env).returncode == 0
    assert "behind" not in run_sifa("db", "current", env=env).stdout


def test_revision_for_an_unknown_plugin_is_a_clear_error(tmp_path, site) -> None:
    env = sifa_env(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path / "data", site)
    result = run_sifa("db", "revision", "--plugin", "nosuch", "-m", "x", env=env)
    assert result.returncode != 0
    assert "nosuch" in result.stderr and "Traceback" not in result.stderr


def test_downgrade_asks_first_and_then_undoes_one_plugin(tmp_path, site) -> None:
    url = f"sqlite:///{tmp_path / 'down.sqlite3'}"
    env = sifa_env(url, tmp_path / "data", site)
    assert run_sifa("db", "upgrade", env=env).returncode == 0
    refused = run_sifa("db", "downgrade", "--plugin", "testplugin", "base", env=env, input="n\n")
    assert refused.returncode != 0
    assert "testplugin_note" in tables(url)
    done = run_sifa("db", "downgrade", "--plugin", "testplugin", "base", "--yes", env=env)
    assert done.returncode == 0, done.stderr
    assert "testplugin_note" not in tables(url)
    assert "org_unit" in tables(url)


def test_install_migrate_uninstall_start_reinstall(tmp_path, site) -> None:
    url = f"sqlite:///{tmp_path / 'cycle.sqlite3'}"
    env = sifa_env(url, tmp_path / "data", site)
    assert run_sifa("db", "upgrade", env=env).returncode == 0

    uninstall_testplugin(site)
    listed = run_sifa("plugins", "list", env=env)
    assert "testplugin" not in listed.stdout
    current = run_sifa("db", "current", env=env)
    assert current.returncode == 0 and "behind" not in current.stdout
    upgraded = run_sifa("db", "upgrade", env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    assert healthz_of_a_started_server(env) == 200, "the app starts cleanly without the plugin"
    assert "testplugin_note" in tables(url), "uninstalling must not drop the plugin's data"

    install_testplugin(site, {"testplugin": "sifa_testplugin.plugin"})
    current = run_sifa("db", "current", env=env)
    assert "testplugin" in current.stdout and "behind" not in current.stdout
