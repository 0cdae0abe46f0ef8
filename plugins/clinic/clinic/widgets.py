"""The leaders' dashboard panel (领导看板): the clinics' month in four figures."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, func
from sqlmodel import Session, col, select

from clinic.codes import REFERRAL_OF, SessionStatus
from clinic.models import ClinicConsultation, ClinicSession
from clinic.permissions import VIEW
from core.api import DashboardWidget, KeyFigure, KeyFigures, Period

__all__ = ["WIDGETS"]


def _figures(session: Session, org_ids: Any, period: Period) -> KeyFigures:
    within = and_(
        col(ClinicSession.org_id).in_(org_ids),
        ClinicSession.day >= period.start,
        ClinicSession.day < period.end,
    )
    scheduled, held, no_show = session.exec(
        select(
            func.sum(case((ClinicSession.status != SessionStatus.CANCELLED, 1), else_=0)),
            func.sum(case((ClinicSession.status == SessionStatus.HELD, 1), else_=0)),
            func.sum(case((ClinicSession.status == SessionStatus.NO_SHOW, 1), else_=0)),
        ).where(within)
    ).one()
    consultations, referred = session.exec(
        select(
            func.count(),
            func.sum(case((col(ClinicConsultation.outcome).in_(list(REFERRAL_OF)), 1), else_=0)),
        )
        .join(ClinicSession, ClinicSession.id == ClinicConsultation.session_id)  # type: ignore[arg-type]
        .where(within)
    ).one()
    return KeyFigures(
        [
            KeyFigure("排班场次", "Sessions scheduled", str(scheduled or 0), "/m/clinic/rota"),
            KeyFigure("已接诊", "Sessions held", str(held or 0)),
            KeyFigure("未到岗", "No-shows", str(no_show or 0), note="红灯" if no_show else ""),
            KeyFigure(
                "咨询/转办", "Consultations / referred", f"{consultations or 0} / {referred or 0}"
            ),
        ]
    )


WIDGETS = [
    DashboardWidget(
        "clinic.month", "法律服务诊室", "Legal clinics", _figures, order=40, permission=VIEW
    )
]
