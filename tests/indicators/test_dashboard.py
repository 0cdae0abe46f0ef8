"""The leaders' dashboard: key figures, red items, rankings, SVG charts, lazy plugin widgets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from litestar.testing import TestClient
from sqlmodel import Session

from core.indicators.charts import bar_layout, line_layout, nice_max
from core.modules.service import set_active
from tests.indicators.factories import County, add_cases
from tests.indicators.test_pages import client_for


@pytest.fixture
def leader(platform, county: County) -> Iterator[TestClient]:
    yield from client_for(platform, "juzhang", {"bureau_leader": county.bureau})


@pytest.fixture
def october(session: Session, county: County) -> County:
    a, b = county.stations
    add_cases(
        session,
        a,
        20,
        received=(date(2026, 10, 1), date(2026, 10, 31)),
        closed=20,
        community=19,
        satisfied=20,
        category="邻里纠纷",
    )
    add_cases(
        session,
        b,
        10,
        received=(date(2026, 10, 1), date(2026, 10, 31)),
        closed=7,
        community=5,
        satisfied=6,
        late=2,
        category="土地纠纷",
    )
    add_cases(session, b, 4, received=date(2026, 9, 10), closed=4, category="土地纠纷")
    session.commit()
    return county


def test_the_dashboard_shows_key_figures_red_items_ranking_and_charts(
    leader: TestClient, october: County
) -> None:
    page = leader.get(f"/dashboard?org={october.bureau}&period=2026-10")
    assert page.status_code == 200, page.text
    html = page.text
    assert 'data-indicator="testplugin.closure_rate"' in html and 'title="27/30"' in html  # 90.0%
    red = html[html.index('class="table red-items"') :]
    red = red[: red.index("</table>")]
    assert "郑店镇司法所" in red and "70.0%" in red  # 7 of 10 closed at station B
    ranking = html[html.index('class="table ranking"') :]
    assert ranking.index("市中街道司法所") < ranking.index("郑店镇司法所")
    assert html.count("<svg") == 2  # station comparison and trend, drawn on the server
    assert "<script" not in html[html.index("<main") :]
    # the trend has a gap where there is no data (not a zero): two points, Sep and Oct
    trend = html[html.index("chart-line") :]
    assert trend.count("<circle") == 2


def test_plugin_widgets_load_lazily_and_a_broken_one_does_not_break_the_page(
    leader: TestClient, october: County
) -> None:
    page = leader.get(f"/dashboard?org={october.bureau}&period=2026-10").text
    lazy = re.findall(r'hx-get="(/dashboard/widget\?[^"]+)" hx-trigger="load"', page)
    codes = [re.search(r"code=([\w.]+)", url.replace("&amp;", "&"))[1] for url in lazy]
    assert codes == ["testplugin.summary", "testplugin.categories", "testplugin.broken"]
    urls = {code: url.replace("&amp;", "&") for code, url in zip(codes, lazy, strict=True)}
    htmx = {"HX-Request": "true"}
    summary = leader.get(urls["testplugin.summary"], headers=htmx)
    assert summary.status_code == 200 and "<html" not in summary.text
    assert "受理" in summary.text and ">30<" in summary.text
    bars = leader.get(urls["testplugin.categories"], headers=htmx).text
    assert "<svg" in bars and "邻里纠纷" in bars and "土地纠纷" in bars
    broken = leader.get(urls["testplugin.broken"], headers=htmx)
    assert broken.status_code == 200 and "暂不可用" in broken.text


def test_an_inactive_plugin_leaves_no_indicators_or_widgets(
    leader: TestClient, platform, session: Session, october: County
) -> None:
    set_active(session, platform.host, october.bureau, "testplugin", False)
    session.commit()
    page = leader.get(f"/dashboard?org={october.bureau}&period=2026-10").text
    assert "testplugin" not in page and "尚未提供考核指标" in page
    scorecard = leader.get(f"/indicators?org={october.bureau}&period=2026-10").text
    assert "testplugin.closure_rate" not in scorecard
    assert (
        leader.get(f"/dashboard/widget?code=testplugin.summary&org={october.bureau}").status_code
        == 404
    )


def test_chart_geometry() -> None:
    assert [nice_max(v) for v in (0, 0.7, 3, 93.5, 100, 101, 14662)] == [
        1,
        1,
        5,
        100,
        100,
        200,
        20000,
    ]
    bars = bar_layout(["甲", "乙"], [90, 45], target=95)
    assert bars.bars[0].width == 2 * bars.bars[1].width and bars.bars[1].below
    assert bars.target_x is not None
    lines = line_layout(["1月", "2月", "3月"], [("调结率", [10, None, 30])])
    assert len(lines.series[0].segments) == 2  # the gap splits the line
    assert len(lines.series[0].dots) == 2
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    shown = [text for _, text in line_layout(months, [("调结率", [1] * 12)]).x_labels]
    assert shown[0] == "2026-01" and shown[-1] == "2026-12" and "2026-11" not in shown
