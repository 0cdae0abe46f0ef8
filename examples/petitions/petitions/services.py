"""The desk's work, shared by its pages, its job and its demo data: check a visit's input,
register and change visits (number, due date, due item), hand one to mediation.

Everything goes through ``core.api``: people are read through the caller's scope, due
dates through the core deadline service, due items through the core reminders, and the
hand-over through ``core.api.refer`` (the mediation plugin is never imported).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.api import (
    DueItemSpec,
    DueSource,
    OrgScope,
    OrgUnit,
    PersonNotFound,
    Referral,
    ReferralReceipt,
    ReferralRefused,
    UnknownCalendarYear,
    active_plugins,
    due_date,
    get_person,
    refer,
    referral_targets,
    sync_due_items,
    touch,
)
from petitions.codes import MEDIATION_CATEGORIES, Channel
from petitions.deadlines import ANSWER
from petitions.models import PetitionVisit

PLUGIN = "petitions"
MEDIATION_TARGET = "mediation.dispute"
MATTER_MAX = 500
NUMBER_ATTEMPTS = 5


@dataclass
class Checked:
    """A form's cleaned values and, per field, what is wrong (Chinese, shown on the page)."""

    values: dict[str, Any]
    errors: dict[str, str]


def _date(raw: Any, field: str, errors: dict[str, str], today: date) -> date | None:
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        errors[field] = "请填写有效的日期，例如 2026-11-23"
        return None
    if day > today:
        errors[field] = "日期不能晚于今天"
    return day


def check_visit(
    session: Session,
    data: dict[str, Any],
    *,
    scope: OrgScope,
    people: Any,
    today: date,
    new: bool,
) -> Checked:
    """Check a new visit (*new*) or a change to one; *people* selects the org ids whose
    people the user may see (a posted person id is only a claim)."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    visited_on = _date(data.get("visited_on"), "visited_on", errors, today)
    if visited_on is None and "visited_on" not in errors:
        errors["visited_on"] = "请填写信访日期"
    values["visited_on"] = visited_on
    channel = str(data.get("channel", ""))
    if channel not in set(Channel):
        errors["channel"] = "请选择信访形式（来访、来信或网上）"
    values["channel"] = channel
    matter = str(data.get("matter", "")).strip()
    if not matter:
        errors["matter"] = "请填写信访事项"
    elif len(matter) > MATTER_MAX:
        errors["matter"] = f"信访事项不能超过 {MATTER_MAX} 个字"
    values["matter"] = matter
    answered_on = _date(data.get("answered_on"), "answered_on", errors, today)
    if answered_on and visited_on and answered_on < visited_on:
        errors["answered_on"] = "告知日期不能早于信访日期"
    values["answered_on"] = answered_on
    values["answer"] = str(data.get("answer", "")).strip()[:MATTER_MAX]
    if answered_on and not values["answer"]:
        errors["answer"] = "已告知的，请写明告知内容"
    if new:
        try:
            org_id = int(str(data.get("org_id", "")))
        except ValueError:
            org_id = None
            errors["org_id"] = "请选择接待机构"
        if org_id is not None and not scope.allows(session, org_id):
            errors["org_id"] = "您无权为该机构登记"
        values["org_id"] = org_id
        try:
            person = get_person(session, int(str(data.get("person_id", ""))), org_ids_select=people)
            values["person_id"] = person.id
        except (PersonNotFound, ValueError):
            errors["person_id"] = "请从人员库中选择信访人（找不到时先在人员库登记）"
    return Checked(values, errors)


def next_number(session: Session, year: int) -> str:
    """The next register number of *year* (信访2026-0001), one more than the highest so far.
    Unique in the table: of two desks saving at the same moment, the second retries
    (:func:`register_visit`)."""
    prefix = f"信访{year}-"
    last = session.exec(
        select(func.max(PetitionVisit.number)).where(col(PetitionVisit.number).startswith(prefix))
    ).one()
    serial = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{serial:04d}"


def answer_due(session: Session, visit: PetitionVisit) -> date | None:
    """The answer's due date by the bureau's rule, or None while the calendar is unknown."""
    try:
        return due_date(session, ANSWER, visit.visited_on, visit.org_id).due  # type: ignore[return-value]
    except UnknownCalendarYear:
        return None


def sync_visit_due_items(session: Session, visit: PetitionVisit) -> None:
    """The visit's one due item (tell the visitor) is open exactly while unanswered."""
    assert visit.id is not None
    specs = []
    if visit.due_on is not None:
        specs.append(
            DueItemSpec(
                key=f"answer:{visit.due_on.isoformat()}",
                title_zh=f"信访事项待告知：{visit.number}",
                title_en=f"Petition awaiting an answer: {visit.number}",
                due_at=visit.due_on,
                org_id=visit.org_id,
                account_id=visit.created_by,
                kind=ANSWER,
                url=f"/m/{PLUGIN}/{visit.id}",
                done=visit.answered_on is not None,
            )
        )
    sync_due_items(session, DueSource(PLUGIN, "visit", visit.id), specs)


