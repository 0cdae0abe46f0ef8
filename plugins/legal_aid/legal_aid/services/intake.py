"""Taking in applications (申请) from every channel and defence notices (通知辩护).

An application starts the 7-day review (L1) on the day it is received; one that was taken
by a duty lawyer or a case-handling authority for a detained person carries the time it was
taken, so the 24-hour forwarding limit (L4) can be checked. A notice skips the application
and the review: it is granted on receipt and carries the 3-day assignment limit (L3).
Applicants and representatives are people of the core registry.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, select

from core.api import DuplicatePerson, InvalidPerson, PersonNotFound, get_person, register_person
from legal_aid.codes import (
    FORWARDED_CHANNELS,
    NOTICE_MATTERS,
    Channel,
    ExemptGroup,
    Matter,
    MatterGroup,
    ServiceForm,
    Status,
    group_of,
)
from legal_aid.deadlines import FORWARD, NOTICE_ASSIGN, REVIEW
from legal_aid.models import LegalAidCase, LegalAidProvider
from legal_aid.services.cases import next_number, sync_case_due_items
from legal_aid.services.clock import BEIJING, aware, beijing_day
from legal_aid.services.deadlines import safe_due
from legal_aid.validation import Form, clean_text

__all__ = [
    "PERSON_FIELDS",
    "forward_due",
    "forwarded_on_time",
    "needs_pledge",
    "providers_of",
    "register_application",
    "register_notice",
]

PERSON_FIELDS = ("name", "id_number", "phone", "address")


def needs_pledge(matter: Matter | None, exempt: ExemptGroup | None) -> bool:
    """Art. 41/42: hardship is shown by a pledge, unless the matter needs no hardship test
    (art. 32, 33) or the applicant belongs to an exempt group."""
    if matter is None or exempt is not None:
        return False
    return group_of(matter) in (MatterGroup.CIVIL, MatterGroup.CRIMINAL_APPLICATION)


def default_form(matter: Matter) -> ServiceForm:
    group = group_of(matter)
    if group in (MatterGroup.CRIMINAL_APPLICATION, MatterGroup.CRIMINAL_NOTICE):
        return ServiceForm.CRIMINAL
    return ServiceForm.LITIGATION


def _person(
    session: Session,
    data: Mapping[str, Any],
    prefix: str,
    org_id: int,
    visible_people: Any,
    form: Form,
    *,
    required: bool,
    actor_id: int | None,
) -> int | None:
    """The id of the person a form names: a registry id picked, or one typed in (registered
    on the spot; an identity number already known links to that person)."""
    picked = clean_text(data.get(f"{prefix}_id"))
    if picked:
        try:
            return get_person(session, int(picked), org_ids_select=visible_people).id
        except (PersonNotFound, ValueError):
            form.error(f"{prefix}_name", "所选人员不存在或无权查看", "Unknown person")
            return None
    fields = {f: clean_text(data.get(f"{prefix}_{f}")) for f in PERSON_FIELDS}
    if not any(fields.values()):
        if required:
            form.error(f"{prefix}_name", "请填写姓名", "Please enter the name")
        return None
    person = {k: v for k, v in fields.items() if v}
    person["id_type"] = "resident_id"
    if not fields["id_number"]:
        form.error(f"{prefix}_id_number", "请填写身份证号码", "Please enter the identity number")
        return None
    try:
        return register_person(session, person, org_id=org_id, created_by=actor_id).id
    except DuplicatePerson as exc:
        return exc.person_id
    except InvalidPerson as exc:
        for field, zh in exc.errors.items():
            form.error(f"{prefix}_{field}", zh, exc.errors_en.get(field, zh))
        return None


def _common(
    session: Session, org_id: int, data: Mapping[str, Any], form: Form, *, today: date
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "summary": form.text("summary", ("案情概要", "Summary"), required=True, limit=2000),
        "limitation_deadline": form.day(
            "limitation_deadline",
            ("时效届满日", "Limitation deadline"),
            required=False,
            not_before=today,
        ),
    }
    preferred = clean_text(data.get("preferred_provider_id"))
    values["preferred_provider_id"] = None
    if preferred:
        provider = session.get(LegalAidProvider, int(preferred)) if preferred.isdigit() else None
        if provider is None or provider.org_id != org_id or not provider.active:
            form.error(
                "preferred_provider_id",
                "所选法律援助人员不在本中心名册中",
                "Not on this centre's roster",
            )
        else:
            values["preferred_provider_id"] = provider.id
    return values


def register_application(
    session: Session,
    org_id: int,
    data: Mapping[str, Any],
    *,
    channel: Channel,
    received_at: datetime,
    visible_people: Any,
    actor_id: int | None = None,
) -> LegalAidCase:
    """Register an application; raises :class:`InvalidInput` with every problem at once."""
    form = Form(data)
    today = beijing_day(received_at)
    matter = form.choice("matter", Matter, ("援助事项", "Matter"))
    if matter is not None and matter in NOTICE_MATTERS:
        form.error("matter", "通知辩护案件请按通知登记", "Register defence notices as notices")
        matter = None
    exempt = form.choice(
        "exempt_group", ExemptGroup, ("免予核查情形", "Exempt group"), required=False
    )
    values = _common(session, org_id, data, form, today=today)
    economic = form.text("economic_situation", ("经济状况", "Economic situation"), limit=1000)
    pledge = form.flag("integrity_pledge")
    if needs_pledge(matter, exempt):
        if not economic:
            form.error(
                "economic_situation", "请如实说明经济状况", "Describe the economic situation"
            )
        if not pledge:
            form.error("integrity_pledge", "请勾选个人诚信承诺", "Please give the integrity pledge")
    taken_at = None
    taken_by = None
    if channel in FORWARDED_CHANNELS:
        taken_by = form.text("taken_by", ("转交单位或值班律师", "Forwarded by"), required=True)
        raw = clean_text(data.get("taken_at"))
        try:
            taken_at = datetime.fromisoformat(raw) if raw else None
        except ValueError:
            taken_at = None
        if taken_at is None:
            form.error("taken_at", "请填写申请被接收的时间", "When was the application taken?")
        else:
            if taken_at.tzinfo is None:
                taken_at = taken_at.replace(tzinfo=BEIJING)
            taken_at = taken_at.astimezone(UTC)
        if taken_at is not None and aware(taken_at) > aware(received_at):
            form.error("taken_at", "接收时间不能晚于本中心收到的时间", "Cannot be after receipt")
    applicant = _person(
        session, data, "applicant", org_id, visible_people, form, required=True, actor_id=actor_id
    )
    relation = form.text("representative_relation", ("代理人与申请人关系", "Relation"), limit=30)
    representative = _person(
        session,
        data,
        "representative",
        org_id,
        visible_people,
        form,
        required=False,
        actor_id=actor_id,
    )
    if representative is not None and not relation:
        form.error("representative_relation", "请填写代理人与申请人的关系", "Enter the relation")
    form.check()
    assert matter is not None and applicant is not None
    case = LegalAidCase(
        org_id=org_id,
        number=next_number(session, org_id, today.year),
        status=Status.APPLIED,
        channel=channel,
        matter=matter,
        service_form=default_form(matter),
        applicant_id=applicant,
        representative_id=representative,
        representative_relation=relation if representative else None,
        economic_situation=economic,
        integrity_pledge=pledge,
        exempt_group=exempt,
        received_at=received_at,
        received_on=today,
        taken_at=taken_at,
        taken_by=taken_by,
        review_due=safe_due(session, REVIEW, today, org_id),
        **values,
    )
    session.add(case)
    session.flush()
    sync_case_due_items(session, case)
    return case


def register_notice(
    session: Session,
    org_id: int,
    data: Mapping[str, Any],
    *,
    received_at: datetime,
    visible_people: Any,
    actor_id: int | None = None,
) -> LegalAidCase:
    """A defence notice from police, procuratorate or court: granted on receipt, to be
    assigned within 3 days (art. 36)."""
    form = Form(data)
    today = beijing_day(received_at)
    matter = form.choice("matter", Matter, ("通知辩护情形", "Notice ground"))
    if matter is not None and matter not in NOTICE_MATTERS:
        form.error("matter", "请选择通知辩护的法定情形", "Choose a ground of art. 25")
        matter = None
    authority = form.text(
        "notifying_authority", ("通知机关", "Notifying authority"), required=True, limit=100
    )
    authority_number = form.text(
        "authority_case_number", ("通知机关案号", "Authority's number"), limit=60
    )
    values = _common(session, org_id, data, form, today=today)
    applicant = _person(
        session, data, "applicant", org_id, visible_people, form, required=True, actor_id=actor_id
    )
    form.check()
    assert matter is not None and applicant is not None
    case = LegalAidCase(
        org_id=org_id,
        number=next_number(session, org_id, today.year),
        status=Status.GRANTED,
        channel=Channel.NOTICE,
        matter=matter,
        service_form=ServiceForm.CRIMINAL,
        applicant_id=applicant,
        received_at=received_at,
        received_on=today,
        decided_on=today,
        notifying_authority=authority,
        authority_case_number=authority_number,
        assign_due=safe_due(session, NOTICE_ASSIGN, today, org_id),
        **values,
    )
    session.add(case)
    session.flush()
    sync_case_due_items(session, case)
    return case


def forward_due(session: Session, case: LegalAidCase) -> datetime | None:
    """When a forwarded application had to reach the centre (24 h from being taken)."""
    if case.taken_at is None:
        return None
    due = safe_due(session, FORWARD, case.taken_at, case.org_id)
    return due if isinstance(due, datetime) else None


def forwarded_on_time(session: Session, case: LegalAidCase) -> bool | None:
    due = forward_due(session, case)
    if due is None:
        return None
    return aware(case.received_at) <= aware(due)


def providers_of(session: Session, org_id: int) -> list[LegalAidProvider]:
    return list(
        session.exec(
            select(LegalAidProvider)
            .where(LegalAidProvider.org_id == org_id, LegalAidProvider.active.is_(True))  # type: ignore[attr-defined]
            .order_by(LegalAidProvider.name)
        ).all()
    )
