"""Issue 24, acceptance 1, in a real browser: a resident applies for mediation on a 390 px
phone screen; the community's committee sees it in its queue and accepts it; the resident,
after entering the SMS code (the development outbox stands in for the phone), sees 已受理 and
the session date, then the agreement; the rating is counted in the satisfaction rate."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from core.people.identity_numbers import make_resident_id

pytestmark = pytest.mark.browser

BEIJING = timezone(timedelta(hours=8))


def _action(page, name: str) -> None:
    details = page.locator(f"#action-{name}")
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def test_a_resident_applies_for_mediation_from_a_phone_and_follows_it_to_the_rating(
    live_server, admin_page, browser
) -> None:
    from datetime import date

    from playwright.sync_api import expect

    staff, base = admin_page, live_server
    today = datetime.now(UTC).astimezone(BEIJING).date()
    tag = uuid.uuid4().hex[:4]
    village = f"东风村{tag}"

    # The bureau has a village with its own committee and a mediator.
    staff.goto(f"{base}/orgs")
    bureau = staff.locator("li.org-node", has=staff.locator("a.org-name", has_text="乐陵市司法局"))
    bureau.locator("summary .org-type").first.click()
    staff.locator("a.org-name", has_text="市中街道司法所").click()
    staff.wait_for_selector("#org-detail-name:has-text('市中街道司法所')", timeout=10_000)
    add = staff.locator("#org-add form")
    add.locator("input[name=name]").fill(village)
    add.locator("select[name=type]").select_option("community")
    add.locator("button[type=submit]").click()
    staff.wait_for_selector(f"#org-detail-name:has-text('{village}')", timeout=10_000)
    staff.goto(f"{base}/m/mediation/committees/new")
    staff.fill("#field-name", f"{village}人民调解委员会")
    staff.fill("#field-short_name", f"东风{tag}")
    parent = staff.locator("#field-parent_id option", has_text=village).get_attribute("value")
    staff.select_option("#field-parent_id", parent)
    staff.click("button.primary")
    staff.wait_for_url(re.compile(r".*/m/mediation/committees/\d+\?created=1"))
    staff.click("#mediators a.button")
    staff.fill("#field-name", "刘调解")
    staff.click("button.primary")
    staff.wait_for_url(re.compile(r".*/m/mediation/mediators/\d+\?created=1"))

    # The resident applies on a phone.
    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    resident = phone.new_page()
    resident.goto(f"{base}/portal")
    resident.click("#apply-mediation-dispute")
    resident.select_option("#field-community_id", label=village)
    resident.fill("#field-applicant_name", "马春花")
    resident.fill(
        "#field-applicant_id_number", make_resident_id("371481", date(1972, 4, 5), 9, True)
    )
    resident.fill("#field-applicant_phone", "13905349876")
    resident.fill("#field-respondent_name", "牛大壮")
    resident.select_option("#field-category_code", "0902")
    resident.fill("#field-description", "邻居在我家承包地边上挖沟，把地头冲坏了。")
    resident.check("#field-consent")
    assert resident.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    resident.click("#submit-application")
    expect(resident.locator("h1")).to_have_text("申请已提交")
    number = resident.locator("#application-number strong").inner_text()
    link = resident.locator("#private-link").inner_text()

    # The committee finds it in its queue, accepts it and records a session.
    staff.goto(f"{base}/m/mediation/ledger")
    staff.click(f"#ledger-table a:has-text('{number}')")
    staff.check("#action-accept input[name=mediator_ids]")
    staff.click("#action-accept button[type=submit]")
    expect(staff.locator("#case-status")).to_have_text("调解中")
    _action(staff, "session")
    staff.fill("#action-session #field-participants", "马春花、牛大壮、刘调解")
    staff.fill("#action-session #field-notes", "双方同意修复地头。")
    staff.click("#action-session button[type=submit]")
    expect(staff.locator("#sessions")).to_contain_text("双方同意修复地头。")

    # The link alone asks for the code; with the code the resident sees 已受理 and the date.
    resident.goto(link if link.startswith("http") else f"{base}{link}")
    resident.click("#send-code")
    expect(resident.locator("#code-sent")).to_be_visible()
    outbox = phone.new_page()
    outbox.goto(f"{base}/portal/dev/outbox")
    code = re.search(r"验证码(\d{6})", outbox.locator(".sms-text").first.inner_text()).group(1)  # type: ignore[union-attr]
    resident.fill("#field-code", code)
    resident.click("#verify-code")
    expect(resident.locator("#state")).to_have_text("已受理")
    expect(resident.locator("#timeline")).to_contain_text(today.isoformat())
    expect(resident.locator("#timeline")).not_to_contain_text("双方同意修复地头")  # internal

    # The agreement reaches the resident, who rates the service.
    _action(staff, "agree")
    staff.fill("#action-agree #field-terms", "牛大壮于五日内修复地头。")
    staff.fill("#action-agree #field-performance_method", "自行修复")
    staff.fill("#action-agree #field-performance_deadline", (today + timedelta(days=5)).isoformat())
    staff.select_option("#action-agree #field-difficulty", "general")
    staff.click("#action-agree button[type=submit]")
    expect(staff.locator("#case-status")).to_have_text("达成协议·履行中")
    resident.reload()
    expect(resident.locator("#state")).to_have_text("已达成调解协议")
    resident.check("#rate-satisfied")
    resident.click("#rate")
    expect(resident.locator("#portal-message")).to_have_text("感谢您的评价")
    assert resident.evaluate("document.documentElement.scrollWidth") <= 390
    phone.close()

    # The village's satisfaction rate counts the rating once the aggregates catch up: run
    # the server's catch-up job now (the scheduler would within a minute).
    # A scheduled run may be under way (started before the rating): start one after it.
    run = staff.locator("form[action='/jobs/core.indicators_catch_up/run'] button")
    for _ in range(60):
        staff.goto(f"{base}/jobs/core.indicators_catch_up")
        if run.is_enabled():
            with staff.expect_navigation():
                run.click()
            if staff.locator("#jobs-started").count():
                break
        staff.wait_for_timeout(500)
    expect(staff.locator("#jobs-started")).to_be_visible()
    figure = staff.locator('tr[data-indicator="mediation.satisfaction_rate"]')
    for _ in range(90):
        staff.goto(f"{base}/indicators?org={parent}&period={today.year}-{today.month:02d}")
        if "100.0%" in figure.inner_text():
            break
        staff.wait_for_timeout(500)
    expect(figure).to_contain_text("100.0%")
