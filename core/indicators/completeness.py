"""Reporting completeness (报送完整性): did every station report, and on time?

A figure of zero overdue cases from a station that entered nothing is not good news. Each
reporting duty names who must report (organisation types) and how often (slots: months or
half months); the plugin says which reports came in. Every active organisation of those
types is expected to file one report per slot that has ended; what is missing is listed by
name, so a leader can tell a good figure from an empty one. A zero report (零报告) counts.
What a unit below a reporter sends counts for that reporter (cases entered at a village
are its station's entries).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import event
from sqlmodel import Session, col, select

from core.indicators.definitions import Cadence, ReportingDuty
from core.indicators.periods import Period
from core.orgs.models import OrgUnit
from core.orgs.tree import path_ids, subtree_ids_select, subtree_predicate

__all__ = ["Completeness", "Slot", "completeness", "completeness_by_unit", "slots_of"]

#: ``session.info`` key of the per-page memo of reporters and of each duty's reports.
MEMO = "sifa.completeness"


@event.listens_for(Session, "after_flush")
def _forget(session: Session, _context: Any) -> None:
    """Reports read before a write may be stale after it: drop the memo."""
    session.info.pop(MEMO, None)


def _memo(session: Session) -> dict[tuple[Any, ...], Any]:
    return session.info.setdefault(MEMO, {})  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Slot:
    """One report that falls due: a month, or half a month."""

    key: str
    label_zh: str
    label_en: str
    start: date
    end: date  # exclusive

    def label(self, locale: str) -> str:
        return self.label_en if locale == "en" else self.label_zh


def slots_of(cadence: Cadence, period: Period) -> list[Slot]:
    """The report slots of *period*, in order."""
    slots: list[Slot] = []
    for month in period.months():
        if cadence is Cadence.MONTH:
            slots.append(Slot(str(month), month.label_zh, month.label_en, month.start, month.end))
            continue
        middle = month.start + timedelta(days=15)
        slots.append(
            Slot(
                f"{month}a",
                f"{month.label_zh}上半月",
                f"{month.label_en} (1st half)",
                month.start,
                middle,
            )
        )
        slots.append(
            Slot(
                f"{month}b",
                f"{month.label_zh}下半月",
                f"{month.label_en} (2nd half)",
                middle,
                month.end,
            )
        )
    return slots


@dataclass(frozen=True)
class Reporter:
    """An organisation expected to report: what the pages show of it, read as plain
    columns (a province has thousands of stations and villages; ORM objects for each
    cost more than the rest of its dashboard)."""

    id: int
    name: str
    path: str


@dataclass
class Missing:
    """One organisation's missing reports (by slot label)."""

    org: Reporter
    slots: list[Slot]


@dataclass
class Completeness:
    """Expected, reported and on-time reports of one duty over a subtree and period."""

    duty: ReportingDuty
    period: Period
    expected: int = 0
    reported: int = 0
    on_time: int = 0
    missing: list[Missing] = field(default_factory=list)

    @property
    def late(self) -> int:
        return self.reported - self.on_time

    @property
    def complete(self) -> bool:
        return self.reported >= self.expected

    @property
    def applies(self) -> bool:
        return self.expected > 0

    @property
    def missing_count(self) -> int:
        return self.expected - self.reported

    def add(self, other: Completeness) -> None:
        self.expected += other.expected
        self.reported += other.reported
        self.on_time += other.on_time
        self.missing.extend(other.missing)


def _slot_index(slots: Sequence[Slot], day: date) -> int | None:
    for i, slot in enumerate(slots):
        if slot.start <= day < slot.end:
            return i
    return None


def _reporter_of(session: Session, org_ids: set[int], reporter_ids: set[int]) -> dict[int, int]:
    """For each organisation that sent something, the reporter it sent it for: itself, or
    its nearest ancestor that is expected to report (a village's entries are its station's)."""
    found: dict[int, int] = {}
    ids = sorted(org_ids)
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        for org_id, path in session.exec(
            select(OrgUnit.id, OrgUnit.path).where(col(OrgUnit.id).in_(chunk))
        ).all():
            nearest = next((i for i in reversed(path_ids(path)) if i in reporter_ids), None)
            if nearest is not None:
                found[org_id] = nearest  # type: ignore[index]
    return found


