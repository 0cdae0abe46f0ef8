"""The 普法 module's permissions and the built-in roles that hold them by default.

The inspector (督查员) gets every ``*.view`` permission from the core without being named.
"""

from __future__ import annotations

from core.api import PermissionDecl

__all__ = ["APPROVE", "EDIT", "EVALUATE", "PERMISSIONS", "VIEW", "VILLAGES"]

VIEW = "publicity.view"
EDIT = "publicity.edit"
APPROVE = "publicity.plans.approve"
EVALUATE = "publicity.evaluate"
VILLAGES = "publicity.villages.manage"

PERMISSIONS = [
    PermissionDecl(
        VIEW,
        "查看普法责任清单、计划和活动",
        "View legal-publicity lists, plans and events",
        ("bureau_leader", "bureau_staff", "station_head", "station_staff", "community_worker"),
    ),
    PermissionDecl(
        EDIT,
        "登记责任单位、编报年度计划和登记普法活动",
        "Register units, draft plans and record events",
        ("bureau_staff", "station_head", "station_staff"),
    ),
    PermissionDecl(
        APPROVE,
        "审核年度普法计划（局普法办）",
        "Approve yearly publicity plans (bureau publicity office)",
        ("bureau_staff", "bureau_leader"),
    ),
    PermissionDecl(
        EVALUATE,
        "年终普法考核评分",
        "Score the year-end publicity evaluation",
        ("bureau_staff", "bureau_leader"),
    ),
    PermissionDecl(
        VILLAGES,
        "管理法律明白人、法治文化阵地和示范村",
        "Manage legal-literacy backbones, culture sites and model villages",
        ("bureau_staff", "station_head", "station_staff", "community_worker"),
    ),
]
