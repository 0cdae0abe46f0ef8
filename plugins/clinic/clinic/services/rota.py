"""The rota (排班表): plan a month with the solver, and check every hand edit against the
same rules (定时·定人). A change that clashes is refused with the reason, never saved."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, delete, select

from clinic.codes import SessionStatus
from clinic.errors import ClinicError, Conflict, Message
from clinic.models import (
    ClinicProvider,
    ClinicRoom,
    ClinicSession,
    ClinicSwapRequest,
    ClinicUnavailability,
)
from clinic.planner import (
    BEIJING,
    BusySpan,
    ClinicSpec,
    FixedSession,
    Plan,
    PlanProblem,
    ProviderSpec,
    month_days,
    solve,
)
from clinic.services.due import sync_session_due
from core.api import (
    N_,
    OrgType,
    OrgUnit,
    StaleRecord,
    busy_periods,
    load_calendar,
    lock_for_change,
    subtree_predicate,
    touch,
)

__all__ = [
    "MonthDraft",
    "RotaChanged",
    "bureau_of",
    "claim_rota",
    "clinics_under",
    "draft_month",
    "holiday_collisions",
    "move_session",
    "plan_month",
    "providers_for",
    "provisional_plan_note",
    "rota_stamp",
    "save_month",
    "session_conflicts",
    "station_of",
]

LIVE = (SessionStatus.SCHEDULED, SessionStatus.HELD, SessionStatus.NO_SHOW)


def _ancestor(session: Session, org_id: int, kind: OrgType) -> OrgUnit | None:
    org = session.get(OrgUnit, org_id)
    while org is not None and org.type != kind:
        org = session.get(OrgUnit, org.parent_id) if org.parent_id else None
    return org


def station_of(session: Session, org_id: int) -> int | None:
    found = _ancestor(session, org_id, OrgType.STATION)
    return found.id if found else None


def bureau_of(session: Session, org_id: int) -> int | None:
    found = _ancestor(session, org_id, OrgType.BUREAU)
    return found.id if found else None


def clinics_under(session: Session, org_id: int) -> list[ClinicRoom]:
    org = session.get(OrgUnit, org_id)
    if org is None:
        return []
    return list(
        session.exec(
            select(ClinicRoom)
            .join(OrgUnit, OrgUnit.id == ClinicRoom.org_id)  # type: ignore[arg-type]
            .where(subtree_predicate(org.path), col(ClinicRoom.active).is_(True))
            .order_by(ClinicRoom.id)
            .execution_options(populate_existing=True)
        ).all()
    )


def providers_for(session: Session, org_id: int) -> list[ClinicProvider]:
    """The providers who may serve clinics at *org_id*: the whole bureau's roster."""
    bureau = bureau_of(session, org_id) or org_id
    org = session.get(OrgUnit, bureau)
    assert org is not None
    return list(
        session.exec(
            select(ClinicProvider)
            .join(OrgUnit, OrgUnit.id == ClinicProvider.org_id)  # type: ignore[arg-type]
            .where(subtree_predicate(org.path), col(ClinicProvider.active).is_(True))
            .order_by(ClinicProvider.id)
            .execution_options(populate_existing=True)
        ).all()
    )


def _month_span(year: int, month: int) -> tuple[datetime, datetime]:
    days = month_days(year, month)
    start = datetime.combine(days[0], datetime.min.time(), BEIJING)
    return start, start + timedelta(days=len(days))


def _foreign_busy(
    session: Session,
    host: Any,
    providers: Sequence[ClinicProvider],
    start: datetime,
    end: datetime,
) -> dict[str, list[BusySpan]]:
    """Commitments other modules report (duty-lawyer shifts …), by practice number."""
    numbers = {p.practice_number for p in providers}
    found: dict[str, list[BusySpan]] = {}
    if host is None or not numbers:
        return found
    for period in busy_periods(session, host, start, end, numbers):
        if period.source == "clinic":
            continue
        found.setdefault(period.practice_number, []).append(
            BusySpan(period.start, period.end, period.label)
        )
    return found


