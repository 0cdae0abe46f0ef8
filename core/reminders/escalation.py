"""One step of the reminder scan for one item: tell the person, or escalate one level.

Each function works inside the caller's transaction and records what it did in the same
transaction (the escalation row with its unique ``(item, level)``, the notifications with
their unique keys, the item's bookkeeping), so a step either happens completely or not at
all — the property that lets a killed scan run again safely.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from core.identity.models import StaffAccount
from core.orgs.models import OrgUnit
from core.orgs.tree import path_ids
from core.reminders.kinds import effective_timing
from core.reminders.models import DueItem, DueItemEscalation, DueItemRecipient
from core.reminders.notifications import notify
from core.reminders.supervisors import next_tier
from core.reminders.timefmt import beijing_text
from core.reminders.timing import escalation_due_at, next_level
from core.scheduling.deadlines import provisional_reason_of_note

__all__ = [
    "STAGE_DUE_SOON",
    "STAGE_OVERDUE",
    "escalate_step",
    "notify_stage",
    "responsible_ids",
    "stage_key",
    "stage_message",
]

STAGE_DUE_SOON = 1
STAGE_OVERDUE = 2


def _depth(session: Session, org_id: int) -> int | None:
    org = session.get(OrgUnit, org_id)
    return len(path_ids(org.path)) - 1 if org is not None else None


def _recipients(session: Session, item: DueItem, level: int | None = None) -> list[int]:
    query = select(DueItemRecipient.account_id).where(DueItemRecipient.item_id == item.id)
    if level is not None:
        query = query.join(
            DueItemEscalation, col(DueItemEscalation.id) == DueItemRecipient.escalation_id
        ).where(DueItemEscalation.level == level)
    return sorted(session.exec(query).all())


def responsible_ids(session: Session, item: DueItem) -> list[int]:
    """Who answers for the item: its person, or else the heads it was handed to (level 0)."""
    if item.account_id is not None:
        return [item.account_id]
    return _recipients(session, item, level=0)


def _who(session: Session, item: DueItem) -> tuple[str, str]:
    if item.account_id is not None:
        account = session.get(StaffAccount, item.account_id)
        if account is not None:
            return account.display_name, account.display_name
    org = session.get(OrgUnit, item.org_id)
    name = org.name if org is not None else str(item.org_id)
    return name, name


def escalate_step(session: Session, item: DueItem, now: datetime) -> bool:
    """Make the item's next escalation (it must be due); True if a level was recorded.

    The level goes to the nearest tier of supervisors above the previous level's
    organisation, leaving out the responsible person and everyone told before. When no
    such tier exists the chain ends (``next_escalation_at`` None).
    """
    timing = effective_timing(session, item.kind, item.org_id)
    level = next_level(item)
    previous = session.exec(
        select(DueItemEscalation)
        .where(DueItemEscalation.item_id == item.id)
        .order_by(col(DueItemEscalation.level).desc())
    ).first()
    exclude = set(_recipients(session, item))
    if item.account_id is not None:
        exclude.add(item.account_id)
    tier = next_tier(
        session,
        item.org_id,
        above_depth=_depth(session, previous.org_id) if previous else None,
        exclude=exclude,
    )
    item.version += 1
    item.updated_at = now
    if tier is None:
        item.next_escalation_at = None  # the top of the tree: nobody further to tell
        session.add(item)
        session.flush()
        return False
    escalation = DueItemEscalation(
        item_id=item.id, level=level, org_id=tier.org_id, escalated_at=now
    )  # type: ignore[arg-type]
    session.add(escalation)
    session.flush()  # the unique (item, level) speaks here if another run was faster
    for account_id in tier.account_ids:
        session.add(
            DueItemRecipient(
                escalation_id=escalation.id,  # type: ignore[arg-type]
                item_id=item.id,  # type: ignore[arg-type]
                account_id=account_id,
            )
        )
    if level >= 1:
        who_zh, who_en = _who(session, item)
        due = beijing_text(item.due_at)
        for account_id in tier.account_ids:
            notify(
                session,
                account_id,
                key=f"due:{item.id}:escalated:{level}",
                kind="escalated",
                title_zh=f"红灯预警：{item.title_zh}",
                title_en=f"Red-light warning: {item.title_en or item.title_zh}",
                body_zh=f"{who_zh}负责的“{item.title_zh}”已于 {due} 到期，至今未办结，请督办。",
                body_en=(
                    f"“{item.title_en or item.title_zh}”, for which {who_en} is responsible, "
                    f"was due at {due} (Beijing time) and is still open. Please follow it up."
                ),
                url=item.url or "/inbox",
                item_id=item.id,
                now=now,
            )
    item.escalation_level = level
    item.next_escalation_at = escalation_due_at(item, level + 1, timing)
    session.add(item)
    session.flush()
    return True


def stage_message(item: Any, now: datetime) -> tuple[int, str, tuple[str, str, str, str]] | None:
    """The stage *item* has reached at *now* and what to tell about it — ``(stage, kind,
    (title_zh, title_en, body_zh, body_en))`` — or None when there is nothing new to tell.

    *item* is a :class:`DueItem` or a row with its columns (the set-based scan reads rows).
    An item found already overdue is reported as overdue only.
    """
    if now >= item.due_at:
        stage, kind = STAGE_OVERDUE, "overdue"
    elif now >= item.soon_at:
        stage, kind = STAGE_DUE_SOON, "due_soon"
    else:
        return None
    if stage <= item.notified_stage:
        return None
    due = beijing_text(item.due_at)
    title_en = item.title_en or item.title_zh
    # A provisional (暂定) due date is said to be one, with its reason, in every reminder.
    mark_zh, mark_en = ("（暂定）", " (provisional)") if item.provisional_note else ("", "")
    if stage == STAGE_OVERDUE:
        texts = (
            f"逾期：{item.title_zh}",
            f"Overdue: {title_en}",
            f"“{item.title_zh}”已于 {due}{mark_zh} 到期，尚未办结。",
            f"“{title_en}” was due at {due} (Beijing time){mark_en} and is still open.",
        )
    else:
        texts = (
            f"临期：{item.title_zh}",
            f"Due soon: {title_en}",
            f"“{item.title_zh}”将于 {due}{mark_zh} 到期。",
            f"“{title_en}” is due at {due} (Beijing time){mark_en}.",
        )
    if item.provisional_note:
        texts = (
            texts[0],
            texts[1],
            f"{texts[2]}\n{item.provisional_note}",
            f"{texts[3]}\n{provisional_reason_of_note(item.provisional_note, 'en')}",
        )
    return stage, kind, texts


def stage_key(item: Any, kind: str) -> str:
    """The notification key of one stage of one due time (unique per recipient)."""
    return f"due:{item.id}:{kind}:{int(item.due_at.timestamp())}"


def notify_stage(session: Session, item: DueItem, now: datetime) -> bool:
    """Tell the responsible people that the item is due soon or overdue, once per due time.

    An item found already overdue is reported as overdue only. True if the stage moved.
    """
    message = stage_message(item, now)
    if message is None:
        return False
    stage, kind, texts = message
    for account_id in responsible_ids(session, item):
        notify(
            session,
            account_id,
            key=stage_key(item, kind),
            kind=kind,
            title_zh=texts[0],
            title_en=texts[1],
            body_zh=texts[2],
            body_en=texts[3],
            url=item.url or "/inbox",
            item_id=item.id,
            now=now,
        )
    item.notified_stage = stage
    item.version += 1
    item.updated_at = now
    session.add(item)
    session.flush()
    return True
