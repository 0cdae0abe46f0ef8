"""Subsidy checks (以案定补核查): the findings inspectors looked for by hand, from the record.

Each check runs over the cases a committee's month counts for the subsidy (see
:mod:`mediation.services.subsidies`) and returns findings, each with the cases behind it:

* ``daily_load`` — one mediator closed more counted cases on one day than the bureau's
  threshold (setting ``subsidy_check_daily_cases``);
* ``repeat_parties`` — the same parties (applicants and respondents) in several cases of the
  committee registered within the bureau's period (``subsidy_check_repeat_days``): one
  dispute split into several claims;
* ``oral_no_session`` — an oral agreement (口头协议) without any session record (调解记录),
  so nothing on file shows the mediation happened;
* ``quick_complex`` — registered and closed on the same day yet graded complex (复杂疑难);
* ``double_paid`` — the same dispute (same parties) also closed with an agreement at another
  committee by the same person as lead mediator (same staff account, or same name and
  phone): paid twice.

A reviewer clears a finding with a reason (stored, audited); the clearance covers exactly
the cases listed, so a finding whose cases change is open again. A sheet with an open
finding cannot be approved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import exists
from sqlmodel import Session, col, select

from core.api import (
    DuplicateSubmission,
    OrgUnit,
    Period,
    clean_free_text,
    conflict_on_duplicate,
)
from mediation.codes import AgreementForm, Difficulty, PartyRole
from mediation.errors import InvalidInput, MediationError
from mediation.models import (
    MediationAgreement,
    MediationCase,
    MediationCaseMediator,
    MediationCommittee,
    MediationMediator,
    MediationParty,
    MediationSession,
    MediationSubsidyClearance,
)
from mediation.settings import MediationSettings

__all__ = ["CHECKS", "Finding", "clear_finding", "findings", "open_findings"]

#: Check code → (Chinese label, English label).
CHECKS: dict[str, tuple[str, str]] = {
    "daily_load": ("同一调解员同日调结案件过多", "Many cases by one mediator on one day"),
    "repeat_parties": ("相同当事人多次登记", "Same parties in several cases"),
    "oral_no_session": ("口头协议无调解记录", "Oral agreement without a session record"),
    "quick_complex": ("当日登记当日调结却评为复杂疑难", "Same-day case graded complex"),
    "double_paid": ("同一调解员在两个调委会就同一纠纷计补", "Paid in two committees"),
}
_SIDES = (PartyRole.APPLICANT, PartyRole.RESPONDENT)


@dataclass(frozen=True)
class Finding:
    """One finding of one check, with the cases behind it and its clearance if any."""

    check: str
    key: str
    case_ids: tuple[int, ...]
    detail_zh: str
    detail_en: str
    clearance: MediationSubsidyClearance | None = None

    @property
    def cleared(self) -> bool:
        return self.clearance is not None

    @property
    def ids_text(self) -> str:
        return ",".join(str(i) for i in self.case_ids)

    def label(self, locale: str = "zh") -> str:
        zh, en = CHECKS[self.check]
        return en if locale == "en" else zh


@dataclass(frozen=True)
class _Counted:
    id: int
    registered_on: date
    closed_on: date
    difficulty: str | None
    lead: int | None


def _live_agreement() -> Any:
    return exists().where(
        MediationAgreement.case_id == MediationCase.id,
        col(MediationAgreement.superseded).is_(False),
    )


def _counted(
    session: Session, committee_id: int, month: Period, settings: MediationSettings
) -> list[_Counted]:
    """The cases the month's sheet counts, with their lead mediator."""
    lead = (
        select(MediationCaseMediator.mediator_id)
        .where(
            MediationCaseMediator.case_id == MediationCase.id,
            col(MediationCaseMediator.lead).is_(True),
        )
        .limit(1)
        .scalar_subquery()
    )
    conditions = [
        MediationCase.committee_id == committee_id,
        col(MediationCase.closed_on) >= month.start,
        col(MediationCase.closed_on) < month.end,
    ]
    if settings.subsidy_only_agreements:
        conditions.append(_live_agreement())
    rows = session.exec(
        select(
            MediationCase.id,
            MediationCase.registered_on,
            MediationCase.closed_on,
            MediationCase.difficulty,
            lead,
        )
        .where(*conditions)
        .order_by(MediationCase.id)
    ).all()
    return [_Counted(*row) for row in rows]  # type: ignore[arg-type]


def _party_sets(session: Session, case_ids: Iterable[int]) -> dict[int, frozenset[int]]:
    ids = list(case_ids)
    found: dict[int, set[int]] = defaultdict(set)
    for start in range(0, len(ids), 500):
        for case_id, person_id in session.exec(
            select(MediationParty.case_id, MediationParty.person_id).where(
                col(MediationParty.case_id).in_(ids[start : start + 500]),
                col(MediationParty.role).in_(list(_SIDES)),
            )
        ).all():
            found[case_id].add(person_id)
    return {case_id: frozenset(people) for case_id, people in found.items()}


