"""Case-based subsidies (以案定补): a committee's monthly sheet, per mediator, then frozen.

A case counts in the month its mediation ended (``closed_on``: the agreement or the
termination) — only cases with an agreement unless the bureau's setting says otherwise —
for its lead mediator, at the bureau's amount for its difficulty (default simple 20,
general 50, complex 80 yuan). Until approved the sheet is computed from the cases each
time it is shown; approving stores it (lines, counts, the amounts in force) and from then
on nothing changes it: a later edit of a case or of the amounts does not reach an approved
month. A month is approved once, after it has ended, only when every counted case has its
difficulty assessed and every subsidy-check finding (:mod:`mediation.services.subsidy_checks`)
has been cleared by a reviewer with a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import exists, func
from sqlmodel import Session, col, select

from core.api import Period, PeriodType, lock_for_change
from mediation.codes import Difficulty
from mediation.errors import MediationError
from mediation.models import (
    MediationAgreement,
    MediationCase,
    MediationCaseMediator,
    MediationCommittee,
    MediationMediator,
    MediationSubsidyLine,
    MediationSubsidySheet,
)
from mediation.settings import MediationSettings, subsidy_amount

__all__ = [
    "SheetAlreadyApproved",
    "SubsidySheet",
    "UncheckedFindings",
    "approve_sheet",
    "parse_month",
    "subsidy_sheet",
]

_MONTH = re.compile(r"(19|20)\d\d-(0[1-9]|1[0-2])")


@dataclass
class Line:
    mediator_id: int
    name: str
    counts: dict[Difficulty, int] = field(default_factory=lambda: dict.fromkeys(Difficulty, 0))
    amount: int = 0

    @property
    def cases(self) -> int:
        return sum(self.counts.values())


@dataclass
class SubsidySheet:
    """A committee's sheet for a month: live (not approved) or as approved."""

    committee_id: int
    month: Period
    amounts: dict[Difficulty, int]
    lines: list[Line]
    unassessed: int
    approved: MediationSubsidySheet | None = None

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def cases(self) -> int:
        return sum(line.cases for line in self.lines)

    def count(self, difficulty: Difficulty) -> int:
        return sum(line.counts[difficulty] for line in self.lines)


def parse_month(text: str | None, today: date) -> Period:
    """``2026-11``; anything else means last month."""
    if text and _MONTH.fullmatch(text.strip()):
        return Period.parse(text.strip())
    return Period.containing(today, PeriodType.MONTH).previous()


def _counted(committee_id: int, month: Period, settings: MediationSettings) -> list:
    conditions = [
        MediationCase.committee_id == committee_id,
        col(MediationCase.closed_on) >= month.start,
        col(MediationCase.closed_on) < month.end,
    ]
    if settings.subsidy_only_agreements:
        conditions.append(
            exists().where(
                MediationAgreement.case_id == MediationCase.id,
                col(MediationAgreement.superseded).is_(False),
            )
        )
    return conditions


def _live(
    session: Session, committee_id: int, month: Period, settings: MediationSettings
) -> SubsidySheet:
    conditions = _counted(committee_id, month, settings)
    rows = session.exec(
        select(MediationMediator.id, MediationMediator.name, MediationCase.difficulty, func.count())
        .join(MediationCaseMediator, MediationCaseMediator.case_id == MediationCase.id)  # type: ignore[arg-type]
        .join(MediationMediator, MediationMediator.id == MediationCaseMediator.mediator_id)  # type: ignore[arg-type]
        .where(
            *conditions,
            col(MediationCaseMediator.lead).is_(True),
            col(MediationCase.difficulty).is_not(None),
        )
        .group_by(MediationMediator.id, MediationMediator.name, MediationCase.difficulty)
    ).all()
    amounts = {d: subsidy_amount(settings, d) for d in Difficulty}
    lines: dict[int, Line] = {}
    for mediator_id, name, difficulty, count in rows:
        line = lines.setdefault(mediator_id, Line(mediator_id, name))
        line.counts[Difficulty(difficulty)] += int(count)
        line.amount += int(count) * amounts[Difficulty(difficulty)]
    unassessed = session.exec(
        select(func.count())
        .select_from(MediationCase)
        .where(*conditions, col(MediationCase.difficulty).is_(None))
    ).one()
    ordered = sorted(lines.values(), key=lambda line: (line.name, line.mediator_id))
    return SubsidySheet(committee_id, month, amounts, ordered, int(unassessed))


