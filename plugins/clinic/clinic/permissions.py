"""The clinic module's permissions and the built-in roles that hold them by default.

The inspector (督查员) gets every ``*.view`` permission from the core without being named.
A provider signs in with the ``lawyer`` role at the station of the clinics they serve: they
see the rota, check in and record consultations, but do not plan or approve.
"""

from __future__ import annotations

from core.api import PermissionDecl

__all__ = ["ATTEND", "MANAGE", "PERMISSIONS", "VIEW"]

VIEW = "clinic.rota.view"
ATTEND = "clinic.sessions.attend"
MANAGE = "clinic.rota.manage"

PERMISSIONS = [
    PermissionDecl(
        VIEW,
        "查看法律服务诊室排班和接诊记录",
        "View clinic rotas and consultations",
        (
            "bureau_leader",
            "bureau_staff",
            "station_head",
            "station_staff",
            "lawyer",
            "community_worker",
        ),
    ),
    PermissionDecl(
        ATTEND,
        "诊室签到、登记咨询、巡诊和助诊",
        "Check in at clinics, record consultations and home visits",
        ("bureau_staff", "station_head", "station_staff", "lawyer", "community_worker"),
    ),
    PermissionDecl(
        MANAGE,
        "管理诊室、律师名册、排班和换班审批",
        "Manage clinics, the provider roster, rotas and swap approvals",
        ("bureau_staff", "station_head", "station_staff"),
    ),
]
