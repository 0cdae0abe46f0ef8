"""``sifa init`` and ``sifa users``: the first administrator and accounts from a shell."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from core.db import make_engine
from core.identity.models import Role, RoleGrant, StaffAccount
from core.identity.passwords import verify_password
from tests.support.cli import invoke_sifa, sifa_env


@pytest.fixture
def env(tmp_path: Path, plugin_site) -> dict[str, str]:
    return sifa_env(f"sqlite:///{tmp_path / 'cli.sqlite3'}", tmp_path / "data", plugin_site)


def accounts(env: dict[str, str]) -> dict[str, StaffAccount]:
    engine = make_engine(env["SIFA_DATABASE_URL"])
    with Session(engine) as session:
        found = {a.username: a for a in session.exec(select(StaffAccount)).all()}
    engine.dispose()
    return found


def test_init_upgrades_syncs_roles_and_creates_the_first_admin_once(env) -> None:
    first = invoke_sifa("init", "--username", "Root", "--password", "Chushi-Guanli-3071", env=env)
    assert first.returncode == 0, first.stderr
    root = accounts(env)["root"]
    assert (
        verify_password(root.password_hash, "Chushi-Guanli-3071") and not root.must_change_password
    )
    engine = make_engine(env["SIFA_DATABASE_URL"])
    with Session(engine) as session:
        grant = session.exec(select(RoleGrant, Role).join(Role, Role.id == RoleGrant.role_id)).one()
        assert (grant[1].code, grant[0].org_id) == ("system_admin", None)
    engine.dispose()

    again = invoke_sifa("init", "--username", "other", "--password", "Chushi-Guanli-3071", env=env)
    assert again.returncode != 0 and "已有系统管理员" in again.stderr
    assert set(accounts(env)) == {"root"}


def test_init_refuses_a_weak_password(env) -> None:
    result = invoke_sifa("init", "--username", "root", "--password", "woaini1314", env=env)
    assert result.returncode != 0 and "常见口令" in result.stderr
    assert accounts(env) == {}


def test_users_create_list_grant_and_reset_password(env) -> None:
    assert (
        invoke_sifa(
            "init", "--username", "root", "--password", "Chushi-Guanli-3071", env=env
        ).returncode
        == 0
    )
    engine = make_engine(env["SIFA_DATABASE_URL"])
    with Session(engine) as session:
        from core.orgs.service import create_org

        bureau = create_org(session, name="乐陵市司法局", type="bureau", division_code="371481")
        station = create_org(session, name="市中街道司法所", type="station", parent_id=bureau.id)
        session.commit()
        station_id = station.id
    engine.dispose()

    created = invoke_sifa(
        "users",
        "create",
        "--username",
        "zhou.gb",
        "--display-name",
        "周干部",
        "--org",
        str(station_id),
        "--role",
        "station_staff",
        "--password",
        "Linshi-Kouling-5820",
        env=env,
    )
    assert created.returncode == 0, created.stderr
    assert accounts(env)["zhou.gb"].must_change_password

    granted = invoke_sifa("users", "grant", "zhou.gb", "mediator", env=env)
    assert granted.returncode == 0, granted.stderr
    listing = invoke_sifa("users", "list", env=env)
    line = next(x for x in listing.stdout.splitlines() if x.startswith("zhou.gb"))
    assert (
        "周干部" in line
        and f"station_staff@{station_id}" in line
        and f"mediator@{station_id}" in line
    )
    assert "system_admin@*" in next(x for x in listing.stdout.splitlines() if x.startswith("root"))

    reset = invoke_sifa(
        "users", "reset-password", "zhou.gb", "--password", "Xin-Linshi-6402", env=env
    )
    assert reset.returncode == 0, reset.stderr
    assert verify_password(accounts(env)["zhou.gb"].password_hash, "Xin-Linshi-6402")

    revoked = invoke_sifa("users", "revoke", "zhou.gb", "mediator", env=env)
    assert revoked.returncode == 0, revoked.stderr
    engine = make_engine(env["SIFA_DATABASE_URL"])
    with Session(engine) as session:
        roles = session.exec(
            select(Role.code)
            .join(RoleGrant, RoleGrant.role_id == Role.id)
            .where(RoleGrant.account_id == accounts(env)["zhou.gb"].id)
        ).all()
    engine.dispose()
    assert roles == ["station_staff"]


def test_db_upgrade_reports_the_roles_it_creates(env) -> None:
    first = invoke_sifa("db", "upgrade", env=env)
    assert first.returncode == 0, first.stderr
    assert (
        "+ role system_admin" in first.stdout
        and "+ permission testplugin.notes.edit" in first.stdout
    )
    second = invoke_sifa("db", "upgrade", env=env)
    assert "+ role" not in second.stdout


def test_user_commands_refuse_a_database_that_is_not_upgraded(env) -> None:
    result = invoke_sifa("users", "list", env=env)
    assert (
        result.returncode != 0
        and "sifa db upgrade" in result.stderr
        and "Traceback" not in result.stderr
    )
