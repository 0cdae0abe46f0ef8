"""Assessment pages (acceptance 5): the Fengqiao-style scheme ranks stations, a closed year
is frozen and says so, the creation plan shows coverage per year."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient
from sqlmodel import Session

from tests.indicators.factories import County, add_cases, make_county
from tests.indicators.test_assessments import WHOLE_2021, good_year, weak_year
from tests.indicators.test_pages import client_for
from tests.support.auth import post_form


@pytest.fixture
def leling(session: Session, platform) -> County:
    made = make_county(session, platform.host, 16)
    for s in made.stations[:7]:
        good_year(session, s)
    for s in made.stations[7:]:
        weak_year(session, s)
    session.commit()
    return made


@pytest.fixture
def leader(platform, leling: County) -> Iterator[TestClient]:
    yield from client_for(platform, "juzhang", {"bureau_leader": leling.bureau})


@pytest.fixture
def inspector(platform, leling: County) -> Iterator[TestClient]:
    yield from client_for(platform, "ducha", {"inspector": leling.bureau})


def test_the_fengqiao_scheme_ranks_stations_and_a_closed_year_is_frozen(
    leader: TestClient, inspector: TestClient, session: Session, leling: County
) -> None:
    created = post_form(leader, f"/assessments/fengqiao?org={leling.bureau}", {})
    assert created.status_code == 303
    edit_url = created.headers["location"]
    scheme_id = int(re.search(r"/assessments/(\d+)/edit", edit_url)[1])
    form = leader.get(edit_url)
    assert "已按各业务模块登记的指标生成方案" in form.text
    assert 'name="use:testplugin.closure_rate" value="1"' in form.text

    results = leader.get(f"/assessments/{scheme_id}?period=2021")
    assert results.status_code == 200, results.text
    html = results.text
    assert 'data-state="live"' in html and "尚未关账" in html
    ranks = re.findall(r'data-org="(\d+)" data-rank="(\d*)"', html)
    assert [int(org) for org, _ in ranks[:7]] == leling.stations[:7]
    assert [rank for _, rank in ranks[:8]] == ["1"] * 7 + ["8"]
    assert html.count("status status-green") == 7  # 达标

    closed = post_form(leader, f"/assessments/{scheme_id}/close", {"period": "2021"})
    assert closed.status_code == 303
    add_cases(session, leling.stations[0], 30, received=WHOLE_2021, closed=0)  # edited later
    session.commit()
    frozen = inspector.get(f"/assessments/{scheme_id}?period=2021").text
    assert 'data-state="frozen"' in frozen and "关账后修改的记录不影响本期结果" in frozen
    assert re.findall(r'data-org="(\d+)" data-rank="(\d*)"', frozen) == ranks
    assert "关账并冻结" not in frozen  # an inspector cannot close, and it is closed anyway
    again = post_form(leader, f"/assessments/{scheme_id}/close", {"period": "2021"})
    assert again.status_code == 422 and "已关账" in again.text
    assert (
        post_form(inspector, f"/assessments/{scheme_id}/close", {"period": "2022"}).status_code
        == 403
    )


def test_editing_a_scheme_keeps_the_form_on_errors(leader: TestClient, leling: County) -> None:
    created = post_form(leader, f"/assessments/fengqiao?org={leling.bureau}", {})
    edit_url = created.headers["location"].split("?")[0]
    bad = post_form(
        leader,
        edit_url,
        {
            "name": "枫桥式司法所创建考核",
            "pass_score": "90",
            "version": "1",
            "use:testplugin.closure_rate": "1",
            "weight:testplugin.closure_rate": "-5",
        },
    )
    assert bad.status_code == 422 and "不能为负数" in bad.text and 'value="-5"' in bad.text
    stale = post_form(
        leader,
        edit_url,
        {
            "name": "新名称",
            "pass_score": "85",
            "version": "7",
            "use:testplugin.closure_rate": "1",
            "weight:testplugin.closure_rate": "50",
        },
    )
    assert stale.status_code == 409 and "已被他人修改" in stale.text
    ok = post_form(
        leader,
        edit_url,
        {
            "name": "枫桥式司法所（简化）",
            "pass_score": "85",
            "version": "1",
            "use:testplugin.closure_rate": "1",
            "weight:testplugin.closure_rate": "50",
            "rule:testplugin.closure_rate": "pass_fail",
        },
    )
    assert ok.status_code == 303
    page = leader.get(ok.headers["location"] + "?period=2021").text
    assert "枫桥式司法所（简化）" in page and page.count('<th class="num">调结率') == 1


def test_the_creation_plan_shows_coverage_against_the_plan(
    leader: TestClient, leling: County
) -> None:
    created = post_form(leader, f"/assessments/fengqiao?org={leling.bureau}", {})
    scheme_id = int(re.search(r"/assessments/(\d+)/edit", created.headers["location"])[1])
    assert leader.get(f"/assessments/plans/new?org={leling.bureau}").status_code == 200
    form = {
        "name": "乐陵市枫桥式司法所三年创建计划",
        "scheme_id": str(scheme_id),
        "year0": "2021",
        "target0": "7",
        "year1": "2022",
        "target1": "13",
        "year2": "2023",
        "target2": "16",
    }
    for i, station in enumerate(leling.stations):
        form[f"station:{station}"] = "2021" if i < 7 else "2022" if i < 13 else "2023"
    response = post_form(leader, f"/assessments/plans/new?org={leling.bureau}", form)
    assert response.status_code == 303, response.text
    plan_url = response.headers["location"]
    post_form(leader, f"/assessments/{scheme_id}/close", {"period": "2021"})
    page = leader.get(plan_url).text
    row = page[page.index('data-year="2021"') :]
    row = row[: row.index("</tr>")]
    assert ">43.8%<" in row and "status-green" in row  # 7 of 16, as planned
    row2022 = page[page.index('data-year="2022"') :]
    row2022 = row2022[: row2022.index("</tr>")]
    assert ">81.3%<" in row2022 and "status-red" in row2022  # planned 13, none more yet
    assert "考核达标" in page
    # a station recognised by hand in 2022
    station = leling.stations[7]
    marked = post_form(
        leader,
        f"{plan_url}/stations",
        {"org_id": station, "target_year": "2022", "reached_year": "2022", "version": "1"},
    )
    assert marked.status_code == 303
    assert "人工认定" in leader.get(plan_url).text
    bad = post_form(
        leader,
        f"/assessments/plans/new?org={leling.bureau}",
        {"name": "计划", "year0": "2021", "target0": "20"},
    )
    assert bad.status_code == 422 and "超过了司法所总数" in bad.text
