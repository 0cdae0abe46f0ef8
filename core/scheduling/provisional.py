"""Provisional (暂定) deadlines: kept while a year's holiday schedule is awaited, then recomputed.

One mechanism for every module (core API 1.3). ``due_date`` never refuses: when a period
reaches a year whose State Council notice has not been entered, it answers on the ordinary
week and marks the :class:`~core.scheduling.deadlines.Due` provisional. The plugin stores the
date as usual and registers it here with :func:`track_due` under the same source as the
record's due items; from then on

* every due item of that record on that day is marked 暂定 with the reason (inbox,
  reminders) — see ``core.reminders.service``;
* pages ask :func:`provisional_of` to show the mark beside the date;
* :func:`waits_for_schedule` tells a job not to close or refuse anything against a citizen
  on the strength of the date (it waits for the real one);
* once every year the date depends on is known, :func:`recompute_provisional` (the job
  ``core.recompute_provisional``, started when a year is entered and nightly) computes the
  date again, hands it to the plugin (hook ``sifa_deadline_recomputed``), audits old and new,
  and tells the responsible staff once when it moved:
  "期限由 1月4日 调整为 1月8日（2027年节假日安排已录入）".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.audit.events import record_event
from core.orgs.tree import subtree_predicate
from core.reminders.escalation import responsible_ids
from core.reminders.models import DueItem
from core.reminders.notifications import notify
from core.reminders.supervisors import next_tier
from core.scheduling.calendar_store import load_calendar
from core.scheduling.deadlines import Due, provisional_reason
from core.scheduling.declarations import Job, JobContext, PeriodicJob
from core.scheduling.models import ProvisionalDeadline
from core.scheduling.rules import UnknownDeadlineRule, due_date

if TYPE_CHECKING:
    from core.orgs.models import OrgUnit
    from core.plugins import PluginHost

__all__ = [
    "RECOMPUTE_JOB",
    "RECOMPUTE_PERIODIC_JOB",
    "ProvisionalMark",
    "RecomputeReport",
    "moved_text",
    "provisional_count",
    "provisional_marks",
    "provisional_of",
    "recompute_provisional",
    "track_due",
    "waits_for_schedule",
]

log = logging.getLogger(__name__)


class _Source(Protocol):
    plugin: str
    entity: str
    entity_id: int | str


def _years(row: ProvisionalDeadline) -> tuple[int, ...]:
    return tuple(int(y) for y in row.years.split(",") if y)


def _open_row(session: Session, source: _Source, key: str) -> ProvisionalDeadline | None:
    return session.exec(
        select(ProvisionalDeadline).where(
            ProvisionalDeadline.plugin == source.plugin,
            ProvisionalDeadline.entity == source.entity,
            ProvisionalDeadline.entity_id == str(source.entity_id),
            ProvisionalDeadline.key == key,
        )
    ).first()


def track_due(
    session: Session,
    source: _Source,
    key: str,
    due: Due,
    *,
    label_zh: str = "",
    label_en: str = "",
    account_id: int | None = None,
    url: str | None = None,
    against_citizen: bool = False,
) -> ProvisionalDeadline | None:
    """Register (or forget) the deadline ``key`` of ``source`` after computing ``due``.

    Call it every time the record's date is computed. A provisional ``due`` is stored for
    recomputation (``label_zh`` names it in the staff's notification, ``account_id`` is who
    answers for it — else the responsible of the record's due items, else the heads of the
    organisation); a final one removes an open registration, since the date is no longer a
    guess. ``against_citizen`` marks a period whose end would be held against a citizen
    (an objection period, a deadline to supply materials): see :func:`waits_for_schedule`.
    """
    row = _open_row(session, source, key)
    if not due.provisional:
        if row is not None and row.resolved_at is None:
            session.delete(row)
            session.flush()
        return None
    day = due.due.date() if isinstance(due.due, datetime) else due.due
    start = due.start.date() if isinstance(due.start, datetime) else due.start
    if start is None or not due.rule_code:
        raise ValueError("track_due needs a Due from due_date/compute_due")
    if row is None:
        row = ProvisionalDeadline(
            plugin=source.plugin,
            entity=source.entity,
            entity_id=str(source.entity_id),
            key=key,
            rule_code=due.rule_code,
            start_on=start,
            due_on=day,
            years="",
        )
    else:
        row.version += 1
        row.updated_at = datetime.now(UTC)
    row.rule_code, row.start_on, row.due_on = due.rule_code, start, day
    row.org_id = due.org_id
    row.years = ",".join(str(y) for y in due.provisional_years)
    row.label_zh, row.label_en = label_zh[:100], label_en[:100]
    row.account_id, row.url, row.against_citizen = account_id, url, against_citizen
    row.resolved_at, row.final_due_on = None, None
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class ProvisionalMark:
    """What a page shows beside a provisional date: 暂定 and the reason."""

    due_on: date
    years: tuple[int, ...]

    @property
    def reason_zh(self) -> str:
        return provisional_reason(self.years, "zh")

    @property
    def reason_en(self) -> str:
        return provisional_reason(self.years, "en")

    def reason(self, locale: str = "zh") -> str:
        return provisional_reason(self.years, locale)


def provisional_of(session: Session, source: _Source) -> dict[str, ProvisionalMark]:
    """The record's open provisional deadlines by key (empty when every date is final)."""
    rows = session.exec(
        select(ProvisionalDeadline).where(
            ProvisionalDeadline.plugin == source.plugin,
            ProvisionalDeadline.entity == source.entity,
            ProvisionalDeadline.entity_id == str(source.entity_id),
            col(ProvisionalDeadline.resolved_at).is_(None),
        )
    ).all()
    return {r.key: ProvisionalMark(r.due_on, _years(r)) for r in rows}


