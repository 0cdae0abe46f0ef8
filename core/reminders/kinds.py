"""Kinds of due items and their timing: when an item turns amber, when a red one escalates.

Plugins declare their kinds (``sifa_due_item_kinds``) with defaults; the core declares
``core.general`` for items without a kind of their own. A bureau may change the timing of a
kind for its subtree (:class:`~core.reminders.models.DueItemKindOverride`); the override of
the nearest organisation up the tree wins, as for deadline rules.

The declared kinds are a process-wide catalogue filled when the platform boots
(:func:`use_declared_kinds`), so ``add_due_item(session, …)`` needs nothing but its session. Bureau overrides are
written by :mod:`core.reminders.kind_overrides`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from core.orgs.models import OrgUnit
from core.orgs.tree import path_ids
from core.reminders.declarations import DEFAULT_ESCALATION_DELAY, DEFAULT_LEAD_TIME, DueItemKind
from core.reminders.errors import ReminderError
from core.reminders.models import DueItemKindOverride

if TYPE_CHECKING:
    from core.plugins import PluginHost

__all__ = [
    "CORE_KINDS",
    "DEFAULT_ESCALATION_DELAY",
    "DEFAULT_LEAD_TIME",
    "GENERAL_KIND",
    "DueItemKind",
    "KindTiming",
    "UnknownDueItemKind",
    "declared_kind",
    "declared_kinds",
    "effective_timing",
    "kinds_of",
    "use_declared_kinds",
]


@dataclass(frozen=True)
class KindTiming:
    """The timing that applies to one kind at one organisation."""

    lead_time: timedelta
    escalation_delay: timedelta


GENERAL_KIND = "core.general"
CORE_KINDS: tuple[DueItemKind, ...] = (DueItemKind(GENERAL_KIND, "待办事项", "To-do"),)


class UnknownDueItemKind(ReminderError):
    """No loaded component declares this kind of due item."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"未知的待办类型：{code}", f"Unknown kind of due item: {code}")


_lock = threading.Lock()
_declared: Mapping[str, DueItemKind] = MappingProxyType({k.code: k for k in CORE_KINDS})


def kinds_of(host: PluginHost) -> dict[str, DueItemKind]:
    """The core's kinds and every loaded plugin's, by code."""
    found = {k.code: k for k in CORE_KINDS}
    for record in host.loaded():
        for kind in record.contributions.due_item_kinds:
            found[kind.code] = kind
    return found


def use_declared_kinds(kinds: Mapping[str, DueItemKind] | Iterable[DueItemKind]) -> None:
    """Make ``kinds`` (plus the core's) this process's catalogue (called at boot)."""
    global _declared
    values = kinds.values() if isinstance(kinds, Mapping) else kinds
    with _lock:
        _declared = MappingProxyType(
            {**{k.code: k for k in CORE_KINDS}, **{k.code: k for k in values}}
        )


def declared_kinds() -> Mapping[str, DueItemKind]:
    """Every declared kind by code (read-only)."""
    return _declared


def declared_kind(code: str) -> DueItemKind:
    """The declaration of ``code``; :class:`UnknownDueItemKind` if nobody declares it."""
    kind = _declared.get(code)
    if kind is None:
        raise UnknownDueItemKind(code)
    return kind


def _chain(session: Session, org_id: int) -> list[int]:
    org = session.get(OrgUnit, org_id)
    if org is None:
        raise ReminderError(f"组织不存在（{org_id}）", f"No organisation {org_id}")
    return list(reversed(path_ids(org.path))) or [org_id]


def effective_timing(session: Session, code: str, org_id: int) -> KindTiming:
    """The timing of kind ``code`` at ``org_id``: nearest bureau override, else the default.

    Lead time and escalation delay are looked up separately, so a county may change only
    the delay while its city bureau set the lead time.
    """
    kind = declared_kind(code)
    chain = _chain(session, org_id)
    rank = {oid: i for i, oid in enumerate(chain)}
    rows = sorted(
        session.exec(
            select(DueItemKindOverride).where(
                DueItemKindOverride.kind == code, col(DueItemKindOverride.org_id).in_(chain)
            )
        ).all(),
        key=lambda r: rank[r.org_id],
    )
    lead = next((r.lead_minutes for r in rows if r.lead_minutes is not None), None)
    delay = next((r.escalation_minutes for r in rows if r.escalation_minutes is not None), None)
    return KindTiming(
        lead_time=kind.lead_time if lead is None else timedelta(minutes=lead),
        escalation_delay=kind.escalation_delay if delay is None else timedelta(minutes=delay),
    )