def _reporters(session: Session, duty: ReportingDuty, org: OrgUnit) -> list[Reporter]:
    """The active organisations under *org* that must report for *duty*, in tree order:
    read once per page for every duty with the same reporter types (a province has
    thousands of stations; loading them per duty and per indicator cost most of its
    dashboard)."""
    key = ("reporters", org.path, duty.reporter_types)
    memo = _memo(session)
    if key not in memo:
        memo[key] = sorted(
            (
                Reporter(int(i), name, path)
                for i, name, path in session.exec(
                    select(OrgUnit.id, OrgUnit.name, OrgUnit.path).where(
                        subtree_predicate(org),
                        col(OrgUnit.type).in_(sorted(duty.reporter_types)),
                        col(OrgUnit.active).is_(True),
                    )
                ).all()
            ),
            key=lambda o: path_ids(o.path),
        )
    return memo[key]  # type: ignore[no-any-return]


def per_reporter(
    session: Session, duty: ReportingDuty, org: OrgUnit, period: Period, today: date
) -> dict[int, tuple[Reporter, Completeness]]:
    """For every organisation expected to report under *org*, its own completeness.

    Kept for the rest of the session (until its next flush): a dashboard asks for the same
    duty, organisation and period once for its scorecard and once per drill-down. The
    returned objects are shared; callers add them up and never change them.
    """
    key = ("per_reporter", duty.code, org.path, str(period), today)
    memo = _memo(session)
    if key not in memo:
        memo[key] = _per_reporter(session, duty, org, period, today)
    return memo[key]  # type: ignore[no-any-return]


def _per_reporter(
    session: Session, duty: ReportingDuty, org: OrgUnit, period: Period, today: date
) -> dict[int, tuple[Reporter, Completeness]]:
    slots = [s for s in slots_of(duty.cadence, period) if s.end <= today]
    reporters = _reporters(session, duty, org)
    received: dict[int, dict[int, bool]] = {}
    if reporters and slots:
        rows = [tuple(row)[:3] for row in duty.received(session, subtree_ids_select(org), period)]
        owner = _reporter_of(session, {int(r[0]) for r in rows}, {o.id for o in reporters})  # type: ignore[misc]
        for org_id, day, on_time in rows:
            index = _slot_index(
                slots, day if isinstance(day, date) else date.fromisoformat(str(day))
            )
            reporter_id = owner.get(int(org_id))
            if index is None or reporter_id is None:
                continue
            seen = received.setdefault(reporter_id, {})
            seen[index] = seen.get(index, False) or bool(on_time)
    result: dict[int, tuple[Reporter, Completeness]] = {}
    for reporter in reporters:
        seen = received.get(reporter.id, {})  # type: ignore[arg-type]
        absent = [s for i, s in enumerate(slots) if i not in seen]
        c = Completeness(
            duty,
            period,
            expected=len(slots),
            reported=len(seen),
            on_time=sum(1 for ok in seen.values() if ok),
            missing=[Missing(reporter, absent)] if absent else [],
        )
        result[reporter.id] = (reporter, c)  # type: ignore[index]
    return result


def completeness(
    session: Session, duty: ReportingDuty, org: OrgUnit, period: Period, today: date
) -> Completeness:
    """The duty's completeness for *org* and everything under it."""
    total = Completeness(duty, period)
    for _, c in per_reporter(session, duty, org, period, today).values():
        total.add(c)
    return total


def completeness_by_unit(
    session: Session,
    duty: ReportingDuty,
    org: OrgUnit,
    period: Period,
    today: date,
    units: Sequence[OrgUnit],
) -> tuple[Completeness, dict[int, Completeness]]:
    """The total for *org*, and the part of it under each of *units*."""
    total = Completeness(duty, period)
    by_unit = {u.id: Completeness(duty, period) for u in units}
    for reporter, c in per_reporter(session, duty, org, period, today).values():
        total.add(c)
        owner = next((i for i in path_ids(reporter.path) if i in by_unit), None)
        if owner is not None:
            by_unit[owner].add(c)
    return total, by_unit  # type: ignore[return-value]