def register_visit(
    session: Session, values: dict[str, Any], *, actor_id: int | None
) -> PetitionVisit:
    """Save a checked new visit with its number, due date and due item."""
    visit = PetitionVisit(
        org_id=values["org_id"],
        number="",
        person_id=values["person_id"],
        visited_on=values["visited_on"],
        channel=values["channel"],
        matter=values["matter"],
        answered_on=values.get("answered_on"),
        answer=values.get("answer", ""),
        created_by=actor_id,
    )
    visit.due_on = answer_due(session, visit)
    for attempt in range(NUMBER_ATTEMPTS):
        visit.number = next_number(session, visit.visited_on.year)
        try:
            with session.begin_nested():  # a taken number rolls back this insert only
                session.add(visit)
                session.flush()
            break
        except IntegrityError:
            if attempt == NUMBER_ATTEMPTS - 1:
                raise
    sync_visit_due_items(session, visit)
    return visit


def update_visit(session: Session, visit: PetitionVisit, values: dict[str, Any]) -> None:
    """Apply a checked change (the caller checked the version first)."""
    for name in ("visited_on", "channel", "matter", "answered_on", "answer"):
        setattr(visit, name, values[name])
    if visit.answered_on is not None:
        visit.overdue = False
    touch(visit)  # before any query autoflushes: one audited change, not two
    visit.due_on = answer_due(session, visit)
    session.add(visit)
    session.flush()
    sync_visit_due_items(session, visit)


def mediation_places(session: Session, host: Any, scope: OrgScope) -> list[OrgUnit]:
    """Organisations in *scope* that can receive a dispute now: the mediation module is on
    there and the target accepts them (a registered committee). Empty without mediation."""
    orgs = session.exec(
        select(OrgUnit)
        .where(col(OrgUnit.id).in_(scope.org_ids_select()), col(OrgUnit.active).is_(True))
        .order_by(OrgUnit.path)
        .limit(500)
    ).all()
    return [
        org
        for org in orgs
        if any(t.code == MEDIATION_TARGET for t in referral_targets(session, host, org.id))  # type: ignore[arg-type]
    ]


def hand_over(
    session: Session,
    host: Any,
    visit: PetitionVisit,
    *,
    committee_org_id: int,
    category_code: str,
    respondent_id: int | None,
    actor_id: int | None,
    today: date,
) -> ReferralReceipt:
    """Hand the visit to people's mediation (转交人民调解) and keep the receipt.

    Raises ``ReferralRefused`` (a Chinese message for the page) when it cannot go: already
    handed over, an unknown category, no other party, mediation not installed or off, no
    committee there (mediation needs an applicant and a respondent: the visitor is the
    applicant, *respondent_id* a person the caller checked through its scope).
    Nothing is written then; otherwise the mediation case and the receipt are saved in the
    caller's transaction.
    """
    if visit.referral_record_id is not None:
        raise ReferralRefused("该信访事项已转交，不能重复转交", "Already handed over")
    if not any(
        t.code == MEDIATION_TARGET for t in referral_targets(session, host, committee_org_id)
    ):
        raise ReferralRefused(
            "无法转交：人民调解模块未安装或未对该单位启用，或所选单位不是已登记的人民调解委员会",
            "Cannot hand over: mediation is not installed or not on there, or no committee",
        )
    if category_code not in MEDIATION_CATEGORIES:
        raise ReferralRefused("请选择纠纷类型", "Choose a dispute category")
    if respondent_id is None or respondent_id == visit.person_id:
        raise ReferralRefused(
            "转交调解须选择对方当事人（被申请人），且不能是信访人本人",
            "Choose the other party (respondent), not the visitor",
        )
    receipt = refer(
        session,
        host,
        MEDIATION_TARGET,
        Referral(
            source=PLUGIN,
            source_ref=visit.number,
            org_id=committee_org_id,
            title=visit.matter[:40],
            description=visit.matter,
            person_ids=(visit.person_id, respondent_id),
            details={
                "category_code": category_code,
                "source": "government_assignment",
                "referring_body": _org_name(session, visit.org_id) + "信访接待",
            },
            actor_id=actor_id,
        ),
    )
    visit.referral_target = receipt.target
    visit.referral_record_id = receipt.record_id
    visit.referral_url = receipt.url
    visit.referral_label = receipt.label_zh[:200]
    visit.referred_on = today
    touch(visit)
    session.add(visit)
    session.flush()
    return receipt


def _org_name(session: Session, org_id: int) -> str:
    org = session.get(OrgUnit, org_id)
    return org.name if org else ""


def flag_overdue(session: Session, host: Any, today: date) -> int:
    """Mark unanswered visits whose due date has passed (and compute due dates that were
    waiting for a holiday calendar); only where the module is on. Idempotent: a visit
    already marked, or answered, is left alone. Returns how many were newly marked."""
    open_visits = session.exec(
        select(PetitionVisit)
        .where(col(PetitionVisit.answered_on).is_(None), col(PetitionVisit.overdue).is_(False))
        .order_by(PetitionVisit.id)
    ).all()
    marked = 0
    active: dict[int, bool] = {}
    for visit in open_visits:
        if visit.org_id not in active:
            active[visit.org_id] = PLUGIN in active_plugins(session, host, visit.org_id)
        if not active[visit.org_id]:
            continue
        if visit.due_on is None:
            visit.due_on = answer_due(session, visit)
            sync_visit_due_items(session, visit)
        if visit.due_on is not None and visit.due_on < today:
            visit.overdue = True  # a system mark, not an edit: the version stays
            marked += 1
        session.add(visit)
    session.flush()
    return marked
