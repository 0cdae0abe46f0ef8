"""Reading a case and what hangs off it; the lock every change of a case starts with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, select

from core.api import OrgUnit, PersonView, due_date, get_people, get_person, masked, touch
from mediation.errors import MediationError
from mediation.models import (
    MediationAgreement,
    MediationCase,
    MediationCaseMediator,
    MediationFollowUp,
    MediationMediator,
    MediationParty,
    MediationSession,
)

__all__ = [
    "CaseNotFound",
    "PartyView",
    "all_orgs",
    "case_mediators",
    "follow_ups",
    "get_case",
    "live_agreement",
    "parties",
    "safe_due",
    "sessions",
    "touch_case",
]


class CaseNotFound(MediationError, LookupError):
    def __init__(self, case_id: int) -> None:
        super().__init__(f"调解案件不存在（编号 {case_id}）", f"No such case (No. {case_id})")


def get_case(session: Session, case_id: int, *, for_update: bool = False) -> MediationCase:
    """The case; *for_update* locks it until commit, so a version check and the change
    that follows are one step (PostgreSQL; SQLite has a single writer)."""
    statement = select(MediationCase).where(MediationCase.id == case_id)
    if for_update:
        statement = statement.with_for_update(key_share=True).execution_options(
            populate_existing=True
        )
    case = session.exec(statement).first()
    if case is None:
        raise CaseNotFound(case_id)
    return case


def touch_case(session: Session, case: MediationCase) -> None:
    """Mark the case changed (optimistic locking) and bring its due items in step."""
    from mediation.services.due_items import sync_case_due_items  # it reads cases: no cycle

    touch(case, datetime.now(UTC))
    session.flush()
    sync_case_due_items(session, case)


def live_agreement(session: Session, case_id: int) -> MediationAgreement | None:
    """The case's agreement in force (not superseded by a new mediation), if any."""
    return session.exec(
        select(MediationAgreement).where(
            MediationAgreement.case_id == case_id,
            MediationAgreement.superseded.is_(False),  # type: ignore[attr-defined]
        )
    ).first()


def all_orgs() -> Any:
    """Every organisation id: for service-level reads of people already linked to a case."""
    return select(OrgUnit.id)


@dataclass(frozen=True)
class PartyView:
    """A party as pages and documents show it: role and the masked person."""

    party: MediationParty
    person: PersonView


def parties(session: Session, case_id: int) -> list[PartyView]:
    rows = session.exec(
        select(MediationParty)
        .where(MediationParty.case_id == case_id)
        .order_by(MediationParty.position, MediationParty.id)
    ).all()
    orgs = all_orgs()
    # The persons in one statement (a case has a handful of parties; one query, not one each).
    known = {
        person.id: person
        for person in get_people(session, (row.person_id for row in rows), org_ids_select=orgs)
    }
    return [
        PartyView(
            row,
            masked(
                known.get(row.person_id) or get_person(session, row.person_id, org_ids_select=orgs)
            ),
        )
        for row in rows
    ]


def case_mediators(
    session: Session, case_id: int
) -> list[tuple[MediationCaseMediator, MediationMediator]]:
    return list(
        session.exec(
            select(MediationCaseMediator, MediationMediator)
            .join(MediationMediator, MediationMediator.id == MediationCaseMediator.mediator_id)  # type: ignore[arg-type]
            .where(MediationCaseMediator.case_id == case_id)
            .order_by(MediationCaseMediator.lead.desc(), MediationMediator.name)  # type: ignore[attr-defined]
        ).all()
    )


def sessions(session: Session, case_id: int) -> list[MediationSession]:
    return list(
        session.exec(
            select(MediationSession)
            .where(MediationSession.case_id == case_id)
            .order_by(MediationSession.held_on, MediationSession.id)
        ).all()
    )


def follow_ups(session: Session, case_id: int) -> list[MediationFollowUp]:
    return list(
        session.exec(
            select(MediationFollowUp)
            .where(MediationFollowUp.case_id == case_id)
            .order_by(MediationFollowUp.visited_on, MediationFollowUp.id)
        ).all()
    )


def safe_due(session: Session, code: str, start: date, org_id: int) -> date | None:
    """The due date of rule *code* from *start*; provisional (暂定) when it reaches a year
    whose holiday schedule is not entered (core API 1.3). The core's ``Due`` is kept in the
    session so that the case's due-item sync registers it with the core (``track_due``),
    which marks it 暂定 everywhere and recomputes it once the year is entered."""
    due = due_date(session, code, start, org_id)
    session.info.setdefault(DUES_KEY, []).append(due)
    return due.due  # type: ignore[return-value]


DUES_KEY = "mediation.dues"  # session.info: the Dues computed in this unit of work