def _usual_providers(
    session: Session,
    clinics: Sequence[ClinicRoom],
    before: date,
    earlier: Sequence[MonthDraft] = (),
) -> dict[int, int]:
    """定人: the set usual provider, else whoever sat most often in the three months before.

    *earlier*: months of the same request planned but not saved yet (a quarter is planned
    month by month before anything is written); their plans stand in for the sessions they
    will replace."""
    usual = {c.id: c.usual_provider_id for c in clinics if c.usual_provider_id}
    ids = [c.id for c in clinics]
    since = before - timedelta(days=92)
    replaced = {i for draft in earlier for i in draft.replan_ids}
    rows = [
        (clinic_id, provider_id)
        for row_id, clinic_id, provider_id in session.exec(
            select(ClinicSession.id, ClinicSession.clinic_id, ClinicSession.provider_id).where(
                col(ClinicSession.clinic_id).in_(ids),
                ClinicSession.day < before,
                ClinicSession.day >= since,
                col(ClinicSession.status).in_(LIVE),
            )
        ).all()
        if row_id not in replaced
    ]
    rows += [
        (a.clinic_id, a.provider_id)
        for draft in earlier
        for a in draft.plan.assignments
        if a.clinic_id in ids and since <= a.day < before
    ]
    counts: dict[int, dict[int, int]] = {}
    for clinic_id, provider_id in rows:
        counts.setdefault(clinic_id, {}).setdefault(provider_id, 0)
        counts[clinic_id][provider_id] += 1
    for clinic_id, by_provider in counts.items():
        if clinic_id not in usual:
            usual[clinic_id] = max(sorted(by_provider), key=lambda p: by_provider[p])
    return usual  # type: ignore[return-value]


def _calendar(session: Session, year: int) -> tuple[Any, bool]:
    """The calendar to plan on, and whether the plan is provisional (暂定).

    A month in a year whose holiday schedule is not entered is planned on the ordinary
    week (Mon–Fri), so December's door signs can announce January; the plan says it is
    provisional and is re-checked against the holidays when the schedule is entered.
    """
    calendar = load_calendar(session)
    if calendar.is_known_year(year):
        return calendar, False
    return calendar.provisional(), True


class RotaChanged(StaleRecord):
    """The rota changed between the page (or the planning) and the save: someone planned or
    edited the month, or this very form was sent twice. 409; nothing saved."""

    def __init__(self) -> None:
        self.entity = "ClinicSession"
        self.record_id = None
        self.expected = 0
        self.current = 0
        self.message = "排班已变动（他人刚排过或调整过，或重复提交），请刷新页面后再排"
        self.message_en = (
            "The rota changed meanwhile (planned or edited by someone, or sent twice); "
            "reload the page and plan again"
        )
        Exception.__init__(self, self.message)


@dataclass
class _Inputs:
    """What the planner reads for one month: the problem, and the rows it replaces."""

    problem: PlanProblem
    replan: list[ClinicSession]
    clinics: dict[Any, ClinicRoom]
    provisional: bool

    def key(self) -> tuple[Any, ...]:
        """Everything a plan's validity depends on (the hard rules and the rows it replaces;
        not the usual providers, a preference), to compare before saving a plan."""
        p = self.problem
        return (
            tuple(replace(c, usual_provider_id=None) for c in p.clinics),
            tuple(p.providers),
            tuple(sorted((f.day, f.clinic_id, f.provider_id) for f in p.fixed)),
            tuple(p.is_workday(d) for d in month_days(p.year, p.month)),
            self.provisional,
            tuple(
                sorted(
                    (s.id, s.version, s.clinic_id, s.day, s.provider_id, s.status)
                    for s in self.replan
                )
            ),
        )


@dataclass
class MonthDraft:
    """A month planned but not saved: :func:`save_month` writes it if nothing changed."""

    org_id: int
    year: int
    month: int
    plan: Plan
    replan_ids: frozenset[int]
    key: tuple[Any, ...]


