"""Screening rounds (矛盾纠纷排查): opened for every reporting unit, reported or zero-reported.

Communities (村/社区) sweep their area every half month, stations (司法所) every month
(DOMAIN.md §1.9; the cadence is local practice). :func:`open_rounds` is idempotent and
derives everything from the database, so the daily job can run late, twice, or after a
crash: any run inside a period opens that period's missing rounds (a period is at least 15
days, the job runs daily). Periods before a bureau turned the module on are never opened,
so switching it on does not start with a page of red. An unreported round is a due item that turns red after its
period and escalates up the tree (the core's red-light warning); a report — a count of
disputes found, or a zero report — closes it.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, select

from core.api import (
    DueItemKind,
    DueItemSpec,
    DueSource,
    OrgType,
    OrgUnit,
    active_plugins,
    add_new_due_items,
    lock_for_change,
    record_event,
    sync_due_items,
    touch,
)
from mediation.errors import IllegalTransition
from mediation.models import MediationScreeningRound
from mediation.validation import Form

__all__ = [
    "SCREENING_KIND",
    "SCREENING_KINDS",
    "open_round",
    "open_rounds",
    "period_of",
    "report_round",
]

SCREENING_KIND = "mediation.screening"
SCREENING_KINDS = [
    DueItemKind(
        SCREENING_KIND,
        "矛盾纠纷排查报送",
        "Dispute screening report",
        lead_time=timedelta(days=3),
        escalation_delay=timedelta(days=1),
    )
]
REPORTERS = (OrgType.COMMUNITY, OrgType.STATION)


def period_of(org_type: str, day: date) -> tuple[date, date]:
    """The screening period containing *day*: half a month for a community, else a month."""
    last = calendar.monthrange(day.year, day.month)[1]
    if org_type == OrgType.COMMUNITY:
        if day.day <= 15:
            return day.replace(day=1), day.replace(day=15)
        return day.replace(day=16), day.replace(day=last)
    return day.replace(day=1), day.replace(day=last)


def _source(round_id: int) -> DueSource:
    return DueSource("mediation", "screening", round_id)


def _spec(row: Any, org_name: str) -> DueItemSpec:
    """The due item of an unreported round (a row or a model instance)."""
    return DueItemSpec(
        key=f"screening:{row.period_start.isoformat()}",
        title_zh=f"矛盾纠纷排查：{org_name} {row.period_start:%m月%d日}–{row.period_end:%m月%d日}",
        title_en=f"Dispute screening: {row.period_start} – {row.period_end}",
        due_at=row.period_end,
        org_id=row.org_id,
        kind=SCREENING_KIND,
        url=f"/m/mediation/screening/{row.id}",
    )


def _sync_due_item(
    session: Session, row: MediationScreeningRound, org_name: str, now: datetime | None
) -> None:
    specs = [_spec(row, org_name)] if row.reported_on is None else []
    sync_due_items(session, _source(row.id), specs, now=now)  # type: ignore[arg-type]


def open_rounds(session: Session, host: Any, today: date, now: datetime | None = None) -> int:
    """Open the current period's missing round for every active community and station
    whose bureau uses mediation; returns how many were opened. *now* is the moment the
    due items are created at (the job's slot; default the clock)."""
    units = session.exec(
        select(OrgUnit).where(
            OrgUnit.type.in_(REPORTERS),  # type: ignore[attr-defined]
            OrgUnit.active.is_(True),  # type: ignore[attr-defined]
        )
    ).all()
    existing = {
        (org_id, start)
        for org_id, start in session.exec(
            select(MediationScreeningRound.org_id, MediationScreeningRound.period_start).where(
                MediationScreeningRound.period_start >= today - timedelta(days=31)
            )
        ).all()
    }
    # Stations and communities are no activation level: whether mediation is on for one is
    # decided by its ancestors, the same for every child of one parent. Asked once per
    # parent, not once per unit (20,000 committees share about 2,000 parents).
    # A village under a station is decided by the station's parent: asked once per bureau.
    above_station = {u.id: u.parent_id for u in units if u.type == OrgType.STATION}
    on_under: dict[int | None, bool] = {}
    wanted: list[tuple[OrgUnit, date, date]] = []
    for unit in units:
        start, end = period_of(unit.type, today)
        if (unit.id, start) in existing:
            continue
        level = above_station.get(unit.parent_id, unit.parent_id)  # type: ignore[arg-type]
        if level not in on_under:
            on_under[level] = "mediation" in active_plugins(session, host, unit.id)
        if on_under[level]:
            wanted.append((unit, start, end))
    return _open_in_bulk(session, wanted, now)


def _open_in_bulk(
    session: Session, wanted: list[tuple[OrgUnit, date, date]], now: datetime | None
) -> int:
    """Insert the rounds set-based (one executemany INSERT … RETURNING, one audit record
    with the ids) and their due items in bulk: seconds for 20,000 units, not minutes."""
    if not wanted:
        return 0
    t = MediationScreeningRound.__table__  # type: ignore[attr-defined]
    names = {unit.id: unit.name for unit, _, _ in wanted}
    stamp = datetime.now(UTC)

    def values(unit: OrgUnit, start: date, end: date) -> dict[str, Any]:
        """The model's defaults (building 20,000 model objects alone took seconds)."""
        return {
            "org_id": unit.id,
            "period_start": start,
            "period_end": end,
            "reported_on": None,
            "zero_report": False,
            "disputes_found": 0,
            "notes": None,
            "reported_by": None,
            "version": 1,
            "created_at": stamp,
            "updated_at": None,
        }

    rows = session.execute(
        insert(t).returning(t.c.id, t.c.org_id, t.c.period_start, t.c.period_end),
        [values(unit, start, end) for unit, start, end in wanted],
    ).all()
    record_event(
        session,
        "bulk_insert",
        entity=t.name,
        details={"ids": sorted(r.id for r in rows)},
    )
    add_new_due_items(
        session,
        "mediation",
        "screening",
        [(r.id, _spec(r, names[r.org_id])) for r in rows],
        now=now,
    )
    return len(rows)


def open_round(
    session: Session, unit: OrgUnit, day: date, now: datetime | None = None
) -> MediationScreeningRound:
    """Open *unit*'s round for the period containing *day*, with its due item."""
    start, end = period_of(unit.type, day)
    row = MediationScreeningRound(org_id=unit.id, period_start=start, period_end=end)  # type: ignore[arg-type]
    session.add(row)
    session.flush()
    _sync_due_item(session, row, unit.name, now)
    return row


def report_round(
    session: Session,
    round_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    actor_id: int | None,
    today: date,
    now: datetime | None = None,
) -> MediationScreeningRound:
    """File the round's report: the number of disputes found, or a zero report (零报告)."""
    row = session.get(MediationScreeningRound, round_id)
    if row is None:
        raise IllegalTransition("没有这一轮排查", "No such screening round")
    lock_for_change(session, row, expected_version)
    if row.reported_on is not None:
        raise IllegalTransition(
            f"本轮排查已于 {row.reported_on} 报送，不能重复报送",
            f"This round was already reported on {row.reported_on}",
        )
    if today < row.period_start:
        raise IllegalTransition("排查周期尚未开始，不能提前报送", "The round has not started yet")
    form = Form(data)
    zero = form.flag("zero_report")
    found = form.integer(
        "disputes_found", ("排查发现的纠纷数", "disputes found"), minimum=0, maximum=9999
    )
    notes = form.text("notes", ("排查情况", "notes"), limit=1000)
    if zero and found:
        form.error(
            "disputes_found",
            "零报告表示未发现纠纷，不能同时填写发现的纠纷数",
            "A zero report means nothing was found: leave the count empty",
        )
    if not zero and not found and "disputes_found" not in form.errors:
        form.error(
            "disputes_found",
            "请填写排查发现的纠纷数；未发现纠纷请勾选“零报告”",
            "Enter the disputes found, or tick “zero report” if there were none",
        )
    form.check()
    row.zero_report = zero
    row.disputes_found = 0 if zero else int(found or 0)
    row.notes = notes
    row.reported_on = today
    row.reported_by = actor_id
    touch(row)
    session.add(row)
    session.flush()
    org = session.get(OrgUnit, row.org_id)
    _sync_due_item(session, row, org.name if org else "", now)
    return row


def on_time(row: MediationScreeningRound) -> bool:
    """Reported by the last day of its period."""
    return row.reported_on is not None and row.reported_on <= row.period_end
