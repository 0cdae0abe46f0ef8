"""Maintained aggregates (指标汇总表): per indicator, period and organisation, the counts.

Every figure on the dashboard, scorecard, assessment, monthly report and trend is a sum of
per-organisation ``(numerator, denominator)`` rows that an indicator's query returns for a
period (see :mod:`core.indicators.engine`). Asking every plugin's query again for every page
view made a county dashboard cost 163 statements and seconds at provincial volume. Like
DHIS2's analytics tables, the core therefore keeps those rows: table ``indicator_aggregate``
holds, for each indicator, period (month, quarter or year, as the indicator is evaluated) and
organisation, the exact numerator and denominator; ``indicator_aggregate_period`` says which
``(indicator, period)`` pairs are materialised, when they were computed, and whether they are
frozen.

How they are kept (the design choice, also in docs/indicators.md):

* **A catch-up job, not the writing transaction.** The periodic job ``core.indicators_catch_up``
  runs every minute. When the audit log has grown since its last run (every change is
  audited, so the log's last id is a free "something changed" signal with no extra write on
  the hot path), it recomputes what the new audit records moved
  (:mod:`core.indicators.touched`): for an indicator that declares its ``placements``, only
  the periods containing the changed rows' dates (before and after) and only those rows'
  organisations; otherwise, as before, every unfrozen period of the *open window* (this
  month back to the start of last year) when its plugin's or a core table changed. Each
  period is computed by the indicator's own query in a read transaction and written in a
  short write transaction (:func:`refresh`): SQLite's write lock is never held while a
  plugin's query runs. Figures are at most about a minute behind the records. Keeping them
  in the writing transaction would add a write to a hot row on every save, and would not
  cover third-party plugins' indicators, whose queries the core cannot see into.
* **Exactly the raw figures.** A materialised row is what :func:`core.indicators.engine.collect`
  returns for that period over every organisation, stored as exact fractions; pages sum it
  over a subtree and divide last, so the pooled rule is unchanged. ``sifa indicators rebuild``
  recomputes from scratch; a property test compares the two with the raw computation.
* **Frozen periods stay frozen.** When a period leaves the open window it is marked frozen at
  the next catch-up: its figures are final and no later edit of an old record changes them
  (as with closed assessment periods). ``rebuild`` leaves frozen periods alone unless asked
  (``--include-frozen``), which is audited.
* **Every plugin's indicators**, third-party ones included: nothing is asked of a plugin
  beyond its ``sifa_indicators`` declaration. An indicator whose query fails is logged and
  left unmaterialised, and pages compute it live as before.

Reads (:func:`prefetch`, :func:`subtree_counts`) use the aggregates when the pair is
materialised and fall back to the live query otherwise, so an empty table (a new
installation, a test database) behaves exactly as before.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from fractions import Fraction
from typing import Any

from sqlalchemy import BigInteger, Column, delete, event, func, insert, select, tuple_, update
from sqlmodel import Field, Session, SQLModel, col

from core.indicators.definitions import Indicator
from core.indicators.periods import Period, PeriodType
from core.indicators.touched import Plan, plan_changes
from core.orgs.history import counted_ids_select
from core.orgs.models import OrgUnit

__all__ = [
    "AggregatePeriod",
    "CatchUpCursor",
    "IndicatorAggregate",
    "catch_up",
    "materialise",
    "open_window",
    "prefetch",
    "prefetch_pairs",
    "rebuild",
    "refresh",
    "subtree_counts",
]

log = logging.getLogger(__name__)

#: ``session.info`` key of the per-session memo of counts already read (cleared on flush).
MEMO = "sifa.indicator_counts"
#: ``session.info`` key of the materialised-pairs memo.
STATES = "sifa.indicator_states"
#: Derived figures, recomputed from audited records: auditing them would only repeat the
#: records' own audit trail (and make every catch-up look like a change to the next).
NOT_AUDITED = {"info": {"audit": False}}
_BEIJING = timezone(timedelta(hours=8))
#: Rows inserted per statement when an aggregate is written.
BATCH = 5000


class IndicatorAggregate(SQLModel, table=True):
    """One organisation's counts of one indicator in one period (exact fraction text)."""

    __tablename__ = "indicator_aggregate"
    __table_args__ = NOT_AUDITED

    indicator: str = Field(max_length=80, primary_key=True)
    period: str = Field(max_length=10, primary_key=True)  # str(Period): 2026-10, 2026Q4, 2026
    org_id: int = Field(primary_key=True)
    numerator: str = Field(max_length=80)
    denominator: str = Field(max_length=80)


