"""Who may do what at the desk; the core grants each permission to its default roles."""

from __future__ import annotations

from core.api import PermissionDecl

VIEW = "petitions.visits.view"
EDIT = "petitions.visits.edit"
REFER = "petitions.visits.refer"

PERMISSIONS = [
    PermissionDecl(
        VIEW,
        "查看信访登记",
        "View petitions",
        ("bureau_leader", "bureau_staff", "station_head", "station_staff", "inspector"),
    ),
    PermissionDecl(
        EDIT,
        "登记和修改信访事项",
        "Record and edit petitions",
        ("bureau_staff", "station_head", "station_staff"),
    ),
    PermissionDecl(
        REFER,
        "将信访事项转交人民调解",
        "Hand petitions over to mediation",
        ("bureau_staff", "station_head"),
    ),
]