def _inputs(
    session: Session,
    host: Any,
    org_id: int,
    year: int,
    month: int,
    *,
    time_limit: float = 6.0,
    earlier: Sequence[MonthDraft] = (),
    usual: bool = True,
) -> _Inputs:
    calendar, provisional = _calendar(session, year)
    clinics = clinics_under(session, org_id)
    providers = providers_for(session, org_id)
    start, end = _month_span(year, month)
    days = month_days(year, month)
    ids = [c.id for c in clinics]
    existing = session.exec(
        select(ClinicSession)
        .where(
            ClinicSession.day >= days[0],
            ClinicSession.day <= days[-1],
            col(ClinicSession.provider_id).in_([p.id for p in providers]),
            col(ClinicSession.status).in_(LIVE),
        )
        .execution_options(populate_existing=True)
    ).all()
    replan = [s for s in existing if s.clinic_id in ids and s.status == SessionStatus.SCHEDULED]
    fixed = [s for s in existing if s not in replan]
    away: dict[int, set[date]] = {}
    for provider_id, day in session.exec(
        select(ClinicUnavailability.provider_id, ClinicUnavailability.day).where(
            ClinicUnavailability.day >= days[0], ClinicUnavailability.day <= days[-1]
        )
    ):
        away.setdefault(provider_id, set()).add(day)
    busy = _foreign_busy(session, host, providers, start, end)
    usual_of = _usual_providers(session, clinics, days[0], earlier) if usual else {}
    stations = {c.id: station_of(session, c.org_id) for c in clinics}
    problem = PlanProblem(
        year=year,
        month=month,
        clinics=[
            ClinicSpec(
                id=c.id,  # type: ignore[arg-type]
                name=c.name,
                station_id=stations[c.id],
                sessions=c.sessions_per_month,
                preferred_weekday=c.preferred_weekday,
                usual_provider_id=usual_of.get(c.id),  # type: ignore[arg-type]
                starts_at=c.starts_at,
                ends_at=c.ends_at,
            )
            for c in clinics
        ],
        providers=[
            ProviderSpec(
                id=p.id,  # type: ignore[arg-type]
                name=p.name,
                station_id=station_of(session, p.org_id),
                max_sessions=p.max_sessions_per_month,
                unavailable=frozenset(away.get(p.id, set())),  # type: ignore[arg-type]
                busy=tuple(busy.get(p.practice_number, ())),
            )
            for p in providers
        ],
        is_workday=calendar.is_workday,
        fixed=[FixedSession(s.clinic_id, s.day, s.provider_id) for s in fixed],
        time_limit=time_limit,
    )
    return _Inputs(problem, replan, {c.id: c for c in clinics}, provisional)


def draft_month(
    session: Session,
    host: Any,
    org_id: int,
    year: int,
    month: int,
    *,
    time_limit: float = 6.0,
    earlier: Sequence[MonthDraft] = (),
) -> MonthDraft:
    """Plan every clinic under *org_id* for the month, writing nothing.

    Only reads, so a page plans without holding a write lock (on SQLite the solver's
    seconds would otherwise keep every other writer waiting past its busy timeout); the
    draft remembers what it was planned on, and :func:`save_month` writes it. *earlier*:
    the months before it in the same request, planned but not saved yet.
    Raises :class:`clinic.planner.Infeasible` when no rota fits.
    """
    inputs = _inputs(session, host, org_id, year, month, time_limit=time_limit, earlier=earlier)
    plan = solve(inputs.problem)
    if inputs.provisional:
        plan.provisional_years = (year,)  # the rota page and the door sign say 暂定
    return MonthDraft(
        org_id,
        year,
        month,
        plan,
        frozenset(s.id for s in inputs.replan if s.id is not None),
        inputs.key(),
    )


def save_month(session: Session, host: Any, draft: MonthDraft) -> Plan:
    """Write a drafted month: sessions already held (or marked no-show) stay, scheduled ones
    are replaced by the plan's. Short: the month's inputs are read again and compared with
    what the draft was planned on; any change (a provider's day off, a session moved, the
    month planned by someone else) raises :class:`RotaChanged` (409) and saves nothing.
    Call it under the write lock (:func:`claim_rota`), after planning."""
    inputs = _inputs(session, host, draft.org_id, draft.year, draft.month, usual=False)
    if inputs.key() != draft.key:
        raise RotaChanged()
    _replace(session, inputs.replan, draft.plan, inputs.clinics)
    return draft.plan


