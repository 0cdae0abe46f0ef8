"""Due items: adding, syncing and completing them — the service plugins call.

A plugin either adds items one by one (:func:`add_due_item`, e.g. when a case is
registered) or, better, derives them from its own records in a periodic job and hands the
whole set for one record to :func:`sync_due_items`, which inserts what is new, updates
what changed and closes what is no longer required. Syncing is idempotent: the source
(plugin, entity, entity id) and the item's stable ``key`` are unique together, so a job
that is killed and runs again adds no duplicate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, or_, select

from core.identity.models import StaffAccount
from core.orgs.models import OrgUnit
from core.reminders.errors import DueItemExists, DueItemNotFound, InvalidDueItem
from core.reminders.kinds import GENERAL_KIND, effective_timing
from core.reminders.models import (
    DeliveryState,
    DueItem,
    DueItemRecipient,
    Notification,
    NotificationDelivery,
)
from core.reminders.states import DueState, states_clause
from core.reminders.timefmt import BEIJING, as_due_time
from core.reminders.timing import schedule
from core.reminders.urls import is_local_path
from core.scheduling.deadlines import provisional_reason
from core.scheduling.models import ProvisionalDeadline

__all__ = [
    "DueItemSpec",
    "DueSource",
    "SyncResult",
    "add_due_item",
    "complete_due_item",
    "due_items_for",
    "due_items_of",
    "find_due_item",
    "may_act_on",
    "sync_due_items",
    "visible_clause",
]

_PLUGIN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


@dataclass(frozen=True)
class DueSource:
    """The record due items belong to: ``DueSource("mediation", "case", 42)``.

    ``plugin`` is the plugin's name (``"core"`` for the core's own records), ``entity``
    the kind of record, ``entity_id`` its id (stored as text, so any key fits).
    """

    plugin: str
    entity: str
    entity_id: int | str

    def __post_init__(self) -> None:
        object.__setattr__(self, "entity_id", str(self.entity_id))
        if not _PLUGIN.match(self.plugin):
            raise InvalidDueItem(
                f"来源插件名称无效：{self.plugin!r}", f"Invalid source plugin {self.plugin!r}"
            )
        if not self.entity or len(self.entity) > 60 or len(str(self.entity_id)) > 64:
            raise InvalidDueItem("来源记录无效", "Invalid source record")

    def __str__(self) -> str:
        return f"{self.plugin}/{self.entity}/{self.entity_id}"

    def clause(self) -> Any:
        return (
            (DueItem.plugin == self.plugin)
            & (DueItem.entity == self.entity)
            & (DueItem.entity_id == str(self.entity_id))
        )


@dataclass(frozen=True)
class DueItemSpec:
    """One due item as a plugin describes it to :func:`sync_due_items`.

    ``key`` tells the record's items apart and must stay the same from run to run
    (``"first_visit"``, ``"checkin:2026-11"``). ``due_at`` is an aware datetime, or a
    date meaning "by the end of that day" (Beijing time). ``done`` closes the item.
    """

    key: str
    title_zh: str
    due_at: date | datetime
    org_id: int
    account_id: int | None = None
    title_en: str = ""
    kind: str = GENERAL_KIND
    url: str | None = None
    done: bool = False


@dataclass
class SyncResult:
    """What :func:`sync_due_items` did, by key."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _checked(session: Session, spec: DueItemSpec) -> tuple[datetime, str, str, str | None]:
    checked = _checked_text(spec)
    if session.get(OrgUnit, spec.org_id) is None:
        raise InvalidDueItem(f"组织不存在（{spec.org_id}）", f"No organisation {spec.org_id}")
    if spec.account_id is not None and session.get(StaffAccount, spec.account_id) is None:
        raise InvalidDueItem(
            f"责任人账号不存在（{spec.account_id}）", f"No account {spec.account_id}"
        )
    return checked


def _checked_text(spec: DueItemSpec) -> tuple[datetime, str, str, str | None]:
    """The spec's checks that need no database (the bulk path reads the rest at once)."""
    title_zh = spec.title_zh.strip()
    if not title_zh or len(title_zh) > 200 or len(spec.title_en) > 200:
        raise InvalidDueItem("待办事项须有标题（不超过200字）", "A due item needs a title")
    if len(spec.key) > 80:
        raise InvalidDueItem("待办事项的键过长", "The due item's key is too long")
    if spec.url is not None and not is_local_path(spec.url):
        raise InvalidDueItem("链接须为本平台内的路径", "The link must be a path on this platform")
    try:
        due_at = as_due_time(spec.due_at)
    except ValueError as exc:
        raise InvalidDueItem("到期时间须带时区", "The due time needs a time zone") from exc
    return due_at, title_zh, spec.title_en.strip(), spec.url


