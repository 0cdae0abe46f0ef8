"""Demo data: written through the services, deterministic, idempotent, with red items."""

from __future__ import annotations

from datetime import UTC, date, datetime

from corrections.demo import fill_demo
from corrections.models import CorrectionsAftercare, CorrectionsLocation, CorrectionsSubject
from sqlmodel import func, select

from core.db import session_scope
from core.reminders.models import DueItem

TODAY = date(2026, 11, 23)


def test_demo_data_fills_the_stations_once_with_some_red_items(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        fill_demo(session, org_tree.bureau, seed=7, today=TODAY)
    with session_scope(platform.engine) as session:
        subjects = session.exec(select(func.count()).select_from(CorrectionsSubject)).one()
        fill_demo(session, org_tree.bureau, seed=7, today=TODAY)
        assert session.exec(select(func.count()).select_from(CorrectionsSubject)).one() == subjects
        statuses = set(session.exec(select(CorrectionsSubject.status)).all())
        assert {"awaiting", "supervised", "lost", "released"} <= statuses
        assert session.exec(select(CorrectionsAftercare)).all()
        assert session.exec(select(CorrectionsLocation)).all()
        red = session.exec(
            select(DueItem).where(
                DueItem.plugin == "corrections",
                DueItem.done_at.is_(None),  # type: ignore[union-attr]
                DueItem.due_at < datetime(2026, 11, 23, tzinfo=UTC),
            )
        ).all()
        kinds = {item.kind for item in red}
        assert {"corrections.checkin", "corrections.lost_contact", "corrections.report_in"} <= kinds


def test_the_dashboard_panel_counts_the_subtree(platform, org_tree) -> None:
    from corrections.widgets import overview

    from core.api import subtree_ids_select
    from core.indicators.periods import Period
    from core.orgs.models import OrgUnit

    with session_scope(platform.engine) as session:
        fill_demo(session, org_tree.bureau, seed=7, today=TODAY)
    with session_scope(platform.engine) as session:
        bureau = session.get(OrgUnit, org_tree.bureau)
        figures = {
            f.label_zh: int(f.value)
            for f in overview(session, subtree_ids_select(bureau), Period.parse("2026-11")).figures
        }
        supervised = session.exec(
            select(func.count())
            .select_from(CorrectionsSubject)
            .where(CorrectionsSubject.status == "supervised")
        ).one()
    assert figures["在矫人数"] == supervised and figures["脱管失联"] == 1
