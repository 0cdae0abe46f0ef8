"""Issue 21, "a clerk's day without a snag", in Debian chromium: the defects a clerk met in
the browser, each checked where it happened (several checks per page session, to keep the
run short)."""

from __future__ import annotations

import random
import re
import uuid
from datetime import date

import pytest

from core.people.identity_numbers import make_resident_id

pytestmark = pytest.mark.browser


def register_person(page, base: str, name: str) -> str:
    rng = random.Random(name)
    number = make_resident_id(
        "371481", date(1960 + rng.randrange(30), 5, 6), rng.randrange(500), rng.random() < 0.5
    )
    page.goto(f"{base}/people/new")
    page.fill("#field-name", name)
    page.fill("#field-id_number", number)
    page.click("button.primary")
    page.wait_for_url(re.compile(r".*/people/\d+.*"))
    return number


def search_in_picker(page, field: str, text: str) -> None:
    """Type into one picker's search box the way a clerk does (keyup, debounced)."""
    box = page.locator(f"#picker-{field} input.picker-q")
    box.press_sequentially(text, delay=30)


def test_intake_finds_residents_through_both_party_pickers(live_server, admin_page) -> None:
    """Defect 1: two pickers on one form each search with their own text."""
    from playwright.sync_api import expect

    page, base = admin_page, live_server
    tag = uuid.uuid4().hex[:4]
    first, second = f"丁{tag}甲", f"丁{tag}乙"
    register_person(page, base, first)
    register_person(page, base, second)
    page.goto(f"{base}/m/mediation/committees/new")
    page.fill("#field-name", f"拾{tag}社区人民调解委员会")
    page.fill("#field-short_name", f"拾{tag}")
    page.click("button.primary")
    page.wait_for_url(re.compile(r".*/m/mediation/committees/\d+\?created=1"))

    page.goto(f"{base}/m/mediation/cases/new")
    page.wait_for_selector("#picker-party_0_person_id input.picker-q")
    page.wait_for_selector("#picker-party_1_person_id input.picker-q")
    search_in_picker(page, "party_0_person_id", first)
    results = page.locator("#picker-party_0_person_id button.picker-choice")
    expect(results).to_have_count(1, timeout=10_000)
    results.first.click()
    expect(page.locator("#picker-party_0_person_id .person-label")).to_contain_text(first)
    search_in_picker(page, "party_1_person_id", second)
    results = page.locator("#picker-party_1_person_id button.picker-choice")
    expect(results).to_have_count(1, timeout=10_000)
    results.first.click()
    expect(page.locator("#picker-party_1_person_id .person-label")).to_contain_text(second)

    page.select_option("#field-application_form", "oral")
    page.fill("#field-application_text", "申请人口述：邻里通道纠纷。")
    page.check("#field-applicant_signed")
    page.select_option("#field-committee_id", label=f"拾{tag}社区人民调解委员会")
    page.select_option("#field-category_code", "0902")
    page.fill("#field-description", "通道被堵，双方争执。")
    page.click("#intake-form button.primary")
    page.wait_for_url(re.compile(r".*/m/mediation/cases/\d+\?registered=1"))
    expect(page.locator("body")).to_contain_text(first)
    expect(page.locator("body")).to_contain_text(second)

    # Defect 14: the next actions are at the top, the stage's step highlighted and open,
    # the action bar stays in view while scrolling, sections fold.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(page.url.split("?")[0])
    accept = page.locator("#action-accept")
    assert "next-step" in (accept.get_attribute("class") or "")
    assert accept.get_attribute("open") is not None
    assert accept.bounding_box()["y"] < 900  # within the first screen
    bar = page.locator("#case-actionbar")
    expect(bar.locator("a.next-step")).to_have_attribute("data-action", "accept")
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(200)
    assert -1 <= bar.bounding_box()["y"] < 60  # sticky at the top of the window
    parties = page.locator("#parties")
    parties.locator("h2").click()
    expect(parties.locator("ul, table, p").first).to_be_hidden()
    parties.locator("h2").click()
    expect(parties).to_contain_text(first)


