"""Case subsidies (办案补贴, art. 52): a bureau's table by service form and matter group,
computed when the closing report is in, adjusted by the latest quality grade, frozen once
approved, exported to Excel."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlmodel import Session, col, select

from core.api import OrgUnit, Spreadsheet, conflict_on_duplicate, lock_for_change, touch
from legal_aid.codes import MatterGroup, ServiceForm, group_of, label
from legal_aid.errors import IllegalTransition, InvalidInput
from legal_aid.models import (
    LegalAidCase,
    LegalAidProvider,
    LegalAidQualityCheck,
    LegalAidSubsidy,
    LegalAidSubsidyRate,
)
from legal_aid.settings import settings_at

__all__ = [
    "approve",
    "compute_subsidy",
    "export_xlsx",
    "rate_for",
    "regrade_subsidy",
    "set_rate",
]


def _ancestors(session: Session, org_id: int) -> list[int]:
    """The org and every org above it, nearest first."""
    org = session.get(OrgUnit, org_id)
    if org is None:
        return [org_id]
    ids = [int(p) for p in str(org.path).strip("/").split("/") if p]
    return list(reversed(ids)) or [org_id]


def rate_for(session: Session, org_id: int, form: str, group: str) -> Decimal | None:
    """The nearest table entry up the tree for this service form and matter group."""
    chain = _ancestors(session, org_id)
    rows = {
        r.org_id: r.amount
        for r in session.exec(
            select(LegalAidSubsidyRate).where(
                col(LegalAidSubsidyRate.org_id).in_(chain),
                LegalAidSubsidyRate.service_form == form,
                LegalAidSubsidyRate.matter_group == group,
            )
        )
    }
    return next((Decimal(rows[o]) for o in chain if o in rows), None)


def set_rate(session: Session, org_id: int, data: Mapping[str, Any]) -> LegalAidSubsidyRate:
    errors: dict[str, tuple[str, str]] = {}
    try:
        form = ServiceForm(str(data.get("service_form", "")))
    except ValueError:
        errors["service_form"] = ("请选择服务形式", "Choose the service form")
    try:
        group = MatterGroup(str(data.get("matter_group", "")))
    except ValueError:
        errors["matter_group"] = ("请选择案件类别", "Choose the matter group")
    try:
        amount = Decimal(str(data.get("amount", "")).strip())
        if amount < 0 or amount > Decimal("100000"):
            raise InvalidOperation
    except InvalidOperation:
        errors["amount"] = ("补贴金额须为0至100000之间的数字", "Amount: 0 to 100000")
    if errors:
        raise InvalidInput(errors)
    row = session.exec(
        select(LegalAidSubsidyRate).where(
            LegalAidSubsidyRate.org_id == org_id,
            LegalAidSubsidyRate.service_form == form,
            LegalAidSubsidyRate.matter_group == group,
        )
    ).first()
    if row is None:
        row = LegalAidSubsidyRate(
            org_id=org_id, service_form=form, matter_group=group, amount=amount
        )
    elif row.amount != amount:  # the same amount again (a double-click) changes nothing
        row.amount = amount
        touch(row)
    with conflict_on_duplicate(session, "LegalAidSubsidyRate"):  # two first saves at once
        session.add(row)
    return row


def _latest_grade(session: Session, case_id: int) -> str | None:
    return session.exec(
        select(LegalAidQualityCheck.grade)
        .where(LegalAidQualityCheck.case_id == case_id)
        .order_by(col(LegalAidQualityCheck.checked_on).desc(), col(LegalAidQualityCheck.id).desc())
    ).first()


def _apply_grade(
    session: Session, subsidy: LegalAidSubsidy, case: LegalAidCase, platform: Any
) -> None:
    settings = settings_at(session, getattr(platform, "host", platform), case.org_id)
    grade = _latest_grade(session, case.id)  # type: ignore[arg-type]
    subsidy.grade = grade
    subsidy.factor_percent = settings.grade_percent(grade)
    subsidy.amount = (Decimal(subsidy.base_amount) * subsidy.factor_percent / 100).quantize(
        Decimal("0.01")
    )


def compute_subsidy(
    session: Session, case: LegalAidCase, today: date, *, platform: Any = None
) -> LegalAidSubsidy:
    """Computed on closing (idempotent: an existing unapproved row is recomputed)."""
    base = rate_for(session, case.org_id, case.service_form, group_of(case.matter)) or Decimal(0)
    subsidy = session.exec(
        select(LegalAidSubsidy).where(LegalAidSubsidy.case_id == case.id)
    ).first()
    if subsidy is not None and subsidy.approved_on is not None:
        return subsidy
    if subsidy is None:
        subsidy = LegalAidSubsidy(
            case_id=case.id,
            org_id=case.org_id,
            provider_id=case.provider_id,  # type: ignore[arg-type]
            base_amount=base,
            amount=base,
            computed_on=today,
        )
    else:
        subsidy.base_amount = base
        touch(subsidy)
    _apply_grade(session, subsidy, case, platform)
    session.add(subsidy)
    session.flush()
    return subsidy


def regrade_subsidy(session: Session, case: LegalAidCase, *, platform: Any = None) -> None:
    """A new quality grade changes an unapproved subsidy; an approved one stays frozen."""
    subsidy = session.exec(
        select(LegalAidSubsidy).where(LegalAidSubsidy.case_id == case.id)
    ).first()
    if subsidy is None or subsidy.approved_on is not None:
        return
    _apply_grade(session, subsidy, case, platform)
    touch(subsidy)
    session.add(subsidy)
    session.flush()


def approve(
    session: Session, subsidy_id: int, version: int | None, today: date, actor_id: int | None
) -> LegalAidSubsidy:
    subsidy = session.get(LegalAidSubsidy, subsidy_id)
    if subsidy is None:
        raise LookupError(subsidy_id)
    lock_for_change(session, subsidy, version)
    if subsidy.approved_on is not None:
        raise IllegalTransition("补贴已审批，不能再修改", "Already approved")
    subsidy.approved_on = today
    subsidy.approved_by = actor_id
    touch(subsidy)
    session.add(subsidy)
    session.flush()
    return subsidy


def export_xlsx(session: Session, org_ids_select: Any) -> bytes:
    """The subsidy ledger of the user's scope as an Excel workbook."""
    book = Spreadsheet()
    sheet = book.sheet("办案补贴")
    sheet.row(
        [
            "案号",
            "援助事项",
            "服务形式",
            "承办人",
            "执业证号",
            "标准（元）",
            "质量等次",
            "系数（%）",
            "补贴（元）",
            "计算日期",
            "审批日期",
        ]
    )
    rows = session.exec(
        select(LegalAidSubsidy, LegalAidCase, LegalAidProvider)
        .join(LegalAidCase, LegalAidCase.id == LegalAidSubsidy.case_id)  # type: ignore[arg-type]
        .join(LegalAidProvider, LegalAidProvider.id == LegalAidSubsidy.provider_id, isouter=True)  # type: ignore[arg-type]
        .where(col(LegalAidSubsidy.org_id).in_(org_ids_select))
        .order_by(col(LegalAidSubsidy.computed_on), col(LegalAidSubsidy.id))
    ).all()
    from legal_aid.codes import Grade, Matter

    for subsidy, case, provider in rows:
        sheet.row(
            [
                case.number,
                label(Matter, case.matter),
                label(ServiceForm, case.service_form),
                provider.name if provider else "",
                (provider.practice_number or "") if provider else "",
                float(subsidy.base_amount),
                label(Grade, subsidy.grade) if subsidy.grade else "",
                subsidy.factor_percent,
                float(subsidy.amount),
                subsidy.computed_on.isoformat(),
                subsidy.approved_on.isoformat() if subsidy.approved_on else "未审批",
            ]
        )
    return book.to_bytes()
