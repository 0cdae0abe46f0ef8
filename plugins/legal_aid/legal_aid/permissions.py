"""Legal aid's permissions and the built-in roles that hold them by default."""

from __future__ import annotations

from core.api import PermissionDecl

__all__ = [
    "CASES_EDIT",
    "CASES_VIEW",
    "DUTY_MANAGE",
    "HANDLE",
    "PERMISSIONS",
    "QUALITY",
    "SUBSIDIES_APPROVE",
    "SUBSIDIES_VIEW",
]

CASES_VIEW = "legal_aid.cases.view"
CASES_EDIT = "legal_aid.cases.edit"  # register, review, decide, assign (the centre)
HANDLE = "legal_aid.cases.handle"  # progress, ending, closing report (the aid lawyer too)
QUALITY = "legal_aid.quality.manage"
SUBSIDIES_VIEW = "legal_aid.subsidies.view"
SUBSIDIES_APPROVE = "legal_aid.subsidies.approve"
DUTY_MANAGE = "legal_aid.duty.manage"

_ALL = ("bureau_leader", "bureau_staff", "station_head", "station_staff")
_STAFF = ("bureau_staff", "station_head", "station_staff")

PERMISSIONS = [
    PermissionDecl(CASES_VIEW, "查看法律援助案件", "View legal aid cases", _ALL),
    PermissionDecl(
        CASES_EDIT, "受理、审查、指派法律援助案件", "Review and assign legal aid", _STAFF
    ),
    PermissionDecl(HANDLE, "承办法律援助案件（进展、结案）", "Handle legal aid cases", _STAFF),
    PermissionDecl(
        QUALITY,
        "法律援助质量评估与投诉处理",
        "Legal aid quality checks",
        ("bureau_staff", "bureau_leader", "station_head"),
    ),
    PermissionDecl(SUBSIDIES_VIEW, "查看法律援助办案补贴", "View legal aid subsidies", _ALL),
    PermissionDecl(
        SUBSIDIES_APPROVE,
        "审批法律援助办案补贴",
        "Approve legal aid subsidies",
        ("bureau_leader", "bureau_staff"),
    ),
    PermissionDecl(DUTY_MANAGE, "管理值班律师排班和日志", "Manage duty lawyers", _STAFF),
]