def _daily_load(counted: list[_Counted], names: Mapping[int, str], limit: int) -> list[Finding]:
    groups: dict[tuple[int, date], list[int]] = defaultdict(list)
    for case in counted:
        if case.lead is not None:
            groups[(case.lead, case.closed_on)].append(case.id)
    return [
        Finding(
            "daily_load",
            f"{mediator}:{day.isoformat()}",
            tuple(ids),
            f"{names.get(mediator, '')} {day.isoformat()} 调结 {len(ids)} 件（上限 {limit} 件）",
            f"{len(ids)} cases closed on {day.isoformat()} (limit {limit})",
        )
        for (mediator, day), ids in sorted(groups.items())
        if len(ids) > limit
    ]


def _repeat_parties(
    session: Session,
    committee_id: int,
    counted: list[_Counted],
    sets: Mapping[int, frozenset[int]],
    days: int,
) -> list[Finding]:
    if not counted:
        return []
    window = timedelta(days=days)
    start = min(c.registered_on for c in counted) - window
    end = max(c.registered_on for c in counted) + window
    nearby = dict(
        session.exec(
            select(MediationCase.id, MediationCase.registered_on).where(
                MediationCase.committee_id == committee_id,
                col(MediationCase.registered_on) >= start,
                col(MediationCase.registered_on) <= end,
            )
        ).all()
    )
    nearby_sets = _party_sets(session, nearby)
    found: dict[str, Finding] = {}
    for case in counted:
        people = sets.get(case.id)
        if not people or len(people) < 2:
            continue
        group = sorted(
            other
            for other, other_people in nearby_sets.items()
            if other_people == people and abs(nearby[other] - case.registered_on) <= window
        )
        if len(group) < 2:
            continue
        key = "persons:" + "-".join(str(p) for p in sorted(people))
        if key in found and len(found[key].case_ids) >= len(group):
            continue
        found[key] = Finding(
            "repeat_parties",
            key,
            tuple(group),
            f"相同当事人在 {days} 天内登记了 {len(group)} 件",
            f"The same parties in {len(group)} cases within {days} days",
        )
    return list(found.values())


def _oral_without_session(session: Session, counted: list[_Counted]) -> list[Finding]:
    ids = [c.id for c in counted]
    if not ids:
        return []
    rows = session.exec(
        select(MediationAgreement.case_id).where(
            col(MediationAgreement.case_id).in_(ids),
            col(MediationAgreement.superseded).is_(False),
            MediationAgreement.form == AgreementForm.ORAL,
            ~exists().where(MediationSession.case_id == MediationAgreement.case_id),
        )
    ).all()
    return [
        Finding(
            "oral_no_session",
            f"case:{case_id}",
            (case_id,),
            "口头协议，卷内没有调解记录",
            "Oral agreement and no session on file",
        )
        for case_id in sorted(rows)
    ]


def _quick_complex(counted: list[_Counted]) -> list[Finding]:
    return [
        Finding(
            "quick_complex",
            f"case:{c.id}",
            (c.id,),
            f"{c.registered_on.isoformat()} 登记并调结，难易程度为复杂疑难",
            "Registered and closed the same day, graded complex",
        )
        for c in counted
        if c.difficulty == Difficulty.COMPLEX and c.registered_on == c.closed_on
    ]


def _identity(mediator: MediationMediator) -> tuple[str, ...]:
    """Who the mediator is as a person: the staff account, or name and phone."""
    if mediator.account_id is not None:
        return ("account", str(mediator.account_id))
    if mediator.phone:
        return ("name_phone", mediator.name, mediator.phone)
    return ("mediator", str(mediator.id))


