"""The indicator pages: scorecard with hover fractions and exports, drill-down to records,
definitions, targets, scope."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from litestar.testing import TestClient
from openpyxl import load_workbook
from sqlmodel import Session

from core.db import session_scope
from tests.indicators.factories import County, add_cases
from tests.support.auth import FakeClock, login, make_account, post_form, use_clock

CLOCK = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in Beijing
YICHANG = (date(2011, 1, 1), date(2011, 10, 31))


def client_for(platform, username: str, roles: dict) -> Iterator[TestClient]:
    from web.app import create_app

    with session_scope(platform.engine) as session:
        make_account(session, username, roles=roles, host=platform.host)
    with TestClient(app=create_app(platform=platform), raise_server_exceptions=False) as c:
        use_clock(c, FakeClock(CLOCK))
        login(c, username)
        yield c


@pytest.fixture
def leader(platform, county: County) -> Iterator[TestClient]:
    """局领导 of 乐陵市司法局."""
    yield from client_for(platform, "juzhang", {"bureau_leader": county.bureau})


@pytest.fixture
def station_head(platform, county: County) -> Iterator[TestClient]:
    """所长 of the first station only."""
    yield from client_for(platform, "suozhang", {"station_head": county.stations[0]})


@pytest.fixture
def yichang(session: Session, county: County) -> County:
    add_cases(
        session,
        county.stations[0],
        14_662,
        received=YICHANG,
        closed=13_702,
        community=12_592,
        satisfied=13_593,
    )
    session.commit()
    return county


def row_of(html: str, code: str) -> str:
    start = html.index(f'data-indicator="{code}"')
    return html[start : html.index("</tr>", start)]


def test_the_scorecard_shows_the_yichang_figures_with_fractions_on_hover(
    leader: TestClient, yichang: County
) -> None:
    """Acceptance 1, on the page: 93.5%, 91.9% and 99.2% with n/d in the title attribute."""
    page = leader.get(f"/indicators?org={yichang.bureau}&period=2011")
    assert page.status_code == 200, page.text
    html = page.text
    closure = row_of(html, "testplugin.closure_rate")
    assert 'title="13,702/14,662"' in closure and ">93.5%</a>" in closure
    community = row_of(html, "testplugin.community_rate")
    assert 'title="12,592/13,702"' in community and ">91.9%</a>" in community
    satisfied = row_of(html, "testplugin.satisfaction_rate")
    assert 'title="13,593/13,702"' in satisfied and ">99.2%</a>" in satisfied
    # every figure links to its drill-down, every indicator to its definition
    assert (
        f"/indicators/breakdown?indicator=testplugin.closure_rate&amp;org={yichang.bureau}&amp;period=2011"
        in closure
    )
    assert "/indicators/definition?indicator=testplugin.closure_rate" in closure


def test_the_export_carries_the_figures_and_their_fractions(
    leader: TestClient, yichang: County
) -> None:
    """Acceptance 1, in the export: CSV and Excel."""
    response = leader.get(f"/indicators/export?org={yichang.bureau}&period=2011&format=csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    by_code = {r[header.index("指标代码")]: r for r in rows[1:]}
    expected = {
        "testplugin.closure_rate": ("93.5%", "13,702/14,662", "13702", "14662"),
        "testplugin.community_rate": ("91.9%", "12,592/13,702", "12592", "13702"),
        "testplugin.satisfaction_rate": ("99.2%", "13,593/13,702", "13593", "13702"),
    }
    for code, (value, fraction, numerator, denominator) in expected.items():
        row = by_code[code]
        assert row[header.index("值")] == value
        assert row[header.index("分子/分母")] == fraction
        assert (row[header.index("分子")], row[header.index("分母")]) == (numerator, denominator)
        assert "四舍五入" in row[header.index("取整规则")]

    book = load_workbook(
        io.BytesIO(leader.get(f"/indicators/export?org={yichang.bureau}&period=2011").content)
    )
    sheet = book.active
    values = list(sheet.iter_rows(values_only=True))
    header = list(values[1])
    closure = next(
        r for r in values[2:] if r[header.index("指标代码")] == "testplugin.closure_rate"
    )
    assert closure[header.index("值")] == "93.5%"
    assert closure[header.index("分子/分母")] == "13,702/14,662"
    assert (closure[header.index("分子")], closure[header.index("分母")]) == (13702, 14662)


def test_drilling_down_goes_to_children_then_to_the_exact_records(
    leader: TestClient, session: Session, county: County
) -> None:
    """Acceptance 3: bureau → stations → the cases counted in the numerator."""
    a, b = county.stations
    add_cases(session, a, 6, received=date(2026, 10, 5), closed=4, category="婚姻家庭")
    add_cases(session, b, 3, received=date(2026, 10, 8), closed=1, category="土地纠纷")
    session.commit()
    bureau_page = leader.get(
        f"/indicators/breakdown?indicator=testplugin.closure_rate&org={county.bureau}&period=2026-10"
    )
    assert bureau_page.status_code == 200, bureau_page.text
    html = bureau_page.text
    assert "市中街道司法所" in html and "郑店镇司法所" in html
    assert 'title="4/6"' in html and 'title="1/3"' in html and "5/9" in html
    # the station has a village below it, so it drills down further
    assert (
        f"/indicators/breakdown?indicator=testplugin.closure_rate&amp;org={a}&amp;period=2026-10"
        in html
    )

    records = leader.get(
        f"/indicators/records?indicator=testplugin.closure_rate&org={a}&period=2026-10"
    )
    assert records.status_code == 200
    assert "共 4 条" in records.text
    assert records.text.count("婚姻家庭") == 4 and "土地纠纷" not in records.text
    whole = leader.get(
        f"/indicators/records?indicator=testplugin.closure_rate&org={county.bureau}&period=2026-10"
    )
    assert "共 5 条" in whole.text and whole.text.count("土地纠纷") == 1


def test_the_definition_page_says_what_is_counted_and_how_it_is_rounded(
    leader: TestClient, county: County
) -> None:
    page = leader.get(
        f"/indicators/definition?indicator=testplugin.closure_rate&org={county.bureau}"
    )
    assert page.status_code == 200
    html = page.text
    assert "本期受理的纠纷中已调结的件数" in html and "本期受理的纠纷件数" in html
    assert "四舍五入" in html and "93.5%" in html
    assert "案件按月录入" in html  # the reporting duty the figure relies on
    assert leader.get("/indicators/definition?indicator=testplugin.nope").status_code == 404


def test_a_station_head_sees_only_their_station(station_head: TestClient, county: County) -> None:
    _a, b = county.stations
    assert station_head.get("/indicators").status_code == 200  # defaults to the own station
    assert "市中街道司法所" in station_head.get("/indicators").text
    assert station_head.get(f"/indicators?org={b}").status_code == 404
    assert station_head.get(f"/indicators?org={county.bureau}").status_code == 404
    assert (
        station_head.get(
            f"/indicators/records?indicator=testplugin.closure_rate&org={b}&period=2026-10"
        ).status_code
        == 404
    )


def test_an_invalid_period_is_explained_not_an_error(leader: TestClient, county: County) -> None:
    page = leader.get(f"/indicators?org={county.bureau}&period=2026-13")
    assert page.status_code == 200
    assert "统计周期“2026-13”无效" in page.text


def test_a_bureau_sets_its_own_targets(
    leader: TestClient, county: County, session: Session
) -> None:
    add_cases(session, county.stations[0], 10, received=date(2026, 10, 5), closed=9)
    add_cases(session, county.stations[1], 10, received=date(2026, 10, 5), closed=9)
    session.commit()
    url = f"/indicators/settings?org={county.bureau}&period=2026-10"
    assert leader.get(url).status_code == 200
    before = row_of(
        leader.get(f"/indicators?org={county.bureau}&period=2026-10").text,
        "testplugin.closure_rate",
    )
    assert "status-amber" in before  # 90.0% against the default 95%
    response = post_form(
        leader,
        url,
        {"target:testplugin.closure_rate": "90", "weight:testplugin.closure_rate": "25"},
    )
    assert response.status_code == 303
    after = row_of(
        leader.get(f"/indicators?org={county.bureau}&period=2026-10").text,
        "testplugin.closure_rate",
    )
    assert "status-green" in after and ">90%<" in after.replace(" ", "")
    bad = post_form(leader, url, {"target:testplugin.closure_rate": "abc"})
    assert bad.status_code == 422 and "不是数字" in bad.text


def test_the_scorecard_is_available_as_json(leader: TestClient, yichang: County) -> None:
    response = leader.get(f"/api/v1/indicators?org={yichang.bureau}&period=2011")
    assert response.status_code == 200
    lines = {i["code"]: i for i in response.json()["indicators"]}
    closure = lines["testplugin.closure_rate"]
    assert (closure["value"], closure["numerator"], closure["denominator"]) == (
        "93.5",
        "13702",
        "14662",
    )
    assert response.json()["period"] == "2011"
