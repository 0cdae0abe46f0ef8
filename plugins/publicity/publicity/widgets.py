"""The leaders' dashboard panel (领导看板): the period's publicity figures at a glance."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, func, select

from core.api import DashboardWidget, KeyFigure, KeyFigures, Period
from publicity.codes import PlanStatus
from publicity.models import PublicityEvent, PublicityPlan


def publicity_figures(session: Session, org_ids: Any, period: Period) -> KeyFigures:
    events, people, consultations = session.exec(
        select(
            func.count(),
            func.coalesce(func.sum(PublicityEvent.attendance), 0),
            func.coalesce(func.sum(PublicityEvent.consultations), 0),
        ).where(
            col(PublicityEvent.org_id).in_(org_ids),
            col(PublicityEvent.held_on) >= period.start,
            col(PublicityEvent.held_on) < period.end,
        )
    ).one()
    waiting = session.exec(
        select(func.count()).where(
            col(PublicityPlan.org_id).in_(org_ids), PublicityPlan.status == PlanStatus.SUBMITTED
        )
    ).one()
    return KeyFigures(
        [
            KeyFigure("普法活动", "Events", f"{int(events):,}", href="/m/publicity/events"),
            KeyFigure("参与人次", "Attendance", f"{int(people):,}"),
            KeyFigure("解答咨询", "Consultations", f"{int(consultations):,}"),
            KeyFigure(
                "待审核计划",
                "Plans to approve",
                f"{int(waiting):,}",
                href="/m/publicity/plans?status=submitted",
            ),
        ]
    )


WIDGETS = [
    DashboardWidget(
        "publicity.figures",
        "普法工作",
        "Legal publicity",
        publicity_figures,
        order=40,
        permission="publicity.view",
    )
]