def _stored(session: Session, sheet: MediationSubsidySheet) -> SubsidySheet:
    amounts = {
        Difficulty.SIMPLE: sheet.amount_simple,
        Difficulty.GENERAL: sheet.amount_general,
        Difficulty.COMPLEX: sheet.amount_complex,
    }
    lines = [
        Line(
            row.mediator_id,
            row.mediator_name,
            {
                Difficulty.SIMPLE: row.simple,
                Difficulty.GENERAL: row.general,
                Difficulty.COMPLEX: row.complex,
            },
            row.amount,
        )
        for row in session.exec(
            select(MediationSubsidyLine)
            .where(MediationSubsidyLine.sheet_id == sheet.id)
            .order_by(MediationSubsidyLine.mediator_name, MediationSubsidyLine.mediator_id)
        ).all()
    ]
    return SubsidySheet(sheet.committee_id, Period.parse(sheet.month), amounts, lines, 0, sheet)


def subsidy_sheet(
    session: Session, committee_id: int, month: Period, settings: MediationSettings
) -> SubsidySheet:
    """The month's sheet: as approved, or computed now from the cases."""
    approved = session.exec(
        select(MediationSubsidySheet).where(
            MediationSubsidySheet.committee_id == committee_id,
            MediationSubsidySheet.month == str(month),
        )
    ).first()
    if approved is not None:
        return _stored(session, approved)
    return _live(session, committee_id, month, settings)


class SheetAlreadyApproved(MediationError):
    """Someone approved the month first (a conflict: 409, not a form error)."""


class UncheckedFindings(MediationError):
    """The sheet still has subsidy-check findings no reviewer has cleared (409)."""

    def __init__(self, count: int) -> None:
        super().__init__(
            f"补贴表还有{count}条核查提示未核查通过，请逐条填写核查结论后再审批",
            f"{count} subsidy check findings are not cleared yet; clear each with a reason first",
        )


def approve_sheet(
    session: Session,
    committee_id: int,
    month: Period,
    settings: MediationSettings,
    *,
    actor_id: int | None,
    today: date,
) -> MediationSubsidySheet:
    """Freeze the month's sheet (审批): stored lines, amounts and totals."""
    committee = session.get(MediationCommittee, committee_id)
    assert committee is not None
    lock_for_change(session, committee, None)  # one approval of a month at a time
    if today < month.end:
        raise MediationError(
            f"{month}尚未结束，月末后才能审批", f"{month} has not ended yet; approve it afterwards"
        )
    sheet = subsidy_sheet(session, committee_id, month, settings)
    if sheet.approved is not None:
        raise SheetAlreadyApproved(
            f"{month}的补贴表已审批，不能重复审批", f"{month} is already approved"
        )
    if sheet.unassessed:
        raise MediationError(
            f"本月有{sheet.unassessed}件已调结案件尚未评定难易程度，请评定后再审批",
            f"{sheet.unassessed} closed cases have no difficulty yet",
        )
    from mediation.services.subsidy_checks import open_findings  # it reads the sheet's cases

    unchecked = open_findings(session, committee_id, month, settings)
    if unchecked:
        raise UncheckedFindings(len(unchecked))
    stored = MediationSubsidySheet(
        committee_id=committee_id,
        org_id=committee.org_id,
        month=str(month),
        amount_simple=sheet.amounts[Difficulty.SIMPLE],
        amount_general=sheet.amounts[Difficulty.GENERAL],
        amount_complex=sheet.amounts[Difficulty.COMPLEX],
        cases=sheet.cases,
        total=sheet.total,
        approved_on=today,
        approved_by=actor_id,
    )
    session.add(stored)
    session.flush()
    for line in sheet.lines:
        session.add(
            MediationSubsidyLine(
                sheet_id=stored.id,  # type: ignore[arg-type]
                org_id=committee.org_id,
                mediator_id=line.mediator_id,
                mediator_name=line.name,
                simple=line.counts[Difficulty.SIMPLE],
                general=line.counts[Difficulty.GENERAL],
                complex=line.counts[Difficulty.COMPLEX],
                amount=line.amount,
            )
        )
    session.flush()
    return stored
