"""The indicator arithmetic: pooled roll-ups, exact half-up rounding, periods, activation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from sqlmodel import Session

from core.indicators.engine import breakdown, rollup
from core.indicators.errors import InvalidPeriod
from core.indicators.numbers import round_half_up
from core.indicators.periods import Period, PeriodType
from core.indicators.registry import catalogue, indicators_at
from core.modules.service import set_active
from core.orgs.tree import children
from tests.indicators.factories import County, add_cases, make_county, org

YEAR_2011 = (date(2011, 1, 1), date(2011, 10, 31))


def test_yichang_figures_round_half_up_on_the_exact_fraction(
    session: Session, platform, county: County
) -> None:
    """Acceptance 1: 14,662 received, 13,702 closed, 12,592 at community level, 13,593
    satisfied give 93.5%, 91.9% and 99.2% (the source's 93.4% was a truncation)."""
    add_cases(
        session,
        county.stations[0],
        14_662,
        received=YEAR_2011,
        closed=13_702,
        community=12_592,
        satisfied=13_593,
    )
    session.commit()
    cat = catalogue(platform.host)
    bureau = org(session, county.bureau)
    year = Period.parse("2011")
    closure = rollup(session, cat.indicator("testplugin.closure_rate"), bureau, year)
    community = rollup(session, cat.indicator("testplugin.community_rate"), bureau, year)
    satisfied = rollup(session, cat.indicator("testplugin.satisfaction_rate"), bureau, year)
    assert (closure.display(), closure.fraction_text) == ("93.5%", "13,702/14,662")
    assert (community.display(), community.fraction_text) == ("91.9%", "12,592/13,702")
    assert (satisfied.display(), satisfied.fraction_text) == ("99.2%", "13,593/13,702")
    assert closure.value == Decimal("93.5") and isinstance(closure.value, Decimal)


def test_a_bureau_rate_is_the_pooled_rate_never_the_average_of_station_rates(
    session: Session, platform, county: County
) -> None:
    """Acceptance 2: 1 of 10 closed at a small station, 990 of 1,000 at a big one. The
    bureau closed 991 of 1,010 = 98.1%; averaging the stations' 10% and 99% would say 54.5%."""
    october = (date(2026, 10, 1), date(2026, 10, 31))
    small, big = county.stations
    add_cases(session, small, 10, received=october, closed=1)
    add_cases(session, big, 1_000, received=october, closed=990)
    session.commit()
    closure = catalogue(platform.host).indicator("testplugin.closure_rate")
    bureau = org(session, county.bureau)
    period = Period.parse("2026-10")

    split = breakdown(session, closure, bureau, period, children(session, bureau.id))
    station_rates = [figure.value for _, figure in split.parts]
    assert station_rates == [Decimal("10.0"), Decimal("99.0")]
    assert split.total.value == Decimal("98.1")
    assert split.total.fraction_text == "991/1,010"
    averaged = round_half_up(Fraction(sum(station_rates)) / len(station_rates), 1)
    assert averaged == Decimal("54.5") != split.total.value
    assert rollup(session, closure, bureau, period).value == split.total.value
    # the parts add up to the whole, numerators and denominators alike
    assert sum(f.counts.numerator for _, f in split.parts) == split.total.counts.numerator
    assert sum(f.counts.denominator for _, f in split.parts) == split.total.counts.denominator


def test_rows_registered_at_a_village_count_for_its_station_and_the_bureau(
    session: Session, platform, county: County
) -> None:
    add_cases(session, county.villages[0], 4, received=date(2026, 10, 5), closed=3)
    add_cases(session, county.bureau, 2, received=date(2026, 10, 6), closed=2)
    session.commit()
    closure = catalogue(platform.host).indicator("testplugin.closure_rate")
    bureau = org(session, county.bureau)
    split = breakdown(
        session, closure, bureau, Period.parse("2026-10"), children(session, bureau.id)
    )
    assert [f.fraction_text for _, f in split.parts] == ["3/4", "0/0"]
    assert split.parts[1][1].value is None  # no cases: no data, not 0%
    assert split.own is not None and split.own.fraction_text == "2/2"
    assert split.total.fraction_text == "5/6"


def test_counts_sums_and_averages_of_days(session: Session, platform, county: County) -> None:
    a, b = county.stations
    add_cases(
        session, a, 3, received=date(2026, 10, 2), closed=3, late=1, days=12, subsidy_fen=5000
    )
    add_cases(session, b, 1, received=date(2026, 11, 2), closed=1, days=20, subsidy_fen=2050)
    session.commit()
    cat = catalogue(platform.host)
    bureau = org(session, county.bureau)
    october = Period.parse("2026-10")
    assert (
        rollup(session, cat.indicator("testplugin.cases_received"), bureau, october).display()
        == "3"
    )
    assert rollup(session, cat.indicator("testplugin.late_cases"), bureau, october).value == 1
    days = rollup(session, cat.indicator("testplugin.days_to_close"), bureau, october)
    assert (days.display(), days.fraction_text) == ("21.3 天", "64/3")  # 40 + 12 + 12
    assert days.display("en") == "21.3 days"
    # a quarterly indicator asked for a month is shown for its quarter
    subsidy = rollup(session, cat.indicator("testplugin.subsidy"), bureau, october)
    assert subsidy.period == Period.parse("2026Q4")
    assert subsidy.display() == "170.50 元"


def test_a_monthly_indicator_asked_for_a_year_pools_the_whole_year(
    session: Session, platform, county: County
) -> None:
    a = county.stations[0]
    add_cases(session, a, 10, received=date(2026, 3, 1), closed=10)
    add_cases(session, a, 10, received=date(2026, 9, 1), closed=5)
    add_cases(session, a, 10, received=date(2025, 12, 31), closed=0)
    session.commit()
    closure = catalogue(platform.host).indicator("testplugin.closure_rate")
    figure = rollup(session, closure, org(session, county.bureau), Period.parse("2026"))
    assert figure.fraction_text == "15/20" and figure.value == Decimal("75.0")


def test_only_indicators_of_plugins_active_at_the_organisation_apply(
    session: Session, platform, county: County
) -> None:
    other = make_county(session, platform.host, 1, name="禹城市司法局")
    set_active(session, platform.host, other.bureau, "testplugin", False)
    session.commit()
    assert [i.code for i in indicators_at(session, platform.host, county.stations[0])][:3] == [
        "testplugin.closure_rate",
        "testplugin.community_rate",
        "testplugin.satisfaction_rate",
    ]
    assert indicators_at(session, platform.host, other.stations[0]) == []


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(13702, 14662) * 100, 1, "93.5"),
        (Fraction(12592, 13702) * 100, 1, "91.9"),
        (Fraction(13593, 13702) * 100, 1, "99.2"),
        (Fraction(1, 8), 2, "0.13"),  # an exact tie goes up
        (Fraction(-1, 8), 2, "-0.13"),  # and away from zero below it
        (Fraction(2675, 1000), 2, "2.68"),  # float(2.675) would round to 2.67
        (Fraction(5, 1), 0, "5"),
        (Fraction(1, 3), 4, "0.3333"),
    ],
)
def test_round_half_up_is_exact(value: Fraction, places: int, expected: str) -> None:
    assert str(round_half_up(value, places)) == expected