def _provisional_note(
    session: Session, plugin: str, entity: str, entity_id: str, due_at: datetime
) -> str:
    """The 暂定 reason when the record has an open provisional deadline on this due day.

    One mechanism for every module: a plugin registers a provisional due date with
    ``track_due`` and every due item of the same record on that day is marked, so the
    inbox and the reminders say "暂定" without the plugin passing anything more.
    """
    day = (due_at - timedelta(seconds=1)).astimezone(BEIJING).date()  # end of day → that day
    row = session.exec(
        select(ProvisionalDeadline).where(
            ProvisionalDeadline.plugin == plugin,
            ProvisionalDeadline.entity == entity,
            ProvisionalDeadline.entity_id == str(entity_id),
            ProvisionalDeadline.due_on == day,
            col(ProvisionalDeadline.resolved_at).is_(None),
        )
    ).first()
    if row is None:
        return ""
    return provisional_reason(tuple(int(y) for y in row.years.split(",") if y))


def _insert(session: Session, source: DueSource, spec: DueItemSpec, now: datetime) -> DueItem:
    due_at, title_zh, title_en, url = _checked(session, spec)
    timing = effective_timing(session, spec.kind, spec.org_id)
    item = DueItem(
        plugin=source.plugin,
        entity=source.entity,
        entity_id=str(source.entity_id),
        key=spec.key,
        kind=spec.kind,
        title_zh=title_zh,
        title_en=title_en,
        url=url,
        org_id=spec.org_id,
        account_id=spec.account_id,
        due_at=due_at,
        soon_at=due_at,
        provisional_note=_provisional_note(
            session, source.plugin, source.entity, str(source.entity_id), due_at
        ),
        created_at=now,
        updated_at=now,
    )
    schedule(item, timing, fresh=True)
    session.add(item)
    return item


def find_due_item(session: Session, source: DueSource, key: str = "") -> DueItem | None:
    """The item of ``source`` with ``key``, if any."""
    return session.exec(select(DueItem).where(source.clause(), DueItem.key == key)).first()


def add_due_item(
    session: Session,
    source: DueSource,
    *,
    title_zh: str,
    due_at: date | datetime,
    org_id: int,
    account_id: int | None = None,
    key: str = "",
    kind: str = GENERAL_KIND,
    title_en: str = "",
    url: str | None = None,
    now: datetime | None = None,
) -> DueItem:
    """Add one due item to a record; :class:`DueItemExists` if the key is taken.

    ``account_id`` is the responsible person; without one the heads of ``org_id``
    (accounts holding a supervising role there or further up) get the item.
    Raises :class:`InvalidDueItem` and :class:`~core.reminders.kinds.UnknownDueItemKind`.
    """
    if find_due_item(session, source, key) is not None:
        raise DueItemExists(str(source), key)
    spec = DueItemSpec(key, title_zh, due_at, org_id, account_id, title_en, kind, url)
    item = _insert(session, source, spec, _now(now))
    session.flush()
    return item


def sync_due_items(
    session: Session,
    source: DueSource,
    items: Iterable[DueItemSpec],
    *,
    close_missing: bool = True,
    now: datetime | None = None,
) -> SyncResult:
    """Make ``source``'s due items match ``items``: insert, update, close. Idempotent.

    * a new key is inserted;
    * an open item whose title, time, organisation, person, kind or link changed is
      updated; a new due time (an extension) starts its reminders afresh;
    * ``done=True`` closes an open item (``done_by`` empty: closed by its source);
    * with ``close_missing``, open items whose key is not in ``items`` are closed the same
      way — the obligation no longer exists;
    * a closed item is never reopened: a new obligation needs a new key.
    """
    now = _now(now)
    result = SyncResult()
    existing = {i.key: i for i in session.exec(select(DueItem).where(source.clause())).all()}
    seen: set[str] = set()
    for spec in items:
        if spec.key in seen:
            raise InvalidDueItem(
                f"同一记录的待办事项键重复：{spec.key}", f"Key given twice: {spec.key}"
            )
        seen.add(spec.key)
        item = existing.get(spec.key)
        if item is None:
            if spec.done:
                continue
            _insert(session, source, spec, now)
            result.added.append(spec.key)
        elif item.done_at is not None:
            result.unchanged.append(spec.key)
        elif spec.done:
            _close(session, item, None, now)
            result.closed.append(spec.key)
        elif _update(session, item, spec, now):
            result.updated.append(spec.key)
        else:
            result.unchanged.append(spec.key)
    if close_missing:
        for key, item in existing.items():
            if key not in seen and item.done_at is None:
                _close(session, item, None, now)
                result.closed.append(key)
    session.flush()
    return result


