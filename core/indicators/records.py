"""The records behind a number (明细): exactly the rows counted in an indicator's numerator
(or, where the plugin lists them, in its denominator).

The plugin's ``records`` (``denominator_records``) function returns a ``Select`` for the
organisations and period; the core counts and pages it, and names each row's organisation.
The count of the list equals the numerator (the denominator) — the drill-down ends at the
very cases the figure was made of.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, func, select

from core.indicators.definitions import Indicator, RecordColumn
from core.indicators.errors import IndicatorError
from core.indicators.periods import Period
from core.orgs.models import OrgUnit
from core.orgs.tree import subtree_ids_select

__all__ = ["PARTS", "RecordPage", "lists_records", "record_page"]

PAGE_SIZE = 50


@dataclass
class RecordPage:
    """One page of the records behind a figure."""

    columns: tuple[RecordColumn, ...]
    rows: list[dict[str, Any]]
    org_names: dict[int, str]
    total: int
    page: int
    pages: int
    period: Period
    part: str = "numerator"


#: Which list of records: those counted in the numerator or in the denominator.
PARTS = ("numerator", "denominator")


class NoRecords(IndicatorError):
    def __init__(self, code: str) -> None:
        super().__init__(
            f"指标 {code} 不提供明细记录", f"Indicator {code} does not list its records"
        )


def lists_records(indicator: Indicator, part: str) -> bool:
    """Whether the indicator lists the records of *part* (numerator or denominator)."""
    source = indicator.denominator_records if part == "denominator" else indicator.records
    return source is not None and (part != "denominator" or bool(indicator.ratio))


def record_page(
    session: Session,
    indicator: Indicator,
    org: OrgUnit,
    period: Period,
    page: int = 1,
    part: str = "numerator",
) -> RecordPage:
    """Page *page* of the rows counted in *indicator*'s numerator (or denominator) at *org*
    and below."""
    part = part if part in PARTS else "numerator"
    source = indicator.denominator_records if part == "denominator" else indicator.records
    if source is None or not lists_records(indicator, part):
        raise NoRecords(indicator.code)
    effective = indicator.period_for(period)
    query = source(session, subtree_ids_select(org), effective)
    total = int(session.exec(select(func.count()).select_from(query.subquery())).one())
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(page, 1), pages)
    result = session.execute(query.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    rows = [dict(r._mapping) for r in result]
    org_ids = {r["org_id"] for r in rows if r.get("org_id") is not None}
    names = (
        dict(
            session.exec(select(OrgUnit.id, OrgUnit.name).where(col(OrgUnit.id).in_(org_ids))).all()
        )
        if org_ids
        else {}
    )
    return RecordPage(indicator.record_columns, rows, names, total, page, pages, effective, part)