def plan_month(
    session: Session,
    host: Any,
    org_id: int,
    year: int,
    month: int,
    *,
    time_limit: float = 6.0,
) -> Plan:
    """Plan every clinic under *org_id* for the month and save the sessions (the demo, a
    command: one caller, nothing to wait for). Pages draft first, then claim and save.

    Sessions already held (or marked no-show) stay; scheduled ones are planned afresh.
    Sessions of the same providers at clinics outside *org_id* are kept and respected.
    Raises :class:`clinic.planner.Infeasible` (nothing saved) when no rota fits.
    """
    draft = draft_month(session, host, org_id, year, month, time_limit=time_limit)
    return save_month(session, host, draft)


def rota_stamp(session: Session, org_id: int, year: int, month: int) -> str:
    """A short fingerprint of the sessions at the clinics under *org_id* from the month's
    first day to the end of the quarter it begins (what a month's or a quarter's planning
    replaces): the rota page's planner form carries it, and a plan posted from an older
    page (someone planned or edited since, or the same form sent twice) is refused."""
    org = session.get(OrgUnit, org_id)
    if org is None:
        return ""
    first = date(year, month, 1)
    last = first
    for _ in range(3):
        last = (last.replace(day=28) + timedelta(days=4)).replace(day=1)
    rows = session.exec(
        select(
            ClinicSession.id,
            ClinicSession.version,
            ClinicSession.status,
            ClinicSession.provider_id,
            ClinicSession.day,
        )
        .join(ClinicRoom, ClinicRoom.id == ClinicSession.clinic_id)  # type: ignore[arg-type]
        .join(OrgUnit, OrgUnit.id == ClinicRoom.org_id)  # type: ignore[arg-type]
        .where(subtree_predicate(org.path), ClinicSession.day >= first, ClinicSession.day < last)
        .order_by(ClinicSession.id)
    ).all()
    return hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()[:16]


def claim_rota(session: Session, org_id: int, year: int, month: int, stamp: str | None) -> None:
    """Before saving a plan: lock the clinics under *org_id* (a concurrent planner of the
    same clinics waits here, then finds the rota changed) and compare the rota with the
    page's *stamp* (``None``: no page, nothing compared). Raises :class:`RotaChanged`."""
    for clinic in clinics_under(session, org_id):
        lock_for_change(session, clinic, None)
    if stamp is not None and rota_stamp(session, org_id, year, month) != stamp:
        raise RotaChanged()


def provisional_plan_note(year: int) -> str:
    """What the rota page and the door sign say about a provisional month."""
    return Message(
        N_(
            "暂定排班：{year}年节假日安排尚未录入，按正常工作周（周一至周五）排班；"
            "录入后将重新核对，与节假日冲突的场次会列出待调整"
        ),
        year=year,
    )


def holiday_collisions(session: Session, rows: Sequence[ClinicSession]) -> list[ClinicSession]:
    """Scheduled sessions that fall on a rest day now that their year's schedule is known."""
    calendar = load_calendar(session)
    return [
        r
        for r in rows
        if r.status == SessionStatus.SCHEDULED
        and calendar.is_known_year(r.day.year)
        and not calendar.is_workday(r.day)
    ]


def _replace(
    session: Session, old: Sequence[ClinicSession], plan: Plan, clinics: dict[Any, ClinicRoom]
) -> None:
    """Swap the month's scheduled sessions for the plan's, reusing rows where the day holds."""
    by_key = {(s.clinic_id, s.day): s for s in old}
    rows: list[ClinicSession] = []
    for item in plan.assignments:
        row = by_key.get((item.clinic_id, item.day))
        clinic = clinics[item.clinic_id]
        if row is None:
            row = ClinicSession(
                org_id=clinic.org_id,
                clinic_id=clinic.id,  # type: ignore[arg-type]
                provider_id=item.provider_id,
                day=item.day,
                starts_at=clinic.starts_at,
                ends_at=clinic.ends_at,
                status=SessionStatus.SCHEDULED,
            )
        elif row.provider_id != item.provider_id:
            row.provider_id = item.provider_id
            touch(row)
        session.add(row)
        rows.append(row)
    session.flush()  # one round trip for the month's rows, then their due items
    calendar = load_calendar(session)
    for row in rows:
        sync_session_due(session, row, calendar)
    keep = {row.id for row in rows}
    gone = [s.id for s in old if s.id not in keep]
    if gone:
        session.exec(delete(ClinicSwapRequest).where(col(ClinicSwapRequest.session_id).in_(gone)))  # type: ignore[call-overload]
        for row in old:
            if row.id in gone:
                row.status = SessionStatus.CANCELLED
                sync_session_due(session, row)
                session.delete(row)
        session.flush()


