"""The test plugin's side of the cross-plugin hooks: events, busy periods, assistants, location.

Deterministic answers the core's tests can check; a payload with ``"fail": True`` makes the
listener write and then raise, to prove that its writes are rolled back alone.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session

from core.api import BusyPeriod, EventAssistant, LifecycleEvent, LocationFix
from sifa_testplugin.models import TestpluginNote

#: A duty shift of the test lawyer: 7 December 2026, 09:00–12:00.
SHIFT = BusyPeriod(
    practice_number="13714201810001234",
    start=datetime(2026, 12, 7, 9, 0),
    end=datetime(2026, 12, 7, 12, 0),
    label="测试值班 · 乐陵市人民法院工作站",
    source="testplugin",
)
ASSISTANT = EventAssistant(
    key="testplugin.lawyer:1",
    name="测试律师",
    practice_number="13714201810001234",
    detail="测试律师事务所 · 婚姻家庭",
)


def heard(session: Session, event: LifecycleEvent) -> None:
    """Keep a note of every event heard; fail after writing when the payload asks."""
    session.add(TestpluginNote(text=f"heard {event.name} at {event.org_id}"))
    session.flush()
    if event.payload.get("fail"):
        raise RuntimeError("listener asked to fail")


def busy(start: datetime, end: datetime) -> list[BusyPeriod]:
    return [SHIFT] if SHIFT.overlaps(start, end) else []


def assistants(day: date) -> list[EventAssistant]:
    return [] if day.weekday() == 6 else [ASSISTANT]  # the test lawyer rests on Sundays


class SimulatedFeed:
    """A wristband that reports every ten minutes from the same street corner."""

    code = "testplugin.simulated"
    label_zh = "模拟定位"
    label_en = "Simulated location"

    def fixes(self, subject_ref: str, since: datetime, until: datetime) -> list[LocationFix]:
        found = []
        at = since
        while at < until:
            found.append(LocationFix(subject_ref, at, 37.7296, 117.2163, 15.0))
            at += timedelta(minutes=10)
        return found
