"""The clinic plugin (法律服务诊室): its metadata and the hooks the core calls.

接诊·巡诊·会诊·助诊 under the principle 定点·定人·定时·定责: clinics attached to communities,
a rota that names the provider, fixed days, and a log that shows who did what.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.api import NavItem, PermissionDecl, PluginMeta, hookimpl

HERE = Path(__file__).parent

plugin_meta = PluginMeta(
    name="clinic",
    label_zh="法律服务诊室",
    label_en="Legal service clinics",
    version="0.1.0",
    core_api=">=1.1,<2",
    description_zh="诊室与律师名册、月度排班（接诊）、巡诊、会诊、助诊和村居法律顾问服务台账。",
    description_en="Clinics, provider roster, monthly rota, home visits, panels, event help.",
)


@hookimpl
def sifa_models() -> list[type[Any]]:
    from clinic.models import MODELS

    return list(MODELS)


@hookimpl
def sifa_version_locations() -> str:
    return str(HERE / "migrations")


@hookimpl
def sifa_permissions() -> list[PermissionDecl]:
    from clinic.permissions import PERMISSIONS

    return list(PERMISSIONS)


@hookimpl
def sifa_template_dir() -> str:
    return str(HERE / "templates")


@hookimpl
def sifa_navigation() -> list[NavItem]:
    from clinic.permissions import VIEW

    return [
        NavItem(
            label_zh="法律服务诊室",
            label_en="Legal clinics",
            href="rota",
            order=40,
            permission=VIEW,
        )
    ]
