"""Intake (受理): register a dispute from any source, then accept or refuse it.

Sources (DOMAIN.md §1.2, §1.11): a party's application, written or oral — an oral one is
transcribed and signed by the party; the committee's own initiative; a court's referral
(委派 before filing, 委托 after) with the court's reference number; a transfer by the
police; an assignment by a government office or the petition bureau. Parties are people
of the core registry: picked by id, or registered on the spot through the core's people
service (the same validation and de-duplication as everywhere).

Every registered case gets its number at once (:mod:`mediation.services.numbering`), so
the register of a committee has no gaps: a refused case keeps its number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlmodel import Session, select

from core.api import (
    DuplicatePerson,
    InvalidPerson,
    PersonNotFound,
    UnknownCodeList,
    get_person,
    is_active_code,
    lock_for_change,
    register_person,
)
from mediation import categories
from mediation.codes import (
    LOCAL_REFUSAL_REASONS,
    ApplicationForm,
    CaseSource,
    CaseStatus,
    PartyRole,
    ReferralMode,
    RefusalReason,
)
from mediation.deadlines import TERM
from mediation.errors import InvalidInput
from mediation.models import (
    MediationCase,
    MediationCaseMediator,
    MediationCommittee,
    MediationMediator,
    MediationParty,
)
from mediation.services.cases import all_orgs, get_case, safe_due, touch_case
from mediation.services.committees import get_committee
from mediation.services.numbering import format_case_number, next_serial
from mediation.services.workflow import Action, require
from mediation.settings import MediationSettings
from mediation.validation import Form

__all__ = [
    "PartyInput",
    "accept_case",
    "assign_mediators",
    "refuse_case",
    "register_case",
]

REFERRAL_SOURCES = frozenset(
    {
        CaseSource.COURT_REFERRAL,
        CaseSource.POLICE_TRANSFER,
        CaseSource.GOVERNMENT_ASSIGNMENT,
        CaseSource.SERVICE_REFERRAL,
    }
)
BODY_LABELS = {
    CaseSource.COURT_REFERRAL: ("委派/委托法院", "referring court"),
    CaseSource.POLICE_TRANSFER: ("移送的公安机关", "transferring police office"),
    CaseSource.GOVERNMENT_ASSIGNMENT: ("交办单位", "assigning office"),
    CaseSource.SERVICE_REFERRAL: ("转来的公共法律服务机构", "referring legal service"),
}
MAX_PEOPLE = 100_000


PartyInput = Mapping[str, Any]
"""One party of an intake: ``role``; either ``person_id`` (an existing person) or ``person``
(the fields of a new one for the core people registry); for an agent, ``represents`` — the
index of the party represented in the same list."""


def _source_fields(form: Form) -> dict[str, Any]:
    source = form.choice("source", CaseSource, ("案件来源", "source"))
    out: dict[str, Any] = {
        "source": source,
        "application_form": None,
        "application_text": None,
        "applicant_signed": False,
        "referral_mode": None,
        "referring_body": None,
        "referral_number": None,
    }
    if source is CaseSource.PARTY_APPLICATION:
        kind = form.choice("application_form", ApplicationForm, ("申请方式", "form of application"))
        text = form.text(
            "application_text",
            ("申请内容", "application text"),
            limit=4000,
            required=kind is ApplicationForm.ORAL,
        )
        signed = form.flag("applicant_signed")
        if kind is ApplicationForm.ORAL and not signed:
            form.error(
                "applicant_signed",
                "口头申请须当场记录，并经申请人签名（或捺印）确认",
                "An oral application must be written down and signed by the applicant",
            )
        out.update(application_form=kind, application_text=text, applicant_signed=signed)
    elif source in REFERRAL_SOURCES:
        assert source is not None
        out["referring_body"] = form.text(
            "referring_body", BODY_LABELS[source], required=True, limit=100
        )
        number = form.text(
            "referral_number",
            ("法院案号或委派编号", "court reference")
            if source is CaseSource.COURT_REFERRAL
            else ("来文编号", "reference number"),
            required=source is CaseSource.COURT_REFERRAL,
            limit=60,
        )
        out["referral_number"] = number
        if source is CaseSource.COURT_REFERRAL:
            out["referral_mode"] = form.choice(
                "referral_mode", ReferralMode, ("委派或委托", "kind of referral")
            )
    return out


def _category(form: Form, session: Session, org_id: int) -> tuple[str | None, str | None]:
    code = form.text("category_code", ("纠纷类型", "dispute type"), limit=4)
    if code is None:
        if "category_code" not in form.errors:
            form.error("category_code", "请选择纠纷类型", "Choose the dispute type")
        return None, None
    found = categories.category(code)
    if found is None or found.ministry is None:
        form.error(
            "category_code", "请选择具体的纠纷类型（二级分类）", "Choose a detailed dispute type"
        )
        return None, None
    if not _switched_on(session, code, org_id):
        form.error(
            "category_code",
            f"纠纷类型“{found.name}”已在本地停用，请另选",
            f"The dispute type {code} is switched off here; choose another",
        )
        return None, None
    return code, found.ministry.value


def _switched_on(session: Session, code: str, org_id: int) -> bool:
    """Whether the bureau keeps dispute type *code* on (数据字典); every leaf is on in a
    process that never booted the platform (a script), where no list is declared."""
    try:
        return is_active_code(session, categories.CODE_LIST, code, org_id)
    except UnknownCodeList:
        return True


def _check_parties(form: Form, parties: Sequence[PartyInput]) -> list[PartyRole | None]:
    roles: list[PartyRole | None] = []
    for index, party in enumerate(parties):
        raw = str(party.get("role") or "")
        try:
            roles.append(PartyRole(raw))
        except ValueError:
            form.error(f"party_{index}_role", "请选择当事人身份", "Choose the party's role")
            roles.append(None)
        if not party.get("person_id") and not party.get("person"):
            form.error(
                f"party_{index}_person",
                "请选择人员，或填写新登记人员的信息",
                "Choose a person or enter a new one",
            )
    if PartyRole.APPLICANT not in roles or PartyRole.RESPONDENT not in roles:
        form.error(
            "parties",
            "纠纷至少有两方当事人：请各登记至少一名申请人和被申请人",
            "A dispute has two sides: register at least one applicant and one respondent",
        )
    for index, (party, role) in enumerate(zip(parties, roles, strict=True)):
        if role is not PartyRole.AGENT:
            continue
        target = party.get("represents")
        try:
            target_index = int(str(target))
        except ValueError:
            target_index = -1
        if not (0 <= target_index < len(roles)) or roles[target_index] not in (
            PartyRole.APPLICANT,
            PartyRole.RESPONDENT,
        ):
            form.error(
                f"party_{index}_represents",
                "请选择代理人所代理的当事人",
                "Choose the party this agent represents",
            )
    return roles


def _person_ids(
    session: Session,
    parties: Sequence[PartyInput],
    *,
    visible_people: Any,
    register_at: int,
    actor_id: int | None,
    today: date,
) -> list[int]:
    """Each party's person id: a picked person the user may see, or a new registration."""
    errors: dict[str, tuple[str, str]] = {}
    ids: list[int] = []
    for index, party in enumerate(parties):
        if party.get("person_id"):
            try:
                person = get_person(
                    session, int(str(party["person_id"])), org_ids_select=visible_people
                )
                ids.append(person.id)  # type: ignore[arg-type]
            except (PersonNotFound, ValueError):
                errors[f"party_{index}_person"] = ("所选人员不存在", "No such person")
                ids.append(0)
            continue
        try:
            person = register_person(
                session, party["person"], org_id=register_at, created_by=actor_id, today=today
            )
            ids.append(person.id)  # type: ignore[arg-type]
        except InvalidPerson as exc:
            for field, message in exc.errors.items():
                errors[f"party_{index}_{field}"] = (message, exc.errors_en[field])
            ids.append(0)
        except DuplicatePerson as exc:
            errors[f"party_{index}_id_number"] = (
                f"{exc.message}，请在“选择人员”中查找并选择该人员",
                f"{exc.message_en}; search for and choose this person instead",
            )
            ids.append(0)
    if errors:
        raise InvalidInput(errors)
    seen: set[int] = set()
    for index, person_id in enumerate(ids):
        if person_id in seen:
            raise InvalidInput(
                {
                    f"party_{index}_person": (
                        "同一人员不能在一个案件中登记两次",
                        "The same person is listed twice",
                    )
                }
            )
        seen.add(person_id)
    return ids


