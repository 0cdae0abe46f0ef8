"""会诊: a complex matter gets a panel (lawyers, scholars, judicial staff), a meeting and a
written joint opinion (联合意见) signed off by the panel."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, func, select

from clinic.codes import PanelRole, PanelStatus
from clinic.errors import ClinicError, InvalidInput
from clinic.models import ClinicPanel, ClinicPanelMember
from core.api import N_, lock_for_change, touch

__all__ = ["add_member", "conclude_panel", "open_panel"]


def open_panel(session: Session, org_id: int, data: dict[str, Any]) -> ClinicPanel:
    title = str(data.get("title") or "").strip()
    matter = str(data.get("matter") or "").strip()
    errors = {}
    if not title:
        errors["title"] = N_("请填写会诊事项名称")
    if not matter:
        errors["matter"] = N_("请填写案情摘要")
    meeting_on = None
    if data.get("meeting_on"):
        try:
            meeting_on = date.fromisoformat(str(data["meeting_on"]))
        except ValueError:
            errors["meeting_on"] = N_("请填写有效的日期")
    if errors:
        raise InvalidInput(errors)
    panel = ClinicPanel(
        org_id=org_id,
        title=title[:100],
        matter=matter[:8000],
        meeting_on=meeting_on,
        place=str(data.get("place") or "")[:100] or None,
        status=PanelStatus.OPEN,
    )
    session.add(panel)
    session.flush()
    return panel


def add_member(
    session: Session,
    panel: ClinicPanel,
    name: str,
    role: str,
    affiliation: str | None = None,
    provider_id: int | None = None,
) -> ClinicPanelMember:
    if panel.status != PanelStatus.OPEN:
        raise ClinicError("会诊已结束", "The panel has concluded")
    if not name.strip():
        raise InvalidInput({"name": N_("请填写成员姓名")})
    if role not in set(PanelRole):
        raise InvalidInput({"role": N_("请选择成员身份")})
    member = ClinicPanelMember(
        panel_id=panel.id,  # type: ignore[arg-type]
        org_id=panel.org_id,
        name=name.strip()[:50],
        role=role,
        affiliation=(affiliation or "")[:100] or None,
        provider_id=provider_id,
    )
    session.add(member)
    session.flush()
    return member


def conclude_panel(
    session: Session, panel: ClinicPanel, opinion: str, *, version: int | None
) -> None:
    """The written joint opinion closes the panel; it needs at least two members."""
    lock_for_change(session, panel, version)
    if panel.status != PanelStatus.OPEN:
        raise ClinicError("会诊已结束", "The panel has concluded")
    members = session.exec(select(func.count()).where(ClinicPanelMember.panel_id == panel.id)).one()
    if members < 2:
        raise ClinicError("会诊至少需要两名成员", "A panel needs at least two members")
    if not opinion.strip():
        raise InvalidInput({"opinion": N_("请填写联合意见")})
    panel.opinion = opinion.strip()[:8000]
    panel.status = PanelStatus.CONCLUDED
    touch(panel)
    session.add(panel)
    session.flush()
