"""Legal aid acceptance 1 in a real browser (Debian chromium): a citizen applies online
without an account → the centre asks once for the missing materials (the review clock
pauses) → supplied → granted → assigned by rotation → the lawyer logs progress → closes
with a report → quality check → the subsidy is computed and approved.

The live server runs on the real clock, so every step here happens on one day; the same
flow on day 5 (decision) and day 2 (assignment) with the clock moved by hand is
``plugins/legal_aid/tests/test_legal_aid_flow.py``.
"""

from __future__ import annotations

import re
import uuid
from datetime import date

import pytest

from core.people.identity_numbers import make_resident_id

pytestmark = pytest.mark.browser


def _open(page, name: str) -> None:
    details = page.locator(f"#action-{name}")
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def test_online_application_to_approved_subsidy_in_the_browser(
    live_server, admin_page, browser
) -> None:
    from playwright.sync_api import expect

    page, base = admin_page, live_server
    tag = uuid.uuid4().hex[:4]
    centre_name = f"乐陵市法律援助中心{tag}"

    # The centre in the organisation tree, under the bureau.
    page.goto(f"{base}/orgs")
    page.locator("a.org-name", has_text="乐陵市司法局").first.click()
    page.wait_for_selector("#org-detail-name:has-text('乐陵市司法局')", timeout=10_000)
    add = page.locator("#org-add form")
    add.locator("input[name=name]").fill(centre_name)
    add.locator("select[name=type]").select_option("legal_aid_centre")
    add.locator("button[type=submit]").click()
    page.wait_for_selector(f"#org-detail-name:has-text('{centre_name}')", timeout=10_000)

    # Two lawyers on its roster, and the bureau's subsidy for civil litigation.
    for n, (name, years) in enumerate((("王建国", "12"), ("李秀梅", "4"))):
        page.goto(f"{base}/m/legal_aid/providers/new")
        page.select_option("#field-centre_id", label=centre_name)
        page.fill("#field-name", f"{name}{tag}")
        page.fill("#field-practice_number", f"1371{tag.encode().hex()[:6]}{n:04d}")
        page.fill("#field-relevant_years", years)
        page.click("button.primary")
        page.wait_for_url(f"{base}/m/legal_aid/providers")
    page.goto(f"{base}/m/legal_aid/subsidies")
    page.select_option("#field-service_form", "litigation")
    page.select_option("#field-matter_group", "civil")
    page.fill("#field-amount", "1500")
    page.locator("form[action='/m/legal_aid/subsidies/rates'] button").click()
    expect(page.locator("#rate-table")).to_contain_text("1500")

    # A citizen applies online on a phone, without an account.
    citizen = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    public = citizen.new_page()
    public.goto(f"{base}/m/legal_aid/apply")  # the old address leads to the portal form
    public.select_option("#field-centre_id", label=centre_name)
    public.fill("#field-applicant_name", "刘桂兰")
    public.fill(
        "#field-applicant_id_number", make_resident_id("371481", date(1968, 5, 6), 31, False)
    )
    public.fill("#field-applicant_phone", "13905340011")
    public.select_option("#field-matter", "civil_wages")
    public.fill("#field-summary", "在县城工地打工八个月，被拖欠工资三万二千元。")
    public.fill("#field-economic_situation", "务农，无固定收入")
    public.check("#field-integrity_pledge")
    public.set_input_files(
        "#field-attachments",
        files=[{"name": "欠条.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% iou\n"}],
    )
    public.check("#field-consent")
    public.click("button.primary")
    expect(public.locator("h1")).to_have_text("申请已提交")
    number = public.locator("#application-number strong").inner_text()
    citizen.close()

    # The centre finds it in its queue and asks once for what is missing.
    page.goto(f"{base}/m/legal_aid/cases?status=applied")
    page.click(f"a:has-text('{number}')")
    case_url = page.url.split("?")[0]
    expect(page.locator("#attachments")).to_contain_text("欠条.pdf")
    # Issue 21, defect 14: the actions in a bar at the top that stays in view, the state's
    # next step highlighted; the record's parts fold on their heading.
    bar = page.locator("#case-actionbar")
    expect(bar.locator("a.next-step")).to_have_attribute("data-action", "grant")
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(200)
    assert -1 <= bar.bounding_box()["y"] < 60
    materials = page.locator("section.collapsible:has(#attachments)")
    materials.locator("h2").click()
    expect(page.locator("#attachments")).to_be_hidden()
    materials.locator("h2").click()
    expect(page.locator("#attachments")).to_be_visible()
    _open(page, "materials")
    page.fill("#action-materials #field-materials_list", "劳动关系证明；工资欠条原件")
    page.click("#action-materials button[type=submit]")
    expect(page.locator("#case-status")).to_have_text("补充材料中")
    expect(page.locator("#review-due")).to_have_count(0)  # the clock is paused
    page.click("#action-supply button[type=submit]")
    expect(page.locator("#case-status")).to_have_text("待审查")
    expect(page.locator("#review-due")).to_be_visible()
    page.click("#action-grant button[type=submit]")
    expect(page.locator("#case-status")).to_have_text("待指派")
    expect(page.locator("#decision")).to_contain_text("按期")

    # Assigned by rotation; the lawyer logs progress, ends the matter and reports.
    page.click("#action-assign button[type=submit]")
    expect(page.locator("#case-status")).to_have_text("承办中")
    expect(page.locator("#provider")).to_contain_text("轮流指派")
    page.fill("#action-progress #field-note", "向劳动人事争议仲裁委员会申请仲裁")
    page.click("#action-progress button[type=submit]")
    expect(page.locator("#progress")).to_contain_text("申请仲裁")
    _open(page, "end")
    page.fill("#action-end #field-result", "仲裁调解，支付工资三万二千元")
    page.click("#action-end button[type=submit]")
    expect(
        page.locator("#action-report")
    ).to_be_visible()  # its due date may wait for next year's holidays
    page.fill("#action-report #field-report", "经仲裁调解结案，附调解书副本。")
    page.click("#action-report button[type=submit]")
    expect(page.locator("#case-status")).to_have_text("已结案")
    expect(page.locator("#subsidy")).to_contain_text("1500.00")

    # Quality check (excellent: 120%), then the subsidy is approved and frozen.
    _open(page, "quality")
    page.select_option("#action-quality #field-method", "visit")
    page.select_option("#action-quality #field-grade", "excellent")
    page.fill("#action-quality #field-notes", "受援人对承办律师很满意")
    page.click("#action-quality button[type=submit]")
    expect(page.locator("#quality-checks")).to_contain_text("优秀")
    expect(page.locator("#subsidy")).to_contain_text("1800.00")
    page.goto(f"{base}/m/legal_aid/subsidies?state=pending")
    row = page.locator("tr", has=page.locator(f"a:has-text('{number}')"))
    row.locator("button:has-text('审批')").click()
    page.goto(case_url)
    expect(page.locator("#subsidy")).to_contain_text("已审批")
    assert re.search(r"1800\.00", page.locator("#subsidy").inner_text())