def _title(
    session: Session, person_ids: list[int], roles: list[PartyRole | None], code: str
) -> str:
    def first(role: PartyRole) -> str:
        for person_id, party_role in zip(person_ids, roles, strict=True):
            if party_role is role:
                return get_person(session, person_id, org_ids_select=all_orgs()).name
        return ""

    category = categories.category(code)
    kind = category.name if category else "民间"
    kind = kind.removeprefix("其他").removesuffix("纠纷")
    return f"{first(PartyRole.APPLICANT)}与{first(PartyRole.RESPONDENT)}{kind}纠纷"[:100]


def register_case(
    session: Session,
    committee_id: int,
    data: Mapping[str, Any],
    parties: Sequence[PartyInput],
    *,
    actor_id: int | None,
    today: date,
    visible_people: Any,
) -> MediationCase:
    """Register (登记) a dispute with committee *committee_id*; returns the numbered case.

    *visible_people* is a SELECT of the organisation ids whose people the user may pick
    (the scope of ``core.people.view``). Raises :class:`InvalidInput` with every problem.
    """
    committee = get_committee(session, committee_id)
    form = Form(data)
    source = _source_fields(form)
    code, ministry = _category(form, session, committee.org_id)
    registered_on = (
        form.day("registered_on", ("登记日期", "registration date"), not_after=today) or today
    )
    occurred_on = form.day(
        "occurred_on", ("纠纷发生日期", "date of the dispute"), not_after=registered_on
    )
    description = form.text(
        "description", ("纠纷简要情况", "description"), required=True, limit=4000
    )
    place = form.text("place", ("纠纷发生地点", "place"), limit=200)
    amount = form.amount("amount", ("涉及金额", "amount involved"))
    people = form.integer(
        "people_involved",
        ("涉及人数", "number of people involved"),
        required=True,
        minimum=2,
        maximum=MAX_PEOPLE,
    )
    title = form.text("title", ("案件名称", "case title"), limit=100)
    roles = _check_parties(form, parties)
    sides = sum(1 for role in roles if role in (PartyRole.APPLICANT, PartyRole.RESPONDENT))
    if people is not None and people < sides:
        form.error(
            "people_involved",
            f"涉及人数不能少于登记的当事人人数（{sides}人）",
            f"At least the {sides} registered parties are involved",
        )
    form.check()
    assert code is not None and ministry is not None and description is not None
    person_ids = _person_ids(
        session,
        parties,
        visible_people=visible_people,
        register_at=committee.org_id,
        actor_id=actor_id,
        today=today,
    )
    case = MediationCase(
        org_id=committee.org_id,
        committee_id=committee.id,  # type: ignore[arg-type]
        year=registered_on.year,
        status=CaseStatus.REGISTERED,
        title=title or _title(session, person_ids, roles, code),
        category_code=code,
        ministry_category=ministry,
        description=description,
        place=place,
        occurred_on=occurred_on,
        amount=amount,
        people_involved=people,  # type: ignore[arg-type]
        registered_on=registered_on,
        registered_by=actor_id,
        **source,
    )
    session.add(case)
    session.flush()  # writes the first audited row: see numbering's note on lock order
    _number(session, case, committee)
    _add_parties(session, case, parties, person_ids, roles)
    return case


