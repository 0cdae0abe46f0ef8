"""End-to-end in chromium: the people list filters in place, the ID field checks itself."""

from __future__ import annotations

from datetime import date

import pytest

from core.people.identity_numbers import make_resident_id

pytestmark = pytest.mark.browser


def register(page, base: str, name: str, id_number: str) -> None:
    page.goto(f"{base}/people/new")
    page.fill("#field-name", name)
    page.fill("#field-id_number", id_number)
    page.click("button.primary")
    page.wait_for_url(f"{base}/people/*?done=created")


def test_typing_in_the_search_box_filters_the_list_in_place(live_server, admin_page) -> None:
    from playwright.sync_api import expect

    page = admin_page
    register(page, live_server, "欧阳明月", make_resident_id("371481", date(1979, 5, 4), 1, False))
    register(page, live_server, "司马青山", make_resident_id("371481", date(1981, 8, 9), 1, True))
    page.goto(f"{live_server}/people")
    rows = page.locator("#people-table tbody tr")
    page.evaluate("window.__marker = 'same page'")
    page.locator("#people-q").press_sequentially("smqs", delay=30)  # keyup, debounced
    expect(rows).to_have_count(1, timeout=10_000)
    expect(rows.first).to_contain_text("司马青山")
    page.locator("#people-q").fill("")
    page.locator("#people-q").press_sequentially("ouyangmingyue", delay=20)
    expect(rows).to_have_count(1, timeout=10_000)
    expect(rows.first).to_contain_text("欧阳明月")
    assert page.evaluate("window.__marker") == "same page"
    assert page.url == f"{live_server}/people"  # the search text never goes into the URL
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


def test_an_invalid_id_is_reported_beside_the_field_on_blur(live_server, admin_page) -> None:
    page = admin_page
    good = make_resident_id("371481", date(1992, 2, 29), 4, True)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    page.goto(f"{live_server}/people/new")
    page.evaluate("window.__marker = 'same page'")
    page.fill("#field-name", "赵小红")
    page.fill("#field-id_number", wrong)
    page.locator("#field-id_number").blur()
    error = page.locator("#id_number-feedback .field-error")
    error.wait_for(timeout=10_000)
    assert error.inner_text() == "身份证号码校验位错误，请核对最后一位"
    page.fill("#field-id_number", good)
    page.locator("#field-id_number").blur()
    page.locator("#id_number-feedback .field-ok").wait_for(timeout=10_000)
    assert "性别：女；出生日期：1992-02-29" in page.locator("#id_number-feedback").inner_text()
    assert page.evaluate("window.__marker") == "same page"

    page.fill("#field-id_number", wrong)
    page.click("button.primary")  # submitted anyway: refused, the input kept
    page.locator("#id_number-feedback .field-error").wait_for(timeout=10_000)
    assert page.input_value("#field-name") == "赵小红"
    assert page.input_value("#field-id_number") == wrong
    assert not page.locator("#field-sex").is_visible()  # derived from the number instead
    page.check("input[name=id_type][value=none]")
    assert page.locator("#field-no_id_reason").is_visible()
    assert not page.locator("#field-id_number").is_visible()
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
