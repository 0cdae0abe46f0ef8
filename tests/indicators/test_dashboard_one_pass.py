"""The dashboard's one pass (issue 19) gives the figures of the per-unit computation.

The dashboard reads each reporting duty's reports once, every target once and splits every
line over the children together. Here a county with four stations — different volumes,
one without any entry, one with its own target, reports on time, late and missing — is
computed both ways: the dashboard, and each child on its own (its subtree's counts from
the plugin's query, its own completeness and its own settings) in fresh sessions. Every
figure, target, colour and missing report must be the same, before and after the
aggregates are materialised.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session

from core.indicators.aggregates import catch_up, registered_indicators
from core.indicators.completeness import completeness
from core.indicators.dashboard import dashboard
from core.indicators.engine import collect, figure_of, pooled
from core.indicators.periods import Period
from core.indicators.registry import catalogue
from core.indicators.scorecard import drill_downs
from core.indicators.targets import Status, effective_settings, save_setting, status_of
from core.orgs.tree import children, subtree_ids_select
from tests.indicators.factories import TODAY, add_cases, add_report, make_county, org

OCTOBER = Period.parse("2026-10")


@pytest.fixture
def four(session: Session, platform):
    county = make_county(session, platform.host, 4)
    a, b, c, _d = county.stations  # d enters nothing: incomplete, not a perfect zero
    add_cases(session, a, 30, received=(date(2026, 10, 1), date(2026, 10, 31)), closed=28,
              community=20, satisfied=25, late=3)  # fmt: skip
    add_cases(session, b, 9, received=(date(2026, 10, 2), date(2026, 10, 30)), closed=5,
              community=2, satisfied=3, late=2, entered_after=12)  # fmt: skip
    add_cases(session, b, 6, received=date(2026, 9, 12), closed=6, satisfied=6)
    add_cases(session, c, 3, received=date(2026, 10, 20), closed=1, satisfied=1)
    add_report(session, county.villages[0], "screening", date(2026, 10, 3), date(2026, 10, 5))
    add_report(session, county.villages[2], "screening", date(2026, 10, 20), date(2026, 11, 9))
    closure = catalogue(platform.host).indicator("testplugin.closure_rate")
    save_setting(session, c, closure, target=Decimal("70"), weight=None)
    save_setting(session, county.bureau, closure, target=Decimal("95"), weight=None)
    session.commit()
    return county


def _separately(engine, host, code: str, org_id: int) -> tuple:
    """One unit on its own, as the dashboard computed it line by line before."""
    with Session(engine) as s:
        unit = org(s, org_id)
        ind = catalogue(host).indicator(code)
        effective = ind.period_for(OCTOBER)
        counts = collect(s, ind, subtree_ids_select(unit), effective)
        figure = figure_of(ind, effective, pooled(counts.values()))
        target = ind.target_for(effective_settings(s, [ind], unit)[code].target, effective)
        parts = [
            completeness(s, duty, unit, effective, TODAY) for duty in catalogue(host).duties_of(ind)
        ]
        parts = [p for p in parts if p.applies]
        complete = all(p.complete for p in parts)
        return (
            figure.value,
            figure.counts,
            target,
            status_of(ind, figure, target, complete=complete),
            status_of(ind, figure, target),
            [
                (p.duty.code, p.expected, p.reported, p.on_time, [m.org.id for m in p.missing])
                for p in parts
            ],
        )


def _shown(item) -> tuple:
    """What a page shows of a line or a part, in the shape of :func:`_separately`."""
    return (
        item.figure.value,
        item.figure.counts,
        item.target,
        item.status,
        item.raw_status,
        [
            (p.duty.code, p.expected, p.reported, p.on_time, [m.org.id for m in p.missing])
            for p in item.completeness
        ],
    )


@pytest.mark.parametrize("materialised", [False, True], ids=["live", "aggregates"])
def test_the_dashboard_equals_each_unit_computed_on_its_own(
    session: Session, platform, four, materialised: bool
) -> None:
    engine, host = platform.engine, platform.host
    if materialised:
        catch_up(engine, registered_indicators(host, "testplugin"), TODAY, force=True)
    seen: set[Status] = set()
    seen_red: set[tuple[int, str]] = set()
    for where in (four.bureau, four.stations[1]):  # a county over stations, a station over
        with Session(engine) as fresh:  # its village
            top = org(fresh, where)
            units = children(fresh, where)
            unit_ids = [u.id for u in units]
            board = dashboard(fresh, host, top, OCTOBER, TODAY)
            codes = [ln.indicator.code for ln in board.card.lines]
            lines = {ln.indicator.code: _shown(ln) for ln in board.card.lines}
            # every line split over the children in one pass, as the dashboard does
            splits = drill_downs(
                fresh, host, [ln.indicator for ln in board.card.lines], top, OCTOBER, TODAY, units
            )
            parts = {(p.org.id, code): _shown(p) for code, dd in splits.items() for p in dd.parts}
            red = {(r.org.id, r.indicator.code) for r in board.red}
            ranking = [(p.org.id, p.figure.value) for p in board.ranking]
            focus = board.focus.code if board.focus else None
        assert len(codes) >= 4
        expected_lines = {code: _separately(engine, host, code, where) for code in codes}
        expected_parts = {
            (uid, code): _separately(engine, host, code, uid) for code in codes for uid in unit_ids
        }
        assert lines == expected_lines
        assert parts == expected_parts
        expected_red = {(where, c) for c, f in expected_lines.items() if f[4] is Status.RED} | {
            key for key, f in expected_parts.items() if f[4] is Status.RED
        }
        assert red == expected_red
        seen.update(f[3] for f in expected_parts.values())
        seen_red.update(red)
        assert sorted(ranking, key=lambda r: r[0]) == sorted(
            (uid, expected_parts[(uid, focus)][0]) for uid in unit_ids
        )
    # the data exercises what matters: colours of every kind, a silent station, red items
    assert {Status.GREEN, Status.RED, Status.INCOMPLETE} <= seen
    assert (four.stations[1], "testplugin.closure_rate") in seen_red
