"""Acceptance 1 in a real browser (Debian chromium): a unit submits its yearly publicity plan,
the bureau approves it, the plan appears on the public page (no login), events are recorded
against it with photos, the plan's progress and the unit's figure move, and the year-end
evaluation is scored.

The signed-in system administrator plays both the unit's clerk and the bureau's publicity
office (the permission split is proven in plugins/publicity/tests/test_publicity_plans.py).
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

pytestmark = pytest.mark.browser

BEIJING = timezone(timedelta(hours=8))


def _png(tmp_path) -> str:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "orange").save(buffer, "PNG")
    path = tmp_path / "宪法宣传现场.png"
    path.write_bytes(buffer.getvalue())
    return str(path)


def _choose(page, select: str, text: str) -> None:
    """Pick the option whose label contains *text* (labels are indented by tree depth)."""
    value = page.locator(f"{select} option", has_text=text).first.get_attribute("value")
    page.select_option(select, value)


def test_a_unit_plan_is_approved_published_carried_out_with_photos_and_scored(
    live_server, admin_page, browser, tmp_path
) -> None:
    from playwright.sync_api import expect

    page, base = admin_page, live_server
    page.set_default_timeout(30_000)  # six engineers share two cores: be patient, never sleep
    today = datetime.now(UTC).astimezone(BEIJING).date()

    # The responsible unit with its responsibility list.
    page.goto(f"{base}/m/publicity/units/new")
    _choose(page, "#field-org_id", "市中街道司法所")
    page.fill("#field-name", "市中街道司法所(普法)")
    page.select_option("#field-kind", "station")
    page.fill("#field-laws", "宪法\n民法典\n人民调解法")
    page.click("button.primary")
    page.wait_for_url(re.compile(r".*/m/publicity/units/\d+$"))
    expect(page.locator("body")).to_contain_text("人民调解法")

    # The unit drafts and submits its yearly plan; the bureau approves it.
    page.click("#new-plan")
    page.fill("#field-year", str(today.year))
    for quarter in range(1, 5):
        page.fill(f"#field-q{quarter}", "5")
    page.fill("#field-themes", "宪法宣传周；民法典宣传月；以案释法进村居")
    page.fill("#field-audiences", "村(居)民、青少年学生")
    page.click("#plan-form button.primary")
    page.wait_for_url(re.compile(r".*/m/publicity/plans/\d+$"))
    plan_url = page.url
    expect(page.locator("#plan-status")).to_have_text("草稿", timeout=15_000)
    page.click("#submit-plan")
    expect(page.locator("#plan-status")).to_have_text("已报送待审核", timeout=15_000)
    page.fill("#field-note", "同意，请按季度落实。")
    page.click("#approve-plan")
    expect(page.locator("#plan-status")).to_have_text("已审核通过", timeout=15_000)

    # Published: anyone, without logging in, sees the approved plan.
    public = browser.new_context(locale="zh-CN").new_page()
    public.goto(f"{base}/m/publicity/public/plans?year={today.year}")
    expect(public.locator("body")).to_contain_text("市中街道司法所(普法)")
    expect(public.locator("body")).to_contain_text("以案释法进村居")
    assert "/login" not in public.url
    public.context.close()

    # An event against the plan, with a photo, on the phone-sized form.
    page.set_viewport_size({"width": 390, "height": 844})
    page.click("#record-event")
    page.fill("#field-title", "宪法进社区集中宣传")
    page.fill("#field-held_on", today.isoformat())
    _choose(page, "#field-org_id", "市中街道司法所")
    page.select_option("#field-format", "stand")
    page.fill("#field-attendance", "150")
    page.fill("#field-consultations", "23")
    page.fill("#field-materials", "600")
    page.fill("#field-satisfaction", "96")
    page.set_input_files("#field-photos", _png(tmp_path))
    page.click("#event-form button.primary")
    page.wait_for_url(re.compile(r".*/m/publicity/events/\d+\?created=1"))
    expect(page.locator("#event-attendance")).to_have_text("150", timeout=15_000)
    thumb = page.locator("#photos img").first
    expect(thumb).to_be_visible()
    # visible is not loaded (the thumbnail loads lazily): wait for its pixels, then measure
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=thumb.element_handle(), timeout=15_000
    )
    assert page.evaluate("(img) => img.naturalWidth", thumb.element_handle()) == 320

    # Progress on the plan and the unit's yearly figure moved.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(plan_url)
    expect(page.locator("#plan-progress")).to_contain_text("全年已开展 1 场 / 计划 20 场")
    expect(page.locator("#plan-events")).to_contain_text("宪法进社区集中宣传")
    page.goto(f"{base}/m/publicity/units?q=市中街道司法所(普法)")
    expect(page.locator("#unit-table")).to_contain_text("1 / 20")

    # Year-end evaluation: self-report, the evaluator's score and a third party's.
    page.goto(plan_url)
    page.fill("#field-self_report", "全年按计划开展宪法、民法典宣传。")
    page.fill("#field-self_score", "90")
    page.click("#self-report-form button")
    page.fill("#field-score", "93")
    page.fill("#field-third_party", "德州学院法学院")
    page.fill("#field-third_party_score", "89")
    page.click("#score-plan")
    expect(page.locator("#evaluation-score")).to_contain_text("考核得分：93 分", timeout=15_000)
    expect(page.locator("#evaluation-score")).to_contain_text("德州学院法学院")
    assert not [
        e for e in page.console_errors if "Content Security Policy" in e or "inline" in e
    ], page.console_errors
