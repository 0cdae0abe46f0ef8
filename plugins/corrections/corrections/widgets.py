"""The leaders' dashboard panel (领导看板): who is under corrections in the subtree now, and
who is not where they should be (overdue intakes, lost contact)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from sqlmodel import Session, col, func, select

from core.api import DashboardWidget, KeyFigure, KeyFigures, Period
from corrections.codes import AftercareStatus, Status
from corrections.models import CorrectionsAftercare, CorrectionsSubject

__all__ = ["WIDGETS"]


def _count(session: Session, *where: Any) -> int:
    return int(
        session.exec(select(func.count()).select_from(CorrectionsSubject).where(*where)).one()
    )


def overview(session: Session, org_ids: Any, period: Period) -> KeyFigures:
    """Counts as they stand today (the period is not used: these are stocks, not flows)."""
    today = datetime.now(timezone(timedelta(hours=8))).date()
    mine = col(CorrectionsSubject.org_id).in_(org_ids)
    in_care = int(
        session.exec(
            select(func.count())
            .select_from(CorrectionsAftercare)
            .where(
                col(CorrectionsAftercare.org_id).in_(org_ids),
                CorrectionsAftercare.status == AftercareStatus.IN_CARE.value,
            )
        ).one()
    )
    return KeyFigures(
        [
            KeyFigure(
                "在矫人数",
                "Under corrections",
                str(_count(session, mine, CorrectionsSubject.status == Status.SUPERVISED.value)),
                "/m/corrections/subjects?status=supervised",
            ),
            KeyFigure(
                "逾期未报到",
                "Overdue intakes",
                str(
                    _count(
                        session,
                        mine,
                        col(CorrectionsSubject.status).in_(
                            [Status.AWAITING.value, Status.SEARCHING.value]
                        ),
                        col(CorrectionsSubject.report_due_on) < today,
                    )
                ),
                "/m/corrections/subjects",
            ),
            KeyFigure(
                "脱管失联",
                "Lost contact",
                str(_count(session, mine, CorrectionsSubject.status == Status.LOST.value)),
                "/m/corrections/subjects?status=lost",
            ),
            KeyFigure(
                "安置帮教中",
                "In aftercare",
                str(in_care),
                "/m/corrections/aftercare?status=in_care",
            ),
        ]
    )


WIDGETS = [
    DashboardWidget(
        code="corrections.overview",
        title_zh="社区矫正概况",
        title_en="Corrections at a glance",
        render=overview,
        order=30,
        permission="corrections.view",
    )
]
