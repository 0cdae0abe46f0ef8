"""Staff accounts, sign-in and role grants as plain transactional functions.

Pages, the API, the CLI and tests all call these; none of them commits. ``actor_id`` is the
account doing the work: when given, the function checks that the actor may manage the
accounts and organisations involved (``None`` is the installation itself: ``sifa init``
and other command-line administration). ``now`` is injectable so tests never sleep.

Sign-in never raises for a wrong password: :func:`authenticate` returns a
:class:`LoginResult`, because the failed attempt (counter, lock, audit record) must be
committed while the user is refused.
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, func, select

from core.audit import AuditEvent, audit_context, record_event
from core.audit.models import AuditRecord
from core.identity.errors import (
    InvalidUsername,
    LastAdministrator,
    NotPermitted,
    PasswordPolicyError,
    UnknownOrg,
    UnknownRole,
    UsernameTaken,
    WrongPassword,
)
from core.identity.models import Role, RoleGrant, RolePermission, StaffAccount
from core.identity.passwords import (
    burn_verification,
    check_policy,
    hash_password,
    needs_rehash,
    verify_password,
)
from core.identity.permissions import SYSTEM_ADMIN
from core.identity.scoping import scope_for
from core.identity.sessions import end_sessions_of
from core.locking import check_version, touch
from core.orgs.models import OrgUnit

LOCKOUT_THRESHOLD = 5
LOCKOUT_DURATION = timedelta(minutes=15)
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
STAFF_MANAGE = "core.staff.manage"
PASSWORD_RESET = "password_reset"
PROFILE_FIELDS = ("display_name", "org_id", "active")


def utcnow() -> datetime:
    return datetime.now(UTC)


def normalise_username(username: str) -> str:
    return username.strip().lower()


# -- accounts ---------------------------------------------------------------------------


def create_account(
    session: Session,
    *,
    username: str,
    display_name: str,
    password: str,
    org_id: int | None,
    actor_id: int | None = None,
    must_change_password: bool = True,
    now: datetime | None = None,
) -> StaffAccount:
    """Open an account. Accounts an administrator creates must change the password first."""
    now = now or utcnow()
    username = normalise_username(username)
    if not USERNAME_PATTERN.match(username):
        raise InvalidUsername(
            "用户名须为 3–64 位小写字母、数字或 . _ -，并以字母或数字开头。",
            "A username has 3–64 lowercase letters, digits or . _ - and starts with a letter or digit.",
        )
    if session.exec(select(StaffAccount.id).where(StaffAccount.username == username)).first():
        raise UsernameTaken("该用户名已被使用。", "This username is already taken.")
    _require_org(session, org_id)
    _require_manage(session, actor_id, org_id)
    check_policy(password, username)
    account = StaffAccount(
        username=username,
        display_name=_display_name(display_name),
        password_hash=hash_password(password),
        org_id=org_id,
        must_change_password=must_change_password,
        password_changed_at=now,
        created_at=now,
        updated_at=now,
    )
    session.add(account)
    session.flush()
    return account


def update_account(
    session: Session,
    account_id: int,
    *,
    version: int,
    display_name: str,
    org_id: int | None,
    active: bool,
    actor_id: int | None = None,
    now: datetime | None = None,
) -> StaffAccount:
    """Save an edited profile, refusing with ``core.locking.StaleRecord`` if someone saved
    since *version* was read."""
    now = now or utcnow()
    account = _get_account(session, account_id, for_update=True)
    check_version(account, version)
    _require_manage(session, actor_id, account.org_id)
    if org_id != account.org_id:
        _require_org(session, org_id)
        _require_manage(session, actor_id, org_id)
    if account.active and not active:
        _refuse_self(actor_id, account)
        _keep_an_administrator(session, account.id)  # type: ignore[arg-type]
        end_sessions_of(session, account.id)  # type: ignore[arg-type]
    account.display_name = _display_name(display_name)
    account.org_id = org_id
    account.active = active
    touch(account, now)
    session.flush()
    return account


def deactivate(
    session: Session, account_id: int, *, actor_id: int | None = None, now: datetime | None = None
) -> StaffAccount:
    """停用: the account can no longer sign in and its open sessions end at once."""
    account = _get_account(session, account_id, for_update=True)
    return update_account(
        session,
        account_id,
        version=account.version,
        display_name=account.display_name,
        org_id=account.org_id,
        active=False,
        actor_id=actor_id,
        now=now,
    )


def profile(account: StaffAccount) -> dict[str, Any]:
    """The editable fields of an account, as the conflict page compares them."""
    return {name: getattr(account, name) for name in PROFILE_FIELDS}


# -- signing in ---------------------------------------------------------------------------


class LoginOutcome(StrEnum):
    OK = "ok"
    INVALID = "invalid"  # unknown username or wrong password: deliberately indistinguishable
    LOCKED = "locked"
    INACTIVE = "inactive"


@dataclass(frozen=True)
class LoginResult:
    outcome: LoginOutcome
    account: StaffAccount | None = None
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is LoginOutcome.OK


def authenticate(
    session: Session,
    username: str,
    password: str,
    ip: str | None = None,
    now: datetime | None = None,
) -> LoginResult:
    """Check a username and password, counting failures.

    Five consecutive failures lock the account for fifteen minutes; while locked, even the
    right password is refused. A success resets the count. Every attempt is an audit event.
    """
    now = now or utcnow()
    name = normalise_username(username)
    account = session.exec(select(StaffAccount).where(StaffAccount.username == name)).first()
    with audit_context(ip=ip) if ip else nullcontext():
        if account is None:
            burn_verification(password)
            _login_event(session, AuditEvent.LOGIN_FAILURE, None, name, reason="unknown_user")
            return LoginResult(LoginOutcome.INVALID)
        if account.locked_until is not None and account.locked_until > now:
            _login_event(session, AuditEvent.LOGIN_FAILURE, account, name, reason="locked")
            return LoginResult(LoginOutcome.LOCKED, account, account.locked_until)
        if account.locked_until is not None:  # the lock has run out: a fresh start
            account.locked_until, account.failed_attempts = None, 0
        if not verify_password(account.password_hash, password):
            account.failed_attempts += 1
            if account.failed_attempts >= LOCKOUT_THRESHOLD:
                account.locked_until = now + LOCKOUT_DURATION
            _login_event(
                session,
                AuditEvent.LOGIN_FAILURE,
                account,
                name,
                reason="wrong_password",
                failed_attempts=account.failed_attempts,
            )
            if account.locked_until is not None:
                return LoginResult(LoginOutcome.LOCKED, account, account.locked_until)
            return LoginResult(LoginOutcome.INVALID, account)
        if not account.active:
            _login_event(session, AuditEvent.LOGIN_FAILURE, account, name, reason="inactive")
            return LoginResult(LoginOutcome.INACTIVE, account)
        account.failed_attempts = 0
        account.last_login_at = now
        if needs_rehash(account.password_hash):
            account.password_hash = hash_password(password)
        _login_event(session, AuditEvent.LOGIN_SUCCESS, account, name)
    return LoginResult(LoginOutcome.OK, account)


LOGIN_RATE_WINDOW = timedelta(minutes=5)
LOGIN_RATE_LIMIT = 10


def too_many_login_failures(session: Session, ip: str | None) -> bool:
    """Whether one client failed to sign in too often lately, whatever usernames it tried.

    The lockout protects one account; this stops a client from trying one password on many
    accounts. Counted from the failed-login audit events (every server process writes them),
    in real time — the audit trail's clock.
    """
    if not ip:
        return False
    since = datetime.now(UTC) - LOGIN_RATE_WINDOW
    count = session.exec(
        select(func.count()).where(
            AuditRecord.action == AuditEvent.LOGIN_FAILURE,
            col(AuditRecord.at) > since,
            AuditRecord.ip == ip,
        )
    ).one()
    return int(count) >= LOGIN_RATE_LIMIT


def record_logout(session: Session, account: StaffAccount) -> None:
    _login_event(session, AuditEvent.LOGOUT, account, account.username)


def _login_event(
    session: Session, action: str, account: StaffAccount | None, username: str, **details: Any
) -> None:
    session.flush()
    record_event(
        session,
        action,
        actor_id=account.id if account else None,
        actor_name=username,
        entity="staff_account" if account else None,
        entity_id=str(account.id) if account else None,
        org_id=account.org_id if account else None,
        details={"username": username, **details},
    )


# -- passwords ----------------------------------------------------------------------------


def change_password(
    session: Session,
    account_id: int,
    current_password: str,
    new_password: str,
    *,
    keep_session_id: int | None = None,
    now: datetime | None = None,
) -> StaffAccount:
    """The account holder sets a new password; every other session of theirs ends."""
    now = now or utcnow()
    account = _get_account(session, account_id)
    if not verify_password(account.password_hash, current_password):
        raise WrongPassword("当前口令不正确。", "The current password is not correct.")
    if new_password == current_password:
        raise PasswordPolicyError(
            "新口令不能与当前口令相同。", "The new password must differ from the current one."
        )
    check_policy(new_password, account.username)
    account.password_hash = hash_password(new_password)
    account.must_change_password = False
    account.password_changed_at = now
    account.updated_at = now
    end_sessions_of(session, account.id, keep_session_id=keep_session_id)  # type: ignore[arg-type]
    session.flush()
    return account


def admin_reset_password(
    session: Session,
    account_id: int,
    new_password: str,
    *,
    actor_id: int | None = None,
    now: datetime | None = None,
) -> StaffAccount:
    """An administrator sets a temporary password: it unlocks the account, signs it out
    everywhere, and must be changed at the next sign-in."""
    now = now or utcnow()
    account = _get_account(session, account_id)
    _require_manage(session, actor_id, account.org_id)
    check_policy(new_password, account.username)
    account.password_hash = hash_password(new_password)
    account.must_change_password = True
    account.failed_attempts = 0
    account.locked_until = None
    account.password_changed_at = now
    account.updated_at = now
    end_sessions_of(session, account.id)  # type: ignore[arg-type]
    record_event(
        session,
        PASSWORD_RESET,
        actor_id=actor_id,
        entity="staff_account",
        entity_id=str(account.id),
        org_id=account.org_id,
        details={"username": account.username},
    )
    return account


# -- roles --------------------------------------------------------------------------------


def grant_role(
    session: Session,
    account_id: int,
    role_code: str,
    org_id: int | None,
    *,
    actor_id: int | None = None,
    now: datetime | None = None,
) -> RoleGrant:
    """Give an account a role on an organisation and its subtree (``None``: everywhere).

    An actor may only grant a role on an organisation where they manage staff *and* hold
    every permission of that role themselves, so nobody can hand out more than they have.
    Granting what the account already holds changes nothing.
    """
    account = _get_account(session, account_id)
    role = _get_role(session, role_code)
    _require_org(session, org_id)
    _require_may_grant(session, actor_id, account, role, org_id)
    existing = session.exec(
        select(RoleGrant).where(
            RoleGrant.account_id == account.id,
            RoleGrant.role_id == role.id,
            RoleGrant.org_id == org_id if org_id is not None else RoleGrant.org_id.is_(None),  # type: ignore[union-attr]
        )
    ).first()
    if existing is not None:
        return existing
    grant = RoleGrant(
        account_id=account.id,
        role_id=role.id,
        org_id=org_id,  # type: ignore[arg-type]
        granted_by=actor_id,
        created_at=now or utcnow(),
    )
    session.add(grant)
    session.flush()
    _permission_event(session, "grant", actor_id, account, role, org_id)
    return grant


def revoke_role(session: Session, grant_id: int, *, actor_id: int | None = None) -> None:
    """Take a role grant away, under the same rule as granting it."""
    grant = session.get(RoleGrant, grant_id)
    if grant is None:
        raise UnknownRole("没有这项授权。", "There is no such role grant.")
    account = _get_account(session, grant.account_id)
    role = session.get(Role, grant.role_id)
    assert role is not None
    _require_may_grant(session, actor_id, account, role, grant.org_id)
    if role.code == SYSTEM_ADMIN and grant.org_id is None:
        _keep_an_administrator(session, account.id)  # type: ignore[arg-type]
    session.delete(grant)
    session.flush()
    _permission_event(session, "revoke", actor_id, account, role, grant.org_id)


def role_permissions(session: Session, role_id: int) -> list[str]:
    return list(
        session.exec(
            select(RolePermission.permission)
            .where(RolePermission.role_id == role_id)
            .order_by(RolePermission.permission)
        ).all()
    )


def held_permissions(session: Session, account_id: int) -> frozenset[str]:
    """Every permission the account holds somewhere (what the route guard checks)."""
    rows = session.exec(
        select(RolePermission.permission)
        .join(RoleGrant, RoleGrant.role_id == RolePermission.role_id)
        .where(RoleGrant.account_id == account_id)
        .distinct()
    ).all()
    return frozenset(rows)


def _permission_event(
    session: Session,
    change: str,
    actor_id: int | None,
    account: StaffAccount,
    role: Role,
    org_id: int | None,
) -> None:
    record_event(
        session,
        AuditEvent.PERMISSION_CHANGE,
        actor_id=actor_id,
        entity="staff_account",
        entity_id=str(account.id),
        org_id=org_id if org_id is not None else account.org_id,
        details={
            "change": change,
            "username": account.username,
            "role": role.code,
            "org_id": org_id,
        },
    )


# -- checks -------------------------------------------------------------------------------


def _get_account(session: Session, account_id: int, *, for_update: bool = False) -> StaffAccount:
    lock = {"key_share": True} if for_update else None  # see core.orgs.tree.get_org
    account = session.get(StaffAccount, account_id, with_for_update=lock)
    if account is None:
        raise LookupError(f"no staff account {account_id}")
    return account


def _get_role(session: Session, code: str) -> Role:
    role = session.exec(select(Role).where(Role.code == code)).first()
    if role is None:
        raise UnknownRole(f"没有角色“{code}”。", f"There is no role {code!r}.")
    return role


def _require_org(session: Session, org_id: int | None) -> None:
    if org_id is not None and session.get(OrgUnit, org_id) is None:
        raise UnknownOrg("所选机构不存在。", "The chosen organisation does not exist.")


def _display_name(value: str) -> str:
    value = value.strip()
    if not value or len(value) > 100:
        raise InvalidUsername(
            "请填写姓名（不超过 100 个字）。", "Please give a name (at most 100 characters)."
        )
    return value


def _require_manage(session: Session, actor_id: int | None, org_id: int | None) -> None:
    if actor_id is not None and not scope_for(session, actor_id, STAFF_MANAGE).allows(
        session, org_id
    ):
        raise NotPermitted(
            "您无权管理该机构的工作人员。", "You may not manage staff of this organisation."
        )


def _require_may_grant(
    session: Session, actor_id: int | None, account: StaffAccount, role: Role, org_id: int | None
) -> None:
    if actor_id is None:
        return
    _require_manage(session, actor_id, account.org_id)
    _require_manage(session, actor_id, org_id)
    for permission in role_permissions(session, role.id):  # type: ignore[arg-type]
        if not scope_for(session, actor_id, permission).allows(session, org_id):
            raise NotPermitted(
                f"您在该机构没有“{permission}”权限，不能授予或收回包含它的角色。",
                f"You do not hold {permission} there, so you cannot grant or revoke a role with it.",
            )


def _refuse_self(actor_id: int | None, account: StaffAccount) -> None:
    if actor_id is not None and actor_id == account.id:
        raise NotPermitted("不能停用自己的账号。", "You cannot deactivate your own account.")


def _keep_an_administrator(session: Session, account_id: int) -> None:
    """Refuse a change that would leave no active installation-wide system administrator."""
    query = (
        select(func.count(func.distinct(RoleGrant.account_id)))
        .join(Role, Role.id == RoleGrant.role_id)
        .join(StaffAccount, StaffAccount.id == RoleGrant.account_id)
        .where(
            Role.code == SYSTEM_ADMIN,
            RoleGrant.org_id.is_(None),  # type: ignore[union-attr]
            StaffAccount.active.is_(True),  # type: ignore[attr-defined]
        )
    )
    is_admin = session.exec(query.where(RoleGrant.account_id == account_id)).one()
    if not is_admin:
        return
    if session.exec(query.where(RoleGrant.account_id != account_id)).one() == 0:
        raise LastAdministrator(
            "这是唯一的系统管理员，不能停用或收回其权限。",
            "This is the only system administrator; it cannot be deactivated or lose the role.",
        )
