"""The clinic module in a real browser (Debian chromium), acceptance items 3 and 4.

The signed-in system administrator sets up a village clinic and a provider, plans the month,
moves a session by hand — a clash (a statutory holiday) is refused live by htmx with the
reason before anything is saved — then, as the provider, checks in and records three
consultations: one answered, one referred to people's mediation (the case appears in the
mediation module with the clinic as its source, and the consultation links to it), and one
with litigation advice — and one handed to legal aid: the application appears in the
legal-aid centre's queue and the consultation links to it. A legal-aid referral without a
receiving centre is refused with the reason and the typed question kept.
"""

from __future__ import annotations

import random
import re
import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import chinese_calendar
import pytest

from core.people.identity_numbers import make_resident_id

pytestmark = pytest.mark.browser

BEIJING = timezone(timedelta(hours=8))


def last_workday(today: date) -> date:
    day = today
    while not chinese_calendar.is_workday(day):
        day -= timedelta(days=1)
    return day


def register_person(page, base: str, name: str) -> str:
    rng = random.Random(name)
    number = make_resident_id(
        "371481", date(1960 + rng.randrange(30), 5, 6), rng.randrange(500), False
    )
    page.goto(f"{base}/people/new")
    page.fill("#field-name", name)
    page.fill("#field-id_number", number)
    page.click("button.primary")
    page.wait_for_url(re.compile(r".*/people/\d+.*"))
    return number


def pick(page, field: str, name: str) -> None:
    picker = page.locator(f"#picker-{field}")
    box = picker.locator("input.picker-q")
    box.fill(name)
    box.dispatch_event("search")  # what pressing Enter or the clear button fires
    picker.locator("button.picker-choice").first.click()
    page.wait_for_selector(f"input[name={field}][value]:not([value=''])", state="attached")


