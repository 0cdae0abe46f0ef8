"""The publicity plugin (普法): its metadata and the hooks the core calls.

Each hook returns a declaration; the core mounts the pages under ``/m/publicity/`` behind its
guard, runs the migration line, grants the permissions to their default roles, keeps the
due items and rolls up the indicators. Reference: ``docs/plugins/hooks.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session

from core.api import NavItem, PermissionDecl, PluginMeta, hookimpl

HERE = Path(__file__).parent

plugin_meta = PluginMeta(
    name="publicity",
    label_zh="普法",
    label_en="Legal publicity",
    version="0.1.0",
    core_api=">=1.2,<2",
    description_zh="谁执法谁普法责任清单、年度计划审核与公开、普法活动及照片、重要节点提醒、法律明白人和年终考核。",
    description_en="Responsibility lists, yearly plans, events with photos, key-date reminders, "
    "legal-literacy backbones and year-end evaluation.",
)


@hookimpl
def sifa_models() -> list[type[Any]]:
    from publicity.models import MODELS

    return list(MODELS)


@hookimpl
def sifa_version_locations() -> str:
    return str(HERE / "migrations")


@hookimpl
def sifa_permissions() -> list[PermissionDecl]:
    from publicity.permissions import PERMISSIONS

    return list(PERMISSIONS)


@hookimpl
def sifa_settings_schema() -> type[BaseModel]:
    from publicity.settings import PublicitySettings

    return PublicitySettings


@hookimpl
def sifa_due_item_kinds() -> list[Any]:
    from publicity.services import keydates, plans, villages

    return [*keydates.DUE_KINDS, *plans.DUE_KINDS, *villages.DUE_KINDS]


@hookimpl
def sifa_indicators() -> list[Any]:
    from publicity.indicators import INDICATORS

    return list(INDICATORS)


@hookimpl
def sifa_periodic_jobs() -> list[Any]:
    from publicity.jobs import PERIODIC_JOBS

    return list(PERIODIC_JOBS)


@hookimpl
def sifa_routes() -> list[Any]:
    from publicity.pages import ROUTES

    return ROUTES


@hookimpl
def sifa_template_dir() -> str:
    return str(HERE / "templates")


@hookimpl
def sifa_navigation() -> list[NavItem]:
    return [
        NavItem(
            label_zh="普法",
            label_en="Legal publicity",
            href="",
            order=40,
            permission="publicity.view",
        )
    ]


@hookimpl
def sifa_demo_data(session: Session, bureau_id: int, seed: int) -> None:
    from publicity.demo import fill_demo

    fill_demo(session, bureau_id, seed)


@hookimpl
def sifa_static_dir() -> str:
    return str(HERE / "static")


@hookimpl
def sifa_dashboard_widgets() -> list[Any]:
    from publicity.widgets import WIDGETS

    return list(WIDGETS)
