"""The mediation plugin (人民调解): its metadata and the hooks the core calls."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, select

from core.api import (
    NavItem,
    PermissionDecl,
    PluginMeta,
    TimelineEntry,
    hookimpl,
    register_export_kind,
)

from . import categories, demo, referrals
from .services import handover
from .services.ledger import LEDGER_EXPORT

# The ledger's background export (any size, with progress) is one of the core's export kinds.
register_export_kind(LEDGER_EXPORT)

HERE = Path(__file__).parent

plugin_meta = PluginMeta(
    name="mediation",
    label_zh="人民调解",
    label_en="People's mediation",
    version="0.1.0",
    core_api=">=1.4,<2",
    description_zh="调委会和调解员名册，纠纷登记、受理、调解、协议履行、回访、司法确认和归档。",
    description_en="Committee and mediator registers; disputes from intake to the archived file.",
)


@hookimpl
def sifa_deadline_recomputed(session: Any, deadline: Any, due: Any) -> Any:
    from mediation.services.recompute import apply_recomputed

    return apply_recomputed(session, deadline, due)


@hookimpl
def sifa_models() -> list[type[Any]]:
    from mediation.models import MODELS

    return list(MODELS)


@hookimpl
def sifa_version_locations() -> str:
    return str(HERE / "migrations")


@hookimpl
def sifa_permissions() -> list[PermissionDecl]:
    from mediation.permissions import PERMISSIONS

    return list(PERMISSIONS)


@hookimpl
def sifa_settings_schema() -> type[BaseModel]:
    from mediation.settings import MediationSettings

    return MediationSettings


@hookimpl
def sifa_deadline_rules() -> list[Any]:
    from mediation.deadlines import DEADLINE_RULES

    return list(DEADLINE_RULES)


@hookimpl
def sifa_due_item_kinds() -> list[Any]:
    from mediation.services.due_items import DUE_ITEM_KINDS
    from mediation.services.escalations import ESCALATION_KINDS
    from mediation.services.screening import SCREENING_KINDS

    return [*DUE_ITEM_KINDS, *SCREENING_KINDS, *ESCALATION_KINDS]


@hookimpl
def sifa_indicators() -> list[Any]:
    from mediation.indicators import INDICATORS
    from mediation.screening_figures import SCREENING_INDICATORS

    return [*INDICATORS, *SCREENING_INDICATORS]


@hookimpl
def sifa_reporting_duties() -> list[Any]:
    from mediation.screening_figures import SCREENING_DUTIES

    return list(SCREENING_DUTIES)


@hookimpl
def sifa_periodic_jobs() -> list[Any]:
    from mediation.jobs import PERIODIC_JOBS

    return list(PERIODIC_JOBS)


@hookimpl
def sifa_routes() -> list[Any]:
    from mediation.pages import ROUTES

    return ROUTES


@hookimpl
def sifa_template_dir() -> str:
    return str(HERE / "templates")


@hookimpl
def sifa_static_dir() -> str:
    return str(HERE / "static")


@hookimpl
def sifa_navigation() -> list[NavItem]:
    return [
        NavItem(
            label_zh="人民调解",
            label_en="Mediation",
            href="cases/mine",
            order=10,
            permission="mediation.cases.view",
        )
    ]


@hookimpl
def sifa_person_timeline(person_id: int, session: Session) -> list[TimelineEntry]:
    """The cases a person is a party of: registered, with their number and state."""
    from mediation.codes import CaseStatus, PartyRole, label
    from mediation.models import MediationCase, MediationParty

    rows = session.exec(
        select(MediationCase, MediationParty.role)
        .join(MediationParty, MediationParty.case_id == MediationCase.id)  # type: ignore[arg-type]
        .where(MediationParty.person_id == person_id)
    ).all()
    return [
        TimelineEntry(
            when=case.registered_on,
            plugin="mediation",
            kind_zh="调解案件",
            kind_en="Mediation case",
            title=f"{case.case_number} {case.title}（{label(PartyRole, role)}，{label(CaseStatus, case.status)}）",
            url=f"/m/mediation/cases/{case.id}",
            org_id=case.org_id,
        )
        for case, role in rows
    ]


@hookimpl
def sifa_demo_data(session: Session, bureau_id: int, seed: int) -> None:
    demo.fill_demo(session, bureau_id, seed)


@hookimpl
def sifa_referral_targets() -> list[Any]:
    return list(referrals.TARGETS)


@hookimpl
def sifa_portal_kinds() -> list[Any]:
    from mediation.portal import PORTAL_KINDS

    return list(PORTAL_KINDS)


@hookimpl
def sifa_portal_routes() -> list[Any]:
    from mediation.portal import PORTAL_ROUTES

    return list(PORTAL_ROUTES)


@hookimpl
def sifa_code_lists() -> list[Any]:
    return [categories.code_list()]


@hookimpl
def sifa_referral_sources() -> list[Any]:
    return list(handover.SOURCES)
