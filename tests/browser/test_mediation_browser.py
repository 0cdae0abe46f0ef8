"""Acceptance 1 in a real browser (Debian chromium): a dispute from the oral application to
the archived file, seen in the station's ledger and in the bureau's indicators.

The signed-in system administrator plays the community mediator: registers the committee
and himself as its mediator ("这是我本人"), takes an oral application with two parties
registered on the spot, accepts it, records a session, a written agreement, prints it,
sees the performance deadline among his due items, records performance and a follow-up,
assesses the difficulty and archives the file.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from core.people.identity_numbers import make_resident_id
from tests.browser.conftest import run_live_sifa

pytestmark = pytest.mark.browser

BEIJING = timezone(timedelta(hours=8))


def _action(page, name: str) -> None:
    """Open an action's panel on the case page (a <details>)."""
    details = page.locator(f"#action-{name}")
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def test_a_mediator_takes_a_dispute_from_oral_application_to_the_archive(
    live_server, admin_page
) -> None:
    from playwright.sync_api import expect

    page, base = admin_page, live_server
    today = datetime.now(UTC).astimezone(BEIJING).date()

    # The committee and its mediator (the signed-in user).
    page.goto(f"{base}/m/mediation/committees/new")
    page.fill("#field-name", "前进社区人民调解委员会")
    page.fill("#field-short_name", "前进")
    page.click("button.primary")
    page.wait_for_url(re.compile(r".*/m/mediation/committees/\d+\?created=1"))
    page.click("#mediators a.button")
    page.fill("#field-name", "王调解")
    page.click("button.primary")
    page.wait_for_url(re.compile(r".*/m/mediation/mediators/\d+\?created=1"))
    page.click('button:has-text("这是我本人")')
    expect(page.locator("body")).to_contain_text("已关联您的账号")

    # The oral application, two parties registered on the spot, on the phone-sized form.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/m/mediation/cases/new")
    page.select_option("#field-application_form", "oral")
    page.fill("#field-application_text", "申请人口述：邻居新砌院墙占了我家宅基地半米。")
    page.check("#field-applicant_signed")
    for index, (name, number) in enumerate(
        (
            ("赵大", make_resident_id("371481", date(1970, 3, 4), 5, False)),
            ("钱二", make_resident_id("371481", date(1975, 6, 7), 6, True)),
        )
    ):
        row = page.locator(f"#party-{index}")
        row.locator("summary").click()
        row.locator(f"#field-party_{index}_name").fill(name)
        row.locator(f"#field-party_{index}_id_number").fill(number)
    # Other browser tests of the run have committees too (a clinic's referral, say).
    page.select_option("#field-committee_id", label="前进社区人民调解委员会")
    page.select_option("#field-category_code", "0902")
    page.fill("#field-description", "院墙越界约半米，双方多次争吵。")
    page.click("#intake-form button.primary")
    page.wait_for_url(re.compile(r".*/m/mediation/cases/\d+\?registered=1"))
    case_url = page.url.split("?")[0]
    expect(page.locator(".case-number")).to_have_text(f"（{today.year}）前进人调字第1号")

    # Accept (htmx, the page is not reloaded), record a session and a written agreement.
    page.evaluate("window.__marker = 'same page'")
    page.check("#action-accept input[name=mediator_ids]")
    page.click("#action-accept button[type=submit]")
    expect(page.locator("#case-status")).to_have_text("调解中")
    _action(page, "session")
    page.fill("#action-session #field-participants", "赵大、钱二、王调解")
    page.fill("#action-session #field-notes", "双方同意按原界址恢复。")
    page.click("#action-session button[type=submit]")
    expect(page.locator("#sessions")).to_contain_text("双方同意按原界址恢复。")
    _action(page, "agree")
    page.fill("#action-agree #field-terms", "钱二于十日内拆除越界院墙，恢复原状。")
    page.fill("#action-agree #field-performance_method", "自行拆除")
    page.fill("#action-agree #field-performance_deadline", (today + timedelta(days=10)).isoformat())
    page.select_option("#action-agree #field-difficulty", "general")
    page.click("#action-agree button[type=submit]")
    expect(page.locator("#case-status")).to_have_text("达成协议·履行中")
    assert page.evaluate("window.__marker") == "same page"

    # Print the agreement.
    page.goto(f"{case_url}/agreement")
    expect(page.locator("h1")).to_have_text("人民调解协议书")
    expect(page.locator(".seal")).to_contain_text("（印章）")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.seal')).borderStyle") == "dashed"
    )

    # The performance deadline is among my due items.
    page.goto(f"{base}/m/mediation/cases/mine")
    expect(page.locator('#due-items li[data-kind="mediation.performance"]')).to_contain_text(
        "督促履行调解协议"
    )

    # Performance, the follow-up visit, the archive.
    page.goto(case_url)
    _action(page, "performed")
    page.click("#action-performed button[type=submit]")
    expect(page.locator("#case-status")).to_have_text("已履行")
    _action(page, "follow_up")
    page.fill("#action-follow_up #field-visited_persons", "赵大、钱二")
    page.fill("#action-follow_up #field-visitor", "王调解")
    page.fill("#action-follow_up #field-performance", "院墙已拆除")
    page.select_option("#action-follow_up #field-satisfaction", "satisfied")
    page.click("#action-follow_up button[type=submit]")
    expect(page.locator("#follow-ups")).to_contain_text("院墙已拆除")
    _action(page, "archive")
    page.click("#action-archive button[type=submit]")
    expect(page.locator("#case-status")).to_have_text("结案归档")

    # The station's ledger and the bureau's indicators.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/m/mediation/ledger")
    expect(page.locator("#ledger-table")).to_contain_text(f"（{today.year}）前进人调字第1号")
    # Figures come from the maintained aggregates, which the scheduler catches up within a
    # minute; run that catch-up now instead of waiting for it.
    run_live_sifa("indicators", "catch-up")
    page.goto(f"{base}/indicators?period={today.year}-{today.month:02d}")
    expect(page.locator('tr[data-indicator="mediation.success_rate"]')).to_contain_text("100.0%")
    expect(page.locator('tr[data-indicator="mediation.cases_received"]')).to_contain_text("1")
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


