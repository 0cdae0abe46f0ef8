"""The mediation module's permissions and the built-in roles that hold them by default.

The inspector (督查员) gets every ``*.view`` permission from the core without being named.
"""

from __future__ import annotations

from core.api import PermissionDecl

__all__ = [
    "CASES_EDIT",
    "CASES_EXPORT",
    "CASES_VIEW",
    "ESCALATIONS_HANDLE",
    "PERMISSIONS",
    "REGISTERS_MANAGE",
    "REGISTERS_VIEW",
    "SUBSIDIES_APPROVE",
    "SUBSIDIES_VIEW",
]

CASES_VIEW = "mediation.cases.view"
CASES_EDIT = "mediation.cases.edit"
CASES_EXPORT = "mediation.cases.export"
REGISTERS_VIEW = "mediation.registers.view"
REGISTERS_MANAGE = "mediation.registers.manage"
SUBSIDIES_VIEW = "mediation.subsidies.view"
SUBSIDIES_APPROVE = "mediation.subsidies.approve"
ESCALATIONS_HANDLE = "mediation.escalations.handle"

_EVERYONE = ("mediator", "station_staff", "station_head", "bureau_staff", "bureau_leader")

PERMISSIONS = [
    PermissionDecl(CASES_VIEW, "查看调解案件和台账", "View mediation cases and ledgers", _EVERYONE),
    PermissionDecl(
        CASES_EDIT,
        "登记和办理调解案件",
        "Register and handle mediation cases",
        ("mediator", "station_staff", "station_head", "bureau_staff"),
    ),
    PermissionDecl(
        CASES_EXPORT,
        "导出调解台账",
        "Export mediation ledgers",
        # A mediator exports the ledger of the cases in their own scope (their committee).
        ("mediator", "station_staff", "station_head", "bureau_staff", "bureau_leader"),
    ),
    PermissionDecl(
        REGISTERS_VIEW,
        "查看调委会和调解员名册",
        "View committee and mediator registers",
        _EVERYONE,
    ),
    PermissionDecl(
        REGISTERS_MANAGE,
        "管理调委会和调解员名册",
        "Manage committee and mediator registers",
        ("station_staff", "station_head", "bureau_staff"),
    ),
    PermissionDecl(
        SUBSIDIES_VIEW,
        "查看以案定补补贴表",
        "View case-based subsidy sheets",
        _EVERYONE,
    ),
    PermissionDecl(
        SUBSIDIES_APPROVE,
        "审批以案定补补贴表",
        "Approve case-based subsidy sheets",
        ("station_head", "bureau_staff", "bureau_leader"),
    ),
    PermissionDecl(
        ESCALATIONS_HANDLE,
        "签收和回告上报的调解案件",
        "Sign for and report back on escalated mediation cases",
        ("station_staff", "station_head", "bureau_staff", "bureau_leader"),
    ),
]