def test_the_register_button_stays_put_while_the_id_number_is_checked(
    live_server, admin_page
) -> None:
    """Pressing 登记 straight after typing the number blurs the field, and its check answers
    while the button is still held down. If that answer pushed the button down a line, the
    mouse-up would land beside it and the click would be lost (CI saw exactly that); the
    message keeps its line, so the button does not move."""
    from playwright.sync_api import expect

    page, base = admin_page, live_server
    page.goto(f"{base}/people/new")
    page.fill("#field-name", f"戊{uuid.uuid4().hex[:4]}")
    page.fill("#field-id_number", make_resident_id("371481", date(1980, 5, 6), 7, True))
    button = page.locator("#person-form button.primary")
    before = button.bounding_box()
    page.locator("#field-id_number").blur()
    expect(page.locator("#id_number-feedback")).to_contain_text("1980-05-06")
    assert button.bounding_box()["y"] == before["y"]


def test_idle_warning_extends_the_session_and_typed_input_survives_signing_in_again(
    live_server, admin_page
) -> None:
    """Defect 5: a minute before the idle timeout "继续工作" extends the session; after the
    timeout the half-filled form comes back once the clerk has signed in again."""
    from playwright.sync_api import expect

    from tests.browser.live_setup import PASSWORD, USERNAME

    page, base = admin_page, live_server
    page.clock.install()
    page.goto(f"{base}/people/new")
    typed = "乐陵市市中街道（原城关镇）前进路：半截填写，尚未提交"
    page.fill("#field-name", "半截填写")
    page.fill("#field-address", typed)
    idle = int(page.get_attribute("body", "data-idle-seconds"))
    assert idle >= 60
    warning = page.locator("#idle-warning")
    expect(warning).to_be_hidden()
    page.clock.fast_forward((idle - 55) * 1000)  # less than a minute left
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("一分钟后将自动退出")
    with page.expect_response("**/session/keepalive") as answered:
        page.click("#idle-continue")
    assert answered.value.status == 204
    expect(warning).to_be_hidden()

    page.context.clear_cookies()  # the server forgot the session, as at the timeout
    page.clock.fast_forward((idle + 5) * 1000)
    # The page may start its way to the login page twice (its own timer and a refused
    # keep-alive); the first navigation is then aborted, so wait for where it ends up.
    expect(page).to_have_url(re.compile(r".*/login\?.*next=%2Fpeople%2Fnew.*"), timeout=15000)
    page.wait_for_load_state()
    page.fill("input[name=username]", USERNAME)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/people/new")
    expect(page.locator("#field-address")).to_have_value(typed)
    expect(page.locator("#field-name")).to_have_value("半截填写")
    expect(page.locator("#draft-restored")).to_be_visible()


def test_the_small_snags_are_gone(live_server, admin_page) -> None:
    """Defect 16 in the browser: no favicon 404, no htmx:syntax:error on /audit, the
    required "*" beside its label rather than on a line of its own."""
    page, base = admin_page, live_server
    missing: list[str] = []
    page.on("response", lambda r: r.status == 404 and missing.append(r.url))
    page.add_init_script(
        "window.__syntax = 0;"
        "document.addEventListener('htmx:syntax:error', function () { window.__syntax++; }, true);"
    )
    page.goto(f"{base}/audit")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__syntax") == 0
    page.select_option("#audit-action", "login_success")  # the filters still apply live
    page.wait_for_url(re.compile(r".*action=login_success.*"), timeout=10_000)
    assert not [u for u in missing if "favicon" in u]
    assert page.evaluate("document.querySelector('link[rel=icon]') !== null")

    page.goto(f"{base}/people/new")
    label = page.locator("label.field", has=page.locator("#field-name"))
    star = label.locator(".required").first
    text = label.locator("span").first
    assert abs(star.bounding_box()["y"] - text.bounding_box()["y"]) < 8


OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_lists_fit_a_phone_and_the_top_bar_one_line_at_1366(live_server, admin_page) -> None:
    """Defect 8: at 390 px list tables become cards (no one-character columns, no sideways
    scrolling); at 1366 px the top navigation does not wrap into a second row."""
    page, base = admin_page, live_server
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/audit", "/m/mediation/ledger", "/people", "/jobs"):
        page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate(OVERFLOW) <= 0, path
    page.goto(f"{base}/audit")
    cells = page.locator("table.audit-table > tbody > tr > td")
    assert cells.count() > 0
    widths = [cells.nth(i).bounding_box()["width"] for i in range(min(cells.count(), 12))]
    assert min(widths) > 200  # a card's line, not a column one character wide
    assert cells.first.get_attribute("data-label") == "时间"

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{base}/")
    bar = page.locator("header.topbar").bounding_box()
    link = page.locator(".mainnav a").first.bounding_box()
    assert bar["height"] < link["height"] * 2 + 24  # one row
    assert page.evaluate(OVERFLOW) <= 0
