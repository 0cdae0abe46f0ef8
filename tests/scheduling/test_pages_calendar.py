"""The holiday administration page: a year's schedule, entering a notice, the yearly banner."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlmodel import Session, select

from core.platform import Platform
from core.scheduling.models import HolidayOverride, HolidayYear
from core.scheduling.rules import due_date
from tests.exports.support import signed_in
from tests.support.auth import FakeClock, post_form

NOVEMBER = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
HTMX = {"HX-Request": "true"}


@pytest.fixture
def admin(platform: Platform, org_tree) -> Iterator[TestClient[Any]]:
    with signed_in(platform, "cal.admin", {"system_admin": None}, clock=FakeClock(NOVEMBER)) as c:
        yield c


def day_row(html: str, day: str) -> str:
    match = re.search(rf'<tr data-day="{day}".*?</tr>', html, re.S)
    assert match, f"no row for {day}"
    return match.group(0)


def test_a_known_year_lists_its_holidays_and_adjusted_working_days(admin) -> None:
    page = admin.get("/calendar?year=2025")
    assert page.status_code == 200
    assert 'id="year-status" data-known="yes"' in page.text
    national_day = day_row(page.text, "2025-10-08")
    assert 'data-kind="rest"' in national_day and "国庆节" in national_day
    assert "官方数据" in national_day
    swapped = day_row(page.text, "2025-09-28")  # a Sunday worked for the National Day break
    assert 'data-kind="work"' in swapped and "调休上班" in swapped and "周日" in swapped
    assert 'id="year-form"' not in page.text  # the package's years need no confirmation


def test_entering_the_2027_notice_makes_a_2027_deadline_computable(admin, platform) -> None:
    start = date(2026, 12, 28)  # + 7 natural days = Monday 2027-01-04
    with Session(platform.engine) as session:
        provisional = due_date(session, "testplugin.reply", start)
    assert provisional.due == date(2027, 1, 4) and provisional.provisional_years == (2027,)
    page = admin.get("/calendar?year=2027").text
    assert 'data-known="no"' in page and "尚未确认完整" in page

    for day, kind, note in [
        ("2027-01-01", "rest", "元旦"),
        ("2027-01-04", "rest", "元旦调休"),  # made-up notice: the Monday off as well
        ("2027-01-09", "work", "调休上班"),
    ]:
        response = post_form(admin, "/calendar/days", {"day": day, "kind": kind, "note": note})
        assert response.status_code == 303
        assert response.headers["location"] == "/calendar?year=2027"
    with Session(platform.engine) as session:  # entered but not declared complete
        assert due_date(session, "testplugin.reply", start).provisional

    response = post_form(
        admin,
        "/calendar/years",
        {"year": "2027", "complete": "1", "source": "国办发明电〔2026〕7号"},
    )
    assert response.status_code == 303
    with Session(platform.engine) as session:
        due = due_date(session, "testplugin.reply", start)
    assert due.due == date(2027, 1, 5) and due.rolled_from == date(2027, 1, 4)

    page = admin.get("/calendar?year=2027").text
    assert 'data-known="yes"' in page and "国办发明电〔2026〕7号" in page
    assert 'data-kind="work"' in day_row(page, "2027-01-09")
    assert "本地录入" in day_row(page, "2027-01-01")


def test_a_year_without_any_entered_day_cannot_be_declared_complete(admin, platform) -> None:
    response = post_form(admin, "/calendar/years", {"year": "2028", "complete": "1"})
    assert response.status_code == 422
    assert "尚未录入任何放假或调休日" in response.text
    with Session(platform.engine) as session:
        assert session.get(HolidayYear, 2028) is None


def test_a_malformed_day_is_refused_with_422_and_the_input_is_kept(admin, platform) -> None:
    response = post_form(
        admin,
        "/calendar/days",
        {"day": "2027-02-30", "kind": "rest", "note": "春节", "year": "2027"},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert response.text.startswith('<div id="calendar-year"')
    assert "请输入正确的日期" in response.text and 'value="春节"' in response.text
    bad_kind = post_form(admin, "/calendar/days", {"day": "2027-02-11", "kind": "holiday"})
    assert bad_kind.status_code == 422 and "请选择放假或上班" in bad_kind.text
    with Session(platform.engine) as session:
        assert session.exec(select(HolidayOverride)).all() == []


def test_an_entered_day_is_removed_in_place(admin, platform) -> None:
    post_form(admin, "/calendar/days", {"day": "2027-10-01", "kind": "rest", "note": "国庆"})
    response = post_form(admin, "/calendar/days/remove", {"day": "2027-10-01"}, headers=HTMX)
    assert response.status_code == 200
    assert response.text.startswith('<div id="calendar-year"') and "已删除" in response.text
    assert 'data-day="2027-10-01"' not in response.text
    assert post_form(admin, "/calendar/days/remove", {"day": "2027-10-01"}).status_code == 404


def test_an_override_of_a_known_year_wins_over_the_package(admin, platform) -> None:
    post_form(admin, "/calendar/days", {"day": "2025-10-08", "kind": "work", "note": "本地安排"})
    row = day_row(admin.get("/calendar?year=2025").text, "2025-10-08")
    assert 'data-kind="work"' in row and 'data-source="override"' in row and "国庆节" in row


def test_from_november_a_banner_asks_for_next_years_notice_here_and_on_the_home_page(
    admin,
) -> None:
    assert "尚未录入 2027 年的法定节假日安排" in admin.get("/calendar").text
    home = admin.get("/").text
    assert 'hx-get="/calendar/banner" hx-trigger="load"' in home
    banner = admin.get("/calendar/banner", headers=HTMX)
    assert banner.status_code == 200 and "尚未录入 2027 年" in banner.text
    assert 'href="/calendar?year=2027"' in banner.text

    post_form(admin, "/calendar/days", {"day": "2027-01-01", "kind": "rest"})
    post_form(admin, "/calendar/years", {"year": "2027", "complete": "1"})
    assert "尚未录入" not in admin.get("/calendar/banner").text


def test_before_november_there_is_no_banner(platform, org_tree) -> None:
    june = FakeClock(datetime(2026, 6, 1, 2, 0, tzinfo=UTC))
    with signed_in(platform, "cal.june", {"system_admin": None}, clock=june) as client:
        assert "尚未录入" not in client.get("/calendar").text
        assert "尚未录入" not in client.get("/calendar/banner").text


def test_a_station_administrator_sees_the_national_table_but_cannot_change_it(
    platform, org_tree
) -> None:
    with signed_in(platform, "station.admin", {"system_admin": org_tree.station_a}) as client:
        page = client.get("/calendar?year=2027")
        assert page.status_code == 200 and 'id="day-form"' not in page.text
        response = post_form(client, "/calendar/days", {"day": "2027-01-01", "kind": "rest"})
        assert response.status_code == 403
        assert (
            post_form(client, "/calendar/years", {"year": "2027", "complete": "1"}).status_code
            == 403
        )


def test_staff_without_the_permission_get_403_and_strangers_the_login_page(
    platform, org_tree, client
) -> None:
    anonymous = client.get("/calendar", follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == "/login?next=%2Fcalendar"
    with signed_in(platform, "leader", {"bureau_leader": org_tree.bureau}) as leader:
        assert leader.get("/calendar").status_code == 403
        assert leader.get("/calendar/banner").status_code == 403
        assert (
            post_form(leader, "/calendar/days", {"day": "2027-01-01", "kind": "rest"}).status_code
            == 403
        )
        home = leader.get("/").text
        assert "/calendar/banner" not in home and 'href="/calendar"' not in home


# -- entering a year by pasting the notice (issue 20) ------------------------------------------

NOTICES = __import__("pathlib").Path(__file__).parent / "notices"


def _preview(client, year: int, text: str = "", ics: bytes = b""):
    from web.testing import csrf_headers

    return client.post(
        "/calendar/notice",
        data={"year": str(year), "text": text, "source": "国办发明电（测试）"},
        files={"file": ("holidays.ics", ics, "text/calendar")},
        headers=csrf_headers(client),
        follow_redirects=False,
    )


def test_a_pasted_notice_is_shown_as_a_month_grid_and_saved_only_on_confirm(
    admin, platform
) -> None:
    text = (NOTICES / "notice_2027.txt").read_text(encoding="utf-8")
    page = _preview(admin, 2027, text)
    assert page.status_code == 200
    html = page.text
    assert 'id="notice-grid"' in html and 'id="notice-unparsed"' not in html
    # A weekday off and a Sunday worked are highlighted; an ordinary Monday is not.
    assert re.search(r'data-day="2027-02-08" data-kind="rest" class="rest changed"', html)
    assert re.search(r'data-day="2027-02-14" data-kind="work" class="work changed"', html)
    assert re.search(r'data-day="2027-03-01" data-kind="work" class="work"', html)
    # The parsed lines stand beside their source sentence.
    row = re.search(r"<tr><td>2月14日（周日）上班</td><td>(.*?)</td></tr>", html)
    assert row and 'data-line="2027-02-14 班"' in row.group(1)
    with Session(platform.engine) as session:  # nothing saved by looking
        assert session.exec(select(HolidayOverride)).all() == []
        assert session.get(HolidayYear, 2027) is None

    unconfirmed = post_form(admin, "/calendar/notice/save", {"year": "2027", "text": text})
    assert unconfirmed.status_code == 422
    saved = post_form(
        admin,
        "/calendar/notice/save",
        {"year": "2027", "text": text, "source": "国办发明电（测试）", "confirm": "1"},
    )
    assert saved.status_code == 303 and saved.headers["location"] == "/calendar?year=2027"
    with Session(platform.engine) as session:
        assert session.get(HolidayYear, 2027).complete
        assert due_date(session, "testplugin.reply", date(2026, 12, 28)).provisional is False


def test_a_typo_is_shown_as_unparsed_and_the_year_cannot_be_saved(admin, platform) -> None:
    text = (NOTICES / "notice_2026.txt").read_text(encoding="utf-8")
    text = text.replace("4月4日（周六）至6日（周一）放假", "4月4日（周六）至6日（周一）放价")
    page = _preview(admin, 2026, text)
    assert page.status_code == 200
    assert 'id="notice-unparsed"' in page.text and "放价" in page.text
    assert 'id="notice-confirm"' not in page.text
    forced = post_form(
        admin, "/calendar/notice/save", {"year": "2026", "text": text, "confirm": "1"}
    )
    assert forced.status_code == 422
    with Session(platform.engine) as session:
        assert session.exec(select(HolidayOverride)).all() == []


def test_an_icalendar_upload_is_read_and_bad_input_answers_422(admin) -> None:
    ics = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\n"
        b"DTEND;VALUE=DATE:20270104\r\nSUMMARY:\xe5\x85\x83\xe6\x97\xa6\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    page = _preview(admin, 2027, ics=ics)
    assert page.status_code == 200 and 'data-line="2027-01-02 休"' in page.text
    assert _preview(admin, 2027).status_code == 422  # nothing pasted
    assert _preview(admin, 1900, "一、元旦：1月1日放假").status_code == 422
    assert _preview(admin, 2027, ics=b"\xff\xfe\x00").status_code == 422