def provisional_marks(
    session: Session, plugin: str, entity: str, entity_ids: list[int] | list[str], key: str
) -> dict[str, ProvisionalMark]:
    """For a list page: the open provisional deadline ``key`` of each record, by its id."""
    ids = [str(i) for i in entity_ids]
    if not ids:
        return {}
    rows = session.exec(
        select(ProvisionalDeadline).where(
            ProvisionalDeadline.plugin == plugin,
            ProvisionalDeadline.entity == entity,
            col(ProvisionalDeadline.entity_id).in_(ids),
            ProvisionalDeadline.key == key,
            col(ProvisionalDeadline.resolved_at).is_(None),
        )
    ).all()
    return {r.entity_id: ProvisionalMark(r.due_on, _years(r)) for r in rows}


def waits_for_schedule(session: Session, source: _Source, key: str) -> bool:
    """Whether action on this deadline must wait: its date is still provisional.

    Jobs that would close or refuse something against a citizen when a period ends ask
    this first and skip (the record says 暂定 and why) until the real date is known.
    """
    row = _open_row(session, source, key)
    return row is not None and row.resolved_at is None


def provisional_count(session: Session, org: OrgUnit | None = None) -> int:
    """How many open deadlines are provisional (in ``org``'s subtree when given)."""
    query = select(func.count()).select_from(ProvisionalDeadline)
    query = query.where(col(ProvisionalDeadline.resolved_at).is_(None))
    if org is not None:
        from core.orgs.models import OrgUnit as Org

        query = query.join(Org, col(Org.id) == ProvisionalDeadline.org_id).where(
            subtree_predicate(org)
        )
    return int(session.exec(query).one())


def moved_text(old: date, new: date, years: tuple[int, ...]) -> str:
    """期限由 1月4日 调整为 1月8日（2027年节假日安排已录入）."""
    listed = "、".join(f"{y}年" for y in years)
    return (
        f"期限由 {old.month}月{old.day}日 调整为 {new.month}月{new.day}日"
        f"（{listed}节假日安排已录入）"
    )


def _moved_text_en(old: date, new: date, years: tuple[int, ...]) -> str:
    listed = ", ".join(str(y) for y in years)
    return f"Deadline moved from {old:%d %b} to {new:%d %b} (the {listed} holiday schedule was entered)"


def _recipients(session: Session, row: ProvisionalDeadline) -> list[int]:
    if row.account_id is not None:
        return [row.account_id]
    items = session.exec(
        select(DueItem).where(
            DueItem.plugin == row.plugin,
            DueItem.entity == row.entity,
            DueItem.entity_id == row.entity_id,
        )
    ).all()
    found: set[int] = set()
    for item in items:
        found.update(responsible_ids(session, item))
    if not found and row.org_id is not None:
        tier = next_tier(session, row.org_id, above_depth=None, exclude=set())
        found.update(tier.account_ids if tier else ())
    return sorted(found)


@dataclass
class RecomputeReport:
    """What :func:`recompute_provisional` did."""

    checked: int = 0
    recomputed: int = 0
    moved: int = 0
    notified: int = 0
    still_provisional: int = 0
    collisions: int = 0
    last_id: int = 0
    moved_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "checked": self.checked,
            "recomputed": self.recomputed,
            "moved": self.moved,
            "notified": self.notified,
            "still_provisional": self.still_provisional,
            "collisions": self.collisions,
        }