def _number(session: Session, case: MediationCase, committee: MediationCommittee) -> None:
    case.serial = next_serial(session, committee.id, case.year)  # type: ignore[arg-type]
    case.case_number = format_case_number(case.year, committee.short_name, case.serial)
    session.flush()


def _add_parties(
    session: Session,
    case: MediationCase,
    parties: Sequence[PartyInput],
    person_ids: list[int],
    roles: list[PartyRole | None],
) -> None:
    rows: list[MediationParty] = []
    for index, (person_id, role) in enumerate(zip(person_ids, roles, strict=True)):
        row = MediationParty(
            case_id=case.id,  # type: ignore[arg-type]
            org_id=case.org_id,
            person_id=person_id,
            role=role,  # type: ignore[arg-type]
            position=index,
        )
        session.add(row)
        rows.append(row)
    session.flush()
    for row, party, role in zip(rows, parties, roles, strict=True):
        if role is PartyRole.AGENT:
            row.represents_id = rows[int(str(party["represents"]))].id
    session.flush()


def _mediator_choice(
    session: Session, case: MediationCase, form: Form
) -> tuple[list[MediationMediator], int | None]:
    ids = form.many_ints("mediator_ids")
    if not ids:
        form.error("mediator_ids", "请至少指派一名调解员", "Assign at least one mediator")
        return [], None
    mediators = list(
        session.exec(
            select(MediationMediator).where(
                MediationMediator.id.in_(ids),  # type: ignore[union-attr]
                MediationMediator.committee_id == case.committee_id,
                MediationMediator.active.is_(True),  # type: ignore[attr-defined]
            )
        ).all()
    )
    if len(mediators) != len(set(ids)):
        form.error(
            "mediator_ids",
            "只能指派本调委会在册的调解员",
            "Only active mediators of this committee can be assigned",
        )
        return [], None
    lead = form.integer("lead_mediator_id", ("主办调解员", "lead mediator"))
    if lead is None:
        lead = ids[0]
    if lead not in ids:
        form.error(
            "lead_mediator_id", "主办调解员须在所指派的调解员之中", "The lead must be assigned"
        )
    return mediators, lead


