"""Legal professionals as several modules see them.

A lawyer may sit on a legal-aid duty roster, serve a clinic and assist at a publicity event.
No module owns "the lawyer": each keeps its own roster, and the practice licence number
(执业证号) is the key they share. Through these two hooks a module asks the others when a
professional is taken (so a rota does not put one person in two places) and who can assist
at an event (助诊), without importing them.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from core.modules.service import active_plugins

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.plugins import PluginHost

__all__ = ["BusyPeriod", "EventAssistant", "busy_periods", "event_assistants"]

log = logging.getLogger(__name__)

#: The platform's wall-clock zone: a naive time from a plugin is read as Beijing time.
BEIJING = timezone(timedelta(hours=8))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=BEIJING)


@dataclass(frozen=True)
class BusyPeriod:
    """A span in which a professional is committed elsewhere, e.g. a duty-lawyer shift.

    ``practice_number`` is the licence number (执业证号); ``label`` says what the commitment
    is (shown when a clash is refused); ``source`` is the reporting plugin's name.
    """

    practice_number: str
    start: datetime
    end: datetime
    label: str
    source: str

    def __post_init__(self) -> None:
        # A plugin answering with naive times (read from a column without a zone) must not
        # break the comparison with the asker's aware span: naive means Beijing wall time.
        object.__setattr__(self, "start", _aware(self.start))
        object.__setattr__(self, "end", _aware(self.end))

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start < _aware(end) and _aware(start) < self.end


@dataclass(frozen=True)
class EventAssistant:
    """A professional who can assist at a publicity event (助诊).

    ``key`` is ``"<plugin>.<kind>:<id>"`` and is handed back in the event the publisher
    sends when it attaches or detaches the assistant; ``detail`` is one line for the
    picker (firm, specialties).
    """

    key: str
    name: str
    practice_number: str | None
    detail: str = ""


def _typed(plugin: str, hook: str, value: Any, kind: type) -> Iterable[Any]:
    if not isinstance(value, list | tuple):
        log.error("plugin %s: %s returned %r, not a list; ignored", plugin, hook, value)
        return []
    good = [item for item in value if isinstance(item, kind)]
    if len(good) != len(value):
        log.error(
            "plugin %s: %s returned items not of %s; ignored them", plugin, hook, kind.__name__
        )
    return good


def busy_periods(
    session: Session,
    host: PluginHost,
    start: datetime,
    end: datetime,
    practice_numbers: Collection[str] | None = None,
) -> list[BusyPeriod]:
    """Every loaded plugin's commitments that overlap ``[start, end)``, by start time.

    *practice_numbers*, when given, limits the answer to those professionals. Plugins are
    asked whatever their activation, because a person's commitment in one bureau's module
    still takes them away from another bureau's rota.
    """
    wanted = None if practice_numbers is None else frozenset(practice_numbers)
    found: list[BusyPeriod] = []
    for plugin, value in host.call_collect(
        "sifa_busy_periods",
        session=session,
        start=start,
        end=end,
        practice_numbers=wanted,
    ):
        for period in _typed(plugin, "sifa_busy_periods", value, BusyPeriod):
            if period.overlaps(start, end) and (wanted is None or period.practice_number in wanted):
                found.append(period)
    return sorted(found, key=lambda p: (p.start, p.practice_number))


def event_assistants(
    session: Session, host: PluginHost, org_id: int, day: date
) -> list[EventAssistant]:
    """Who can assist at an event of *org_id* on *day*, from plugins on there, by name."""
    found: list[EventAssistant] = []
    for plugin, value in host.call_collect(
        "sifa_event_assistants",
        only=active_plugins(session, host, org_id),
        session=session,
        org_id=org_id,
        day=day,
    ):
        found.extend(_typed(plugin, "sifa_event_assistants", value, EventAssistant))
    return sorted(found, key=lambda a: (a.name, a.key))
