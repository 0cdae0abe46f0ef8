"""Which aggregates a stretch of the audit log moves: periods and organisations per indicator.

The catch-up (:mod:`core.indicators.aggregates`) used to recompute the whole open window —
two years of every period kind — for every indicator of a plugin whose records changed. At
provincial volume that is minutes of queries a minute. Every change is audited with its
table, row id and the changed columns' values before and after, so the periods a change
moves can be read off the log, for indicators that say how their rows are placed
(:class:`core.indicators.definitions.Placement`): the periods containing the changed rows'
dates, before and after the change, for the rows' organisations.

Whatever cannot be placed falls back to the whole window, as before: an indicator without
placements, a listed table whose placement has no dates, a bulk change recorded as an event
without a row id, or more audit records than :data:`MAX_RECORDS` since the last run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from core.indicators.definitions import Indicator, Placement

__all__ = ["MAX_RECORDS", "Plan", "plan_changes"]

#: Beyond this many audit records since the last run, placing each change costs more than
#: recomputing the window: fall back.
MAX_RECORDS = 20_000
#: Rows read per ``IN`` list.
CHUNK = 500
_BEIJING = timezone(timedelta(hours=8))
_ROW_ACTIONS = {"insert", "update", "delete"}

#: Audited tables whose changes move no indicator (sign-ins, accounts, exports, jobs, the
#: figures' own reports): a morning of logins does not recompute every figure.
UNRELATED_ENTITIES = frozenset(
    {
        "",
        "staff_session",
        "staff_account",
        "export_file",
        "job_run",
        "indicator_report",
        # the citizen portal's links, codes and outbox; the modules' records carry figures
        "portal_application",
        "portal_code",
        "portal_attempt",
        "portal_outbox",
    }
)


@dataclass
class Plan:
    """What to recompute for one indicator: ``whole`` window, or the days and, per day,
    the organisations touched (``None``: every organisation)."""

    whole: bool = False
    days: dict[date, set[int] | None] = field(default_factory=dict)

    def touch(self, days: Iterable[date], orgs: set[int] | None) -> None:
        for day in days:
            known = self.days.get(day, set())
            if known is None or orgs is None:
                self.days[day] = None
            else:
                self.days[day] = known | orgs

    @property
    def empty(self) -> bool:
        return not self.whole and not self.days


@dataclass(frozen=True)
class _Change:
    entity: str
    entity_id: str | None
    action: str
    changes: dict[str, Any]


def _days(value: Any) -> set[date]:
    """The calendar days a stored date or timestamp (ISO text in the log) may fall on."""
    if value is None:
        return set()
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        return {value}
    else:
        text = str(value)
        try:
            if len(text) <= 10:
                return {date.fromisoformat(text)}
            moment = datetime.fromisoformat(text)
        except ValueError:
            return set()
    found = {moment.date()}
    if moment.tzinfo is not None:  # placed by the Beijing day or the UTC one: both
        found.add(moment.astimezone(_BEIJING).date())
    return found


def _org(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _logged(session: Session, after: int, head: int) -> list[_Change] | None:
    from core.audit.models import AuditRecord

    rows = session.execute(
        select(
            col(AuditRecord.entity),
            col(AuditRecord.entity_id),
            col(AuditRecord.action),
            col(AuditRecord.changes),
        )
        .where(col(AuditRecord.id) > after, col(AuditRecord.id) <= head)
        .limit(MAX_RECORDS + 1)
    ).all()
    if len(rows) > MAX_RECORDS:
        return None
    return [_Change(str(e or ""), i, str(a or ""), c or {}) for e, i, a, c in rows]


def _entities(session: Session, after: int, head: int) -> set[str]:
    from core.audit.models import AuditRecord

    return {
        str(e or "")
        for e in session.execute(
            select(col(AuditRecord.entity))
            .where(col(AuditRecord.id) > after, col(AuditRecord.id) <= head)
            .distinct()
        ).scalars()
    }


def _table(name: str) -> Any:
    from core.db import metadata

    return metadata.tables.get(name)


def _read(
    session: Session, table: Any, ids: set[Any], columns: Sequence[str], by: str | None = None
) -> list[Any]:
    """Current values of *columns* of the rows of *table* whose primary key (or column
    *by*) is in *ids* (rows gone are absent)."""
    keys = [table.c[by]] if by else list(table.primary_key.columns)
    if len(keys) != 1 or not ids:
        return []
    key = keys[0]
    wanted = [table.c[c] for c in columns]
    found: list[Any] = []
    ordered = sorted(ids, key=str)
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        found += session.execute(select(*wanted).where(key.in_(chunk))).all()
    return found


def _key_value(table: Any, entity_id: str) -> Any:
    keys = list(table.primary_key.columns)
    if len(keys) != 1:
        return None
    try:
        return int(entity_id) if keys[0].type.python_type is int else entity_id
    except (NotImplementedError, ValueError):
        return None


class _Placer:
    """Places the changes of one table for one placement, reading current rows once."""

    def __init__(self, session: Session, placement: Placement, changes: list[_Change]) -> None:
        self.session, self.placement, self.changes = session, placement, changes

    def plan(self) -> Plan | None:
        """The touched days and organisations, or None when they cannot be told."""
        p = self.placement
        if p.dates is None or any(
            c.action not in _ROW_ACTIONS or c.entity_id is None for c in self.changes
        ):
            return None
        table = _table(p.parent if p.parent else p.entity)
        source = _table(p.entity)
        if table is None or source is None:
            return None
        if any(c not in table.c for c in (*p.dates, *([p.org] if p.org else []))):
            return None
        if p.via and (p.via not in source.c or (p.parent_key and p.parent_key not in table.c)):
            return None
        # Per row of *table*: the days and orgs it had (from the log) and has (read now).
        days: dict[Any, set[date]] = {}
        orgs: dict[Any, set[int]] = {}
        if p.via:
            parents = self._parents(source)
            if parents is None:
                return None
            for parent in parents:
                days[parent], orgs[parent] = set(), set()
        for change in [] if p.via else self.changes:
            key = _key_value(table, change.entity_id or "")
            if key is None:
                return None
            found = days.setdefault(key, set())
            for column in p.dates:
                for value in change.changes.get(column) or ():
                    found |= _days(value)
            if p.org:
                orgs.setdefault(key, set()).update(
                    o for o in map(_org, change.changes.get(p.org) or ()) if o is not None
                )
        key_name = p.parent_key or table.primary_key.columns[0].name
        columns = [key_name, *p.dates, *([p.org] if p.org else [])]
        for row in _read(self.session, table, set(days), columns, by=p.parent_key):
            key, values = row[0], list(row[1:])
            for value in values[: len(p.dates)]:
                days[key] |= _days(value)
            org = _org(values[-1]) if p.org else None
            if org is not None:
                orgs[key].add(org)
        plan = Plan()
        for key, touched in days.items():
            plan.touch(touched, orgs[key] if p.org else None)
        return plan

    def _parents(self, source: Any) -> set[Any] | None:
        """The parent ids the changes name: the ``via`` column before and after, and its
        current value where a change did not touch it (read in one pass)."""
        via = self.placement.via or ""
        ids: set[Any] = set()
        unread: set[Any] = set()
        for change in self.changes:
            ids.update(v for v in change.changes.get(via) or () if v is not None)
            if change.action == "update" and via not in change.changes:
                key = _key_value(source, change.entity_id or "")
                if key is None:
                    return None
                unread.add(key)
        ids.update(v for (v,) in _read(self.session, source, unread, [via]) if v is not None)
        return ids


def plan_changes(
    session: Session, indicators: Sequence[Indicator], after: int, head: int
) -> dict[str, Plan]:
    """Per indicator code, what the audit records in ``(after, head]`` move."""
    plugins = {i.plugin for i in indicators}

    def owner(entity: str) -> str | None:
        return next((p for p in plugins if entity.startswith(f"{p}_") or entity == p), None)

    changes = _logged(session, after, head)
    if changes is None:  # too many to place one by one: the old rule by table
        entities = _entities(session, after, head) - UNRELATED_ENTITIES
        return {i.code: _whole_if(i, entities, owner) for i in indicators}
    by_entity: dict[str, list[_Change]] = {}
    for change in changes:
        if change.entity not in UNRELATED_ENTITIES:
            by_entity.setdefault(change.entity, []).append(change)
    placed: dict[tuple[str, Placement], Plan | None] = {}
    plans: dict[str, Plan] = {}
    for indicator in indicators:
        if indicator.placements is None:
            plans[indicator.code] = _whole_if(indicator, set(by_entity), owner)
            continue
        plan = Plan()
        for placement in indicator.placements:
            entity_changes = by_entity.get(placement.entity)
            if not entity_changes:
                continue
            key = (placement.entity, placement)
            if key not in placed:
                placed[key] = _Placer(session, placement, entity_changes).plan()
            found = placed[key]
            if found is None:
                plan = Plan(whole=True)
                break
            for day, orgs in found.days.items():
                plan.touch([day], None if orgs is None else set(orgs))
        plans[indicator.code] = plan
    return plans


def _whole_if(indicator: Indicator, entities: set[str], owner: Any) -> Plan:
    """The rule for an indicator without placements: its plugin's tables or a core table
    changed → the whole window."""
    if indicator.placements is not None:
        listed = {p.entity for p in indicator.placements}
        return Plan(whole=bool(entities & listed))
    owners = {owner(e) for e in entities}
    return Plan(whole=None in owners or indicator.plugin in owners)
