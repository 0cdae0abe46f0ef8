"""``sifa init`` and ``sifa users …``: first start and account administration from a shell.

Commands act as the installation itself (no actor account; the audit trail records
``cli:<os user>``) and call the same service functions as the pages.
"""

from __future__ import annotations

import click
from sqlmodel import Session, select

from core import migrate
from core.audit import audit_context, cli_actor_name
from core.db import session_scope
from core.identity import service
from core.identity.errors import IdentityError
from core.identity.models import Role, RoleGrant, StaffAccount
from core.identity.permissions import SYSTEM_ADMIN
from core.identity.roles import sync_roles
from core.orgs.models import OrgUnit
from core.orgs.tree import subtree_predicate
from core.platform import Platform


def _platform(*, migrated: bool = True) -> Platform:
    """The process's platform; user commands refuse a database that is not upgraded."""
    from core.cli import _platform as shared  # the one cached platform of this process

    platform = shared()
    if migrated:
        try:
            migrate.ensure_up_to_date(platform.engine, platform.host)
        except migrate.DatabaseBehind as exc:
            raise click.ClickException(str(exc)) from exc
    return platform


def sync_roles_now(platform: Platform) -> list[str]:
    """Create missing built-in roles and hand new permissions to their default roles."""
    with audit_context(actor_name=cli_actor_name()), session_scope(platform.engine) as session:
        return sync_roles(session, platform.host)


def _fail(exc: Exception) -> click.ClickException:
    return click.ClickException(exc.message if isinstance(exc, IdentityError) else str(exc))


def _resolve_org(session: Session, value: str | None) -> int | None:
    """An organisation by official division code or by id."""
    if value is None:
        return None
    by_code = session.exec(select(OrgUnit).where(OrgUnit.division_code == value)).first()
    org = by_code or (session.get(OrgUnit, int(value)) if value.isdigit() else None)
    if org is None:
        raise click.ClickException(
            f"没有机构 {value} (no organisation with that id or division code)"
        )
    return org.id


def _account(session: Session, username: str) -> StaffAccount:
    name = service.normalise_username(username)
    account = session.exec(select(StaffAccount).where(StaffAccount.username == name)).first()
    if account is None:
        raise click.ClickException(f"没有用户 {name} (no such account)")
    return account


@click.command("init")
@click.option("--username", required=True, help="the first system administrator's username")
@click.option("--display-name", default="系统管理员", show_default=True)
@click.option("--password", help="asked for (hidden) when not given")
def init_command(username: str, display_name: str, password: str | None) -> None:
    """First start: upgrade the database, set up roles, create the first system admin (初始化)."""
    p = _platform(migrated=False)
    migrate.upgrade(p.engine, p.host)
    sync_roles_now(p)
    with audit_context(actor_name=cli_actor_name()), session_scope(p.engine) as session:
        existing = session.exec(
            select(StaffAccount.username)
            .join(RoleGrant, RoleGrant.account_id == StaffAccount.id)
            .join(Role, Role.id == RoleGrant.role_id)
            .where(Role.code == SYSTEM_ADMIN)
        ).first()
        if existing is not None:
            raise click.ClickException(
                f"已有系统管理员 {existing}，不再创建 (a system administrator already exists)"
            )
        if password is None:
            password = click.prompt("口令 (password)", hide_input=True, confirmation_prompt=True)
        try:
            account = service.create_account(
                session,
                username=username,
                display_name=display_name,
                password=password,
                org_id=None,
                must_change_password=False,
            )
            service.grant_role(session, account.id, SYSTEM_ADMIN, None)  # type: ignore[arg-type]
        except IdentityError as exc:
            raise _fail(exc) from exc
    click.echo(f"已创建系统管理员 {account.username} (system administrator created)")


@click.group("users")
def users() -> None:
    """Staff accounts (工作人员账号)."""


@users.command("create")
@click.option("--username", required=True)
@click.option("--display-name", required=True)
@click.option("--org", "org", required=True, help="home organisation: id or division code")
@click.option("--role", "roles", multiple=True, help="role code granted on the home organisation")
@click.option("--password", help="temporary password, changed at first sign-in; asked when absent")
def users_create(
    username: str, display_name: str, org: str, roles: tuple[str, ...], password: str | None
) -> None:
    """Create an account; it must change its password at first sign-in."""
    p = _platform()
    if password is None:
        password = click.prompt(
            "临时口令 (temporary password)", hide_input=True, confirmation_prompt=True
        )
    with audit_context(actor_name=cli_actor_name()), session_scope(p.engine) as session:
        org_id = _resolve_org(session, org)
        try:
            account = service.create_account(
                session,
                username=username,
                display_name=display_name,
                password=password,
                org_id=org_id,
            )
            for role in roles:
                service.grant_role(session, account.id, role, org_id)  # type: ignore[arg-type]
        except IdentityError as exc:
            raise _fail(exc) from exc
    click.echo(f"已创建 {account.username} (account created)")


