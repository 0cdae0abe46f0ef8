"""换班: a provider asks a colleague to take a session; the station approves or refuses.

Approval re-checks the rota rules for the colleague on that day (a swap must not create a
clash) and moves the session; the colleague's calendar feed gains it and the asker's loses it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from clinic.codes import SessionStatus, SwapStatus
from clinic.errors import ClinicError, Conflict
from clinic.models import ClinicSession, ClinicSwapRequest
from clinic.services.due import sync_session_due
from clinic.services.rota import session_conflicts
from core.api import lock_for_change, touch

__all__ = ["approve_swap", "reject_swap", "request_swap"]


def request_swap(
    session: Session,
    host: Any,
    row: ClinicSession,
    to_provider_id: int,
    reason: str | None,
) -> ClinicSwapRequest:
    if row.status != SessionStatus.SCHEDULED:
        raise ClinicError("只有待接诊的场次可以换班", "Only scheduled sessions can be swapped")
    if to_provider_id == row.provider_id:
        raise ClinicError("请选择另一位律师", "Choose another provider")
    pending = session.exec(
        select(ClinicSwapRequest.id).where(
            ClinicSwapRequest.session_id == row.id,
            ClinicSwapRequest.status == SwapStatus.PENDING,
        )
    ).first()
    if pending is not None:
        raise ClinicError("该场次已有待审批的换班申请", "A swap is already pending")
    reasons = session_conflicts(session, host, row, to_provider_id, row.day)
    if reasons:
        raise Conflict(reasons)
    swap = ClinicSwapRequest(
        org_id=row.org_id,
        session_id=row.id,  # type: ignore[arg-type]
        from_provider_id=row.provider_id,
        to_provider_id=to_provider_id,
        reason=(reason or "")[:200] or None,
        status=SwapStatus.PENDING,
    )
    session.add(swap)
    session.flush()
    return swap


def approve_swap(
    session: Session,
    host: Any,
    swap: ClinicSwapRequest,
    *,
    actor_id: int | None,
    now: datetime,
    version: int | None,
) -> None:
    lock_for_change(session, swap, version)
    if swap.status != SwapStatus.PENDING:
        raise ClinicError("该申请已处理", "Already decided")
    row = session.get(ClinicSession, swap.session_id)
    assert row is not None
    if row.status != SessionStatus.SCHEDULED or row.provider_id != swap.from_provider_id:
        raise ClinicError("场次已变动，申请失效", "The session changed; the request lapsed")
    reasons = session_conflicts(session, host, row, swap.to_provider_id, row.day)
    if reasons:
        raise Conflict(reasons)
    row.provider_id = swap.to_provider_id
    touch(row)
    session.add(row)
    swap.status = SwapStatus.APPROVED
    swap.decided_by = actor_id
    swap.decided_at = now
    touch(swap)
    session.add(swap)
    session.flush()
    sync_session_due(session, row)


def reject_swap(
    session: Session,
    swap: ClinicSwapRequest,
    *,
    actor_id: int | None,
    now: datetime,
    version: int | None,
) -> None:
    lock_for_change(session, swap, version)
    if swap.status != SwapStatus.PENDING:
        raise ClinicError("该申请已处理", "Already decided")
    swap.status = SwapStatus.REJECTED
    swap.decided_by = actor_id
    swap.decided_at = now
    touch(swap)
    session.add(swap)
    session.flush()
