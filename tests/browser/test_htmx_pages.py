"""End-to-end: a page loads in chromium, htmx swaps a fragment in, CSRF travels with it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_adding_a_note_swaps_it_into_the_list_without_a_reload(live_server, admin_page) -> None:
    page = admin_page
    page.goto(f"{live_server}/m/testplugin/")
    assert page.title().endswith("sifa")
    page.evaluate("window.__marker = 'same page'")
    page.fill("#note-text", "人民调解回访")
    page.click("#add-note")
    page.wait_for_selector("#notes li.note:has-text('人民调解回访')", timeout=10_000)
    # Same document: htmx swapped the fragment in, no navigation happened.
    assert page.evaluate("window.__marker") == "same page"
    page.reload()
    assert page.locator("#notes li.note", has_text="人民调解回访").count() == 1


def test_pages_run_under_the_csp_without_violations(live_server, admin_page) -> None:
    page = admin_page
    page.goto(f"{live_server}/m/testplugin/")
    assert page.evaluate("typeof window.htmx") == "object"
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


def test_unknown_page_shows_the_chinese_404(live_server, page) -> None:
    response = page.goto(f"{live_server}/no/such/page")
    assert response.status == 404
    assert "页面不存在" in page.content()