@users.command("list")
@click.option("--org", "org", help="only accounts whose home is this organisation or below it")
def users_list(org: str | None) -> None:
    """Username, name, home organisation, roles and state of every account."""
    p = _platform()
    with session_scope(p.engine) as session:
        query = select(StaffAccount, OrgUnit).outerjoin(OrgUnit, OrgUnit.id == StaffAccount.org_id)
        org_id = _resolve_org(session, org)
        if org_id is not None:
            root = session.get(OrgUnit, org_id)
            query = query.where(subtree_predicate(root))
        for account, home in session.exec(query.order_by(StaffAccount.username)).all():
            grants = session.exec(
                select(Role.code, RoleGrant.org_id)
                .join(Role, Role.id == RoleGrant.role_id)
                .where(RoleGrant.account_id == account.id)
            ).all()
            roles = ", ".join(f"{code}@{org_id or '*'}" for code, org_id in grants) or "-"
            state = "active" if account.active else "inactive"
            click.echo(
                f"{account.username:<20} {account.display_name:<12} "
                f"{home.name if home else '-':<16} {roles:<40} {state}"
            )


@users.command("reset-password")
@click.argument("username")
@click.option("--password", help="temporary password; asked when absent")
def users_reset_password(username: str, password: str | None) -> None:
    """Set a temporary password, unlock the account and end its sessions."""
    p = _platform()
    if password is None:
        password = click.prompt(
            "临时口令 (temporary password)", hide_input=True, confirmation_prompt=True
        )
    with audit_context(actor_name=cli_actor_name()), session_scope(p.engine) as session:
        try:
            service.admin_reset_password(session, _account(session, username).id, password)  # type: ignore[arg-type]
        except IdentityError as exc:
            raise _fail(exc) from exc
    click.echo("口令已重置，下次登录须修改 (password reset; it must be changed at next sign-in)")


@users.command("grant")
@click.argument("username")
@click.argument("role")
@click.option("--org", "org", help="organisation (id or division code); default: the home")
@click.option("--everywhere", is_flag=True, help="grant on every organisation")
def users_grant(username: str, role: str, org: str | None, everywhere: bool) -> None:
    """Grant ROLE to USERNAME on an organisation and its subtree."""
    _change_grant(username, role, org, everywhere, grant=True)


@users.command("revoke")
@click.argument("username")
@click.argument("role")
@click.option("--org", "org", help="organisation (id or division code); default: the home")
@click.option("--everywhere", is_flag=True, help="the grant on every organisation")
def users_revoke(username: str, role: str, org: str | None, everywhere: bool) -> None:
    """Take ROLE on an organisation away from USERNAME."""
    _change_grant(username, role, org, everywhere, grant=False)


def _change_grant(
    username: str, role: str, org: str | None, everywhere: bool, *, grant: bool
) -> None:
    p = _platform()
    with audit_context(actor_name=cli_actor_name()), session_scope(p.engine) as session:
        account = _account(session, username)
        if not everywhere and org is None and account.org_id is None:
            raise click.ClickException(
                "请用 --org 指定机构，或用 --everywhere (give --org or --everywhere)"
            )
        org_id = None if everywhere else (_resolve_org(session, org) if org else account.org_id)
        try:
            if grant:
                service.grant_role(session, account.id, role, org_id)  # type: ignore[arg-type]
            else:
                existing = session.exec(
                    select(RoleGrant)
                    .join(Role, Role.id == RoleGrant.role_id)
                    .where(
                        RoleGrant.account_id == account.id,
                        Role.code == role,
                        RoleGrant.org_id == org_id
                        if org_id is not None
                        else RoleGrant.org_id.is_(None),  # type: ignore[union-attr]
                    )
                ).first()
                if existing is None:
                    raise click.ClickException("没有这项授权 (no such grant)")
                service.revoke_role(session, existing.id)  # type: ignore[arg-type]
        except IdentityError as exc:
            raise _fail(exc) from exc
    where = "所有机构 (everywhere)" if org_id is None else f"org {org_id}"
    click.echo(f"{'已授予' if grant else '已收回'} {role} @ {where}")
