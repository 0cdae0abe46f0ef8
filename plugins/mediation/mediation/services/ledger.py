"""The mediation ledger (调解台账): every case in reach, filtered, as a page or a workbook.

One query serves the page and the Excel export, so the export holds exactly the rows the
filters show. The export is the core's background export (``mediation.ledger`` kind): any
number of rows, streamed into a write-only workbook with a progress bar (issue 19). Filters: status, ministry category, committee, organisation subtree (a
station and everything under it), registration date range, warning level and a text
(case number or title).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Engine, and_, or_
from sqlmodel import Session, select

from core.api import (
    ExportColumn,
    ExportKind,
    ExportScope,
    OrgScope,
    OrgUnit,
    count_rows,
    subtree_predicate,
)
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
from mediation.permissions import CASES_EXPORT

__all__ = ["LEDGER_EXPORT", "LedgerFilter", "count_ledger", "ledger_export_rows", "ledger_query"]

#: Rows read per keyset batch by the background export.
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


def _cells(case: MediationCase, org: OrgUnit, lead: str | None) -> list[Any]:
    """One case as the workbook's row (cells are made safe by the core's writer)."""
    category = categories.category(case.category_code)
    return [
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


def _export_scope(scope: ExportScope) -> OrgScope:
    """The export's organisation subtree as the ledger's scope (checked when it started)."""
    if scope.org_path is None:
        return OrgScope(CASES_EXPORT, is_global=True)
    return OrgScope(CASES_EXPORT, paths=(scope.org_path,))


def count_ledger(session: Session, scope: ExportScope) -> int:
    """How many rows the export will write (for its progress bar): a plain count."""
    flt = LedgerFilter.from_params(scope.options)
    total, _ = count_rows(session, ledger_query(session, _export_scope(scope), flt), cap=10**12)
    return total


def ledger_export_rows(engine: Engine, scope: ExportScope) -> Iterator[list[Any]]:
    """Every row of the filtered ledger, newest first, read in keyset batches of ``BATCH``
    each in its own short session: memory stays flat however many rows (no cap)."""
    flt = LedgerFilter.from_params(scope.options)
    after: tuple[date, int] | None = None
    while True:
        with Session(engine) as session:
            query = ledger_query(session, _export_scope(scope), flt)
            if after is not None:
                day, case_id = after
                query = query.where(
                    or_(
                        MediationCase.registered_on < day,
                        and_(MediationCase.registered_on == day, MediationCase.id < case_id),  # type: ignore[arg-type]
                    )
                )
            batch = session.exec(query.limit(BATCH)).all()
            rows = [_cells(case, org, lead) for case, org, lead in batch]
            if batch:
                last = batch[-1][0]
                after = (last.registered_on, int(last.id))  # type: ignore[arg-type]
        yield from rows
        if len(batch) < BATCH:
            return


LEDGER_EXPORT = ExportKind(
    code="mediation.ledger",
    label_zh="调解台账",
    label_en="Mediation ledger",
    permission=CASES_EXPORT,
    columns=[ExportColumn(title, title) for title in HEADERS],
    count=count_ledger,
    rows=ledger_export_rows,
    file_stem_zh="调解台账",
)
