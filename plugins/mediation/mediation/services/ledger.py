"""The mediation ledger (调解台账): every case in reach, filtered, as a page or a workbook.

One query serves the page and the Excel export, so the export holds exactly the rows the
filters show. Filters: status, ministry category, committee, organisation subtree (a
station and everything under it), registration date range, warning level and a text
(case number or title).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any
from urllib.parse import urlencode

from openpyxl import Workbook
from sqlmodel import Session, select

from core.api import OrgScope, OrgUnit, subtree_predicate
from mediation import categories
from mediation.codes import (
    CaseSource,
    CaseStatus,
    Difficulty,
    MinistryCategory,
    WarningLevel,
    label,
)
from mediation.models import MediationCase, MediationCaseMediator, MediationMediator

__all__ = ["EXPORT_LIMIT", "LedgerFilter", "export_workbook", "ledger_query", "ledger_rows"]

#: A synchronous export stops here and asks for narrower filters (a bureau's year is less).
EXPORT_LIMIT = 20_000
BATCH = 1000


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class LedgerFilter:
    """The ledger's filters as read from the query string.

    A date that is not a real day is left out of the filter and named in ``problems``
    (Chinese, English), so the page says which filter it could not apply instead of
    silently listing more than the user asked for.
    """

    status: str = ""
    category: str = ""
    committee_id: int | None = None
    org_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    #: "" any, "any" some warning, "none" no warning, or one :class:`WarningLevel`.
    warning: str = ""
    problems: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> LedgerFilter:
        status = params.get("status", "")
        category = params.get("category", "")
        problems = tuple(
            (f"“{zh}”不是有效日期：{params[key]}", f"{en} is not a valid date: {params[key]}")
            for key, zh, en in (
                ("date_from", "登记日期自", "Registered from"),
                ("date_to", "登记日期至", "Registered until"),
            )
            if params.get(key) and _date(params.get(key)) is None
        )
        if (
            not problems
            and (low := _date(params.get("date_from")))
            and (high := _date(params.get("date_to")))
            and low > high
        ):
            problems = (("登记日期的起点晚于终点", "The start date is after the end date"),)
        return cls(
            problems=problems,
            status=status if status in {s.value for s in CaseStatus} | {"open"} else "",
            category=category if category in {c.value for c in MinistryCategory} else "",
            committee_id=_int(params.get("committee_id")),
            org_id=_int(params.get("org_id")),
            date_from=_date(params.get("date_from")),
            date_to=_date(params.get("date_to")),
            text=params.get("q", "").strip()[:50],
            warning=warning
            if (warning := params.get("warning", ""))
            in {w.value for w in WarningLevel} | {"any", "none"}
            else "",
        )

    def query_string(self) -> str:
        pairs = {
            "status": self.status,
            "category": self.category,
            "committee_id": self.committee_id or "",
            "org_id": self.org_id or "",
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "q": self.text,
            "warning": self.warning,
        }
        return urlencode(pairs)


def _lead_name() -> Any:
    return (
        select(MediationMediator.name)
        .join(MediationCaseMediator, MediationCaseMediator.mediator_id == MediationMediator.id)  # type: ignore[arg-type]
        .where(
            MediationCaseMediator.case_id == MediationCase.id, MediationCaseMediator.lead.is_(True)
        )  # type: ignore[attr-defined]
        .limit(1)
        .scalar_subquery()
    )


def ledger_query(db: Session, scope: OrgScope, flt: LedgerFilter) -> Any:
    """SELECT (case, committee node, lead mediator's name) in scope, newest first."""
    query = (
        select(MediationCase, OrgUnit, _lead_name())
        .join(OrgUnit, OrgUnit.id == MediationCase.org_id)  # type: ignore[arg-type]
        .where(scope.where(MediationCase.org_id))
    )
    if flt.status == "open":
        query = query.where(MediationCase.status.not_in([CaseStatus.ARCHIVED, CaseStatus.REFUSED]))  # type: ignore[attr-defined]
    elif flt.status:
        query = query.where(MediationCase.status == flt.status)
    if flt.category:
        query = query.where(MediationCase.ministry_category == flt.category)
    if flt.committee_id:
        query = query.where(MediationCase.committee_id == flt.committee_id)
    if flt.org_id:
        root = db.get(OrgUnit, flt.org_id)
        if root is not None:
            query = query.where(subtree_predicate(root))
    if flt.date_from:
        query = query.where(MediationCase.registered_on >= flt.date_from)
    if flt.date_to:
        query = query.where(MediationCase.registered_on <= flt.date_to)
    if flt.warning == "any":
        query = query.where(MediationCase.warning_level.is_not(None))  # type: ignore[union-attr]
    elif flt.warning == "none":
        query = query.where(MediationCase.warning_level.is_(None))  # type: ignore[union-attr]
    elif flt.warning:
        query = query.where(MediationCase.warning_level == flt.warning)
    if flt.text:
        query = query.where(
            MediationCase.case_number.contains(flt.text, autoescape=True)  # type: ignore[union-attr]
            | MediationCase.title.contains(flt.text, autoescape=True)  # type: ignore[attr-defined]
        )
    return query.order_by(MediationCase.registered_on.desc(), MediationCase.id.desc())  # type: ignore[attr-defined]


HEADERS = (
    "案号",
    "案件名称",
    "调委会",
    "纠纷类型",
    "司法部统计分类",
    "案件来源",
    "登记日期",
    "受理日期",
    "状态",
    "调结日期",
    "归档日期",
    "涉及人数",
    "涉及金额（元）",
    "主办调解员",
    "难易程度",
    "预警等级",
)


def ledger_rows(db: Session, scope: OrgScope, flt: LedgerFilter) -> Iterator[list[Any]]:
    """The export's rows, read in batches (bounded memory)."""
    statement = ledger_query(db, scope, flt).limit(EXPORT_LIMIT).execution_options(yield_per=BATCH)
    for case, org, lead in db.exec(statement):
        category = categories.category(case.category_code)
        yield [
            case.case_number,
            case.title,
            org.name,
            f"{case.category_code} {category.name}" if category else case.category_code,
            label(MinistryCategory, case.ministry_category),
            label(CaseSource, case.source),
            case.registered_on,
            case.accepted_on,
            label(CaseStatus, case.status),
            case.closed_on,
            case.archived_on,
            case.people_involved,
            float(case.amount) if case.amount is not None else None,
            lead or "",
            label(Difficulty, case.difficulty) if case.difficulty else "",
            label(WarningLevel, case.warning_level) if case.warning_level else "",
        ]


def export_workbook(db: Session, scope: OrgScope, flt: LedgerFilter) -> bytes:
    """The filtered ledger as an .xlsx file (write-only mode: rows stream to the file)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("调解台账")
    sheet.append(list(HEADERS))
    for row in ledger_rows(db, scope, flt):
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
