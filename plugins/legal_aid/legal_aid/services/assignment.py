"""Assignment (指派, art. 43, 26) and cross-region hand-over (异地协作).

Rotation with load balancing: among the centre's active, eligible providers, the one with
the fewest open cases, then the fewest cases ever, then the longest since the last
assignment — so a run of cases spreads evenly. The applicant's own choice (点援制) is
honoured when that person is eligible. Life-or-death defences (death penalty, life
imprisonment) go only to lawyers with at least N (3) years of relevant practice (art. 26).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.api import OrgUnit, touch
from legal_aid.codes import LIFE_OR_DEATH, ProviderKind, Status
from legal_aid.errors import IllegalTransition, NotEligible
from legal_aid.models import LegalAidCase, LegalAidHandover, LegalAidProvider
from legal_aid.services.cases import locked_case, save
from legal_aid.validation import Form

__all__ = [
    "assign",
    "eligibility_problem",
    "hand_over",
    "is_life_or_death",
    "next_by_rotation",
    "receive_handover",
]


def is_life_or_death(case: LegalAidCase) -> bool:
    return case.matter in LIFE_OR_DEATH


def eligibility_problem(
    case: LegalAidCase, provider: LegalAidProvider, senior_years: int
) -> tuple[str, str] | None:
    """Why *provider* may not take *case* (Chinese, English), or None."""
    if not provider.active or provider.org_id != case.org_id:
        return ("该人员不在本中心的在册名单中", "Not on this centre's active roster")
    if is_life_or_death(case) and (
        provider.kind != ProviderKind.LAWYER or provider.relevant_years < senior_years
    ):
        return (
            f"可能被判处无期徒刑、死刑的案件，须指派具有{senior_years}年以上相关执业经历的律师"
            f"（{provider.name}：{provider.relevant_years}年）",
            f"Life-or-death cases need a lawyer with {senior_years}+ years of relevant practice",
        )
    return None


def _loads(session: Session, org_id: int) -> tuple[dict[int, int], dict[int, int]]:
    open_counts = dict(
        session.exec(
            select(LegalAidCase.provider_id, func.count())
            .where(LegalAidCase.org_id == org_id, LegalAidCase.status == Status.ASSIGNED)
            .group_by(LegalAidCase.provider_id)
        ).all()
    )
    totals = dict(
        session.exec(
            select(LegalAidCase.provider_id, func.count())
            .where(col(LegalAidCase.provider_id).is_not(None))
            .group_by(LegalAidCase.provider_id)
        ).all()
    )
    return open_counts, totals  # type: ignore[return-value]


def next_by_rotation(
    session: Session, case: LegalAidCase, senior_years: int
) -> LegalAidProvider | None:
    providers = session.exec(
        select(LegalAidProvider).where(
            LegalAidProvider.org_id == case.org_id, col(LegalAidProvider.active).is_(True)
        )
    ).all()
    eligible = [p for p in providers if eligibility_problem(case, p, senior_years) is None]
    if not eligible:
        return None
    open_counts, totals = _loads(session, case.org_id)
    oldest = datetime.min

    def key(p: LegalAidProvider) -> tuple[int, int, datetime, int]:
        last = p.last_assigned_at.replace(tzinfo=None) if p.last_assigned_at else oldest
        return (open_counts.get(p.id, 0), totals.get(p.id, 0), last, p.id or 0)

    return min(eligible, key=key)


def assign(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    version: int | None,
    today: date,
    *,
    senior_years: int = 3,
    now: datetime | None = None,
) -> LegalAidCase:
    """Assign by rotation (``mode=rotation``), the applicant's choice (``choice``) or a
    person the centre names (``named`` + ``provider_id``)."""
    case = locked_case(session, case_id, version, Status.GRANTED)
    form = Form(data)
    on = form.day(
        "assigned_on",
        ("指派日期", "Date"),
        not_after=today,
        not_before=case.decided_on or case.received_on,
    )
    mode = str(data.get("mode") or "rotation")
    form.check()
    assert on is not None
    provider: LegalAidProvider | None
    if mode == "choice":
        if case.preferred_provider_id is None:
            raise IllegalTransition("申请人没有选择法律援助人员", "The applicant chose nobody")
        provider = session.get(LegalAidProvider, case.preferred_provider_id)
    elif mode == "named":
        raw = str(data.get("provider_id") or "")
        provider = session.get(LegalAidProvider, int(raw)) if raw.isdigit() else None
        if provider is None:
            raise IllegalTransition("请选择法律援助人员", "Choose a person")
    else:
        mode = "rotation"
        provider = next_by_rotation(session, case, senior_years)
        if provider is None:
            raise NotEligible(
                "名册中没有可以指派的人员（无期徒刑、死刑案件须3年以上经历的律师）",
                "Nobody on the roster may take this case",
            )
    assert provider is not None
    problem = eligibility_problem(case, provider, senior_years)
    if problem is not None:
        raise NotEligible(*problem)
    case.status = Status.ASSIGNED
    case.provider_id = provider.id
    case.assignment_mode = mode
    case.assigned_on = on
    case.assign_on_time = case.assign_due is None or on <= case.assign_due
    provider.last_assigned_at = now or datetime.now(UTC)
    session.add(provider)
    return save(session, case)


def hand_over(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    version: int | None,
    today: date,
) -> LegalAidHandover:
    """Send a case to another centre (e.g. where the court sits, art. 38)."""
    case = locked_case(session, case_id, version, Status.APPLIED, Status.GRANTED)
    form = Form(data)
    raw = str(data.get("to_org_id") or "")
    target = session.get(OrgUnit, int(raw)) if raw.isdigit() else None
    if target is None or target.id == case.org_id or not target.active:
        form.error("to_org_id", "请选择接收的法律援助中心", "Choose the receiving centre")
    note = form.text("note", ("移交说明", "Note"), required=True, limit=1000)
    form.check()
    assert target is not None and note is not None
    pending = session.exec(
        select(LegalAidHandover.id).where(
            LegalAidHandover.case_id == case.id, col(LegalAidHandover.received_on).is_(None)
        )
    ).first()
    if pending:
        raise IllegalTransition("该案件已在移交途中", "Already being handed over")
    handover = LegalAidHandover(
        case_id=case.id,
        org_id=target.id,
        from_org_id=case.org_id,
        sent_on=today,
        note=note,  # type: ignore[arg-type]
    )
    session.add(handover)
    touch(case)
    session.add(case)
    session.flush()
    return handover


def receive_handover(session: Session, handover_id: int, today: date) -> LegalAidCase:
    """The receiving centre takes the case over: it becomes that centre's case."""
    handover = session.get(LegalAidHandover, handover_id)
    if handover is None:
        raise LookupError(handover_id)
    if handover.received_on is not None:
        raise IllegalTransition("该移交已接收", "Already received")
    case = session.get(LegalAidCase, handover.case_id)
    assert case is not None
    handover.received_on = today
    touch(handover)
    session.add(handover)
    case.org_id = handover.org_id
    case.preferred_provider_id = None
    return save(session, case)