def _update(session: Session, item: DueItem, spec: DueItemSpec, now: datetime) -> bool:
    due_at, title_zh, title_en, url = _checked(session, spec)
    wanted = {
        "title_zh": title_zh,
        "title_en": title_en,
        "url": url,
        "org_id": spec.org_id,
        "account_id": spec.account_id,
        "kind": spec.kind,
        "due_at": due_at,
        "provisional_note": _provisional_note(
            session, item.plugin, item.entity, item.entity_id, due_at
        ),
    }
    changed = {k: v for k, v in wanted.items() if getattr(item, k) != v}
    if not changed:
        return False
    for name, value in changed.items():
        setattr(item, name, value)
    if "due_at" in changed:
        item.notified_stage = 0  # a new deadline: tell the person again when it comes
    if changed.keys() & {"due_at", "org_id", "kind", "account_id"}:
        schedule(item, effective_timing(session, item.kind, item.org_id))
    item.version += 1
    item.updated_at = now
    session.add(item)
    return True


def _close(session: Session, item: DueItem, by: int | None, now: datetime) -> None:
    item.done_at = now
    item.done_by = by
    item.next_escalation_at = None
    item.version += 1
    item.updated_at = now
    session.add(item)
    session.flush()
    # Cleared everywhere: its notifications count as read and unsent copies are dropped.
    notifications = select(Notification.id).where(Notification.item_id == item.id)
    session.execute(
        update(NotificationDelivery)
        .where(
            col(NotificationDelivery.notification_id).in_(notifications),
            col(NotificationDelivery.state).in_([DeliveryState.PENDING, DeliveryState.FAILED]),
        )
        .values(state=DeliveryState.CANCELLED, updated_at=now)
    )
    session.execute(
        update(Notification)
        .where(Notification.item_id == item.id, col(Notification.read_at).is_(None))
        .values(read_at=now)
    )


def complete_due_item(
    session: Session, item: DueItem | int, *, by: int | None = None, now: datetime | None = None
) -> DueItem:
    """Mark an item done (办结) by account ``by`` (None: by its source or the system).

    Its notifications are marked read for every recipient, so it disappears from every
    inbox count at once. Completing a done item changes nothing. This does not check who
    may do it — pages check :func:`may_act_on` first.
    """
    if isinstance(item, int):
        found = session.get(DueItem, item)
        if found is None:
            raise DueItemNotFound()
        item = found
    if item.done_at is None:
        _close(session, item, by, _now(now))
        session.flush()
    return item


def visible_clause(account_id: int) -> Any:
    """Items in ``account_id``'s inbox: they are responsible, or it was escalated to them."""
    return or_(
        DueItem.account_id == account_id,
        col(DueItem.id).in_(
            select(DueItemRecipient.item_id).where(DueItemRecipient.account_id == account_id)
        ),
    )


def may_act_on(session: Session, item: DueItem, account_id: int) -> bool:
    """Whether the account may see and complete the item (responsible, or escalated to)."""
    if item.account_id == account_id:
        return True
    return (
        session.exec(
            select(DueItemRecipient.id).where(
                DueItemRecipient.item_id == item.id, DueItemRecipient.account_id == account_id
            )
        ).first()
        is not None
    )


def due_items_for(
    session: Session,
    account_id: int,
    *,
    states: Iterable[DueState | str] | None = None,
    now: datetime | None = None,
    limit: int = 200,
) -> list[DueItem]:
    """The items in an account's inbox (its own and those escalated to it), soonest first.

    ``states`` filters (default: every open state).
    """
    now = _now(now)
    wanted = (
        [DueState(s) for s in states]
        if states is not None
        else [
            DueState.OVERDUE,
            DueState.DUE_SOON,
            DueState.ON_TIME,
        ]
    )
    query = (
        select(DueItem)
        .where(visible_clause(account_id), states_clause(wanted, now))
        .order_by(col(DueItem.due_at), col(DueItem.id))
        .limit(limit)
    )
    return list(session.exec(query).all())


def due_items_of(session: Session, source: DueSource) -> list[DueItem]:
    """Every item of one record, open and done, by due time (for the record's page)."""
    return list(
        session.exec(
            select(DueItem).where(source.clause()).order_by(col(DueItem.due_at), col(DueItem.id))
        ).all()
    )
