"""Reading and numbering cases, and keeping their due items (待办) in step with their state."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.api import (
    DueItemKind,
    DueItemSpec,
    DueSource,
    OrgUnit,
    StaleRecord,
    lock_for_change,
    sync_due_items,
    touch,
)
from legal_aid.codes import Status
from legal_aid.errors import IllegalTransition
from legal_aid.models import LegalAidCase, LegalAidObjection, LegalAidProvider
from legal_aid.services.deadlines import track_case_dues

__all__ = [
    "DUE_ITEM_KINDS",
    "case_source",
    "get_case",
    "locked_case",
    "next_number",
    "save",
    "sync_case_due_items",
]

KIND_REVIEW = "legal_aid.review"
KIND_MATERIALS = "legal_aid.materials"
KIND_ASSIGN = "legal_aid.assign"
KIND_OBJECTION = "legal_aid.objection"
KIND_REPORT = "legal_aid.report"

DUE_ITEM_KINDS = [
    DueItemKind(
        KIND_REVIEW,
        "法律援助审查决定",
        "Decide on a legal aid application",
        lead_time=timedelta(days=2),
    ),
    DueItemKind(
        KIND_MATERIALS, "法律援助补充材料期限", "Missing materials due", lead_time=timedelta(days=3)
    ),
    DueItemKind(
        KIND_ASSIGN, "指派法律援助人员", "Assign an aid lawyer", lead_time=timedelta(days=1)
    ),
    DueItemKind(
        KIND_OBJECTION, "法律援助异议审查", "Review an objection", lead_time=timedelta(days=2)
    ),
    DueItemKind(KIND_REPORT, "提交结案材料", "Submit the closing report"),
]


def case_source(case_id: int) -> DueSource:
    return DueSource("legal_aid", "case", case_id)


def get_case(session: Session, case_id: int) -> LegalAidCase:
    case = session.get(LegalAidCase, case_id)
    if case is None:
        raise LookupError(case_id)
    return case


def locked_case(
    session: Session, case_id: int, expected_version: int | None, *states: Status
) -> LegalAidCase:
    """The case for a change: the version the user saw must still be current (else
    :class:`StaleRecord`), and the case must be in one of *states*."""
    case = get_case(session, case_id)
    lock_for_change(session, case, expected_version)
    if states and Status(case.status) not in states:
        raise IllegalTransition(
            "案件当前状态不允许此操作，请刷新页面", "The case's state does not allow this"
        )
    return case


def save(session: Session, case: LegalAidCase) -> LegalAidCase:
    touch(case)
    session.add(case)
    session.flush()
    sync_case_due_items(session, case)
    return case


def next_number(session: Session, org_id: int, year: int) -> str:
    """(2026)乐法援字第N号 style: the centre's short name, the year and a serial."""
    org = session.get(OrgUnit, org_id)
    short = (org.name[:2] if org else "法") or "法"
    prefix = f"（{year}）{short}法援字第"
    count = session.exec(
        select(func.count()).where(
            LegalAidCase.org_id == org_id, col(LegalAidCase.number).startswith(prefix)
        )
    ).one()
    n = int(count) + 1
    while session.exec(
        select(LegalAidCase.id).where(LegalAidCase.number == f"{prefix}{n}号")
    ).first():
        n += 1
    return f"{prefix}{n}号"


def _provider_account(session: Session, provider_id: int | None) -> int | None:
    if provider_id is None:
        return None
    provider = session.get(LegalAidProvider, provider_id)
    return provider.account_id if provider else None


def sync_case_due_items(session: Session, case: LegalAidCase) -> None:
    """Make the case's open due items exactly those its state calls for (idempotent).

    Dates computed in this unit of work are first registered with the core, so a
    provisional (暂定) one is marked on its due item and recomputed on entry of the year.
    """
    assert case.id is not None
    track_case_dues(
        session,
        case,
        list(session.exec(select(LegalAidObjection).where(LegalAidObjection.case_id == case.id))),
    )
    status = Status(case.status)
    url = f"/m/legal_aid/cases/{case.id}"
    specs: list[DueItemSpec] = []

    def item(key: str, kind: str, zh: str, en: str, due: date | datetime, account=None) -> None:
        specs.append(
            DueItemSpec(
                key=key,
                title_zh=f"{zh}：{case.number}",
                title_en=f"{en}: {case.number}",
                due_at=due,
                org_id=case.org_id,
                account_id=account,
                kind=kind,
                url=url,
            )
        )

    pending = False
    if status is Status.APPLIED:
        if case.review_due is None:
            pending = True
        else:
            item(
                f"review:{case.review_due}",
                KIND_REVIEW,
                "审查法律援助申请",
                "Review the application",
                case.review_due,
            )
    if status is Status.MATERIALS and case.materials_due is not None:
        item(
            f"materials:{case.materials_due}",
            KIND_MATERIALS,
            "补充材料期限届满",
            "Missing materials due",
            case.materials_due,
        )
    if status is Status.GRANTED:
        if case.assign_due is None:
            pending = True
        else:
            item(
                f"assign:{case.assign_due}",
                KIND_ASSIGN,
                "指派法律援助人员",
                "Assign an aid lawyer",
                case.assign_due,
            )
    if status is Status.ASSIGNED and case.ended_on is not None and case.reported_on is None:
        if case.report_due is None:
            pending = True
        else:
            item(
                f"report:{case.report_due}",
                KIND_REPORT,
                "提交结案报告",
                "Submit the closing report",
                case.report_due,
                _provider_account(session, case.provider_id),
            )
    for objection in session.exec(
        select(LegalAidObjection).where(
            LegalAidObjection.case_id == case.id, col(LegalAidObjection.decided_on).is_(None)
        )
    ):
        if objection.due is not None:
            item(
                f"objection:{objection.id}",
                KIND_OBJECTION,
                "审查法律援助异议",
                "Review the objection",
                objection.due,
            )
    sync_due_items(session, case_source(case.id), specs)
    if case.deadlines_pending != pending:
        case.deadlines_pending = pending
        session.add(case)
        session.flush()


__all__ += ["StaleRecord"]
