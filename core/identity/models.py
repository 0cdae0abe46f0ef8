"""The identity tables: staff accounts, roles and their permissions, grants, login sessions."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

SENSITIVE = {"sensitive": True}  # the audit recorder writes "***" for these columns


def utcnow() -> datetime:
    return datetime.now(UTC)


class StaffAccount(SQLModel, table=True):
    """工作人员账号: someone who signs in to work in the platform (never a citizen).

    ``org_id`` is the home organisation: where the account is listed and managed. It is
    empty only for installation-wide administrators created before any organisation
    existed (``sifa init``). What the account may do, and where, comes from its role
    grants, not from its home. ``version`` guards the profile against lost updates; sign-in
    bookkeeping (failed attempts, last login) does not bump it, so a colleague logging in
    never makes an administrator's edit stale.
    """

    __tablename__ = "staff_account"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    display_name: str = Field(max_length=100)
    password_hash: str = Field(max_length=255, sa_column_kwargs={"info": SENSITIVE})
    org_id: int | None = Field(default=None, foreign_key="org_unit.id", index=True)
    active: bool = Field(default=True)
    must_change_password: bool = Field(default=True)
    failed_attempts: int = Field(default=0)
    locked_until: datetime | None = Field(default=None)
    last_login_at: datetime | None = Field(default=None)
    password_changed_at: datetime | None = Field(default=None)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Role(SQLModel, table=True):
    """角色: a named set of permissions, granted to accounts on an organisation node."""

    __tablename__ = "role"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True)
    label_zh: str = Field(max_length=100)
    label_en: str = Field(max_length=100)
    builtin: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow)


class RolePermission(SQLModel, table=True):
    """One permission code held by a role."""

    __tablename__ = "role_permission"
    __table_args__ = (UniqueConstraint("role_id", "permission"),)

    id: int | None = Field(default=None, primary_key=True)
    role_id: int = Field(foreign_key="role.id", index=True, ondelete="CASCADE")
    permission: str = Field(max_length=100, index=True)


class RoleGrant(SQLModel, table=True):
    """授权: an account holds a role on an organisation node and everything below it.

    ``org_id`` empty means every organisation of the installation (系统管理员 of the whole
    deployment, which may have several top-level bureaus).
    """

    __tablename__ = "role_grant"
    __table_args__ = (UniqueConstraint("account_id", "role_id", "org_id"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="staff_account.id", index=True, ondelete="CASCADE")
    role_id: int = Field(foreign_key="role.id", index=True, ondelete="CASCADE")
    org_id: int | None = Field(default=None, foreign_key="org_unit.id", index=True)
    granted_by: int | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow)


class PermissionRecord(SQLModel, table=True):
    """A permission the installation has seen declared (by the core or a plugin).

    Remembering which permissions were already handed to their default roles is what lets
    ``sync_roles`` add a new plugin's permissions without ever re-adding one an
    administrator took away. Labels are kept so role pages can still name the permission
    of a plugin that has since been uninstalled.
    """

    __tablename__ = "permission"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=100, unique=True)
    label_zh: str = Field(max_length=100)
    label_en: str = Field(max_length=100)
    source: str = Field(max_length=40)
    created_at: datetime = Field(default_factory=utcnow)


class StaffSession(SQLModel, table=True):
    """登录会话: a signed-in browser, kept in the database so any app process can serve it.

    Only the SHA-256 of the random cookie token is stored: a copy of this table does not
    let anyone sign in. Logout deletes the row; a row idle longer than the configured
    timeout is refused and deleted. Not audited row by row (``last_seen_at`` changes on
    every visit); logins and logouts are audit events instead.
    """

    __tablename__ = "staff_session"
    __table_args__ = (
        Index("ix_staff_session_last_seen_at", "last_seen_at"),
        {"info": {"audit": False}},
    )

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, sa_column_kwargs={"info": SENSITIVE})
    account_id: int = Field(foreign_key="staff_account.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    ip: str | None = Field(default=None, max_length=45)
    user_agent: str | None = Field(default=None, max_length=300)
