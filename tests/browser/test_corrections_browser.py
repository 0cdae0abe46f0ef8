"""Acceptance 1 of the corrections module in a real browser (Debian chromium):

documents received → the subject reports on day 8 → intake announcement → weekly check-ins
generated for a strict-level subject → one missed check-in turns red and escalates to the
county's leader → a 5-day leave approved by the station, a 12-day leave routed to the
county → release at the end of the term hands the person to aftercare.

The server runs in this process (uvicorn in a thread) so the test can move the app's clock by
hand (``FakeClock``) instead of waiting for days; staff sign in again after each jump, as
the idle timeout requires.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from core.db import session_scope
from tests.support.cli import free_port
from web.testing import PASSWORD, FakeClock, boot_platform, make_account, make_org_tree

pytestmark = pytest.mark.browser

START = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # Monday 2 Nov 2026, 09:00 in Beijing


@pytest.fixture
def corrections_site(tmp_path: Path) -> Iterator[tuple[str, object, FakeClock]]:
    import corrections.plugin
    import uvicorn

    from web.app import create_app

    platform = boot_platform(tmp_path, {"corrections": corrections.plugin})
    with session_scope(platform.engine) as session:
        tree = make_org_tree(session, activate=platform.host)
        make_account(
            session,
            "suozhang",
            roles={"station_head": tree.station_a},
            display_name="王所长",
            host=platform.host,
        )
        make_account(
            session,
            "juzhang",
            roles={"bureau_leader": tree.bureau},
            display_name="李局长",
            host=platform.host,
        )
    clock = FakeClock(START)
    app = create_app(platform=platform)
    app.state.clock = clock
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", platform, clock
    server.should_exit = True
    thread.join(timeout=10)
    platform.engine.dispose()


def _sign_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def _beijing(clock: FakeClock, days: int = 0) -> date:
    return (clock.now + timedelta(hours=8, days=days)).date()


def test_a_subject_from_documents_to_aftercare(corrections_site, page) -> None:
    from playwright.sync_api import expect

    from core.reminders.scan import scan_due_items

    base, platform, clock = corrections_site
    received = _beijing(clock)
    term_end = received + timedelta(days=56)

    # The station receives the legal documents: the 10-day countdown starts.
    _sign_in(page, base, "suozhang")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"{base}/m/corrections/subjects/new")
    page.fill("#field-name", "孙某")
    page.select_option("#field-sex", "male")
    page.select_option("#field-subject_type", "probation")
    page.fill("#field-offence", "危险驾驶罪")
    page.fill("#field-sentence", "拘役二个月，缓刑二个月")
    page.fill("#field-deciding_body", "乐陵市人民法院")
    page.fill("#field-judgment_number", "（2026）鲁1481刑初101号")
    page.fill("#field-documents_received_on", received.isoformat())
    page.fill("#field-term_end", term_end.isoformat())
    page.click("#subject-form button.primary")
    page.wait_for_url(re.compile(r".*/m/corrections/subjects/\d+\?received=1"))
    url = page.url.split("?")[0]
    expect(page.locator("#subject-status")).to_have_text("待报到")
    expect(page.locator("#items")).to_contain_text(f"应于 {received + timedelta(days=10)} 前报到")
    page.set_viewport_size({"width": 1280, "height": 900})
    # Issue 21, defect 14: a bar at the top jumps to the parts where the clerk acts, the
    # intake (the state's next step) highlighted; it stays in view; parts fold.
    bar = page.locator("#case-actionbar")
    expect(bar.locator("a.next-step")).to_have_attribute("data-action", "intake")
    expect(page.locator("#intake")).to_have_class(re.compile(r"\bnext-step\b"))
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(200)
    assert -1 <= bar.bounding_box()["y"] < 60
    page.locator("#items h2").click()
    expect(page.locator("#items > :not(h2)").first).to_be_hidden()
    page.locator("#items h2").click()

    # Day 8: the subject reports in person; the intake announcement is made and printed.
    clock.advance(days=8)
    _sign_in(page, base, "suozhang")
    page.goto(url)
    page.click("#form-report-in button")
    expect(page.locator("#subject-status")).to_have_text("已接收")
    page.click("#form-announce button")
    expect(page.locator("#subject-status")).to_have_text("在矫")
    expect(page.locator("#subject-level")).to_contain_text("严管")
    page.click("#announcement-link")
    expect(page.locator("h1")).to_have_text("社区矫正宣告书")
    expect(page.locator("body")).to_contain_text("危险驾驶罪")
    page.go_back()

    # Weekly check-ins for the strict level.
    days = [
        date.fromisoformat(cell)
        for cell in page.locator("#checkin-table tbody tr td:first-child").all_inner_texts()
    ]
    days.sort()
    assert len(days) >= 4 and {(b - a).days for a, b in pairwise(days)} == {7}
    assert days[0] == _beijing(clock, 7)

    # The first check-in is missed: red on the file, escalated to the county's leader.
    clock.advance(days=9)
    _sign_in(page, base, "suozhang")
    page.goto(url)
    missed = page.locator("#checkin-table tr[data-state=overdue]")
    expect(missed).to_have_count(1)
    expect(missed).to_contain_text("未按期报告")
    scan_due_items(platform.engine, clock.now + timedelta(days=2), host=platform.host)
    _sign_in(page, base, "juzhang")
    page.goto(f"{base}/inbox")
    expect(page.locator("body")).to_contain_text(f"定期报告（{days[0]}）")

    # Leave: 5 days approved by the station; 12 days routed to the county.
    _sign_in(page, base, "suozhang")
    page.goto(url)
    for start, length in ((3, 5), (12, 12)):
        page.locator("#leave-panel summary").click()
        page.fill("#form-leave input[name=destination]", "济南市")
        page.fill("#form-leave input[name=reason]", "就医复查")
        page.fill("#form-leave input[name=start_on]", _beijing(clock, start).isoformat())
        page.fill("#form-leave input[name=end_on]", _beijing(clock, start + length - 1).isoformat())
        page.click("#form-leave button")
        page.wait_for_load_state()
    short = page.locator("#leave-table tr[data-route=station]")
    long = page.locator("#leave-table tr[data-route=county]")
    expect(long).to_contain_text("待县级社区矫正机构审批")
    expect(long.locator("button.approve")).to_have_count(0)
    short.locator("button.approve").click()
    expect(page.locator("#leave-table tr[data-route=station]")).to_have_attribute(
        "data-status", "approved"
    )

    _sign_in(page, base, "juzhang")
    page.goto(url)
    page.locator("#leave-table tr[data-route=county] button.approve").click()
    expect(page.locator("#leave-table tr[data-route=county]")).to_have_attribute(
        "data-status", "approved"
    )
    expect(page.locator("#leave-table tr[data-route=county]")).to_contain_text("李局长")

    # The term ends: release, the certificate, and the hand-over to aftercare.
    clock.now = datetime.combine(term_end, datetime.min.time(), UTC) + timedelta(hours=2)
    _sign_in(page, base, "juzhang")
    page.goto(url)
    page.click("#form-release button")
    expect(page.locator("#subject-status")).to_have_text("已解除")
    page.click("#release-link")
    expect(page.locator("h1")).to_have_text("解除社区矫正证明书")
    expect(page.locator("body")).to_contain_text("缓刑考验期满，原判刑罚不再执行")
    page.go_back()
    page.click("#aftercare-link")
    expect(page.locator("#aftercare-status")).to_have_text("已核查")
    expect(page.locator("body")).to_contain_text("解除社区矫正")
    expect(page.locator("body")).to_contain_text(str(term_end.replace(year=term_end.year + 5)))
