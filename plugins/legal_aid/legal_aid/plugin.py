"""The legal_aid plugin (法律援助): its metadata and the hooks the core calls.

Each hook returns a declaration; the core mounts the pages under ``/m/legal_aid/`` behind its
guard, runs the migration line, grants the permissions to their default roles and rolls the
indicators up the tree. Reference: ``docs/plugins/hooks.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, select

from core.api import NavItem, PermissionDecl, PluginMeta, TimelineEntry, hookimpl

HERE = Path(__file__).parent

plugin_meta = PluginMeta(
    name="legal_aid",
    label_zh="法律援助",
    label_en="Legal aid",
    version="0.1.0",
    core_api=">=1.4,<2",
    description_zh="网上及各渠道申请、审查决定、指派、承办、结案、质量评估、办案补贴和值班律师。",
    description_en="Applications, review, assignment, handling, quality, subsidies, duty lawyers.",
)


@hookimpl
def sifa_deadline_recomputed(session: Any, deadline: Any, due: Any) -> Any:
    from legal_aid.services.recompute import apply_recomputed

    return apply_recomputed(session, deadline, due)


@hookimpl
def sifa_models() -> list[type[Any]]:
    from legal_aid.models import MODELS

    return list(MODELS)


@hookimpl
def sifa_version_locations() -> str:
    return str(HERE / "migrations")


@hookimpl
def sifa_permissions() -> list[PermissionDecl]:
    from legal_aid.permissions import PERMISSIONS

    return list(PERMISSIONS)


@hookimpl
def sifa_settings_schema() -> type[BaseModel]:
    from legal_aid.settings import LegalAidSettings

    return LegalAidSettings


@hookimpl
def sifa_deadline_rules() -> list[Any]:
    from legal_aid.deadlines import DEADLINE_RULES

    return list(DEADLINE_RULES)


@hookimpl
def sifa_due_item_kinds() -> list[Any]:
    from legal_aid.services.cases import DUE_ITEM_KINDS

    return list(DUE_ITEM_KINDS)


@hookimpl
def sifa_indicators() -> list[Any]:
    from legal_aid.indicators import INDICATORS

    return list(INDICATORS)


@hookimpl
def sifa_periodic_jobs() -> list[Any]:
    from legal_aid.jobs import PERIODIC_JOBS

    return list(PERIODIC_JOBS)


@hookimpl
def sifa_routes() -> list[Any]:
    from legal_aid.pages import ROUTES

    return ROUTES


@hookimpl
def sifa_template_dir() -> str:
    return str(HERE / "templates")


@hookimpl
def sifa_navigation() -> list[NavItem]:
    return [
        NavItem(
            label_zh="法律援助",
            label_en="Legal aid",
            href="cases",
            order=20,
            permission="legal_aid.cases.view",
        )
    ]


@hookimpl
def sifa_person_timeline(person_id: int, session: Session) -> list[TimelineEntry]:
    from legal_aid.codes import Status, label
    from legal_aid.models import LegalAidCase

    rows = session.exec(select(LegalAidCase).where(LegalAidCase.applicant_id == person_id)).all()
    return [
        TimelineEntry(
            when=case.received_on,
            plugin="legal_aid",
            kind_zh="法律援助",
            kind_en="Legal aid",
            title=f"{case.number}（{label(Status, case.status)}）",
            url=f"/m/legal_aid/cases/{case.id}",
            org_id=case.org_id,
        )
        for case in rows
    ]


@hookimpl
def sifa_demo_data(session: Session, bureau_id: int, seed: int) -> None:
    from legal_aid.demo import fill_demo

    fill_demo(session, bureau_id, seed)


@hookimpl
def sifa_referral_targets() -> list[Any]:
    from legal_aid.referrals import TARGETS

    return list(TARGETS)


@hookimpl
def sifa_referral_sources() -> list[Any]:
    from legal_aid.handover import SOURCES

    return list(SOURCES)


@hookimpl
def sifa_busy_periods(session: Session, start: Any, end: Any, practice_numbers: Any) -> list[Any]:
    """Duty-lawyer shifts, keyed by practice number, so other modules do not double-book."""
    from core.api import BusyPeriod
    from legal_aid.services.duty import busy_rows

    return [
        BusyPeriod(number, begins, ends, text, "legal_aid")
        for number, begins, ends, text in busy_rows(session, start, end, practice_numbers)
    ]


@hookimpl
def sifa_dashboard_widgets() -> list[Any]:
    from legal_aid.widgets import WIDGETS

    return list(WIDGETS)


@hookimpl
def sifa_event_assistants(session: Session, org_id: int, day: Any) -> list[Any]:
    """助诊: the bureau's legal-aid lawyers not on duty that day."""
    from legal_aid.assistants import assistants_for

    return assistants_for(session, org_id, day)


@hookimpl
def sifa_portal_kinds() -> list[Any]:
    from legal_aid.portal import PORTAL_KINDS

    return list(PORTAL_KINDS)


@hookimpl
def sifa_portal_routes() -> list[Any]:
    from legal_aid.pages.public import PORTAL_ROUTES
    from legal_aid.portal import PORTAL_MATERIAL_ROUTES

    return [*PORTAL_ROUTES, *PORTAL_MATERIAL_ROUTES]
