"""The reminder scan: turn due items' times into notifications and escalations.

Everything is derived from the database: "open items whose next escalation is due" and
"open items whose colour changed since the person was last told". Items are handled in
batches by id, one transaction per batch: escalations item by item in savepoints, in
transactions of at most a quarter of a second (see
:mod:`core.reminders.escalation`), due-soon and overdue notices set-based
(:mod:`core.reminders.stage_batch`: one INSERT of the notifications, one UPDATE per stage,
one audit record with the ids). Each batch records itself in its own transaction, so a scan
killed half-way leaves every finished batch recorded and no half-done one, and the next
scan does exactly what is left: no duplicate, nothing missed. A scan after a long outage
catches up on every level that fell due meanwhile. Nothing inside a batch writes through
another connection (the job's heartbeat is called between batches), which on SQLite would
wait on the batch's own write lock.

Items of a plugin that is off for the item's bureau (or no longer installed) are left
alone — not marked — and picked up again once the plugin is back on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, and_, func, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.audit.chain import begin_write
from core.db import session_scope
from core.modules.service import active_plugins
from core.reminders.escalation import STAGE_DUE_SOON, STAGE_OVERDUE, escalate_step
from core.reminders.models import DueItem
from core.reminders.stage_batch import notify_batch

if TYPE_CHECKING:
    from core.plugins import PluginHost

__all__ = ["ScanReport", "scan_due_items"]

log = logging.getLogger(__name__)


@dataclass
class ScanReport:
    """What one scan did (the job's result on the jobs page)."""

    escalations: int = 0
    notified: int = 0
    skipped: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Activation:
    """Whether an item's plugin is on where the item belongs, cached for one scan."""

    def __init__(self, engine: Engine, host: PluginHost | None) -> None:
        self.engine = engine
        self.host = host
        self._orgs: dict[int, frozenset[str]] = {}

    def __call__(self, plugin: str, org_id: int) -> bool:
        if self.host is None or plugin == "core":
            return True
        if org_id not in self._orgs:
            with Session(self.engine) as session:
                self._orgs[org_id] = active_plugins(session, self.host, org_id)
        return plugin in self._orgs[org_id]


def _escalation_due(now: datetime) -> Any:
    return and_(
        col(DueItem.done_at).is_(None),
        col(DueItem.next_escalation_at).is_not(None),
        col(DueItem.next_escalation_at) <= now,
    )


def _longest_lead(engine: Engine) -> timedelta:
    """The longest lead time any open item can have: the declared kinds' and the bureaus'
    overrides (an item's amber time is its due time minus its kind's lead time)."""
    from core.reminders.declarations import DEFAULT_LEAD_TIME
    from core.reminders.kinds import declared_kinds
    from core.reminders.models import DueItemKindOverride

    with Session(engine) as session:
        minutes = session.exec(select(func.max(DueItemKindOverride.lead_minutes))).one()
    leads = [DEFAULT_LEAD_TIME, *(k.lead_time for k in declared_kinds().values())]
    return max([*leads, timedelta(minutes=int(minutes or 0))])


def _stage_due(now: datetime, longest_lead: timedelta) -> Any:
    """Items whose colour changed since the person was told. The bound on ``due_at`` is
    implied (amber time = due time - lead time) but lets the database range-scan the
    ``(done_at, due_at)`` index instead of reading every open item (millions)."""
    return and_(
        col(DueItem.done_at).is_(None),
        col(DueItem.due_at) <= now + longest_lead,
        or_(
            and_(col(DueItem.due_at) <= now, col(DueItem.notified_stage) < STAGE_OVERDUE),
            and_(col(DueItem.soon_at) <= now, col(DueItem.notified_stage) < STAGE_DUE_SOON),
        ),
    )


def _candidates(engine: Engine, due: Any, cursor: int, batch: int) -> list[Any]:
    """The next *batch* of items the step is due for, by id (read only)."""
    with Session(engine) as session:
        return list(
            session.exec(
                select(DueItem.id, DueItem.plugin, DueItem.org_id)
                .where(due, col(DueItem.id) > cursor)
                .order_by(col(DueItem.id))
                .limit(batch)
            ).all()
        )


#: How long one escalation transaction may run before it commits and the next one goes on.
#: Every item it escalated stays row-locked (and, on SQLite, the database write-locked) until
#: that commit, so a clerk completing one of those items waits for it: a whole batch of a
#: thousand items held its locks for 18 s under load, and her save answered 503.
ESCALATION_HOLD_SECONDS = 0.25


def _escalate(engine: Engine, item_ids: list[int], now: datetime, due: Any) -> int:
    """Escalate the items, in as many short transactions as it takes."""
    done = 0
    while item_ids:
        made, handled = _escalate_batch(engine, item_ids, now, due)
        done += made
        item_ids = item_ids[handled:]
    return done


def _escalate_batch(
    engine: Engine, item_ids: list[int], now: datetime, due: Any
) -> tuple[int, int]:
    """Escalate items of the batch level after level, in one transaction, until
    :data:`ESCALATION_HOLD_SECONDS` have passed; returns (escalations, items handled).

    Each step runs in a savepoint with its item row locked, so a step another run made
    meanwhile (the unique ``(item, level)``) undoes only that step. Nothing inside writes
    through another connection (the job's heartbeat comes after the commit), so holding
    SQLite's write lock for the batch cannot wait on itself.
    """
    done = handled = 0
    deadline = time.monotonic() + ESCALATION_HOLD_SECONDS
    with session_scope(engine) as session:
        begin_write(session.connection())
        for item_id in item_ids:
            if handled and time.monotonic() > deadline:
                break
            handled += 1
            while True:
                try:
                    with session.begin_nested():
                        item = session.exec(
                            select(DueItem)
                            .where(DueItem.id == item_id, due)
                            .with_for_update()
                            .execution_options(populate_existing=True)
                        ).first()
                        if item is None or not escalate_step(session, item, now):
                            break
                        done += 1
                except IntegrityError:
                    log.info("reminder scan: item %s was escalated by another run", item_id)
                    break
    return done, handled


def _sweep(
    engine: Engine,
    due: Any,
    run: Callable[[list[int]], int],
    active: _Activation,
    report: ScanReport,
    field: str,
    batch: int,
    progress: Callable[[int], None] | None,
) -> None:
    """Walk the due items by id in batches: skip those whose plugin is off, run the rest."""
    cursor = 0
    while rows := _candidates(engine, due, cursor, batch):
        cursor = rows[-1][0]
        wanted = [item_id for item_id, plugin, org_id in rows if active(plugin, org_id)]
        report.skipped += len(rows) - len(wanted)
        if wanted:
            setattr(report, field, getattr(report, field) + run(wanted))
            if progress is not None:  # after the commit: the heartbeat writes elsewhere
                progress(report.escalations + report.notified)


def scan_due_items(
    engine: Engine,
    now: datetime,
    *,
    host: PluginHost | None = None,
    progress: Callable[[int], None] | None = None,
    batch: int = 1000,
) -> ScanReport:
    """Escalate what is due for escalation, then tell people about changed colours.

    Escalations come first so that an item without a responsible person has its heads
    (level 0) before they are told it is due. ``progress(n)`` is called after every step
    (the job's heartbeat). An unexpected error ends the scan; what was done stays done.
    """
    report = ScanReport()
    active = _Activation(engine, host)
    escalation_due = _escalation_due(now)
    _sweep(
        engine,
        escalation_due,
        lambda ids: _escalate(engine, ids, now, escalation_due),
        active,
        report,
        "escalations",
        batch,
        progress,
    )
    stage_due = _stage_due(now, _longest_lead(engine))
    _sweep(
        engine,
        stage_due,
        lambda ids: notify_batch(engine, ids, now, stage_due),
        active,
        report,
        "notified",
        batch * 5,
        progress,
    )
    return report
