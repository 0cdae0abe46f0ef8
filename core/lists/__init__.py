"""Lists that do not grow with the data (列表分页): counting and paging helpers.

A list page needs "how many rows match" and "this page of rows". Counting by wrapping the page
query (its wide columns, joins, scalar subqueries and ORDER BY) makes the database sort every
row in scope just to count it, so the cost of page one grows with the whole province's data.
:func:`count_rows` counts a slim copy instead — no ORDER BY, one constant column — and stops at
``cap + 1`` rows: past the cap the page says "10,000+" and the cost stays flat whatever the
scope holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, literal_column, select
from sqlmodel import Session

__all__ = ["COUNT_CAP", "Page", "count_rows", "page_of", "total_label"]

#: Past this many matching rows a list shows "10,000+" instead of an exact count.
COUNT_CAP = 10_000


def count_rows(db: Session, query: Any, *, cap: int | None = None) -> tuple[int, bool]:
    """How many rows *query* yields, counted up to *cap*: ``(count, capped)``.

    The count runs over ``SELECT 1 … LIMIT cap + 1`` with the same FROM/JOIN/WHERE and no
    ORDER BY, so the database can answer from an index without sorting or reading wide rows.
    ``capped`` is true when more than *cap* rows match (``count`` is then *cap*).
    *cap* defaults to :data:`COUNT_CAP`, read at call time.
    """
    cap = COUNT_CAP if cap is None else cap
    slim = (
        query.order_by(None)
        .with_only_columns(literal_column("1"), maintain_column_froms=True)
        .limit(cap + 1)
        .offset(None)
    )
    total = int(db.execute(select(func.count()).select_from(slim.subquery())).scalar_one())
    if total > cap:
        return cap, True
    return total, False


@dataclass(frozen=True)
class Page:
    """One page of a list: the rows and what the pager needs.

    ``capped`` means more than ``total`` rows match: the pager shows "total+" and the last
    page number is not known (there is always a next page while the page is full).
    """

    rows: list[Any]
    page: int
    pages: int
    total: int
    capped: bool = False

    @property
    def total_label(self) -> str:
        return total_label(self.total, self.capped)


def total_label(total: int, capped: bool) -> str:
    """``"10,000+"`` past the cap, else the plain number."""
    return f"{total:,}+" if capped else str(total)


def page_of(db: Session, query: Any, page: int, size: int, *, cap: int | None = None) -> Page:
    """Page *page* (1-based) of *query*, *size* rows, with a capped count (see :func:`count_rows`).

    Within the cap the page number is clamped to the last page; past it the pager allows the
    pages up to the cap (a list of more than 10,000 rows is narrowed with filters, not paged
    through), so deep OFFSETs stay bounded.
    """
    total, capped = count_rows(db, query, cap=cap)
    pages = max((total + size - 1) // size, 1)
    page = min(max(page, 1), pages)
    rows = list(db.exec(query.offset((page - 1) * size).limit(size)).all())
    return Page(rows=rows, page=page, pages=pages, total=total, capped=capped)
