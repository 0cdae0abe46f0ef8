"""The leaders' dashboard panel (领导看板): the period's applications, cases waiting for a
decision or an assignment, and those past their limit (red), for the viewed subtree."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, func, or_, select

from core.api import DashboardWidget, KeyFigure, KeyFigures, Period
from legal_aid.codes import Status
from legal_aid.models import LegalAidCase as C
from legal_aid.permissions import CASES_VIEW

__all__ = ["WIDGETS"]


def _count(session: Session, *where: Any) -> int:
    return int(session.exec(select(func.count()).select_from(C).where(*where)).one())


def render(session: Session, org_ids: Any, period: Period) -> KeyFigures:
    mine = col(C.org_id).in_(org_ids)
    today = min(period.end, max(period.start, date.today()))
    received = _count(session, mine, C.received_on >= period.start, C.received_on < period.end)
    waiting = _count(
        session, mine, col(C.status).in_([Status.APPLIED, Status.MATERIALS, Status.GRANTED])
    )
    overdue = _count(
        session,
        mine,
        or_(
            (C.status == Status.APPLIED) & (col(C.review_due) < today),
            (C.status == Status.GRANTED) & (col(C.assign_due) < today),
            (C.status == Status.ASSIGNED)
            & col(C.reported_on).is_(None)
            & (col(C.report_due) < today),
        ),
    )
    return KeyFigures(
        [
            KeyFigure(
                "本期法援申请", "Applications this period", str(received), "/m/legal_aid/cases"
            ),
            KeyFigure(
                "待审查/待指派",
                "Awaiting decision or assignment",
                str(waiting),
                "/m/legal_aid/cases?status=open",
            ),
            KeyFigure(
                "逾期未办", "Past their limit", str(overdue), "/m/legal_aid/cases?status=open"
            ),
        ]
    )


WIDGETS = [
    DashboardWidget(
        "legal_aid.desk", "法律援助", "Legal aid", render, order=40, permission=CASES_VIEW
    )
]
