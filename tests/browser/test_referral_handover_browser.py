"""Acceptance 5 of issue 22 in a real browser: a mediation case handed over to a
third-party referral target (the test plugin's ``testplugin.item``) through the core's 转办
dialog on the staff pages: the target, the receiving organisation and the field the target
declares, then the link back on the case and the receiver's record. (Refused input — 422
in place, 409 — is covered over HTTP by mediation's test_mediation_handover_dialog.)"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import LIVE_ENV
from tests.support.cli import SIFA

pytestmark = pytest.mark.browser


def _case_id() -> int:
    script = Path(__file__).with_name("handover_setup.py")
    done = subprocess.run(
        [str(Path(SIFA).with_name("python")), str(script)],
        env=LIVE_ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip().splitlines()[-1])


def test_a_mediation_case_goes_to_a_third_party_target_through_the_dialog(
    live_server, admin_page
) -> None:
    from playwright.sync_api import expect

    page, base = admin_page, live_server
    case_id = _case_id()
    page.goto(f"{base}/m/mediation/cases/{case_id}")
    page.click("a:has-text('转办…')")
    page.select_option("#field-handover_target", "testplugin.item")
    receiver = page.locator("#field-handover_receiver_org_id")
    expect(receiver).to_be_visible()
    receiver.select_option(label="市中街道司法所")
    page.fill("#field-handover_reason", "当事人要求司法所上门走访")
    page.fill("#field-handover_field_contact", "李主任")  # what the target declares it needs
    page.click("button:has-text('确认转办')")
    page.wait_for_url(re.compile(rf".*/m/mediation/cases/{case_id}\?handed_over=1"))
    link = page.locator('li[data-target="testplugin.item"] a')
    expect(link).to_contain_text("转办")
    link.click()
    page.wait_for_url(re.compile(r".*/m/testplugin/items/\d+"))
    expect(page.locator("#item-contact")).to_have_text("联系人：李主任")
    assert page.console_errors == []  # type: ignore[attr-defined]
