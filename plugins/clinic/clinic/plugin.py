"""The clinic plugin (法律服务诊室): its metadata and the hooks the core calls.

接诊·巡诊·会诊·助诊 under the principle 定点·定人·定时·定责: clinics attached to communities,
a rota that names the provider, fixed days, and a log that shows who did what.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from core.api import BusyPeriod, NavItem, PermissionDecl, PluginMeta, TimelineEntry, hookimpl

HERE = Path(__file__).parent

plugin_meta = PluginMeta(
    name="clinic",
    label_zh="法律服务诊室",
    label_en="Legal service clinics",
    version="0.1.0",
    core_api=">=1.4,<2",
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
def sifa_static_dir() -> str:
    """Print styles (the CSP allows only stylesheet files, never inline <style>)."""
    return str(HERE / "static")


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


@hookimpl
def sifa_settings_schema() -> Any:
    from clinic.settings import ClinicSettings

    return ClinicSettings


@hookimpl
def sifa_holiday_schedule_entered(session: Session, year: int) -> int:
    from clinic.services.due import recheck_year

    return recheck_year(session, year)


@hookimpl
def sifa_due_item_kinds() -> list[Any]:
    from clinic.services.due import DUE_ITEM_KINDS

    return list(DUE_ITEM_KINDS)


@hookimpl
def sifa_indicators() -> list[Any]:
    from clinic.indicators import INDICATORS

    return list(INDICATORS)


@hookimpl
def sifa_periodic_jobs() -> list[Any]:
    from clinic.jobs import PERIODIC_JOBS

    return list(PERIODIC_JOBS)


@hookimpl
def sifa_routes() -> list[Any]:
    from clinic.pages import ROUTES

    return ROUTES


@hookimpl
def sifa_busy_periods(
    session: Session, start: datetime, end: datetime, practice_numbers: Any
) -> list[Any]:
    """Clinic sessions are commitments too: a duty roster elsewhere must not clash."""
    from clinic.codes import SessionStatus
    from clinic.models import ClinicProvider, ClinicRoom, ClinicSession
    from clinic.planner import BEIJING

    query = (
        select(ClinicSession, ClinicProvider.practice_number, ClinicRoom.name)
        .join(ClinicProvider, ClinicProvider.id == ClinicSession.provider_id)  # type: ignore[arg-type]
        .join(ClinicRoom, ClinicRoom.id == ClinicSession.clinic_id)  # type: ignore[arg-type]
        .where(
            ClinicSession.day
            >= (start.astimezone(BEIJING).date() if start.tzinfo else start.date()),
            ClinicSession.day <= (end.astimezone(BEIJING).date() if end.tzinfo else end.date()),
            col(ClinicSession.status).in_([SessionStatus.SCHEDULED, SessionStatus.HELD]),
        )
    )
    if practice_numbers is not None:
        query = query.where(col(ClinicProvider.practice_number).in_(list(practice_numbers)))
    return [
        BusyPeriod(
            practice_number=number,
            start=datetime.combine(row.day, row.starts_at, BEIJING),
            end=datetime.combine(row.day, row.ends_at, BEIJING),
            label=f"法律服务诊室接诊（{name}）",
            source="clinic",
        )
        for row, number, name in session.exec(query).all()
    ]


@hookimpl
def sifa_event_assistants(session: Session, org_id: int, day: date) -> list[Any]:
    from clinic.services.assists import candidates

    return candidates(session, org_id, day)


@hookimpl
def sifa_lifecycle_event(session: Session, event: Any) -> None:
    from clinic.services.assists import on_event

    on_event(session, event.name, event.org_id, dict(event.payload))


@hookimpl
def sifa_person_timeline(person_id: int, session: Session) -> list[TimelineEntry]:
    """Consultations and home visits a person had at a clinic."""
    from clinic.codes import label
    from clinic.models import ClinicConsultation, ClinicHomeVisit, ClinicSession

    entries = [
        TimelineEntry(
            when=day,
            plugin="clinic",
            kind_zh="诊室咨询",
            kind_en="Clinic consultation",
            title=f"{label(c.category)}：{label(c.outcome)}",
            url=f"/m/clinic/sessions/{c.session_id}",
            org_id=c.org_id,
        )
        for c, day in session.exec(
            select(ClinicConsultation, ClinicSession.day)
            .join(ClinicSession, ClinicSession.id == ClinicConsultation.session_id)  # type: ignore[arg-type]
            .where(ClinicConsultation.person_id == person_id)
        ).all()
    ]
    entries += [
        TimelineEntry(
            when=v.visited_on or v.requested_on,
            plugin="clinic",
            kind_zh="上门巡诊",
            kind_en="Home visit",
            title=f"{v.matter[:30]}（{label(v.status)}）",
            url=f"/m/clinic/visits/{v.id}",
            org_id=v.org_id,
        )
        for v in session.exec(
            select(ClinicHomeVisit).where(ClinicHomeVisit.person_id == person_id)
        ).all()
    ]
    return entries


@hookimpl
def sifa_demo_data(session: Session, bureau_id: int, seed: int) -> None:
    from clinic.demo import fill_demo

    fill_demo(session, bureau_id, seed)


@hookimpl
def sifa_dashboard_widgets() -> list[Any]:
    from clinic.widgets import WIDGETS

    return list(WIDGETS)


@hookimpl
def sifa_referral_sources() -> list[Any]:
    from clinic.handover import SOURCES

    return list(SOURCES)
