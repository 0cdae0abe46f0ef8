"""Organisation history (issue 23, acceptance 3): two townships merge on a day; the past
year's indicators read both ways — re-mapped onto today's tree and as they were — and the
totals agree. Records are never rewritten; the page offers the two views and the org page
records the merge with its date."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from core.audit.models import AuditRecord
from core.indicators.periods import Period, PeriodType
from core.indicators.registry import catalogue
from core.indicators.scorecard import drill_down
from core.orgs.errors import InvalidMove
from core.orgs.history import ChangeKind, OrgChange, chains_as_of, changes_of
from core.orgs.models import OrgUnit
from core.orgs.service import merge_org, rename_org
from core.platform import Platform
from tests.indicators.factories import add_cases, make_county
from tests.support.auth import ensure_roles

MERGED_ON = date(2026, 3, 1)
LAST_YEAR = Period(2025, PeriodType.YEAR)


@pytest.fixture
def merged(platform: Platform):
    """乐陵市司法局 with stations A (市中街道) and B (郑店镇), one village each, cases in 2025
    at all four; then A is merged into B on 1 March 2026."""
    with Session(platform.engine, expire_on_commit=False) as session:
        ensure_roles(session, platform.host)
        county = make_county(session, platform.host, 2)
        (a, b), (village_a, village_b) = county.stations, county.villages
        spread = (date(2025, 1, 10), date(2025, 12, 20))
        add_cases(session, a, 3, received=spread, closed=3)
        add_cases(session, village_a, 5, received=spread, closed=4)
        add_cases(session, b, 7, received=spread, closed=7)
        add_cases(session, village_b, 11, received=spread, closed=10)
        session.commit()
        merge_org(session, a, b, effective_on=MERGED_ON, note="鲁政字〔2026〕12号")
        session.commit()
        yield session, county
        session.rollback()


def _figures(session: Session, platform: Platform, org_id: int, *, as_was: bool):
    indicator = catalogue(platform.host).indicators["testplugin.cases_received"]
    org = session.get(OrgUnit, org_id)
    result = drill_down(
        session, platform.host, indicator, org, LAST_YEAR, date(2026, 12, 4), as_was=as_was
    )
    parts = {p.org.name: int(p.figure.counts.numerator) for p in result.parts}
    own = int(result.own.counts.numerator) if result.own else 0
    return int(result.total.figure.counts.numerator), parts, own


def test_a_merge_moves_the_children_switches_the_unit_off_and_keeps_its_history(
    merged,
) -> None:
    session, county = merged
    (a, b), (village_a, _) = county.stations, county.villages
    station_a, station_b = session.get(OrgUnit, a), session.get(OrgUnit, b)
    assert not station_a.active and station_b.active
    assert session.get(OrgUnit, village_a).parent_id == b  # the village now belongs to B
    kinds = {(c.kind, c.org_id) for c in changes_of(session, b)}
    assert (ChangeKind.MERGE, a) in kinds and (ChangeKind.MOVE, village_a) in kinds
    merge = next(c for c in changes_of(session, a) if c.kind == ChangeKind.MERGE)
    assert (merge.successor_id, merge.effective_on, merge.note) == (
        b,
        MERGED_ON,
        "鲁政字〔2026〕12号",
    )
    # On the last day of 2025 the village still hung under A; from the merge day under B.
    assert chains_as_of(session, [village_a], date(2025, 12, 31))[village_a][-2] == a
    assert chains_as_of(session, [village_a], MERGED_ON)[village_a][-2] == b
    actions = set(session.exec(select(AuditRecord.action)).all())
    assert "org_merge" in actions


def test_last_years_figures_read_both_ways_with_equal_totals(merged, platform) -> None:
    session, county = merged
    total_today, parts_today, _ = _figures(session, platform, county.bureau, as_was=False)
    total_then, parts_then, _ = _figures(session, platform, county.bureau, as_was=True)
    assert total_today == total_then == 3 + 5 + 7 + 11
    # Re-mapped onto today's tree: everything counts under the merged station.
    assert parts_today == {"郑店镇司法所": 26}
    # As they were: the two townships side by side.
    assert parts_then == {"市中街道司法所": 3 + 5, "郑店镇司法所": 7 + 11}


def test_the_merged_station_sees_its_predecessor_both_ways(merged, platform) -> None:
    session, county = merged
    b = county.stations[1]
    total_today, parts_today, own_today = _figures(session, platform, b, as_was=False)
    total_then, parts_then, own_then = _figures(session, platform, b, as_was=True)
    assert total_today == total_then == 26
    assert own_today == 7 + 3  # A's own records count as B's own on today's tree
    assert parts_today == {"市中村": 5, "郑店村": 11}
    assert own_then == 7  # as they were: A and its village apart
    assert parts_then == {"市中街道司法所": 3 + 5, "郑店村": 11}


def test_merging_refuses_another_type_a_future_day_and_itself(merged, platform) -> None:
    session, county = merged
    b, village_b = county.stations[1], county.villages[1]
    for into, day in ((village_b, MERGED_ON), (b, date(2099, 1, 1))):
        with pytest.raises(InvalidMove):
            merge_org(session, village_b if into == b else b, into, effective_on=day)
        session.rollback()


def test_a_rename_is_kept_with_its_day(platform) -> None:
    with Session(platform.engine, expire_on_commit=False) as session:
        county = make_county(session, platform.host, 1)
        rename_org(session, county.villages[0], "市中社区", effective_on=date(2026, 6, 1))
        session.commit()
        change = session.exec(select(OrgChange).where(OrgChange.kind == ChangeKind.RENAME)).one()
        assert (change.old_name, change.new_name, change.effective_on) == (
            "市中村",
            "市中社区",
            date(2026, 6, 1),
        )


def test_the_pages_merge_on_a_day_show_the_history_and_offer_both_views(platform) -> None:
    """Through the pages: the bureau's administrator merges station A into B on a day; the
    org page lists the change; last year's breakdown offers both views, totals equal; a
    merge into a unit of another station's scope is not offered to a station's admin."""
    from web.testing import signed_in_client

    with Session(platform.engine, expire_on_commit=False) as session:
        ensure_roles(session, platform.host)
        county = make_county(session, platform.host, 2)
        village_a, village_b = county.villages
        add_cases(session, village_a, 4, received=date(2025, 6, 1))
        add_cases(session, village_b, 6, received=date(2025, 6, 1))
        session.commit()
    with signed_in_client(platform, "bureau_admin", {"system_admin": county.bureau}) as client:
        _merge_through_the_pages(client, county)


def _merge_through_the_pages(client, county) -> None:
    from web.testing import post_form

    (a, b) = county.stations
    page = client.get(f"/orgs/{a}")
    assert page.status_code == 200 and 'id="org-merge"' in page.text
    refused = post_form(
        client, f"/orgs/{a}/merge", {"into_id": b, "effective_on": "明天", "version": 1}
    )
    assert refused.status_code == 422 and "请填写合并生效日期" in refused.text
    done = post_form(
        client, f"/orgs/{a}/merge", {"into_id": b, "effective_on": "2026-03-01", "version": 1}
    )
    assert done.status_code == 303
    history = client.get(f"/orgs/{b}").text
    assert "2026-03-01" in history and "“市中街道司法所”并入本机构" in history
    base = (
        f"/indicators/breakdown?indicator=testplugin.cases_received&org={county.bureau}&period=2025"
    )
    today, then = client.get(base), client.get(base + "&history=as_was")
    assert today.status_code == then.status_code == 200
    assert 'id="history-view"' in today.text and "按当时的机构设置" in today.text
    assert 'data-org="' + str(a) + '"' not in today.text  # A's figures count under B today
    assert 'data-org="' + str(a) + '"' in then.text  # as they were: A has its own row
