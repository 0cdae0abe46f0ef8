"""Maintained aggregates (issue 19, acceptance 5): the catch-up and ``rebuild`` give exactly
the figures computed from the raw records, on random record histories — including edits of
old records and periods that have been frozen — and pages read them in one statement.

The test plugin stands for a third-party plugin: nothing in it knows about aggregates.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sifa_testplugin.models import TestpluginCase
from sqlalchemy import delete, event, select, update
from sqlmodel import Session

from core.audit import record_event
from core.indicators.aggregates import (
    AggregatePeriod,
    CatchUpCursor,
    IndicatorAggregate,
    catch_up,
    evaluated_periods,
    open_window,
    rebuild,
    registered_indicators,
)
from core.indicators.dashboard import dashboard
from core.indicators.engine import collect, rollup
from core.indicators.periods import Period
from core.orgs.models import OrgUnit
from tests.indicators.factories import County, org

TODAY = date(2026, 6, 15)
NEXT_YEAR = date(2027, 3, 10)  # 2025 has left the open window by then: frozen


def _stored(session: Session) -> dict[tuple[str, str], dict[int, tuple[Fraction, Fraction]]]:
    t = IndicatorAggregate.__table__
    found: dict[tuple[str, str], dict[int, tuple[Fraction, Fraction]]] = {}
    for code, period, org_id, num, den in session.execute(select(t)).all():
        found.setdefault((code, period), {})[org_id] = (Fraction(num), Fraction(den))
    states = session.execute(select(AggregatePeriod.indicator, AggregatePeriod.period)).all()
    for code, period in states:
        found.setdefault((code, period), {})
    return found


def _frozen(session: Session) -> set[tuple[str, str]]:
    rows = session.execute(
        select(AggregatePeriod.indicator, AggregatePeriod.period).where(
            AggregatePeriod.frozen.is_(True)
        )
    ).all()
    return {(a, b) for a, b in rows}


def _raw(
    session: Session, host, pairs
) -> dict[tuple[str, str], dict[int, tuple[Fraction, Fraction]]]:
    by_code = {i.code: i for i in registered_indicators(host, "testplugin")}
    out = {}
    for code, text in pairs:
        counts = collect(session, by_code[code], select(OrgUnit.id), Period.parse(text))
        out[(code, text)] = {k: (v.numerator, v.denominator) for k, v in counts.items()}
    return out


def _reset(session: Session) -> None:
    for model in (TestpluginCase, IndicatorAggregate, AggregatePeriod, CatchUpCursor):
        session.execute(delete(model))
    session.commit()


case_rows = st.lists(
    st.tuples(
        st.integers(0, 1),  # which station
        st.integers(0, 540),  # received, days after 2025-01-01
        st.one_of(st.none(), st.integers(0, 60)),  # closed after so many days, or open
        st.booleans(),  # satisfied
        st.integers(0, 500),  # subsidy in fen
    ),
    min_size=1,
    max_size=25,
)
edits = st.lists(
    st.tuples(
        st.integers(0, 24),  # which case
        st.integers(-400, 400),  # received so many days earlier or later
        st.one_of(st.none(), st.integers(0, 60)),  # closed after so many days, or reopened
        st.sampled_from(["edit", "move", "delete"]),  # or moved to the other station, removed
    ),
    max_size=6,
)


def _add(session: Session, county: County, rows) -> None:
    start = date(2025, 1, 1)
    for station, offset, closed, satisfied, fen in rows:
        received = start + timedelta(days=offset)
        session.add(
            TestpluginCase(
                org_id=county.stations[station],
                category="邻里纠纷",
                received_on=received,
                entered_on=received,
                due_on=received + timedelta(days=30),
                closed_on=received + timedelta(days=closed) if closed is not None else None,
                closed_at_community=satisfied,
                satisfied=satisfied if closed is not None else None,
                days_to_close=closed,
                subsidy_fen=fen,
            )
        )
    session.commit()  # every row audited with its values: the catch-up places each one


def _edit(session: Session, county: County, changes) -> None:
    """Edits through the ORM, each audited with its row id and before/after values."""
    ids = list(session.execute(select(TestpluginCase.id).order_by(TestpluginCase.id)).scalars())
    gone: set[int] = set()
    for index, shift, closed, op in changes:
        if len(gone) == len(ids):
            break
        case_id = ids[index % len(ids)]
        if case_id in gone:
            continue
        row = session.get(TestpluginCase, case_id)
        if op == "delete":
            session.delete(row)
            gone.add(case_id)
            continue
        if op == "move":  # to the other station, its dates unchanged
            stations = county.stations[:2]
            row.org_id = stations[1] if row.org_id == stations[0] else stations[0]
            continue
        row.received_on = min(max(row.received_on + timedelta(days=shift), date(2024, 6, 1)), TODAY)
        row.closed_on = row.received_on + timedelta(days=closed) if closed is not None else None
        row.days_to_close = closed
        row.satisfied = True if closed is not None else None
    session.commit()


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(first=case_rows, later=edits, old=edits)
def test_catch_up_and_rebuild_give_the_raw_figures_and_frozen_periods_stay(
    session: Session, platform, county: County, first, later, old
) -> None:
    engine, host = platform.engine, platform.host
    indicators = registered_indicators(host, "testplugin")
    _reset(session)
    _add(session, county, first)
    catch_up(engine, indicators, TODAY)
    session.expire_all()
    stored = _stored(session)
    assert stored and stored == _raw(session, host, stored)  # every period, every org, exact

    _edit(session, county, later)  # edits, some of records more than a year old
    catch_up(engine, indicators, TODAY)  # only the touched periods and orgs
    session.expire_all()
    stored = _stored(session)
    assert stored == _raw(session, host, stored)

    # From scratch, the command's way: the same rows.
    session.execute(delete(IndicatorAggregate))
    session.execute(delete(AggregatePeriod))
    session.commit()
    first_month, last_month = open_window(TODAY)
    rebuild(engine, indicators, first_month, last_month)
    session.expire_all()
    assert _stored(session) == stored

    # A year on, 2025 has left the window: frozen. Edits of 2025 records change the raw
    # figures, not the frozen ones; the open periods still follow the records.
    catch_up(engine, indicators, NEXT_YEAR)
    session.expire_all()
    frozen = _frozen(session)
    assert frozen and all(text.startswith("2025") for _, text in frozen)
    before = {k: v for k, v in _stored(session).items() if k in frozen}
    _edit(session, county, old)
    catch_up(engine, indicators, NEXT_YEAR)
    rebuild(engine, indicators, *open_window(date(2025, 6, 1)))  # rebuild keeps them too
    session.expire_all()
    after = _stored(session)
    assert {k: v for k, v in after.items() if k in frozen} == before
    live = {k for k in after if k not in frozen}
    assert {k: after[k] for k in live} == _raw(session, host, live)


def test_the_catch_up_does_nothing_until_something_is_audited(
    session: Session, platform, county: County
) -> None:
    engine, indicators = platform.engine, registered_indicators(platform.host, "testplugin")
    _reset(session)
    _add(session, county, [(0, 500, 3, True, 100)])
    assert catch_up(engine, indicators, TODAY)["changed"]
    assert not catch_up(engine, indicators, TODAY)["changed"]
    record_event(session, "update", entity="testplugin_case")
    session.commit()
    assert catch_up(engine, indicators, TODAY)["changed"]


def test_pages_read_the_aggregates_one_statement_per_section(
    session: Session, platform, county: County
) -> None:
    engine, host = platform.engine, platform.host
    _reset(session)
    _add(
        session, county, [(n % 2, 486 + n % 30, 5 if n % 3 else None, True, 10) for n in range(40)]
    )
    catch_up(engine, registered_indicators(host, "testplugin"), TODAY)
    bureau = org(session, county.bureau)
    month = Period.parse("2026-05")
    live = {
        i.code: rollup(Session(engine), i, bureau, month).value
        for i in registered_indicators(host, "testplugin")
    }
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        with Session(engine) as fresh:
            board = dashboard(fresh, host, org(fresh, county.bureau), month, TODAY)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert {ln.indicator.code: ln.figure.value for ln in board.card.lines} == {
        code: value
        for code, value in live.items()
        if code in {ln.indicator.code for ln in board.card.lines}
    }
    closure_before = {ln.indicator.code: ln for ln in board.card.lines}["testplugin.closure_rate"]
    assert closure_before.figure.value is not None and closure_before.figure.value > 0
    reads = [
        s for s in seen if "FROM indicator_aggregate " in s or "FROM indicator_aggregate\n" in s
    ]
    # The scorecard (every line, this period and the last), then the trend: one each.
    assert len(reads) <= 3, reads
    # No indicator query of the plugin ran for a materialised figure (the reporting
    # duties' completeness, ``max(entered_on)`` per slot, is still read live).
    plugin_reads = [
        s
        for s in seen
        if "FROM testplugin_case" in s and "max(testplugin_case.entered_on)" not in s
    ]
    assert plugin_reads == [], plugin_reads
    # An edited record shows after the next catch-up, not before (the documented lag).
    session.execute(
        update(TestpluginCase).values(closed_on=None, days_to_close=None, satisfied=None)
    )
    record_event(session, "update", entity="testplugin_case")
    session.commit()
    catch_up(engine, registered_indicators(host, "testplugin"), TODAY)
    with Session(engine) as fresh:
        again = dashboard(fresh, host, org(fresh, county.bureau), month, TODAY)
    closure = {ln.indicator.code: ln for ln in again.card.lines}["testplugin.closure_rate"]
    assert closure.figure.value == 0


def test_the_catch_up_recomputes_only_the_plugins_whose_records_changed(
    session: Session, platform, county: County
) -> None:
    engine, host = platform.engine, platform.host
    both = registered_indicators(host, "testplugin") + registered_indicators(host, "publicity")
    _reset(session)
    _add(session, county, [(0, 500, 3, True, 100)])
    assert catch_up(engine, both, TODAY)["changed"]
    record_event(session, "update", entity="testplugin_case")
    session.commit()
    only = catch_up(engine, both, TODAY)
    assert set(only["rows"]) == {i.code for i in registered_indicators(host, "testplugin")}
    record_event(session, "update", entity="person")  # a core table: anyone's figure may move
    session.commit()
    # ... unless the indicator lists the tables it reads (placements): the test plugin's
    # case indicators do, its subsidy and the publicity indicators do not.
    assert set(catch_up(engine, both, TODAY)["rows"]) == {
        i.code for i in both if i.placements is None
    }


def test_an_edit_recomputes_only_its_periods_and_its_organisations(
    session: Session, platform, county: County
) -> None:
    engine, host = platform.engine, platform.host
    indicators = registered_indicators(host, "testplugin")
    _reset(session)
    _add(session, county, [(0, 500, 3, True, 100), (1, 200, 3, True, 100)])
    catch_up(engine, indicators, TODAY)
    case = session.execute(select(TestpluginCase).order_by(TestpluginCase.id)).scalars().first()
    case.received_on = date(2026, 5, 20)  # from 2026-05-16: the same month, quarter, year
    session.commit()

    seen: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.startswith("DELETE FROM indicator_aggregate "):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        result = catch_up(engine, indicators, TODAY)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    placed = [i for i in indicators if i.placements is not None]
    unplaced = [i for i in indicators if i.placements is None]
    window = sum(len(evaluated_periods(i, *open_window(TODAY))) for i in unplaced)
    # Month, quarter and year for each placed indicator; the whole window for the subsidy.
    assert result["periods"] == 3 * len(placed) + window
    station = county.stations[0]
    values = [list(p.values()) if isinstance(p, dict) else list(p) for _, p in seen]
    placed_deletes = [v for v in values if "2026-05" in v]
    assert placed_deletes and all(station in v for v in placed_deletes)
    assert all(county.stations[1] not in v for v in placed_deletes)
    session.expire_all()
    stored = _stored(session)
    assert stored == _raw(session, host, stored)
