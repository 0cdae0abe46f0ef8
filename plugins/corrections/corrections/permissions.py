"""The corrections module's permissions and who holds them by default (DOMAIN.md §7.3)."""

from __future__ import annotations

from core.api import PermissionDecl

__all__ = [
    "APPROVE_LOCATION",
    "DECIDE",
    "EDIT",
    "PERMISSIONS",
    "STATION_APPROVE",
    "VIEW",
    "VIEW_LOCATION",
    "VIEW_MINORS",
]

VIEW = "corrections.view"
EDIT = "corrections.edit"
STATION_APPROVE = "corrections.station_approve"  # 司法所所长: 外出 ≤7 天
DECIDE = "corrections.decide"  # 县级社区矫正机构: 外出 >7 天, 训诫/警告, 提请, 解除
APPROVE_LOCATION = "corrections.approve_location"  # 县级司法行政部门负责人: 电子定位
VIEW_LOCATION = "corrections.view_location"
VIEW_MINORS = "corrections.view_minors"

PERMISSIONS = [
    PermissionDecl(
        VIEW,
        "查看社区矫正",
        "View community corrections",
        ("bureau_leader", "bureau_staff", "station_head", "station_staff", "inspector"),
    ),
    PermissionDecl(
        EDIT,
        "办理社区矫正日常工作",
        "Record community corrections work",
        ("bureau_staff", "station_head", "station_staff"),
    ),
    PermissionDecl(
        STATION_APPROVE,
        "司法所审批外出（7日以内）",
        "Approve short leave (station)",
        ("station_head",),
    ),
    PermissionDecl(
        DECIDE,
        "县级社区矫正机构决定（外出、训诫、警告、提请、解除）",
        "County decisions (leave, sanctions, proposals, release)",
        ("bureau_leader", "bureau_staff"),
    ),
    PermissionDecl(
        APPROVE_LOCATION,
        "批准电子定位（局负责人）",
        "Approve electronic location",
        ("bureau_leader",),
    ),
    PermissionDecl(
        VIEW_LOCATION,
        "查看电子定位数据",
        "View location data",
        ("bureau_leader", "bureau_staff", "station_head"),
    ),
    PermissionDecl(
        VIEW_MINORS,
        "查看未成年矫正对象档案",
        "Open minors' files",
        ("bureau_leader", "station_head"),
    ),
]