def test_a_case_gets_a_red_warning_an_uploaded_file_and_its_documents_as_pdf(
    live_server, admin_page, tmp_path
) -> None:
    """Warning levels, evidence uploads (htmx multipart, type checked by content) and the
    case-file documents, in the browser."""
    from playwright.sync_api import expect

    page, base = admin_page, live_server
    page.goto(f"{base}/m/mediation/committees/new")
    page.fill("#field-name", "幸福社区人民调解委员会")
    page.fill("#field-short_name", "幸福")
    page.click("button.primary")
    page.wait_for_url(re.compile(r".*/m/mediation/committees/\d+\?created=1"))
    page.click("#mediators a.button")
    page.fill("#field-name", "李调解")
    page.click("button.primary")
    page.wait_for_url(re.compile(r".*/m/mediation/mediators/\d+\?created=1"))
    page.goto(f"{base}/m/mediation/cases/new")
    page.select_option("#field-committee_id", label="幸福社区人民调解委员会")
    page.select_option("#field-application_form", "oral")
    page.fill("#field-application_text", "申请人口述：邻居家狗咬伤了我。")
    page.check("#field-applicant_signed")
    for index, (name, number) in enumerate(
        (
            ("孙三", make_resident_id("371481", date(1980, 1, 2), 7, False)),
            ("周四", make_resident_id("371481", date(1982, 2, 3), 8, True)),
        )
    ):
        row = page.locator(f"#party-{index}")
        row.locator("summary").click()
        row.locator(f"#field-party_{index}_name").fill(name)
        row.locator(f"#field-party_{index}_id_number").fill(number)
    page.select_option("#field-committee_id", label="幸福社区人民调解委员会")
    page.select_option("#field-category_code", "0902")
    page.fill("#field-description", "犬只伤人，双方就赔偿争执不下。")
    page.click("#intake-form button.primary")
    page.wait_for_url(re.compile(r".*/m/mediation/cases/\d+\?registered=1"))
    case_url = page.url.split("?")[0]
    page.check("#action-accept input[name=mediator_ids]")
    page.click("#action-accept button[type=submit]")
    expect(page.locator("#case-status")).to_have_text("调解中")

    # A red warning, with its reason.
    _action(page, "warning")
    page.select_option("#action-warning #field-level", "red")
    page.fill("#action-warning #field-reason", "一方扬言报复")
    page.click("#action-warning button[type=submit]")
    expect(page.locator("#case-warning")).to_have_text("红色预警")

    # An evidence file through the htmx form; a renamed picture is refused in Chinese.
    good = tmp_path / "医疗费收据.pdf"
    good.write_bytes(b"%PDF-1.4\n%%EOF\n")
    _action(page, "evidence")
    page.set_input_files("#action-evidence #field-file", str(good))
    page.click("#action-evidence button[type=submit]")
    expect(page.locator("#evidence")).to_contain_text("医疗费收据.pdf")
    bad = tmp_path / "伤情照片.pdf"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    _action(page, "evidence")
    page.set_input_files("#action-evidence #field-file", str(bad))
    page.click("#action-evidence button[type=submit]")
    expect(page.locator("#action-evidence")).to_contain_text("文件内容与扩展名不符")
    expect(page.locator("#evidence")).to_contain_text("医疗费收据.pdf")

    # The rights-and-duties notice prints and downloads as a PDF.
    page.goto(f"{case_url}/documents/rights_notice")
    expect(page.locator("h1")).to_have_text("人民调解当事人权利义务告知书")
    answer = page.request.get(f"{case_url}/documents/rights_notice.pdf")
    assert answer.status == 200 and answer.body().startswith(b"%PDF-")

    # The ledger filters by warning level.
    page.goto(f"{base}/m/mediation/ledger?warning=red")
    expect(page.locator("#ledger-table")).to_contain_text("幸福人调字第1号")
