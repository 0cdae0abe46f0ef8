"""The colour of a due item: on time (green), due soon (amber), overdue (red), done.

The state is never stored: it follows from the item's times and the clock, so it is always
right, and the same rule is written once for Python (:func:`due_state`) and once for SQL
(:func:`state_clause`), which lists and counts use.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import col

from core.i18n import N_
from core.reminders.models import DueItem

__all__ = ["OPEN_STATES", "DueState", "due_state", "open_clause", "state_clause", "states_clause"]


class DueState(StrEnum):
    """The four states of a due item, with the colour lists show."""

    ON_TIME = "on_time"  # 按期 — green
    DUE_SOON = "due_soon"  # 临期 — amber
    OVERDUE = "overdue"  # 逾期 — red
    DONE = "done"  # 已办结

    @property
    def colour(self) -> str:
        return {"on_time": "green", "due_soon": "amber", "overdue": "red", "done": "grey"}[
            self.value
        ]

    @property
    def label_zh(self) -> str:
        return {"on_time": N_("按期"), "due_soon": "临期", "overdue": "逾期", "done": N_("已办结")}[
            self.value
        ]


OPEN_STATES = (DueState.ON_TIME, DueState.DUE_SOON, DueState.OVERDUE)


def due_state(item: Any, now: datetime) -> DueState:
    """The state of ``item`` (anything with ``done_at``, ``due_at``, ``soon_at``) at ``now``."""
    if item.done_at is not None:
        return DueState.DONE
    if now >= item.due_at:
        return DueState.OVERDUE
    if now >= item.soon_at:
        return DueState.DUE_SOON
    return DueState.ON_TIME


def open_clause() -> ColumnElement[bool]:
    return col(DueItem.done_at).is_(None)


def state_clause(state: DueState | str, now: datetime) -> ColumnElement[bool]:
    """The SQL condition "the item is in ``state`` at ``now``" (same rule as due_state)."""
    state = DueState(state)
    if state is DueState.DONE:
        return col(DueItem.done_at).is_not(None)
    if state is DueState.OVERDUE:
        return and_(open_clause(), col(DueItem.due_at) <= now)
    if state is DueState.DUE_SOON:
        return and_(open_clause(), col(DueItem.due_at) > now, col(DueItem.soon_at) <= now)
    return and_(open_clause(), col(DueItem.soon_at) > now, col(DueItem.due_at) > now)


def states_clause(states: list[DueState], now: datetime) -> ColumnElement[bool]:
    """Any of ``states``."""
    return or_(*(state_clause(s, now) for s in states))