class AggregatePeriod(SQLModel, table=True):
    """A materialised ``(indicator, period)``: when computed, and whether final (frozen)."""

    __tablename__ = "indicator_aggregate_period"
    __table_args__ = NOT_AUDITED

    indicator: str = Field(max_length=80, primary_key=True)
    period: str = Field(max_length=10, primary_key=True)
    computed_at: datetime
    frozen: bool = False


# -- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Key:
    indicator: str
    org_id: int
    period: str


def _memo(session: Session) -> dict[_Key, dict[int, Any]]:
    return session.info.setdefault(MEMO, {})  # type: ignore[no-any-return]


@event.listens_for(Session, "after_flush")
def _forget(session: Session, _context: Any) -> None:
    """Counts read before a write may be stale after it: drop the memo."""
    session.info.pop(MEMO, None)
    session.info.pop(STATES, None)
    session.info.pop("sifa.org_paths", None)


def _materialised(session: Session, pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
    known: dict[tuple[str, str], bool] = session.info.setdefault(STATES, {})
    missing = [p for p in pairs if p not in known]
    if missing:
        found: set[tuple[str, str]] = set()
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            t = AggregatePeriod.__table__  # type: ignore[attr-defined]
            found.update(
                (a, b)
                for a, b in session.execute(
                    select(t.c.indicator, t.c.period).where(
                        tuple_(t.c.indicator, t.c.period).in_(chunk)
                    )
                ).all()
            )
        for pair in missing:
            known[pair] = pair in found
    return {p for p in pairs if known[p]}


def prefetch(
    session: Session,
    indicators: Iterable[Indicator],
    org: OrgUnit,
    periods: Iterable[Period],
) -> None:
    """Read the counts of *indicators* × *periods* in *org*'s subtree in one statement.

    A page section (a scorecard, a trend of 12 months, a report sheet) calls this first; the
    engine's reads then come from the session's memo. Pairs that are not materialised are
    left for the engine to compute live.
    """
    periods = list(periods)
    prefetch_pairs(session, org, [(ind, ind.period_for(p)) for ind in indicators for p in periods])


def prefetch_pairs(
    session: Session, org: OrgUnit, pairs: Iterable[tuple[Indicator, Period]]
) -> None:
    """:func:`prefetch` for explicit ``(indicator, evaluated period)`` pairs."""
    from core.indicators.engine import Counts

    memo = _memo(session)
    wanted = {
        (ind.code, str(p))
        for ind, p in pairs
        if _Key(ind.code, org.id, str(p)) not in memo  # type: ignore[arg-type]
    }
    ready = _materialised(session, wanted) if wanted else set()
    if not ready:
        return
    found: dict[tuple[str, str], dict[int, Counts]] = {pair: {} for pair in ready}
    t = IndicatorAggregate.__table__  # type: ignore[attr-defined]
    rows = session.execute(
        select(t.c.indicator, t.c.period, t.c.org_id, t.c.numerator, t.c.denominator).where(
            tuple_(t.c.indicator, t.c.period).in_(sorted(ready)),
            t.c.org_id.in_(counted_ids_select(session, org)),
        )
    ).all()
    for code, period, org_id, numerator, denominator in rows:
        found[(code, period)][org_id] = Counts(_fraction(numerator), _fraction(denominator))
    for (code, period), per_org in found.items():
        memo[_Key(code, org.id, period)] = per_org  # type: ignore[arg-type]


def _fraction(text: str) -> Fraction:
    """The stored exact text as a fraction; whole numbers (nearly all counts) without
    ``Fraction``'s string parsing, which was a tenth of a province dashboard."""
    digits = text[1:] if text[:1] == "-" else text
    return Fraction(int(text)) if digits.isdigit() else Fraction(text)


def subtree_counts(
    session: Session, indicator: Indicator, org: OrgUnit, period: Period
) -> dict[int, Any] | None:
    """Per-organisation counts of *indicator* in *org*'s subtree for the (effective)
    *period* from the aggregates, or None when that pair is not materialised."""
    key = _Key(indicator.code, org.id, str(period))  # type: ignore[arg-type]
    memo = _memo(session)
    if key not in memo:
        prefetch(session, [indicator], org, [period])
    return memo.get(key)


def remember(
    session: Session, indicator: Indicator, org: OrgUnit, period: Period, per_org: dict[int, Any]
) -> None:
    """Keep counts computed live for the rest of the session (the same page asks again)."""
    _memo(session)[_Key(indicator.code, org.id, str(period))] = per_org  # type: ignore[arg-type]


# -- writing --------------------------------------------------------------------------------


def _all_orgs() -> Any:
    return select(OrgUnit.id)


def _rows(
    session: Session, indicator: Indicator, period: Period, orgs: set[int] | None
) -> list[dict[str, Any]]:
    """The aggregate rows of *indicator* for *period*: every organisation, or *orgs*."""
    from core.indicators.engine import collect

    assert indicator.period_for(period) == period, (indicator.code, period)
    scope = _all_orgs() if orgs is None else select(OrgUnit.id).where(col(OrgUnit.id).in_(orgs))
    per_org = collect(session, indicator, scope, period)
    return [
        {
            "indicator": indicator.code,
            "period": str(period),
            "org_id": org_id,
            "numerator": str(counts.numerator),
            "denominator": str(counts.denominator),
        }
        for org_id, counts in per_org.items()
        if orgs is None or org_id in orgs
    ]


def _store(
    session: Session,
    indicator: Indicator,
    period: Period,
    rows: list[dict[str, Any]],
    orgs: set[int] | None,
    stamp: datetime,
) -> None:
    """Replace the stored rows of (*indicator*, *period*) — all, or those of *orgs*."""
    t = IndicatorAggregate.__table__  # type: ignore[attr-defined]
    code, text = indicator.code, str(period)
    gone = delete(t).where(t.c.indicator == code, t.c.period == text)
    if orgs is None:
        session.execute(gone)
    else:
        ordered = sorted(orgs)
        for start in range(0, len(ordered), BATCH):
            session.execute(gone.where(t.c.org_id.in_(ordered[start : start + BATCH])))
    for start in range(0, len(rows), BATCH):
        session.execute(insert(t), rows[start : start + BATCH])
    state = session.get(AggregatePeriod, (code, text))
    if state is None:
        session.add(AggregatePeriod(indicator=code, period=text, computed_at=stamp))
    else:
        state.computed_at = stamp
    session.flush()


def materialise(
    session: Session, indicator: Indicator, period: Period, *, now: datetime | None = None
) -> int:
    """Compute *indicator* for *period* over every organisation and store the rows in
    *session*'s transaction (the caller's). Returns the number of rows written."""
    rows = _rows(session, indicator, period, None)
    _store(session, indicator, period, rows, None, now or datetime.now(UTC))
    return len(rows)


def refresh(
    engine: Any,
    indicator: Indicator,
    period: Period,
    orgs: set[int] | None = None,
    *,
    now: datetime | None = None,
) -> int:
    """Recompute (*indicator*, *period*) — for *orgs* only when the pair is already
    materialised — reading in one transaction and writing in another.

    The plugin's query runs in a read-only transaction; only the delete and insert of the
    rows take SQLite's write lock (begun at once, so it waits its turn rather than
    failing), which every request shares: it is never held while a query aggregates.
    A change committed in between has a later audit id than the catch-up's cursor and is
    picked up by the next run. Returns the number of rows written.
    """
    from core.audit.chain import begin_write
    from core.db import session_scope

    with Session(engine) as session:
        if orgs is not None and not _materialised_now(session, indicator.code, str(period)):
            orgs = None
        rows = _rows(session, indicator, period, orgs)
        session.rollback()
    with session_scope(engine) as session:
        begin_write(session.connection())
        _store(session, indicator, period, rows, orgs, now or datetime.now(UTC))
    return len(rows)


def _materialised_now(session: Session, code: str, text: str) -> bool:
    t = AggregatePeriod.__table__  # type: ignore[attr-defined]
    found = session.execute(
        select(t.c.indicator).where(t.c.indicator == code, t.c.period == text)
    ).first()
    return found is not None


def _periods_between(first: Period, last: Period, kind: PeriodType) -> list[Period]:
    start, end = first.enclosing(kind), last.enclosing(kind)
    found = [start]
    while found[-1] < end:
        found.append(found[-1].next())
    return found


def open_window(today: date) -> tuple[Period, Period]:
    """The months whose figures are still maintained: from January of last year to now."""
    last = Period.containing(today, PeriodType.MONTH)
    return Period(today.year - 1, PeriodType.MONTH, 1), last


def evaluated_periods(indicator: Indicator, first: Period, last: Period) -> list[Period]:
    """Every period of every kind from *first* to *last* (months) as *indicator* is
    evaluated over it (an annual indicator asked for a month is the year)."""
    seen: dict[str, Period] = {}
    for kind in (PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR):
        for p in _periods_between(first, last, kind):
            effective = indicator.period_for(p)
            seen.setdefault(str(effective), effective)
    return sorted(seen.values(), key=lambda p: (p.start, -p.kind.months))


def _frozen(session: Session, codes: Sequence[str]) -> set[tuple[str, str]]:
    t = AggregatePeriod.__table__  # type: ignore[attr-defined]
    return {
        (a, b)
        for a, b in session.execute(
            select(t.c.indicator, t.c.period).where(t.c.frozen.is_(True), t.c.indicator.in_(codes))
        ).all()
    }


def rebuild(
    engine: Any,
    indicators: Sequence[Indicator],
    first: Period,
    last: Period,
    *,
    include_frozen: bool = False,
    now: datetime | None = None,
) -> dict[str, int]:
    """Recompute the aggregates of *indicators* for every period from *first* to *last*
    (months), each period read in one transaction and written in another
    (:func:`refresh`): on SQLite the write lock, which every request shares, is held for
    one period's rows, never while a query runs. Frozen periods are kept unless *include_frozen*. Returns rows written
    per indicator (-1: its query failed)."""
    from core.db import session_scope

    written: dict[str, int] = {}
    for indicator in indicators:
        try:
            with session_scope(engine) as session:
                frozen = set() if include_frozen else _frozen(session, [indicator.code])
            total = 0
            for period in evaluated_periods(indicator, first, last):
                if (indicator.code, str(period)) in frozen:
                    continue
                total += refresh(engine, indicator, period, now=now)
            written[indicator.code] = total
        except Exception:  # a plugin's broken query must not stop the others
            log.exception("indicator %s: aggregates not rebuilt", indicator.code)
            written[indicator.code] = -1
    return written


def freeze_before(session: Session, first_open: Period) -> int:
    """Mark every materialised period that ended before *first_open* frozen."""
    t = AggregatePeriod.__table__  # type: ignore[attr-defined]
    stale = [
        (code, text)
        for code, text in session.execute(
            select(t.c.indicator, t.c.period).where(t.c.frozen.is_(False))
        ).all()
        if Period.parse(text).end <= first_open.start
    ]
    for code, text in stale:
        session.execute(
            update(t).where(t.c.indicator == code, t.c.period == text).values(frozen=True)
        )
    return len(stale)


class CatchUpCursor(SQLModel, table=True):
    """How far the catch-up has read the audit log (one row, ``id`` 1)."""

    __tablename__ = "indicator_catch_up"
    __table_args__ = NOT_AUDITED

    id: int = Field(default=1, primary_key=True)
    audit_id: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    finished_at: datetime | None = None


def _audit_head(session: Session) -> int:
    from core.audit.models import AuditRecord

    head = session.execute(select(func.coalesce(func.max(col(AuditRecord.id)), 0))).scalar_one()
    return int(head)


def _periods_to_refresh(
    indicator: Indicator,
    plan: Plan,
    window: list[Period],
    states: dict[tuple[str, str], bool],
) -> dict[Period, set[int] | None]:
    """The unfrozen periods of the window to recompute, each for its touched orgs
    (``None``: all): the whole window, or the periods containing the touched days — plus
    any period of the window not materialised yet (a month that just entered it)."""
    found: dict[Period, set[int] | None] = {}

    def add(period: Period, orgs: set[int] | None) -> None:
        if states.get((indicator.code, str(period))):  # frozen
            return
        known = found.get(period, set())
        found[period] = None if known is None or orgs is None else known | orgs

    if plan.whole:
        for period in window:
            add(period, None)
    else:
        inside = set(window)  # a quarter or year of the window may reach past its months
        for day, orgs in plan.days.items():
            for kind in (PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR):
                period = indicator.period_for(Period.containing(day, kind))
                if period in inside:
                    add(period, orgs)
    for period in window:
        if (indicator.code, str(period)) not in states:
            add(period, None)
    return found


def _states(session: Session, codes: Sequence[str]) -> dict[tuple[str, str], bool]:
    """Every materialised ``(indicator, period)`` of *codes*: frozen or not."""
    t = AggregatePeriod.__table__  # type: ignore[attr-defined]
    return {
        (a, b): bool(f)
        for a, b, f in session.execute(
            select(t.c.indicator, t.c.period, t.c.frozen).where(t.c.indicator.in_(codes))
        ).all()
    }


def catch_up(
    engine: Any,
    indicators: Sequence[Indicator],
    today: date,
    *,
    now: datetime | None = None,
    force: bool = False,
) -> dict[str, Any]:
    """Bring the open window's aggregates up to date (the every-minute job's work).

    Does nothing when the audit log has not grown since the last catch-up (and *force* is
    off). Periods that left the window are frozen first. Then, per indicator, what the
    audit records since the cursor moved (:func:`core.indicators.touched.plan_changes`):
    for an indicator that declares its placements, only the periods containing the changed
    rows' dates, for their organisations; otherwise the whole window when its plugin's (or
    a core) table changed. Periods of the window never materialised are filled in too.
    Each period is read in one transaction and written in a short other one
    (:func:`refresh`). The cursor is the audit id read *before* recomputing, so a change
    committed meanwhile is picked up by the next run.
    """
    from core.db import session_scope

    first, last = open_window(today)
    codes = [i.code for i in indicators]
    with session_scope(engine) as session:
        frozen = freeze_before(session, first)  # a period that left the window is final
        head = _audit_head(session)
        cursor = session.get(CatchUpCursor, 1)
        if not force and cursor is not None and cursor.audit_id == head:
            return {"changed": False, "frozen": frozen, "indicators": 0}
        if force or cursor is None:
            plans = {code: Plan(whole=True) for code in codes}
        else:
            plans = plan_changes(session, indicators, cursor.audit_id, head)
        states = _states(session, codes)
    written: dict[str, int] = {}
    periods = 0
    for indicator in indicators:
        window = evaluated_periods(indicator, first, last)
        todo = _periods_to_refresh(indicator, plans.get(indicator.code, Plan()), window, states)
        if not todo:
            continue
        try:
            written[indicator.code] = sum(
                refresh(engine, indicator, period, orgs, now=now)
                for period, orgs in sorted(todo.items(), key=lambda item: item[0].start)
            )
            periods += len(todo)
        except Exception:  # a plugin's broken query must not stop the others
            log.exception("indicator %s: aggregates not caught up", indicator.code)
            written[indicator.code] = -1
    with session_scope(engine) as session:
        cursor = session.get(CatchUpCursor, 1) or CatchUpCursor(id=1)
        cursor.audit_id = head
        cursor.finished_at = now or datetime.now(UTC)
        session.add(cursor)
    return {
        "changed": True,
        "frozen": frozen,
        "indicators": len(written),
        "periods": periods,
        "rows": written,
    }


# -- the job and the command ----------------------------------------------------------------


def registered_indicators(host: Any, plugin: str | None = None) -> list[Indicator]:
    from core.indicators.registry import catalogue

    found = catalogue(host).indicators.values()
    return sorted((i for i in found if plugin is None or i.plugin == plugin), key=lambda i: i.code)


def catch_up_job(context: Any) -> dict[str, Any]:
    """Periodic (every minute): the open window's aggregates, when anything changed."""
    if context.host is None:
        return {"changed": False}
    moment = context.slot or datetime.now(UTC)
    today = moment.astimezone(_BEIJING).date()
    return catch_up(context.engine, registered_indicators(context.host), today)


def _catch_up_periodic() -> Any:
    from core.scheduling.declarations import PeriodicJob

    return PeriodicJob(
        name="core.indicators_catch_up",
        schedule="* * * * *",
        actor=catch_up_job,
        description_zh="每分钟更新指标汇总表（有数据变动时；本年和上年的各期）",
        description_en="Every minute: bring the indicator aggregates of this and last year "
        "up to date (when anything changed)",
        max_attempts=1,
    )


CATCH_UP_JOB = _catch_up_periodic()