def _set_mediators(
    session: Session,
    case: MediationCase,
    mediators: list[MediationMediator],
    lead: int,
    today: date,
) -> bool:
    """Make the case's assignment exactly *mediators* with *lead*; True if anything changed."""
    current = {
        row.mediator_id: row
        for row in session.exec(
            select(MediationCaseMediator).where(MediationCaseMediator.case_id == case.id)
        ).all()
    }
    wanted = {m.id for m in mediators}
    changed = False
    for mediator_id, row in current.items():
        if mediator_id not in wanted:
            session.delete(row)
            changed = True
        elif row.lead != (mediator_id == lead):
            row.lead = mediator_id == lead
            changed = True
    for mediator in mediators:
        if mediator.id not in current:
            session.add(
                MediationCaseMediator(
                    case_id=case.id,  # type: ignore[arg-type]
                    mediator_id=mediator.id,  # type: ignore[arg-type]
                    org_id=case.org_id,
                    lead=mediator.id == lead,
                    assigned_on=today,
                )
            )
            changed = True
    session.flush()
    return changed


def accept_case(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    today: date,
) -> MediationCase:
    """受理: the rights and duties were explained (告知书), mediators are assigned, the
    one-month term (M1) starts."""
    case = get_case(session, case_id, for_update=True)
    lock_for_change(session, case, expected_version)
    require(case, Action.ACCEPT)
    form = Form(data)
    accepted_on = (
        form.day(
            "accepted_on",
            ("受理日期", "acceptance date"),
            not_after=today,
            not_before=case.registered_on,
            not_before_label=("登记日期", "registration date"),
        )
        or today
    )
    notified = form.day(
        "rights_notified_on",
        ("权利义务告知日期", "date the rights were explained"),
        not_after=today,
        not_before=case.registered_on,
        not_before_label=("登记日期", "registration date"),
    )
    if notified is None and "rights_notified_on" not in form.errors:
        form.error(
            "rights_notified_on",
            "受理前须告知当事人权利义务（人民调解当事人权利义务告知书），请填写告知日期",
            "Explain the parties' rights and duties before accepting, and give the date",
        )
    mediators, lead = _mediator_choice(session, case, form)
    form.check()
    _set_mediators(session, case, mediators, lead, today)  # type: ignore[arg-type]
    case.status = CaseStatus.MEDIATING
    case.accepted_on = accepted_on
    case.rights_notified_on = notified
    case.due_on = safe_due(session, TERM, accepted_on, case.org_id)
    touch_case(session, case)
    session.flush()
    return case


def assign_mediators(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    today: date,
) -> MediationCase:
    """Change who mediates (the parties may also choose their mediator, RTF art. 19)."""
    case = get_case(session, case_id, for_update=True)
    lock_for_change(session, case, expected_version)
    require(case, Action.ASSIGN)
    form = Form(data)
    mediators, lead = _mediator_choice(session, case, form)
    form.check()
    if _set_mediators(session, case, mediators, lead, today):  # type: ignore[arg-type]
        touch_case(session, case)
    session.flush()
    return case


def refuse_case(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    today: date,
    settings: MediationSettings,
) -> MediationCase:
    """不予受理, for a reason of the legal list (local grounds only where the bureau allows)."""
    case = get_case(session, case_id, for_update=True)
    lock_for_change(session, case, expected_version)
    require(case, Action.REFUSE)
    form = Form(data)
    reason = form.choice("refusal_reason", RefusalReason, ("不予受理理由", "reason"))
    if reason in LOCAL_REFUSAL_REASONS and not settings.local_refusal_reasons:
        form.error(
            "refusal_reason",
            "本局未启用该地方性不予受理理由",
            "Your bureau does not use this local ground",
        )
    note = form.text("refusal_note", ("说明", "explanation"), limit=500)
    refused_on = (
        form.day(
            "refused_on",
            ("决定日期", "decision date"),
            not_after=today,
            not_before=case.registered_on,
            not_before_label=("登记日期", "registration date"),
        )
        or today
    )
    form.check()
    case.status = CaseStatus.REFUSED
    case.refusal_reason = reason
    case.refusal_note = note
    case.refused_on = refused_on
    touch_case(session, case)
    session.flush()
    return case