def test_a_provider_checks_in_records_consultations_and_refers_to_mediation_and_legal_aid(
    live_server, admin_page
) -> None:
    from playwright.sync_api import expect

    page, base = admin_page, live_server
    today = datetime.now(UTC).astimezone(BEIJING).date()
    tag = uuid.uuid4().hex[:4]
    rng = random.Random(tag)
    given = [rng.choice("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚") for _ in range(4)]
    applicant, respondent = f"张{given[0]}{given[1]}", f"李{given[2]}{given[3]}"

    # 定点: a village under 市中街道司法所 and its clinic.
    page.goto(f"{base}/orgs")
    bureau = page.locator("li.org-node", has=page.locator("a.org-name", has_text="乐陵市司法局"))
    bureau.locator("summary .org-type").first.click()
    page.locator("a.org-name", has_text="市中街道司法所").click()
    page.wait_for_selector("#org-detail-name:has-text('市中街道司法所')")
    village = f"诊室村{tag}"
    add = page.locator("#org-add form")
    add.locator("input[name=name]").fill(village)
    add.locator("select[name=type]").select_option("community")
    add.locator("button[type=submit]").click()
    page.wait_for_selector(f"#org-detail-name:has-text('{village}')")

    page.goto(f"{base}/m/mediation/committees/new")
    page.fill("#field-name", f"{village}人民调解委员会")
    page.fill("#field-short_name", f"诊{tag}")
    page.click("button.primary")
    page.wait_for_url(re.compile(r".*/m/mediation/committees/\d+\?created=1"))

    # A legal-aid centre under the bureau, to receive the wage claim.
    centre = f"乐陵市法律援助中心诊{tag}"
    page.goto(f"{base}/orgs")
    page.locator("a.org-name", has_text="乐陵市司法局").first.click()
    page.wait_for_selector("#org-detail-name:has-text('乐陵市司法局')")
    add = page.locator("#org-add form")
    add.locator("input[name=name]").fill(centre)
    add.locator("select[name=type]").select_option("legal_aid_centre")
    add.locator("button[type=submit]").click()
    page.wait_for_selector(f"#org-detail-name:has-text('{centre}')")

    numbers = [register_person(page, base, applicant)]

    page.goto(f"{base}/m/clinic/clinics")
    page.select_option("#field-org_id", label=village)
    page.fill("#field-name", f"{village}法律服务诊室")
    page.click("form[action='/m/clinic/clinics'] button.primary")
    expect(page.locator("table")).to_contain_text(f"{village}法律服务诊室")

    # 定人: the provider.
    page.goto(f"{base}/m/clinic/providers")
    page.select_option("#field-org_id", label="市中街道司法所")
    page.fill("#field-name", f"王律师{tag}")
    page.fill("#field-practice_number", f"1371420181{random.randrange(10**7):07d}")
    page.click("form[action='/m/clinic/providers'] button.primary")
    page.wait_for_url(re.compile(r".*/m/clinic/providers/\d+"))
    expect(page.locator("#feed-url")).to_contain_text("/m/clinic/ical/")
    page.click("#this-is-me")  # the signed-in user is this provider from now on
    expect(page.locator("body")).to_contain_text("已关联您的账号")

    # 定时: plan the month, then move a session by hand.
    page.goto(f"{base}/m/clinic/rota?month={today:%Y-%m}")
    page.select_option("select[name=org_id]", label="市中街道司法所")
    page.click("form.filters button[type=submit]")
    page.click("text=自动排班")
    expect(page.locator(".alert-success")).to_contain_text("已排定")
    expect(page.locator(".principle")).to_contain_text("定点 · 定人 · 定时 · 定责")
    target = last_workday(today)
    rows = page.locator("#rota-table tr", has_text=f"{village}法律服务诊室")
    # A sitting not yet past: the server's nightly job (run at start-up to catch up) turns a
    # past, unattended sitting into a no-show, which would change it under the form.
    days = [
        date.fromisoformat(text[:10]) for text in rows.locator("td:first-child").all_inner_texts()
    ]
    ahead = [n for n, day in enumerate(days) if day >= today]
    index = ahead[0] if ahead else len(days) - 1
    rows.nth(index).locator("a", has_text="查看").click()
    page.wait_for_url(re.compile(r".*/m/clinic/sessions/\d+"))
    session_url = page.url

    page.fill("#field-day", f"{today.year - 1}-10-01")  # National Day: a statutory holiday
    page.locator("#field-day").dispatch_event("change")
    expect(page.locator("#move-feedback [data-conflict]")).to_contain_text("法定节假日或休息日")
    assert page.url == session_url  # refused live, nothing submitted
    page.fill("#field-day", target.isoformat())
    page.locator("#field-day").dispatch_event("change")
    expect(page.locator("#move-feedback [data-ok]")).to_contain_text("没有冲突")
    page.click("#save-move")
    expect(page.locator(".alert-success")).to_contain_text("排班已调整")

    # 定责: check in and record three consultations.
    page.click("#check-in")
    expect(page.locator("#session-status")).to_contain_text("已接诊")

    page.select_option("#field-category", "other")
    page.fill("#field-question", "身份证丢失后借款合同是否有效")
    page.fill("#field-advice", "合同有效，建议补办身份证")
    page.select_option("#field-outcome", "answered")
    page.click("#save-consultation")
    expect(page.locator(".alert-success")).to_contain_text("咨询已登记")

    page.select_option("#field-category", "labour")
    page.fill("#field-question", "工地拖欠工资半年")
    page.fill("#field-advice", "可申请法律援助")
    page.select_option("#field-outcome", "legal_aid")
    page.click("#save-consultation")  # no receiving centre chosen yet
    expect(page.locator("#form-error")).to_contain_text("无法转办")
    expect(page.locator("#field-question")).to_have_value("工地拖欠工资半年")  # input kept
    pick(page, "person_id", numbers[0])
    page.select_option("#field-target_org_id", label=centre)
    page.fill("#field-economic_situation", "务工收入已停发半年，家庭无其他收入")
    page.check("#field-integrity_pledge")
    page.click("#save-consultation")
    expect(page.locator(".alert-success")).to_contain_text("咨询已登记")
    legal_aid_link = page.locator("#consultations a.referral-link[href*='/m/legal_aid/']")
    expect(legal_aid_link).to_have_count(1)

    page.select_option("#field-category", "labour")
    page.fill("#field-question", "公司未签劳动合同")
    page.select_option("#field-outcome", "litigation")
    page.fill("#field-advice", "建议向劳动仲裁委申请仲裁，再行起诉")
    page.click("#save-consultation")
    expect(page.locator(".alert-success")).to_contain_text("咨询已登记")

    pick(page, "person_id", numbers[0])  # the search box takes a full identity number
    page.fill("#field-other_party_name", respondent)  # the other side did not come along
    page.select_option("#field-other_party_sex", "male")
    page.select_option("#field-category", "neighbour")
    page.fill("#field-question", "邻居新砌院墙占了我家宅基地半米")
    page.fill("#field-advice", "宜先行人民调解")
    page.select_option("#field-outcome", "mediation")
    page.select_option("#field-target_org_id", label=f"{village}人民调解委员会")
    page.click("#save-consultation")
    expect(page.locator(".alert-success")).to_contain_text("咨询已登记")
    expect(page.locator("#consultations tbody tr")).to_have_count(4)

    # The legal-aid referral opened an application in the centre's queue.
    href = legal_aid_link.get_attribute("href")
    page.goto(f"{base}{href}")
    expect(page.locator("body")).to_contain_text("工地拖欠工资半年")
    expect(page.locator("body")).to_contain_text(applicant)
    page.go_back()

    # The referral opened a mediation case that names the clinic; the link leads there.
    page.locator("#consultations a.referral-link[href*='/m/mediation/']").click()
    page.wait_for_url(re.compile(r".*/m/mediation/cases/\d+"))
    expect(page.locator("body")).to_contain_text(f"{village}法律服务诊室")
    expect(page.locator("body")).to_contain_text("诊室咨询-")
