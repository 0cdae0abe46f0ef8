"""The publicity plugin (普法): its metadata and the hooks the core calls.

Each hook returns a declaration; the core does the rest (mounting pages under
``/m/publicity/`` behind its guard, running the migration line, granting the permissions to
their default roles, rolling up the indicator). Reference: ``docs/plugins/hooks.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from publicity.indicators import INDICATORS
from publicity.models import MODELS
from publicity.pages import EDIT, ROUTES, VIEW
from core.api import NavItem, PermissionDecl, PluginMeta, hookimpl

HERE = Path(__file__).parent

plugin_meta = PluginMeta(
    name="publicity",
    label_zh="普法",
    label_en="Legal publicity",
    version="0.1.0",
    core_api=">=1.1,<2",
)

PERMISSIONS = [
    PermissionDecl(
        VIEW,
        "查看普法",
        "View Legal publicity",
        ("bureau_leader", "bureau_staff", "station_head", "station_staff", "inspector"),
    ),
    PermissionDecl(
        EDIT,
        "登记和修改普法",
        "Record and edit Legal publicity",
        ("bureau_staff", "station_head", "station_staff"),
    ),
]


@hookimpl
def sifa_models() -> list[type[Any]]:
    return list(MODELS)


@hookimpl
def sifa_version_locations() -> str:
    return str(HERE / "migrations")


@hookimpl
def sifa_permissions() -> list[PermissionDecl]:
    return PERMISSIONS


@hookimpl
def sifa_routes() -> list[Any]:
    return ROUTES


@hookimpl
def sifa_template_dir() -> str:
    return str(HERE / "templates")


@hookimpl
def sifa_navigation() -> list[NavItem]:
    return [NavItem(label_zh="普法", label_en="Legal publicity", href="", permission=VIEW)]


@hookimpl
def sifa_indicators() -> list[Any]:
    return INDICATORS
