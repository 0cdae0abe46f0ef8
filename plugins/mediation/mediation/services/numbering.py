"""Case numbers (案号): ``（2026）前进人调字第12号``, per committee and year, without gaps.

The serial comes from one counter row per committee and year, advanced by a single atomic
``UPDATE … SET last_serial = last_serial + 1 … RETURNING last_serial``. Concurrent intakes
queue on that row lock; the number belongs to the intake's transaction, so a rolled-back
intake gives it back and the next one takes it — no duplicates, no gaps. The first intake
of a year creates the row inside a savepoint; if another transaction created it at the same
moment, the unique key refuses the second insert and the UPDATE runs instead.

Call :func:`next_serial` only after the transaction has written its first audited row (the
intake flushes the new case first). The audit trail takes its append lock at the first
flush; taking the counter's row lock before that could deadlock with a transaction that
holds the audit lock and waits for the counter.
"""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from mediation.models import MediationCaseCounter

__all__ = ["format_case_number", "last_serial", "next_serial"]

_COUNTER = MediationCaseCounter.__table__  # type: ignore[attr-defined]


def format_case_number(year: int, short_name: str, serial: int) -> str:
    """The case number as printed on the file cover: ``（YYYY）X人调字第N号``."""
    return f"（{year}）{short_name}人调字第{serial}号"


def _advance(session: Session, committee_id: int, year: int) -> int | None:
    statement = (
        update(_COUNTER)
        .where(_COUNTER.c.committee_id == committee_id, _COUNTER.c.year == year)
        .values(last_serial=_COUNTER.c.last_serial + 1)
        .returning(_COUNTER.c.last_serial)
    )
    return session.execute(statement).scalar_one_or_none()


def next_serial(session: Session, committee_id: int, year: int) -> int:
    """The next serial of *committee_id* in *year*, reserved for this transaction."""
    serial = _advance(session, committee_id, year)
    if serial is not None:
        return serial
    try:
        with session.begin_nested():
            session.execute(
                insert(_COUNTER).values(committee_id=committee_id, year=year, last_serial=1)
            )
        return 1
    except IntegrityError:
        serial = _advance(session, committee_id, year)
        if serial is None:  # pragma: no cover - the row exists: the insert just collided
            raise
        return serial


def last_serial(session: Session, committee_id: int, year: int) -> int:
    """The highest serial given so far (0 before the first case of the year)."""
    value = session.execute(
        select(_COUNTER.c.last_serial).where(
            _COUNTER.c.committee_id == committee_id, _COUNTER.c.year == year
        )
    ).scalar_one_or_none()
    return int(value or 0)