def _double_paid(
    session: Session,
    committee_id: int,
    counted: list[_Counted],
    sets: Mapping[int, frozenset[int]],
) -> list[Finding]:
    people = {p for c in counted for p in sets.get(c.id, ())}
    if not people:
        return []
    elsewhere = session.exec(
        select(MediationCase.id)
        .join(MediationParty, MediationParty.case_id == MediationCase.id)  # type: ignore[arg-type]
        .where(
            MediationCase.committee_id != committee_id,
            col(MediationParty.person_id).in_(people),
            _live_agreement(),
        )
        .distinct()
    ).all()
    if not elsewhere:
        return []
    other_sets = _party_sets(session, elsewhere)
    leads = {
        case_id: mediator
        for case_id, mediator in session.exec(
            select(MediationCaseMediator.case_id, MediationMediator)
            .join(MediationMediator, MediationMediator.id == MediationCaseMediator.mediator_id)  # type: ignore[arg-type]
            .where(
                col(MediationCaseMediator.case_id).in_([c.id for c in counted] + list(elsewhere)),
                col(MediationCaseMediator.lead).is_(True),
            )
        ).all()
    }
    committee_name = dict(
        session.exec(
            select(MediationCase.id, OrgUnit.name)
            .join(OrgUnit, OrgUnit.id == MediationCase.org_id)  # type: ignore[arg-type]
            .where(col(MediationCase.id).in_(list(elsewhere)))
        ).all()
    )
    found = []
    for case in counted:
        mine = leads.get(case.id)
        if mine is None or not sets.get(case.id):
            continue
        for other in sorted(elsewhere):
            theirs = leads.get(other)
            if other_sets.get(other) != sets[case.id] or theirs is None:
                continue
            if _identity(theirs) != _identity(mine):
                continue
            where = committee_name.get(other, "")
            found.append(
                Finding(
                    "double_paid",
                    f"cases:{case.id}-{other}",
                    (case.id, other),
                    f"{mine.name} 在{where}就同一纠纷（相同当事人）也作为主办调解员调结",
                    f"{mine.name} also closed the same dispute as lead at another committee",
                )
            )
    return found


def findings(
    session: Session, committee_id: int, month: Period, settings: MediationSettings
) -> list[Finding]:
    """Every check's findings for the committee's month, each with its clearance if any."""
    counted = _counted(session, committee_id, month, settings)
    leads = {c.lead for c in counted if c.lead is not None}
    names = (
        dict(
            session.exec(
                select(MediationMediator.id, MediationMediator.name).where(
                    col(MediationMediator.id).in_(leads)
                )
            ).all()
        )
        if leads
        else {}
    )
    sets = _party_sets(session, [c.id for c in counted])
    raw = [
        *_daily_load(counted, names, settings.subsidy_check_daily_cases),
        *_repeat_parties(session, committee_id, counted, sets, settings.subsidy_check_repeat_days),
        *_oral_without_session(session, counted),
        *_quick_complex(counted),
        *_double_paid(session, committee_id, counted, sets),
    ]
    clearances = {
        (row.check_code, row.key): row
        for row in session.exec(
            select(MediationSubsidyClearance).where(
                MediationSubsidyClearance.committee_id == committee_id,
                MediationSubsidyClearance.month == str(month),
            )
        ).all()
    }
    result = []
    for finding in raw:
        clearance = clearances.get((finding.check, finding.key))
        if clearance is not None and clearance.case_ids == finding.ids_text:
            finding = Finding(**{**finding.__dict__, "clearance": clearance})
        result.append(finding)
    return result


def open_findings(
    session: Session, committee_id: int, month: Period, settings: MediationSettings
) -> list[Finding]:
    return [f for f in findings(session, committee_id, month, settings) if not f.cleared]


def clear_finding(
    session: Session,
    committee_id: int,
    month: Period,
    settings: MediationSettings,
    data: Mapping[str, Any],
    *,
    actor_id: int | None,
    today: date,
) -> MediationSubsidyClearance:
    """核查通过: the reviewer clears one open finding with a reason (kept and audited)."""
    check = str(data.get("check") or "")
    key = str(data.get("key") or "")
    reason = clean_free_text(str(data.get("reason") or "")).strip()
    if not reason:
        raise InvalidInput({"reason": ("请填写核查结论（排除疑点的理由）", "Give the reason")})
    if len(reason) > 500:
        raise InvalidInput({"reason": ("核查结论不能超过500字", "At most 500 characters")})
    current = {(f.check, f.key): f for f in findings(session, committee_id, month, settings)}
    finding = current.get((check, key))
    if finding is None:
        raise MediationError(
            "该核查提示已不存在（案件已变化），请刷新后再核查",
            "This finding no longer exists; reload the sheet",
        )
    committee = session.get(MediationCommittee, committee_id)
    assert committee is not None
    old = session.exec(
        select(MediationSubsidyClearance).where(
            MediationSubsidyClearance.committee_id == committee_id,
            MediationSubsidyClearance.month == str(month),
            MediationSubsidyClearance.check_code == check,
            MediationSubsidyClearance.key == key,
        )
    ).first()
    if old is not None:
        if old.case_ids == finding.ids_text:  # cleared in between (a twin post): 409
            raise DuplicateSubmission("MediationSubsidyClearance")
        session.delete(old)  # the cases behind the key changed: the old clearance is void
        session.flush()
    row = MediationSubsidyClearance(
        committee_id=committee_id,
        org_id=committee.org_id,
        month=str(month),
        check_code=check,
        key=key,
        case_ids=finding.ids_text,
        reason=reason,
        cleared_by=actor_id,
        cleared_on=today,
    )
    with conflict_on_duplicate(session, "MediationSubsidyClearance"):
        session.add(row)
        session.flush()
    return row