def recompute_provisional(
    session: Session,
    host: PluginHost | None,
    *,
    now: datetime | None = None,
    entered_years: tuple[int, ...] = (),
    after_id: int = 0,
    limit: int | None = None,
) -> RecomputeReport:
    """Recompute every open provisional deadline whose years are now known. Idempotent.

    For each: the date is computed again with the bureau's rule; the owning plugin gets it
    (``sifa_deadline_recomputed``) to store it and re-sync its due items; the change is
    audited with both dates; when it moved, the responsible staff are told once (the
    notification key names the row and the new date). The row is then resolved, so a
    second run finds nothing to do and sends nothing. ``after_id``/``limit`` take one batch
    (rows after that id); ``report.last_id`` is where the next batch starts.
    """
    now = now or datetime.now(UTC)
    report = RecomputeReport()
    calendar = load_calendar(session)
    # Rows are locked while they are recomputed: a second run at the same time (the job
    # started on entry and the nightly one) skips them instead of telling people twice.
    rows = session.exec(
        select(ProvisionalDeadline)
        .where(
            col(ProvisionalDeadline.resolved_at).is_(None),
            col(ProvisionalDeadline.id) > after_id,
        )
        .order_by(col(ProvisionalDeadline.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    for row in rows:
        report.checked += 1
        report.last_id = int(row.id or 0)
        years = _years(row)
        owner = host.get(row.plugin) if host is not None else None
        if not all(calendar.is_known_year(y) for y in years) or (
            host is not None and (owner is None or not owner.loaded)
        ):
            report.still_provisional += 1  # unknown year, or its module is not running
            continue
        try:
            due = due_date(session, row.rule_code, row.start_on, row.org_id, calendar=calendar)
        except (UnknownDeadlineRule, LookupError):
            log.warning(
                "provisional deadline %s: rule %s no longer declared", row.id, row.rule_code
            )
            report.still_provisional += 1
            continue
        new = due.due.date() if isinstance(due.due, datetime) else due.due
        old = row.due_on
        row.resolved_at, row.final_due_on = now, new
        row.version += 1
        row.updated_at = now
        session.add(row)
        session.flush()
        applied = host is None
        if host is not None:
            for answer in host.call_collect(
                "sifa_deadline_recomputed",
                only={row.plugin},
                session=session,
                deadline=row,
                due=due,
            ):
                applied = applied or bool(answer.value)
                # A plugin whose period is not the plain rule (a paused clock) answers
                # the date it computed itself.
                if isinstance(answer.value, date):
                    new = answer.value
                    row.final_due_on = new
        if not applied:  # the record is gone (or the plugin cannot take it): nobody to tell
            continue
        if due.provisional:  # a later year is still unknown: stays provisional
            track_due(
                session,
                row,
                row.key,
                due,
                label_zh=row.label_zh,
                label_en=row.label_en,
                account_id=row.account_id,
                url=row.url,
                against_citizen=row.against_citizen,
            )
            report.still_provisional += 1
        report.recomputed += 1
        record_event(
            session,
            "deadline_recomputed",
            entity=f"{row.plugin}.{row.entity}",
            entity_id=row.entity_id,
            org_id=row.org_id,
            details={
                "key": row.key,
                "rule": row.rule_code,
                "provisional_due": old.isoformat(),
                "due": new.isoformat(),
                "years": list(years),
            },
        )
        if new == old:
            continue
        report.moved += 1
        report.moved_ids.append(int(row.id or 0))
        text = moved_text(old, new, years)
        label = row.label_zh or "期限"
        for account_id in _recipients(session, row):
            sent = notify(
                session,
                account_id,
                key=f"deadline_moved:{row.id}:{new.isoformat()}",
                title_zh=f"{label}：{text}",
                title_en=f"{row.label_en or 'Deadline'}: {_moved_text_en(old, new, years)}",
                body_zh=text,
                body_en=_moved_text_en(old, new, years),
                url=row.url,
                kind="deadline_moved",
                now=now,
            )
            report.notified += 1 if sent is not None else 0
    session.flush()
    if host is not None:
        for year in entered_years:
            if not calendar.is_known_year(year):
                continue
            for result in host.call_collect(
                "sifa_holiday_schedule_entered", session=session, year=year
            ):
                report.collisions += int(result.value or 0)
        session.flush()
    return report


BATCH = 200  # deadlines per transaction: a killed run loses little and simply carries on


def _recompute_job(context: JobContext) -> dict[str, Any]:
    year = context.params.get("year")
    entered = (int(year),) if isinstance(year, int) else ()
    total: dict[str, Any] = {}
    after = 0
    while True:
        with context.session() as session:
            report = recompute_provisional(
                session, context.host, now=context.slot, after_id=after, limit=BATCH
            )
        for key, value in report.as_dict().items():
            total[key] = total.get(key, 0) + value
        if report.checked < BATCH:
            break
        after = report.last_id
        context.progress(total["checked"], None, "暂定期限重算中")
    with context.session() as session:  # the plans made on the ordinary week, once
        planned = recompute_provisional(
            session, context.host, now=context.slot, entered_years=entered, limit=0
        )
    total["collisions"] = planned.collisions
    return total


RECOMPUTE_JOB = Job(
    name="core.recompute_provisional",
    fn=_recompute_job,
    description_zh="节假日安排录入后重算全部暂定期限，期限变动时通知责任人",
    description_en="Recompute every provisional deadline once a year's holiday schedule is known",
)
RECOMPUTE_PERIODIC_JOB = PeriodicJob(
    name="core.recompute_provisional_nightly",
    schedule="35 1 * * *",
    actor=_recompute_job,
    description_zh="每晚检查暂定期限（节假日安排可能已由软件包更新提供）",
    description_en="Nightly check of provisional deadlines (a package update may know the year)",
)
