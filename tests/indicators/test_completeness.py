"""Reporting completeness (acceptance 7): an empty month is incomplete, not a perfect zero."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from core.indicators.completeness import completeness, slots_of
from core.indicators.definitions import Cadence
from core.indicators.periods import Period
from core.indicators.registry import catalogue
from core.indicators.scorecard import drill_down, scorecard
from core.indicators.targets import Status
from tests.indicators.factories import TODAY, County, add_cases, add_report, org

OCTOBER = Period.parse("2026-10")


def line(card, code):
    return next(line for line in card.lines if line.indicator.code == code)


def test_a_station_that_entered_nothing_shows_as_incomplete_not_as_a_perfect_zero(
    session: Session, platform, county: County
) -> None:
    a, b = county.stations
    add_cases(session, a, 20, received=date(2026, 10, 10), closed=20, late=2)
    session.commit()
    station_b = scorecard(session, platform.host, org(session, b), OCTOBER, TODAY)
    late = line(station_b, "testplugin.late_cases")
    assert late.figure.value == 0  # nothing entered: zero late cases …
    assert late.status is Status.INCOMPLETE  # … which is not good news
    (entry,) = late.completeness
    assert (entry.expected, entry.reported, entry.missing_count) == (1, 0, 1)
    assert [(m.org.name, [s.label_zh for s in m.slots]) for m in entry.missing] == [
        ("郑店镇司法所", ["2026年10月"])
    ]
    # station A reported and has 2 late cases: red, and complete
    station_a = scorecard(session, platform.host, org(session, a), OCTOBER, TODAY)
    assert line(station_a, "testplugin.late_cases").status is Status.RED
    assert line(station_a, "testplugin.late_cases").complete
    # the bureau sees one of two stations missing, and which
    bureau = scorecard(session, platform.host, org(session, county.bureau), OCTOBER, TODAY)
    (bureau_entry,) = line(bureau, "testplugin.closure_rate").completeness
    assert (bureau_entry.expected, bureau_entry.reported) == (2, 1)
    assert [m.org.id for m in bureau_entry.missing] == [b]
    assert line(bureau, "testplugin.closure_rate").status is Status.INCOMPLETE
    # by what was reported, 20 of 20 closed: green — shown beside "incomplete", never instead
    assert line(bureau, "testplugin.closure_rate").raw_status is Status.GREEN


def test_a_zero_report_counts_as_reported(session: Session, platform, county: County) -> None:
    a, b = county.stations
    add_cases(session, a, 5, received=date(2026, 10, 3), closed=5)
    add_report(session, b, "case_entry", date(2026, 10, 1), date(2026, 11, 2))
    session.commit()
    station_b = scorecard(session, platform.host, org(session, b), OCTOBER, TODAY)
    late = line(station_b, "testplugin.late_cases")
    assert late.complete and late.status is Status.GREEN  # a real zero now
    assert line(station_b, "testplugin.closure_rate").status is Status.NO_DATA


def test_entries_after_the_first_week_of_the_next_month_are_reported_late(
    session: Session, platform, county: County
) -> None:
    a, b = county.stations
    add_cases(session, a, 3, received=date(2026, 10, 30), closed=3, entered_after=7)  # 11-06
    add_cases(session, b, 3, received=date(2026, 10, 30), closed=3, entered_after=9)  # 11-08
    session.commit()
    duty = catalogue(platform.host).duties["testplugin.case_entry"]
    total = completeness(session, duty, org(session, county.bureau), OCTOBER, TODAY)
    assert (total.expected, total.reported, total.on_time, total.late) == (2, 2, 1, 1)
    assert total.complete  # late, but there


def test_months_that_have_not_ended_are_not_expected_yet(
    session: Session, platform, county: County
) -> None:
    duty = catalogue(platform.host).duties["testplugin.case_entry"]
    november = completeness(
        session, duty, org(session, county.bureau), Period.parse("2026-11"), TODAY
    )
    assert (november.expected, november.complete) == (0, True)
    year = completeness(session, duty, org(session, county.bureau), Period.parse("2026"), TODAY)
    assert year.expected == 2 * 10  # January to October have ended, for two stations


def test_half_monthly_screening_of_villages_lists_missing_rounds(
    session: Session, platform, county: County
) -> None:
    va, vb = county.villages
    add_report(session, va, "screening", date(2026, 10, 1), date(2026, 10, 15))
    add_report(session, va, "screening", date(2026, 10, 16), date(2026, 11, 30))  # late
    add_report(session, vb, "screening", date(2026, 10, 20), date(2026, 10, 31))
    session.commit()
    duty = catalogue(platform.host).duties["testplugin.screening"]
    assert [s.label_zh for s in slots_of(Cadence.HALF_MONTH, OCTOBER)] == [
        "2026年10月上半月",
        "2026年10月下半月",
    ]
    total = completeness(session, duty, org(session, county.bureau), OCTOBER, date(2026, 12, 1))
    assert (total.expected, total.reported, total.on_time) == (4, 3, 2)
    assert [(m.org.id, [s.key for s in m.slots]) for m in total.missing] == [(vb, ["2026-10a"])]


def test_the_drill_down_shows_each_stations_completeness(
    session: Session, platform, county: County
) -> None:
    a, _b = county.stations
    add_cases(session, a, 4, received=date(2026, 10, 10), closed=4)
    session.commit()
    closure = catalogue(platform.host).indicator("testplugin.closure_rate")
    result = drill_down(
        session, platform.host, closure, org(session, county.bureau), OCTOBER, TODAY
    )
    by_name = {p.org.name: p for p in result.parts}
    assert by_name["市中街道司法所"].status is Status.GREEN
    assert by_name["郑店镇司法所"].status is Status.INCOMPLETE
    assert by_name["郑店镇司法所"].figure.value is None
    assert result.total.status is Status.INCOMPLETE
