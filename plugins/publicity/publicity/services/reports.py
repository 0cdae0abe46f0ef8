"""Statistics by unit and by station for a month, quarter or year, and their Excel file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import literal
from sqlmodel import Session, col, func, select

from core.api import N_, OrgType, OrgUnit, Spreadsheet
from publicity.models import PublicityEvent, PublicityUnit

__all__ = ["COLUMNS", "Row", "by_station", "by_unit", "period_bounds", "workbook"]

COLUMNS = (
    ("events", N_("活动场次")),
    ("attendance", N_("参与人次")),
    ("consultations", N_("解答咨询人次")),
    ("materials", N_("发放资料份数")),
    ("displays", N_("展板横幅数")),
    ("online_reads", N_("线上阅读量")),
    ("satisfaction", N_("满意率(%)")),
)


def period_bounds(kind: str, year: int, index: int) -> tuple[date, date, str]:
    """[start, end) of a month/quarter/year, and its Chinese name."""
    if kind == "month":
        start = date(year, index, 1)
        end = date(year + (index == 12), index % 12 + 1, 1)
        return start, end, f"{year}年{index}月"
    if kind == "quarter":
        start = date(year, 3 * index - 2, 1)
        end = date(year + (index == 4), (3 * index) % 12 + 1, 1)
        return start, end, f"{year}年第{index}季度"
    return date(year, 1, 1), date(year + 1, 1, 1), f"{year}年"


@dataclass
class Row:
    name: str
    figures: dict[str, Any] = field(default_factory=dict)


def _aggregate(session: Session, group: Any, where: list[Any]) -> dict[Any, dict[str, Any]]:
    """Figures per *group* value (None: one total row under the key None)."""
    e = PublicityEvent
    key = group if group is not None else literal(0)
    query = select(
        key,
        func.count(),
        func.sum(e.attendance),
        func.sum(e.consultations),
        func.sum(e.materials),
        func.sum(e.displays),
        func.sum(e.online_reads),
        func.avg(e.satisfaction),
    ).where(*where)
    rows = session.exec(query.group_by(group) if group is not None else query).all()
    out = {}
    for value, n, att, cons, mat, disp, reads, sat in rows:
        if not n:
            continue
        out[value if group is not None else None] = {
            "events": int(n),
            "attendance": int(att or 0),
            "consultations": int(cons or 0),
            "materials": int(mat or 0),
            "displays": int(disp or 0),
            "online_reads": int(reads or 0),
            "satisfaction": round(float(sat), 1) if sat is not None else "",
        }
    return out


def by_unit(session: Session, org_ids: Any, start: date, end: date) -> list[Row]:
    """One row per unit in scope (units with no event show zeros)."""
    units = session.exec(
        select(PublicityUnit)
        .where(col(PublicityUnit.org_id).in_(org_ids))
        .order_by(PublicityUnit.name)
    ).all()
    figures = _aggregate(
        session,
        PublicityEvent.unit_id,
        [
            col(PublicityEvent.unit_id).in_([u.id for u in units]),
            col(PublicityEvent.held_on) >= start,
            col(PublicityEvent.held_on) < end,
        ],
    )
    empty = {k: 0 for k, _ in COLUMNS} | {"satisfaction": ""}
    return [Row(u.name, figures.get(u.id, empty)) for u in units]


def by_station(session: Session, root: OrgUnit, start: date, end: date) -> list[Row]:
    """One row per station under *root*: events held anywhere in its subtree."""
    stations = session.exec(
        select(OrgUnit)
        .where(col(OrgUnit.path).startswith(root.path), OrgUnit.type == OrgType.STATION)
        .order_by(OrgUnit.path)
    ).all()
    rows = []
    empty = {k: 0 for k, _ in COLUMNS} | {"satisfaction": ""}
    for station in stations:
        under = select(OrgUnit.id).where(col(OrgUnit.path).startswith(station.path))
        figures = _aggregate(
            session,
            None,
            [
                col(PublicityEvent.org_id).in_(under),
                col(PublicityEvent.held_on) >= start,
                col(PublicityEvent.held_on) < end,
            ],
        )
        rows.append(Row(station.name, next(iter(figures.values()), empty)))
    return rows


def workbook(title: str, sections: list[tuple[str, list[Row]]]) -> bytes:
    """An .xlsx with one sheet per section (按单位, 按司法所)."""
    book = Spreadsheet()
    for name, rows in sections:
        sheet = book.sheet(name)
        sheet.row([title], bold=True, size=13)
        sheet.row([name.replace("按", "")] + [zh for _, zh in COLUMNS], bold=True)
        for row in rows:
            sheet.row([row.name] + [row.figures.get(k, "") for k, _ in COLUMNS])
        total = ["合计"] + [
            sum(r.figures.get(k, 0) or 0 for r in rows) if k != "satisfaction" else ""
            for k, _ in COLUMNS
        ]
        sheet.row(total)
        sheet.width("A", 28)
    return book.to_bytes()
