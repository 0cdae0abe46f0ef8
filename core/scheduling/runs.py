"""The ``job_run`` bookkeeping, in short transactions of their own.

Every state change is a compare-and-set on ``(id, token, status)``: whoever changes a run
must hold its current token. That is what makes a duplicated message, a message for an
older attempt, or a worker that was declared dead but is still running harmless — their
updates match no row and they stop.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from core.scheduling.models import JobRun, RunStatus

__all__ = [
    "Claimed",
    "claim",
    "finish",
    "give_up",
    "hand_back",
    "has_active_run",
    "insert_run",
    "last_slot",
    "new_token",
    "open_runs",
    "record_progress",
    "resend",
]

T = JobRun.__table__  # type: ignore[attr-defined]
_ERROR_LIMIT = 4000


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_token() -> str:
    return uuid.uuid4().hex


def jsonable(value: Any) -> Any:
    """The value as JSON would give it back; anything else becomes its ``str``."""
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def insert_run(
    conn: Connection,
    job_name: str,
    *,
    slot: datetime | None = None,
    params: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> tuple[int, str]:
    """Write a queued run; raises IntegrityError if the periodic slot is already taken."""
    token = new_token()
    result = conn.execute(
        insert(T).values(
            job_name=job_name,
            slot=slot,
            status=RunStatus.QUEUED.value,
            token=token,
            attempts=1,
            params=jsonable(params) if params is not None else None,
            enqueued_at=now or utcnow(),
        )
    )
    return int(result.inserted_primary_key[0]), token


def last_slot(conn: Connection, job_name: str) -> datetime | None:
    return conn.execute(select(func.max(T.c.slot)).where(T.c.job_name == job_name)).scalar()


def has_active_run(conn: Connection, job_name: str) -> bool:
    """Whether a run of the job is queued or running (periodic jobs never overlap)."""
    active = [RunStatus.QUEUED.value, RunStatus.RUNNING.value]
    found = conn.execute(
        select(T.c.id).where(T.c.job_name == job_name, T.c.status.in_(active)).limit(1)
    ).first()
    return found is not None


@dataclass(frozen=True)
class Claimed:
    """A run this worker now owns."""

    run_id: int
    token: str
    slot: datetime | None
    params: dict[str, Any]


def claim(engine: Engine, run_id: int, token: str, job_name: str) -> Claimed | None:
    """Take a queued run for execution; None if the message is stale, duplicated or foreign."""
    now = utcnow()
    with engine.begin() as conn:
        taken = conn.execute(
            update(T)
            .where(
                T.c.id == run_id,
                T.c.token == token,
                T.c.job_name == job_name,
                T.c.status == RunStatus.QUEUED.value,
            )
            .values(status=RunStatus.RUNNING.value, started_at=now, heartbeat_at=now)
        ).rowcount
        if taken != 1:
            return None
        row = conn.execute(select(T.c.slot, T.c.params).where(T.c.id == run_id)).one()
    return Claimed(run_id, token, row.slot, dict(row.params or {}))


def finish(
    engine: Engine,
    run_id: int,
    token: str,
    status: RunStatus,
    *,
    result: Any = None,
    error: str | None = None,
) -> bool:
    """Close a running run as done or failed; False if it was handed to another attempt."""
    values: dict[str, Any] = {"status": status.value, "finished_at": utcnow()}
    if status is RunStatus.DONE:
        values["result"] = jsonable(result)
    if error is not None:
        values["error"] = error[:_ERROR_LIMIT]
    with engine.begin() as conn:
        changed = conn.execute(
            update(T)
            .where(T.c.id == run_id, T.c.token == token, T.c.status == RunStatus.RUNNING.value)
            .values(**values)
        ).rowcount
    return changed == 1


def record_progress(
    engine: Engine, run_id: int, token: str, done: int, total: int | None, note: str | None
) -> bool:
    """Store progress and a heartbeat; False if the run is no longer this attempt's."""
    values: dict[str, Any] = {"progress_done": done, "heartbeat_at": utcnow()}
    if total is not None:
        values["progress_total"] = total
    if note is not None:
        values["progress_note"] = note[:200]
    with engine.begin() as conn:
        changed = conn.execute(
            update(T)
            .where(T.c.id == run_id, T.c.token == token, T.c.status == RunStatus.RUNNING.value)
            .values(**values)
        ).rowcount
    return changed == 1


@dataclass(frozen=True)
class OpenRun:
    """A queued or running run, as the scheduler's recovery pass sees it."""

    run_id: int
    job_name: str
    status: RunStatus
    token: str
    attempts: int
    last_sign_of_life: datetime


def open_runs(conn: Connection) -> list[OpenRun]:
    rows = conn.execute(
        select(
            T.c.id,
            T.c.job_name,
            T.c.status,
            T.c.token,
            T.c.attempts,
            T.c.enqueued_at,
            T.c.heartbeat_at,
        ).where(T.c.status.in_([RunStatus.QUEUED.value, RunStatus.RUNNING.value]))
    ).all()
    return [
        OpenRun(
            r.id,
            r.job_name,
            RunStatus(r.status),
            r.token,
            r.attempts,
            max(t for t in (r.enqueued_at, r.heartbeat_at) if t is not None),
        )
        for r in rows
    ]


def resend(conn: Connection, run: OpenRun, now: datetime) -> str | None:
    """Hand a run to a new attempt (new token, queued again); None if someone else did."""
    token = new_token()
    changed = conn.execute(
        update(T)
        .where(T.c.id == run.run_id, T.c.token == run.token, T.c.status == run.status.value)
        .values(
            status=RunStatus.QUEUED.value,
            token=token,
            attempts=T.c.attempts + 1,
            enqueued_at=now,
            started_at=None,
            heartbeat_at=None,
        )
    ).rowcount
    return token if changed == 1 else None


def hand_back(engine: Engine, run_id: int, token: str) -> str | None:
    """Give a running run back after its process was told to stop (graceful shutdown).

    The run becomes queued again with a new token, its attempts unchanged (being stopped is
    not the job's failure); the caller sends the new token. If that message is lost (the
    embedded broker dies with its process), the scheduler's recovery pass sends it again
    once the job's timeout has passed. None if the run was no longer this attempt's.
    """
    new = new_token()
    with engine.begin() as conn:
        changed = conn.execute(
            update(T)
            .where(T.c.id == run_id, T.c.token == token, T.c.status == RunStatus.RUNNING.value)
            .values(
                status=RunStatus.QUEUED.value,
                token=new,
                enqueued_at=utcnow(),
                started_at=None,
                heartbeat_at=None,
            )
        ).rowcount
    return new if changed == 1 else None


def give_up(conn: Connection, run: OpenRun, now: datetime, reason: str) -> bool:
    """Mark a run that keeps dying as failed; the next periodic slot catches up."""
    changed = conn.execute(
        update(T)
        .where(T.c.id == run.run_id, T.c.token == run.token, T.c.status == run.status.value)
        .values(status=RunStatus.FAILED.value, finished_at=now, error=reason)
    ).rowcount
    return changed == 1
