"""The reminder scan: turn due items' times into notifications and escalations.

Everything is derived from the database: "open items whose next escalation is due" and
"open items whose colour changed since the person was last told". Each step for each item
is its own transaction and records itself (see :mod:`core.reminders.escalation`). So a scan
killed half-way leaves every finished step recorded and no half-done one, and the next scan
does exactly what is left: no duplicate, nothing missed. A scan after a long outage catches
up on every level that fell due meanwhile.

Items of a plugin that is off for the item's bureau (or no longer installed) are left
alone — not marked — and picked up again once the plugin is back on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, and_, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.db import session_scope
from core.modules.service import active_plugins
from core.reminders.escalation import STAGE_DUE_SOON, STAGE_OVERDUE, escalate_step, notify_stage
from core.reminders.models import DueItem

if TYPE_CHECKING:
    from core.plugins import PluginHost

__all__ = ["ScanReport", "scan_due_items"]

log = logging.getLogger(__name__)

Step = Callable[[Session, DueItem, datetime], bool]


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


def _stage_due(now: datetime) -> Any:
    return and_(
        col(DueItem.done_at).is_(None),
        or_(
            and_(col(DueItem.due_at) <= now, col(DueItem.notified_stage) < STAGE_OVERDUE),
            and_(col(DueItem.soon_at) <= now, col(DueItem.notified_stage) < STAGE_DUE_SOON),
        ),
    )


def _one(engine: Engine, item_id: int, now: datetime, step: Step, due: Any) -> bool:
    """Run one step for one item in its own transaction, the item row locked."""
    try:
        with session_scope(engine) as session:
            item = session.exec(
                select(DueItem)
                .where(DueItem.id == item_id, due)
                .with_for_update()
                .execution_options(populate_existing=True)
            ).first()
            if item is None:  # done meanwhile, or another scan got here first
                return False
            return step(session, item, now)
    except IntegrityError:
        log.info("reminder scan: item %s was handled by another run meanwhile", item_id)
        return False


def _sweep(
    engine: Engine,
    now: datetime,
    due: Any,
    step: Step,
    active: _Activation,
    on_item: Callable[[bool], None],
    batch: int,
) -> None:
    cursor = 0
    while True:
        with Session(engine) as session:
            rows = session.exec(
                select(DueItem.id, DueItem.plugin, DueItem.org_id)
                .where(due, col(DueItem.id) > cursor)
                .order_by(col(DueItem.id))
                .limit(batch)
            ).all()
        if not rows:
            return
        for item_id, plugin, org_id in rows:
            cursor = item_id
            if not active(plugin, org_id):
                on_item(False)
                continue
            while _one(engine, item_id, now, step, due):  # catch up level after level
                on_item(True)


def scan_due_items(
    engine: Engine,
    now: datetime,
    *,
    host: PluginHost | None = None,
    progress: Callable[[int], None] | None = None,
    batch: int = 200,
) -> ScanReport:
    """Escalate what is due for escalation, then tell people about changed colours.

    Escalations come first so that an item without a responsible person has its heads
    (level 0) before they are told it is due. ``progress(n)`` is called after every step
    (the job's heartbeat). An unexpected error ends the scan; what was done stays done.
    """
    report = ScanReport()
    active = _Activation(engine, host)

    def counter(field: str) -> Callable[[bool], None]:
        def count(done: bool) -> None:
            if not done:
                report.skipped += 1
                return
            setattr(report, field, getattr(report, field) + 1)
            if progress is not None:
                progress(report.escalations + report.notified)

        return count

    _sweep(engine, now, _escalation_due(now), escalate_step, active, counter("escalations"), batch)
    _sweep(engine, now, _stage_due(now), notify_stage, active, counter("notified"), batch)
    return report
