"""The corrections plugin (社区矫正 and 安置帮教): its metadata and the hooks the core calls.

Each hook returns a declaration; the core mounts the pages under ``/m/corrections/`` behind
its guard, runs the migration line, grants the permissions to their default roles and rolls
the indicators up the tree. Reference: ``docs/plugins/hooks.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, select

from core.api import NavItem, PermissionDecl, PluginMeta, TimelineEntry, hookimpl

HERE = Path(__file__).parent

plugin_meta = PluginMeta(
    name="corrections",
    label_zh="社区矫正",
    label_en="Community corrections",
    version="0.1.0",
    core_api=">=1.4,<2",
    description_zh="矫正对象接收、监督管理、外出审批、奖惩、电子定位、解除矫正和安置帮教。",
    description_en="Correction subjects from intake to release, then aftercare.",
)


@hookimpl
def sifa_models() -> list[type[Any]]:
    from corrections.models import MODELS

    return list(MODELS)


@hookimpl
def sifa_version_locations() -> str:
    return str(HERE / "migrations")


@hookimpl
def sifa_permissions() -> list[PermissionDecl]:
    from corrections.permissions import PERMISSIONS

    return list(PERMISSIONS)


@hookimpl
def sifa_settings_schema() -> type[BaseModel]:
    from corrections.settings import CorrectionsSettings

    return CorrectionsSettings


@hookimpl
def sifa_deadline_rules() -> list[Any]:
    from corrections.deadlines import DEADLINE_RULES

    return list(DEADLINE_RULES)


@hookimpl
def sifa_deadline_recomputed(session: Session, deadline: Any, due: Any) -> bool | None:
    from corrections.services.recompute import apply_recomputed

    return apply_recomputed(session, deadline, due)


@hookimpl
def sifa_due_item_kinds() -> list[Any]:
    from corrections.services.due_items import DUE_ITEM_KINDS
    from corrections.services.geofence import GEOFENCE_KINDS

    return [*DUE_ITEM_KINDS, *GEOFENCE_KINDS]


@hookimpl
def sifa_location_providers() -> list[Any]:
    from corrections.services.geofence import SimulatedProvider

    return [SimulatedProvider()]


@hookimpl
def sifa_indicators() -> list[Any]:
    from corrections.indicators import INDICATORS

    return list(INDICATORS)


@hookimpl
def sifa_dashboard_widgets() -> list[Any]:
    from corrections.widgets import WIDGETS

    return list(WIDGETS)


@hookimpl
def sifa_periodic_jobs() -> list[Any]:
    from corrections.jobs import PERIODIC_JOBS

    return list(PERIODIC_JOBS)


@hookimpl
def sifa_routes() -> list[Any]:
    from corrections.pages import ROUTES

    return ROUTES


@hookimpl
def sifa_static_dir() -> str:
    """Print styles (the CSP allows only stylesheet files, never inline <style>)."""
    return str(HERE / "static")


@hookimpl
def sifa_template_dir() -> str:
    return str(HERE / "templates")


@hookimpl
def sifa_navigation() -> list[NavItem]:
    return [
        NavItem(
            label_zh="社区矫正",
            label_en="Corrections",
            href="subjects",
            order=20,
            permission="corrections.view",
        )
    ]


@hookimpl
def sifa_person_timeline(person_id: int, session: Session) -> list[TimelineEntry]:
    """Corrections and aftercare of a person. Minors' entries carry no details."""
    from corrections.codes import Status, SubjectType, label
    from corrections.models import CorrectionsAftercare, CorrectionsSubject

    entries = []
    for s in session.exec(
        select(CorrectionsSubject).where(CorrectionsSubject.person_id == person_id)
    ).all():
        title = (
            "社区矫正（未成年人档案）"
            if s.is_minor
            else (f"社区矫正：{label(SubjectType(s.subject_type))}，{label(Status(s.status))}")
        )
        entries.append(
            TimelineEntry(
                when=s.documents_received_on,
                plugin="corrections",
                kind_zh="社区矫正",
                kind_en="Corrections",
                title=title,
                url=f"/m/corrections/subjects/{s.id}",
                org_id=s.org_id,
            )
        )
    for a in session.exec(
        select(CorrectionsAftercare).where(CorrectionsAftercare.person_id == person_id)
    ).all():
        entries.append(
            TimelineEntry(
                when=a.release_on,
                plugin="corrections",
                kind_zh="安置帮教",
                kind_en="Aftercare",
                title=f"安置帮教（{a.released_by}释放）",
                url=f"/m/corrections/aftercare/{a.id}",
                org_id=a.org_id,
            )
        )
    return entries


@hookimpl
def sifa_code_lists() -> list[Any]:
    from corrections import offence_types, risk_flags

    return [risk_flags.code_list(), offence_types.code_list()]


@hookimpl
def sifa_demo_data(session: Session, bureau_id: int, seed: int) -> None:
    from corrections.demo import fill_demo

    fill_demo(session, bureau_id, seed)
