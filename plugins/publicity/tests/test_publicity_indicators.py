"""Indicators pool per unit and per village up the tree; reports count per unit and per
station for a month, quarter or year, and export to Excel."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook
from publicity.indicators import INDICATORS
from publicity_support import approved_plan, make_unit, record_event
from sqlmodel import Session

from core.db import session_scope
from core.indicators.engine import rollup
from core.indicators.periods import Period
from core.orgs.models import OrgUnit

BY_CODE = {i.code: i for i in INDICATORS}


def _figure(platform, code: str, org_id: int, period: str):
    with Session(platform.engine) as session:
        return rollup(session, BY_CODE[code], session.get(OrgUnit, org_id), Period.parse(period))


def test_units_meeting_the_yearly_minimum_and_event_figures_pool_over_the_bureau(
    platform, org_tree
) -> None:
    with session_scope(platform.engine) as session:
        busy = make_unit(session, org_tree.station_a, "甲站", yearly_target="3")
        idle = make_unit(session, org_tree.station_b, "乙站")  # default minimum 20
        approved_plan(session, busy, quarters=(2, 1, 0, 0))
        for day in (date(2026, 1, 5), date(2026, 2, 5), date(2026, 4, 5)):
            record_event(
                session, busy, day, org_id=org_tree.village_a, attendance=100, satisfaction=90
            )
        record_event(
            session,
            idle,
            date(2026, 2, 6),
            org_id=org_tree.village_b,
            attendance=300,
            satisfaction=100,
        )
    minimum = _figure(platform, "publicity.units_meeting_minimum", org_tree.bureau, "2026")
    assert (minimum.numerator, minimum.denominator) == (1, 2)
    assert _figure(platform, "publicity.attendance", org_tree.bureau, "2026Q1").value == 500
    assert _figure(platform, "publicity.attendance", org_tree.station_a, "2026Q1").value == 200
    assert _figure(platform, "publicity.events_held", org_tree.bureau, "2026").value == 4
    completion = _figure(platform, "publicity.plan_completion", org_tree.bureau, "2026Q1")
    assert (completion.numerator, completion.denominator) == (2, 2)
    # satisfaction weighted by attendance: (90×100×2 + 100×300) ÷ 500 = 96%
    assert _figure(platform, "publicity.satisfaction", org_tree.bureau, "2026Q1").value == Decimal(
        "96.0"
    )


def test_the_report_counts_per_unit_and_station_and_exports_excel(
    platform, org_tree, admin_client
) -> None:
    with session_scope(platform.engine) as session:
        unit = make_unit(session, org_tree.station_a, "甲站")
        record_event(
            session, unit, date(2026, 2, 5), org_id=org_tree.village_a, attendance=80, materials=200
        )
        record_event(session, unit, date(2026, 5, 5), org_id=org_tree.village_a, attendance=20)
    page = admin_client.get("/m/publicity/reports?kind=quarter&year=2026&index=1")
    assert page.status_code == 200 and "2026年第1季度" in page.text
    book = admin_client.get("/m/publicity/reports.xlsx?kind=year&year=2026")
    assert book.status_code == 200
    sheets = load_workbook(io.BytesIO(book.content))
    units = [[c.value for c in row] for row in sheets["按责任单位"].iter_rows(min_row=3)]
    assert units[0][:3] == ["甲站", 2, 100]
    assert units[-1][0] == "合计"


def test_the_dashboard_panel_shows_the_periods_events_and_plans_waiting(platform, org_tree) -> None:
    from publicity.widgets import publicity_figures

    from core.api import subtree_ids_select

    with session_scope(platform.engine) as session:
        unit = make_unit(session, org_tree.station_a)
        record_event(session, unit, date(2026, 3, 5), attendance=75)
    with Session(platform.engine) as session:
        bureau = session.get(OrgUnit, org_tree.bureau)
        figures = publicity_figures(
            session, subtree_ids_select(bureau), Period.parse("2026Q1")
        ).figures
    assert [(f.label_zh, f.value) for f in figures][:2] == [("普法活动", "1"), ("参与人次", "75")]


def test_the_yearly_minimum_is_the_one_kept_with_the_approved_plan(platform, org_tree) -> None:
    from publicity.models import PublicityPlan

    with session_scope(platform.engine) as session:
        unit = make_unit(session, org_tree.station_a, "甲站")
        plan = approved_plan(session, unit, quarters=(1, 1, 0, 0))
        session.get(
            PublicityPlan, plan.id
        ).minimum = 2  # the bureau had set 2 a year when approving
        record_event(session, unit, date(2026, 1, 5))
        record_event(session, unit, date(2026, 2, 5))
    minimum = _figure(platform, "publicity.units_meeting_minimum", org_tree.bureau, "2026")
    assert (minimum.numerator, minimum.denominator) == (1, 1)


def test_a_unit_named_like_a_formula_stays_text_in_the_report(
    platform, org_tree, admin_client
) -> None:
    """Issue 25, acceptance 4: the report workbook goes through core.api.Spreadsheet."""
    with session_scope(platform.engine) as session:
        unit = make_unit(session, org_tree.station_a, '=HYPERLINK("http://evil.example","甲")')
        record_event(session, unit, date(2026, 2, 5), org_id=org_tree.village_a, attendance=8)
    book = admin_client.get("/m/publicity/reports.xlsx?kind=year&year=2026")
    assert book.status_code == 200
    first = load_workbook(io.BytesIO(book.content))["按责任单位"].cell(3, 1)
    assert first.data_type == "s" and first.value.startswith("'=HYPERLINK")
