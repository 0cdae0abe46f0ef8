"""Due items for thousands of new records at once (a job opening a month's rounds).

:func:`core.reminders.service.sync_due_items` handles one record: it reads the record's
items, checks the organisation and person, looks up the kind's timing along the tree and
the provisional mark, and inserts through the ORM — a dozen statements per record. A job
that opens 20,000 screening rounds took minutes that way. :func:`add_new_due_items` does
the same checks and computations for a whole batch in a handful of statements: one read of
the sources' existing keys (those are skipped, so a job run twice adds nothing), one of the
organisations, one of the kind's overrides, one of open provisional deadlines, one
executemany ``INSERT``, and one audit record naming the sources.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from core.audit import record_event
from core.identity.models import StaffAccount
from core.orgs.models import OrgUnit
from core.orgs.tree import path_ids
from core.reminders.errors import InvalidDueItem
from core.reminders.kinds import KindTiming, declared_kind
from core.reminders.models import DueItem, DueItemKindOverride
from core.reminders.service import DueItemSpec, DueSource, _checked_text, _now
from core.reminders.timefmt import BEIJING
from core.reminders.timing import schedule
from core.scheduling.deadlines import provisional_reason
from core.scheduling.models import ProvisionalDeadline

__all__ = ["add_new_due_items"]

CHUNK = 500


def _timings(session: Session, kinds: set[str], orgs: dict[int, OrgUnit]) -> dict[Any, KindTiming]:
    """Per ``(kind, org_id)`` the timing :func:`core.reminders.kinds.effective_timing` gives:
    the nearest override up the tree, lead time and delay separately."""
    overrides = session.exec(
        select(DueItemKindOverride).where(col(DueItemKindOverride.kind).in_(kinds))
    ).all()
    by_kind_org = {(o.kind, o.org_id): o for o in overrides}
    found: dict[Any, KindTiming] = {}
    for code in kinds:
        kind = declared_kind(code)
        for org_id, org in orgs.items():
            chain = list(reversed(path_ids(org.path))) or [org_id]
            rows = [by_kind_org[(code, o)] for o in chain if (code, o) in by_kind_org]
            lead = next((r.lead_minutes for r in rows if r.lead_minutes is not None), None)
            delay = next(
                (r.escalation_minutes for r in rows if r.escalation_minutes is not None), None
            )
            found[(code, org_id)] = KindTiming(
                lead_time=kind.lead_time if lead is None else timedelta(minutes=lead),
                escalation_delay=kind.escalation_delay
                if delay is None
                else timedelta(minutes=delay),
            )
    return found


def _in_chunks(session: Session, query: Any, column: Any, values: Sequence[Any]) -> list[Any]:
    found: list[Any] = []
    for start in range(0, len(values), CHUNK):
        found += session.exec(query.where(column.in_(values[start : start + CHUNK]))).all()
    return found


def add_new_due_items(
    session: Session,
    plugin: str,
    entity: str,
    entries: Sequence[tuple[int | str, DueItemSpec]],
    *,
    now: datetime | None = None,
) -> int:
    """Add the due items *entries* (``(entity_id, spec)``) of records of one kind, in bulk.

    Keys a record already has are left alone (the job may run twice); otherwise the same
    rules as :func:`~core.reminders.service.sync_due_items` inserting a new key. Raises
    :class:`InvalidDueItem` for a bad spec (nothing is written then). Returns how many
    items were added.
    """
    now = _now(now)
    if not entries:
        return 0
    DueSource(plugin, entity, entries[0][0])  # validates the names once
    ids = sorted({str(entity_id) for entity_id, _ in entries})
    t = DueItem.__table__  # type: ignore[attr-defined]
    taken = {
        (entity_id, key)
        for entity_id, key in _in_chunks(
            session,
            select(DueItem.entity_id, DueItem.key).where(
                DueItem.plugin == plugin, DueItem.entity == entity
            ),
            col(DueItem.entity_id),
            ids,
        )
    }
    org_ids = sorted({spec.org_id for _, spec in entries})
    orgs = {o.id: o for o in _in_chunks(session, select(OrgUnit), col(OrgUnit.id), org_ids)}
    accounts = sorted({spec.account_id for _, spec in entries if spec.account_id is not None})
    known_accounts = set(
        _in_chunks(session, select(StaffAccount.id), col(StaffAccount.id), accounts)
    )
    timings = _timings(session, {spec.kind for _, spec in entries}, orgs)  # type: ignore[arg-type]
    provisional = {
        (p.entity_id, p.due_on): p
        for p in _in_chunks(
            session,
            select(ProvisionalDeadline).where(
                ProvisionalDeadline.plugin == plugin,
                ProvisionalDeadline.entity == entity,
                col(ProvisionalDeadline.resolved_at).is_(None),
            ),
            col(ProvisionalDeadline.entity_id),
            ids,
        )
    }
    rows: list[dict[str, Any]] = []
    added: list[str] = []
    for entity_id, spec in entries:
        if spec.done or (str(entity_id), spec.key) in taken:
            continue
        if spec.org_id not in orgs:
            raise InvalidDueItem(f"组织不存在（{spec.org_id}）", f"No organisation {spec.org_id}")
        if spec.account_id is not None and spec.account_id not in known_accounts:
            raise InvalidDueItem(
                f"责任人账号不存在（{spec.account_id}）", f"No account {spec.account_id}"
            )
        due_at, title_zh, title_en, url = _checked_text(spec)
        day = (due_at - timedelta(seconds=1)).astimezone(BEIJING).date()
        mark = provisional.get((str(entity_id), day))
        item = SimpleNamespace(  # a DueItem's fields, without the ORM's per-object cost
            plugin=plugin,
            entity=entity,
            entity_id=str(entity_id),
            key=spec.key,
            kind=spec.kind,
            title_zh=title_zh,
            title_en=title_en,
            url=url,
            org_id=spec.org_id,
            account_id=spec.account_id,
            due_at=due_at,
            soon_at=due_at,
            provisional_note=provisional_reason(tuple(int(y) for y in mark.years.split(",") if y))
            if mark
            else "",
            done_at=None,
            done_by=None,
            notified_stage=0,
            escalation_level=None,
            next_escalation_at=None,
            version=1,
            created_at=now,
            updated_at=now,
        )
        schedule(item, timings[(spec.kind, spec.org_id)], fresh=True)  # type: ignore[arg-type]
        rows.append({c.name: getattr(item, c.name) for c in t.columns if c.name != "id"})
        taken.add((str(entity_id), spec.key))
        added.append(str(entity_id))
    if rows:
        session.execute(insert(t), rows)
        record_event(
            session,
            "bulk_insert",
            entity="due_item",
            details={"plugin": plugin, "entity": entity, "entity_ids": added},
        )
    return len(rows)
