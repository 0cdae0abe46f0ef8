"""助诊 candidates: the bureau's legal-aid roster offered to publicity events, leaving out
whoever is on duty at a workstation that day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, select

from core.api import EventAssistant, OrgType, OrgUnit, subtree_ids_select
from legal_aid.codes import ProviderKind, label
from legal_aid.models import LegalAidProvider
from legal_aid.services.clock import BEIJING
from legal_aid.services.duty import busy_rows

__all__ = ["assistants_for"]


def _bureau(session: Session, org_id: int) -> OrgUnit | None:
    org = session.get(OrgUnit, org_id)
    ids = [int(p) for p in str(org.path).strip("/").split("/") if p] if org else []
    for ancestor in reversed(ids):
        unit = session.get(OrgUnit, ancestor)
        if unit is not None and unit.type == OrgType.BUREAU:
            return unit
    return org


def assistants_for(session: Session, org_id: int, day: date) -> list[Any]:
    bureau = _bureau(session, org_id)
    if bureau is None:
        return []
    providers = session.exec(
        select(LegalAidProvider)
        .where(
            col(LegalAidProvider.org_id).in_(subtree_ids_select(bureau)),
            col(LegalAidProvider.active).is_(True),
        )
        .order_by(col(LegalAidProvider.name))
    ).all()
    start = datetime.combine(day, time(0), tzinfo=BEIJING)
    on_duty = {row[0] for row in busy_rows(session, start, start + timedelta(days=1))}
    return [
        EventAssistant(
            key=f"legal_aid.provider:{p.id}",
            name=p.name,
            practice_number=p.practice_number,
            detail=f"{label(ProviderKind, p.kind)}，{p.firm or '—'}，相关执业{p.relevant_years}年",
        )
        for p in providers
        if p.practice_number not in on_duty
    ]
