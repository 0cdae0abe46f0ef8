"""End-to-end: the leaders' dashboard loads its plugin widgets lazily with htmx, under the CSP."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_dashboard_widgets_load_lazily_after_the_page(live_server, admin_page) -> None:
    page = admin_page
    page.goto(f"{live_server}/dashboard")
    assert "领导看板" in page.title()
    # each widget arrives in its own request after the page, swapped into its panel
    page.wait_for_selector(
        '[data-widget="testplugin.summary"][data-kind="figures"]', timeout=10_000
    )
    page.wait_for_selector('[data-widget="testplugin.categories"]', timeout=10_000)
    broken = page.wait_for_selector('[data-widget="testplugin.broken"]', timeout=10_000)
    assert "暂不可用" in broken.inner_text()
    assert page.locator("svg.chart").count() >= 1  # the trend, drawn on the server
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
