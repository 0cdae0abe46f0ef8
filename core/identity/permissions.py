"""Permissions and the built-in roles (权限与内置角色).

A permission is a dotted code owned by whoever declares it: ``core.*`` by the core,
``<plugin>.*`` by a plugin through the ``sifa_permissions`` hook. Each declaration names the
built-in roles that get it by default; a bureau's administrators can change any role later,
and :func:`core.identity.roles.sync_roles` never undoes their changes.

Two built-in roles are defined by rule rather than by list, so that plugins need not name
them: ``system_admin`` gets every permission, ``inspector`` every ``*.view`` permission.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.plugins import PluginHost

PERMISSION_CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


@dataclass(frozen=True)
class PermissionDecl:
    """One permission as its owner declares it.

    ``code`` starts with the owner's name (``mediation.cases.edit``); ``default_roles`` are
    codes of built-in roles (see :data:`BUILTIN_ROLES`) that hold it on a fresh install.
    """

    code: str
    label_zh: str
    label_en: str
    default_roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoleDecl:
    """A built-in role: the roles every judicial administration bureau works with."""

    code: str
    label_zh: str
    label_en: str


SYSTEM_ADMIN = "system_admin"
INSPECTOR = "inspector"

BUILTIN_ROLES: tuple[RoleDecl, ...] = (
    RoleDecl(SYSTEM_ADMIN, "系统管理员", "System administrator"),
    RoleDecl("bureau_leader", "局领导", "Bureau leader"),
    RoleDecl("bureau_staff", "局机关工作人员", "Bureau staff"),
    RoleDecl("station_head", "司法所所长", "Station head"),
    RoleDecl("station_staff", "司法所工作人员", "Station staff"),
    RoleDecl("mediator", "人民调解员", "People's mediator"),
    RoleDecl("lawyer", "律师/法律服务工作者", "Lawyer / legal-service worker"),
    RoleDecl("community_worker", "村(社区)工作人员", "Community worker"),
    RoleDecl(INSPECTOR, "督查员(只读)", "Inspector (read-only)"),
)
BUILTIN_ROLE_CODES = frozenset(r.code for r in BUILTIN_ROLES)

_LEADERS = ("bureau_leader",)
_ALL_STAFF = (
    "bureau_leader",
    "bureau_staff",
    "station_head",
    "station_staff",
    "mediator",
    "lawyer",
    "community_worker",
)

CORE_PERMISSIONS: tuple[PermissionDecl, ...] = (
    PermissionDecl("core.orgs.view", "查看机构", "View organisations", _ALL_STAFF),
    PermissionDecl("core.orgs.manage", "管理机构", "Manage organisations"),
    PermissionDecl(
        "core.staff.view",
        "查看工作人员",
        "View staff accounts",
        (*_LEADERS, "bureau_staff", "station_head"),
    ),
    PermissionDecl(
        "core.staff.manage", "管理工作人员账号", "Manage staff accounts", ("station_head",)
    ),
    PermissionDecl("core.people.view", "查看人员信息", "View people", _ALL_STAFF),
    PermissionDecl(
        "core.people.manage",
        "登记和修改人员信息",
        "Register and edit people",
        ("bureau_staff", "station_head", "station_staff", "mediator", "lawyer", "community_worker"),
    ),
    PermissionDecl(
        "core.people.unmask",
        "查看完整证件号和电话",
        "See full identity and phone numbers",
        (*_LEADERS, "station_head"),
    ),
    PermissionDecl(
        "core.audit.view", "查看审计日志", "View the audit trail", (*_LEADERS, "station_head")
    ),
    PermissionDecl(
        "core.modules.manage", "启用和配置业务模块", "Turn modules on and configure them"
    ),
    PermissionDecl("core.jobs.view", "查看后台任务", "View background jobs", _LEADERS),
    PermissionDecl("core.jobs.run", "立即运行后台任务", "Run background jobs now"),
    PermissionDecl(
        "core.reminders.view",
        "查看逾期统计",
        "View overdue statistics",
        (*_LEADERS, "station_head"),
    ),
    PermissionDecl(
        "core.dictionaries.manage",
        "维护数据字典（代码表的本地条目）",
        "Maintain code lists (local entries)",
    ),
    PermissionDecl(
        "core.calendar.manage",
        "维护节假日安排和期限规则",
        "Maintain the holiday schedule and deadline rules",
    ),
    PermissionDecl(
        "core.exports.use",
        "导出名单（仅限本人有权查看的数据）",
        "Export lists (only of data one may see)",
        _ALL_STAFF,
    ),
    PermissionDecl("core.exports.manage", "管理他人的导出文件", "Manage exports made by others"),
    PermissionDecl(
        "core.indicators.view",
        "查看考核指标、看板和月报",
        "View indicators, dashboards and monthly reports",
        (*_LEADERS, "bureau_staff", "station_head", "station_staff", "inspector", SYSTEM_ADMIN),
    ),
    PermissionDecl(
        "core.indicators.manage",
        "设置指标目标、考核方案和创建计划，关账，生成月报",
        "Set targets, assessment schemes and plans, close periods, make reports",
        (*_LEADERS, "bureau_staff"),
    ),
)


def is_view_permission(code: str) -> bool:
    """A permission that only lets its holder read (``*.view``, ``*.view_location``).

    Such a permission may never guard a state-changing route: the inspector (督查员) holds
    every ``*.view`` permission and must not be able to change anything.
    """
    last = code.rsplit(".", 1)[-1]
    return last == "view" or last.startswith("view_")


def roles_by_default(decl: PermissionDecl) -> set[str]:
    """The built-in roles that get *decl* on a fresh install, including the rule-based ones."""
    roles = {SYSTEM_ADMIN, *decl.default_roles}
    if decl.code.endswith(".view"):
        roles.add(INSPECTOR)
    return roles & BUILTIN_ROLE_CODES


def declared_permissions(host: PluginHost | None) -> list[tuple[str, PermissionDecl]]:
    """Every permission the core and the loaded plugins declare, with its owner's name."""
    found = [("core", decl) for decl in CORE_PERMISSIONS]
    if host is not None:
        for record in host.loaded():
            found.extend((record.name, decl) for decl in record.contributions.permissions)
    return found


def validate_declaration(owner: str, decl: object) -> PermissionDecl:
    """Check one plugin declaration; the message says what is wrong, for the admin page."""
    if not isinstance(decl, PermissionDecl):
        raise ValueError(f"sifa_permissions returned {decl!r}, not a PermissionDecl")
    if not PERMISSION_CODE.match(decl.code) or not decl.code.startswith(f"{owner}."):
        raise ValueError(
            f"权限代码须以 {owner}. 开头 (permission code must start with {owner}.): {decl.code!r}"
        )
    unknown = sorted(set(decl.default_roles) - BUILTIN_ROLE_CODES)
    if unknown:
        raise ValueError(
            f"未知的默认角色 (unknown default roles) in {decl.code}: {', '.join(unknown)}"
        )
    return decl
