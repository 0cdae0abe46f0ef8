"""One search box for the people registry (人员检索).

Staff type whatever they have: part of a name (``三丰``), pinyin initials (``zsf``) or the
start of the full pinyin (``zhangsan``), a full resident identity number, a phone number,
or a foreign document number. :func:`parse_query` decides which of these the text can be;
:func:`search_people` matches any of them. Numbers match exactly, never in part — a partial
number search would let anyone recover masked digits.

Results are always limited to the organisations the caller may see (a SELECT of org ids
from the scoping helper), and are masked :class:`PersonView` values in name order — pinyin
order (``full_pinyin``), which is what Chinese users expect of a name list, and the same on
SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select, union
from sqlalchemy.sql import Select
from sqlmodel import Session

from core.people.models import Person
from core.people.phones import InvalidPhone, normalise_phone
from core.people.validation import DOCUMENT_NUMBER_PATTERN, clean_document_number
from core.people.views import PersonView, masked

__all__ = ["PeopleQuery", "parse_query", "search_people"]

MAX_LIMIT = 200
_RESIDENT_ID = re.compile(r"[0-9]{17}[0-9X]")
_PINYIN = re.compile(r"[a-z]+")
_PERSON = Person.__table__.c  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class PeopleQuery:
    """What a search text may be; every field that is set is tried (OR)."""

    name_fragment: str | None = None
    pinyin_prefix: str | None = None
    resident_id: str | None = None
    phone: str | None = None
    document_number: str | None = None

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.name_fragment,
                self.pinyin_prefix,
                self.resident_id,
                self.phone,
                self.document_number,
            )
        )


def parse_query(text: str | None) -> PeopleQuery:
    """Read a search text.

    - letters only (spaces and apostrophes allowed: ``zhang san``, ``xi'an``): pinyin, matched
      as the start of the initials or of the full pinyin;
    - containing a digit and shaped like an identity number, phone or document number:
      those, matched exactly;
    - anything else (Han characters, a partial number): a fragment of the name.
    """
    folded = unicodedata.normalize("NFKC", text or "").strip()
    if not folded:
        return PeopleQuery()
    compact = "".join(folded.split())
    letters = compact.replace("'", "").lower()
    if _PINYIN.fullmatch(letters):
        return PeopleQuery(pinyin_prefix=letters)
    if any(ch.isdigit() for ch in compact):
        number = clean_document_number(compact)
        try:
            phone: str | None = normalise_phone(folded)
        except InvalidPhone:
            phone = None
        numbers = PeopleQuery(
            resident_id=number if _RESIDENT_ID.fullmatch(number) else None,
            phone=phone,
            document_number=number if DOCUMENT_NUMBER_PATTERN.fullmatch(number) else None,
        )
        if not numbers.empty:
            return numbers
    return PeopleQuery(name_fragment=" ".join(folded.split()))


def _starts_with(column: Any, prefix: str, dialect: str) -> ColumnElement[bool]:
    """``column`` begins with ``prefix``, written so that each database uses its index.

    PostgreSQL uses a ``text_pattern_ops`` index for ``LIKE 'abc%'``. SQLite only does so
    for case-insensitive indexes, so there the same test is a range on the plain index:
    every string that starts with ``abc`` sorts from ``abc`` up to ``abc`` followed by the
    highest code point.
    """
    if dialect == "postgresql":
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return column.like(escaped + "%", escape="\\")
    return and_(column >= prefix, column < prefix + "\U0010ffff")


def _matching_ids(query: PeopleQuery, dialect: str) -> Select[Any]:
    """The ids of the people *query* matches: one indexed lookup per reading, UNIONed.

    A single ``OR`` of all readings leaves SQLite's planner free to walk the whole table in
    name order (it did, at 100,000 rows, once statistics existed); an ``id IN (…)`` over
    separate lookups keeps every reading on its own index. A name fragment has no index to
    use, so it scans the narrow name index instead of the table.
    """
    lookups: list[Select[Any]] = []

    def where(condition: ColumnElement[bool]) -> None:
        lookups.append(select(_PERSON.id).where(condition))

    if query.name_fragment:
        where(_PERSON.name.contains(query.name_fragment, autoescape=True))
    if query.pinyin_prefix:
        where(_starts_with(_PERSON.pinyin_initials, query.pinyin_prefix, dialect))
        where(_starts_with(_PERSON.full_pinyin, query.pinyin_prefix, dialect))
    if query.resident_id:
        where(_PERSON.id_number == query.resident_id)
    if query.phone:
        where(_PERSON.phone == query.phone)
    if query.document_number:
        where(_PERSON.document_number == query.document_number)
    return lookups[0] if len(lookups) == 1 else union(*lookups)  # type: ignore[return-value]


def search_people(
    session: Session,
    query: str | None,
    *,
    org_ids_select: Select[Any],
    limit: int = 20,
    offset: int = 0,
) -> tuple[list[PersonView], int]:
    """People matching *query* within the visible organisations, one page of them.

    *org_ids_select* is a SELECT of the org ids the caller may see (what the scoping helper
    returns); it is used as a subquery, never run on its own. An empty query lists everyone
    visible. Returns the page of masked views (name order) and the total number of matches.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}: {limit}")
    if offset < 0:
        raise ValueError(f"offset must not be negative: {offset}")
    dialect = session.get_bind().dialect.name
    parsed = parse_query(query)
    where = _PERSON.org_id.in_(org_ids_select)
    if not parsed.empty:
        where = and_(where, _PERSON.id.in_(_matching_ids(parsed, dialect)))
    total = session.execute(select(func.count()).select_from(Person).where(where)).scalar_one()
    rows = session.scalars(
        select(Person)
        .where(where)
        .order_by(_PERSON.full_pinyin, _PERSON.name, _PERSON.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return [masked(person) for person in rows], total