def test_periods_are_values() -> None:
    october = Period.parse("2026-10")
    assert (str(october), october.start, october.end) == (
        "2026-10",
        date(2026, 10, 1),
        date(2026, 11, 1),
    )
    assert (
        str(october.previous()) == "2026-09"
        and str(Period.parse("2026-01").previous()) == "2025-12"
    )
    q4 = Period.parse("2026q4")
    assert (str(q4), q4.start, q4.end, q4.label_zh) == (
        "2026Q4",
        date(2026, 10, 1),
        date(2027, 1, 1),
        "2026年第4季度",
    )
    assert str(q4.next()) == "2027Q1" and [str(m) for m in q4.months()] == [
        "2026-10",
        "2026-11",
        "2026-12",
    ]
    year = Period.parse("2026")
    assert (year.start, year.end, year.label_zh, str(year.previous())) == (
        date(2026, 1, 1),
        date(2027, 1, 1),
        "2026年",
        "2025",
    )
    assert (
        october.enclosing(PeriodType.QUARTER) == q4 and october.enclosing(PeriodType.YEAR) == year
    )
    assert year.enclosing(PeriodType.MONTH) == year and year.count_of(PeriodType.MONTH) == 12
    assert Period.parse("2026-10") == october and len({october, Period.parse("2026-10")}) == 1
    for bad in ("2026-13", "2026Q5", "26-10", "", "2026/10"):
        with pytest.raises(InvalidPeriod):
            Period.parse(bad)