def session_conflicts(
    session: Session,
    host: Any,
    row: ClinicSession,
    provider_id: int,
    day: date,
) -> list[str]:
    """Why *row* may not move to *provider_id* on *day* — empty when it may."""
    reasons: list[str] = []
    provider = session.get(ClinicProvider, provider_id)
    clinic = session.get(ClinicRoom, row.clinic_id)
    assert clinic is not None
    if provider is None or not provider.active:
        return [N_("所选律师不在名册中或已停用")]
    # An unknown year is checked on the ordinary week (a provisional plan may be edited).
    if not load_calendar(session).provisional().is_workday(day):
        reasons.append(
            Message(N_("{month}月{day}日是法定节假日或休息日"), month=day.month, day=day.day)
        )
    off = session.exec(
        select(ClinicUnavailability).where(
            ClinicUnavailability.provider_id == provider_id, ClinicUnavailability.day == day
        )
    ).first()
    if off is not None:
        reasons.append(
            Message(
                N_("{name}{month}月{day}日不可用（{reason}）"),
                name=provider.name,
                month=day.month,
                day=day.day,
                reason=off.reason or Message(N_("已登记")),
            )
        )
    elsewhere = session.exec(
        select(ClinicSession, ClinicRoom.name)
        .join(ClinicRoom, ClinicRoom.id == ClinicSession.clinic_id)  # type: ignore[arg-type]
        .where(
            ClinicSession.provider_id == provider_id,
            ClinicSession.day == day,
            ClinicSession.id != row.id,
            col(ClinicSession.status).in_(LIVE),
        )
    ).first()
    if elsewhere is not None:
        reasons.append(
            Message(
                N_("{name}当天已安排在{clinic}接诊，不能同时在两处"),
                name=provider.name,
                clinic=elsewhere[1],
            )
        )
    same_clinic = session.exec(
        select(ClinicSession.id).where(
            ClinicSession.clinic_id == row.clinic_id,
            ClinicSession.day == day,
            ClinicSession.id != row.id,
        )
    ).first()
    if same_clinic is not None:
        reasons.append(Message(N_("{clinic}当天已有一场接诊"), clinic=clinic.name))
    start = datetime.combine(day, clinic.starts_at, BEIJING)
    end = datetime.combine(day, clinic.ends_at, BEIJING)
    for span in _foreign_busy(session, host, [provider], start, end).get(
        provider.practice_number, []
    ):
        if span.start < end and start < span.end:
            reasons.append(
                Message(N_("{name}当时另有安排（{what}）"), name=provider.name, what=span.label)
            )
    days = month_days(day.year, day.month)
    load = session.exec(
        select(ClinicSession.id).where(
            ClinicSession.provider_id == provider_id,
            ClinicSession.day >= days[0],
            ClinicSession.day <= days[-1],
            ClinicSession.id != row.id,
            col(ClinicSession.status).in_(LIVE),
        )
    ).all()
    if len(load) >= provider.max_sessions_per_month:
        reasons.append(
            Message(
                N_("{name}本月已排{count}次，达到每月上限"), name=provider.name, count=len(load)
            )
        )
    return reasons


def move_session(
    session: Session,
    host: Any,
    row: ClinicSession,
    provider_id: int,
    day: date,
    version: int,
) -> None:
    """A hand edit of the rota: checked like the planner's rules, refused with the reasons."""
    lock_for_change(session, row, version)
    if row.status != SessionStatus.SCHEDULED:
        raise ClinicError("已接诊或已标记未到岗的场次不能再调整", "Only scheduled sessions move")
    reasons = session_conflicts(session, host, row, provider_id, day)
    if reasons:
        raise Conflict(reasons)
    row.provider_id = provider_id
    row.day = day
    touch(row)
    session.add(row)
    session.flush()
    sync_session_due(session, row)
