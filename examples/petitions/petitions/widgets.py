"""The leaders' dashboard panel: the period's petitions, those still awaiting an answer and
those past due (red), for the organisation being viewed and everything under it."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, func, select

from core.api import DashboardWidget, KeyFigure, KeyFigures, Period
from petitions.models import PetitionVisit
from petitions.permissions import VIEW


def _count(session: Session, *where: Any) -> int:
    return int(session.exec(select(func.count()).select_from(PetitionVisit).where(*where)).one())


def render(session: Session, org_ids: Any, period: Period) -> KeyFigures:
    mine = col(PetitionVisit.org_id).in_(org_ids)
    received = _count(
        session,
        mine,
        PetitionVisit.visited_on >= period.start,
        PetitionVisit.visited_on < period.end,
    )
    waiting = _count(session, mine, col(PetitionVisit.answered_on).is_(None))
    overdue = _count(session, mine, col(PetitionVisit.overdue).is_(True))
    return KeyFigures(
        [
            KeyFigure("本期信访", "Received this period", str(received), "/m/petitions"),
            KeyFigure("待告知", "Awaiting an answer", str(waiting), "/m/petitions?state=open"),
            KeyFigure("逾期未告知", "Past due", str(overdue), "/m/petitions?state=overdue"),
        ]
    )


WIDGETS = [
    DashboardWidget(
        "petitions.desk", "信访接待", "Petitions desk", render, order=60, permission=VIEW
    )
]
