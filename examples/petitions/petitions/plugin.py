"""The petitions plugin (信访接待): its metadata and the hooks the core calls.

Each hook returns a declaration; the core does the rest (mounting pages under
``/m/petitions/`` behind its guard, running the migration line, granting permissions to
their default roles, rolling up the indicators, scheduling the job, turning due items red).
Reference: ``docs/plugins/hooks.md`` in sifa.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.api import NavItem, PermissionDecl, PluginMeta, hookimpl
from petitions.deadlines import DEADLINE_RULES, DUE_ITEM_KINDS
from petitions.indicators import INDICATORS
from petitions.jobs import PERIODIC_JOBS
from petitions.models import MODELS
from petitions.pages import ROUTES
from petitions.permissions import PERMISSIONS, VIEW
from petitions.widgets import WIDGETS

HERE = Path(__file__).parent

plugin_meta = PluginMeta(
    name="petitions",
    label_zh="信访接待",
    label_en="Petitions and visits",
    version="0.1.0",
    core_api=">=1.4,<2",  # 1.1: core.api.refer; 1.4: sifa_record_factories
    category="service",
    description_zh="来访、来信、网上信访登记，告知期限提醒，可转交人民调解（示例插件）",
    description_en="Register of visits, letters and online petitions; hand-over to mediation",
)


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
    return [NavItem(label_zh="信访接待", label_en="Petitions", href="", permission=VIEW)]


@hookimpl
def sifa_indicators() -> list[Any]:
    return INDICATORS


@hookimpl
def sifa_dashboard_widgets() -> list[Any]:
    return WIDGETS


@hookimpl
def sifa_deadline_rules() -> list[Any]:
    return DEADLINE_RULES


@hookimpl
def sifa_due_item_kinds() -> list[Any]:
    return DUE_ITEM_KINDS


@hookimpl
def sifa_periodic_jobs() -> list[Any]:
    return PERIODIC_JOBS


@hookimpl
def sifa_demo_data(session: Any, bureau_id: int, seed: int) -> None:
    from petitions.demo import add_demo_visits

    add_demo_visits(session, bureau_id, seed)


@hookimpl
def sifa_record_factories() -> dict[type[Any], Any]:
    from petitions.factories import FACTORIES  # only the test kit asks

    return FACTORIES
