"""The monthly report (acceptance 4): an Excel workbook per bureau and month, made by the
periodic job after the month's entry deadline and on demand, stored and listed per period."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from litestar.testing import TestClient
from openpyxl import load_workbook
from sqlmodel import Session, select

from core.indicators.models import IndicatorReport
from core.indicators.periods import Period
from core.indicators.reports import due_month, generate_monthly_report, make_due_reports
from core.scheduling.declarations import JobContext
from tests.indicators.factories import TODAY, County, add_cases, add_report, make_county
from tests.indicators.test_pages import client_for
from tests.support.auth import post_form

OCTOBER = Period.parse("2026-10")


@pytest.fixture
def october(session: Session, county: County) -> County:
    a, _b = county.stations
    add_cases(
        session,
        a,
        120,
        received=(date(2026, 10, 1), date(2026, 10, 31)),
        closed=110,
        community=100,
        satisfied=105,
        late=3,
        subsidy_fen=5000,
    )
    add_cases(
        session,
        county.villages[1],
        7,
        received=date(2026, 10, 12),
        closed=2,
        satisfied=2,
        subsidy_fen=2000,
    )
    add_cases(
        session, county.bureau, 5, received=date(2026, 10, 20), closed=5, community=1, satisfied=5
    )
    add_report(session, county.villages[0], "screening", date(2026, 10, 1), date(2026, 10, 10))
    session.commit()
    return county


def sheet_rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_the_workbook_has_a_sheet_per_service_line_with_totals_equal_to_the_sum_of_rows(
    session: Session, platform, october: County
) -> None:
    report = generate_monthly_report(session, platform.host, october.bureau, OCTOBER, TODAY)
    session.commit()
    book = load_workbook(io.BytesIO(report.content))
    assert book.sheetnames == ["测试插件", "报送情况", "指标说明"]
    rows = sheet_rows(book["测试插件"])
    assert rows[0][0] == "乐陵市司法局 2026年10月 月报（测试插件）"
    groups, columns = rows[1], rows[2]
    assert groups[:2] == ("单位", "调结率")  # merged over the two heading rows
    assert columns[1:4] == ("分子", "分母", "值（%）")
    assert "以案定补金额（2026年第4季度）" in groups
    body = rows[3:-1]
    total = rows[-1]
    assert [r[0] for r in body] == ["市中街道司法所", "郑店镇司法所", "乐陵市司法局（本级）"]
    assert total[0] == "合计"
    # every numerator and denominator column: the totals row is the sum of the rows
    for index, heading in enumerate(columns):
        if heading in ("分子", "分母"):
            assert total[index] == sum(r[index] or 0 for r in body), heading
    # and the totals' values are the pooled rates, not averages of the rows
    # (a spreadsheet keeps numbers as binary doubles: 88.6 reads back as the float nearest it)
    assert (total[1], total[2], Decimal(str(total[3]))) == (117, 132, Decimal("88.6"))  # 88.63…%
    assert [Decimal(str(r[3])) for r in body] == [Decimal("91.7"), Decimal("28.6"), Decimal(100)]
    reporting = sheet_rows(book["报送情况"])
    assert reporting[1] == ("报送要求", "单位", "应报", "已报", "按时", "迟报", "缺报")
    assert ("案件按月录入", "合计", 2, 2, 2, 0, 0) in reporting
    assert any(
        r[0] == "矛盾纠纷排查" and r[1] == "郑店镇司法所" and "后刘村" not in str(r)
        for r in reporting
    )
    definitions = sheet_rows(book["指标说明"])
    assert any(r[1] == "testplugin.closure_rate" and "四舍五入" in r[6] for r in definitions[2:])


def test_remaking_a_report_replaces_it_and_bumps_its_revision(
    session: Session, platform, october: County
) -> None:
    first = generate_monthly_report(session, platform.host, october.bureau, OCTOBER, TODAY)
    session.commit()
    again = generate_monthly_report(session, platform.host, october.bureau, OCTOBER, TODAY)
    session.commit()
    assert again.id == first.id and again.revision == 2
    with pytest.raises(Exception, match="尚未结束"):
        generate_monthly_report(
            session, platform.host, october.bureau, Period.parse("2026-11"), TODAY
        )


def test_the_periodic_job_makes_last_months_report_once_after_the_entry_deadline(
    session: Session, platform, october: County
) -> None:
    other = make_county(session, platform.host, 1, name="禹城市司法局")
    session.commit()
    assert due_month(date(2026, 11, 7)) == Period.parse("2026-09")
    assert due_month(date(2026, 11, 8)) == OCTOBER

    def run(day: datetime) -> dict:
        context = JobContext(
            0,
            "core.monthly_reports",
            day,
            {},
            platform.engine,
            platform.settings,
            host=platform.host,
        )
        return make_due_reports(context)

    # the job's slot is 01:40 China time, 17:40 UTC the day before
    assert run(datetime(2026, 11, 6, 17, 40, tzinfo=UTC)) == {"period": "2026-09", "made": 2}
    assert run(datetime(2026, 11, 7, 17, 40, tzinfo=UTC)) == {"period": "2026-10", "made": 2}
    assert run(datetime(2026, 11, 8, 17, 40, tzinfo=UTC)) == {"period": "2026-10", "made": 0}
    with Session(platform.engine) as check:
        stored = check.exec(select(IndicatorReport.org_id, IndicatorReport.period)).all()
    assert sorted(stored) == sorted(
        [
            (october.bureau, "2026-09"),
            (october.bureau, "2026-10"),
            (other.bureau, "2026-09"),
            (other.bureau, "2026-10"),
        ]
    )


@pytest.fixture
def leader(platform, county: County) -> Iterator[TestClient]:
    yield from client_for(platform, "juzhang", {"bureau_leader": county.bureau})


def test_reports_are_made_on_demand_listed_downloaded_and_printed(
    leader: TestClient, october: County
) -> None:
    response = post_form(leader, "/reports", {"org": october.bureau, "period": "2026-10"})
    assert response.status_code == 303
    listing = leader.get(f"/reports?org={october.bureau}")
    assert 'data-period="2026-10"' in listing.text
    report_id = int(listing.text.split('href="/reports/')[1].split('"')[0])
    download = leader.get(f"/reports/{report_id}/download")
    assert download.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(download.content)).sheetnames[0] == "测试插件"
    printable = leader.get(f"/reports/{report_id}")
    assert printable.status_code == 200
    assert (
        "合计" in printable.text and "88.6" in printable.text and "市中街道司法所" in printable.text
    )
    refused = post_form(leader, "/reports", {"org": october.bureau, "period": "2026-12"})
    assert refused.status_code == 422 and "尚未结束" in refused.text
