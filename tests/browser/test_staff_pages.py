"""End-to-end: signing in, and the staff pages' htmx filter and role grant in chromium."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_an_anonymous_visit_signs_in_and_returns_to_the_page(live_server, page) -> None:
    from tests.browser.live_setup import PASSWORD, USERNAME

    page.goto(f"{live_server}/staff")
    assert "/login?next=%2Fstaff" in page.url
    page.fill("input[name=username]", USERNAME)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/staff")
    assert page.locator("tr[data-username=admin]").count() == 1


def test_the_staff_list_filters_in_place(live_server, admin_page) -> None:
    page = admin_page
    page.goto(f"{live_server}/staff")
    page.evaluate("window.__marker = 'same page'")
    page.fill("#staff-q", "张")
    page.wait_for_selector("tr[data-username=admin]", state="detached", timeout=10_000)
    assert page.locator("tr[data-username='ganbu.a']").count() == 1
    assert page.evaluate("window.__marker") == "same page"
    assert "q=%E5%BC%A0" in page.url  # the filter is in the address bar, so reload keeps it


def test_granting_a_role_swaps_the_roles_panel(live_server, admin_page) -> None:
    page = admin_page
    page.goto(f"{live_server}/staff")
    page.click("a:has-text('ganbu.a')")
    page.evaluate("window.__marker = 'same page'")
    page.select_option("#grants select[name=role]", "mediator")
    page.click("#grants button.primary")
    page.wait_for_selector("#grants tr[data-role=mediator]", timeout=10_000)
    assert page.evaluate("window.__marker") == "same page"
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
