"""End-to-end: the organisation tree opens node by node with htmx, and a node is renamed."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.browser


def test_the_tree_opens_lazily_and_a_new_node_is_renamed_in_place(live_server, admin_page) -> None:
    page = admin_page
    page.goto(f"{live_server}/orgs")
    page.evaluate("window.__marker = 'same page'")
    bureau = page.locator("li.org-node", has=page.locator("a.org-name", has_text="乐陵市司法局"))
    assert page.locator("a.org-name", has_text="市中街道司法所").count() == 0  # not loaded yet

    bureau.locator("summary .org-type").first.click()  # opens the node, not the link
    station_link = page.locator("a.org-name", has_text="市中街道司法所")
    station_link.wait_for(timeout=10_000)
    station_link.click()  # the detail panel, in place
    page.wait_for_selector("#org-detail-name:has-text('市中街道司法所')", timeout=10_000)
    assert "/orgs/" in page.url  # the address bar follows the selected node

    name = f"测试村{uuid.uuid4().hex[:6]}"
    add = page.locator("#org-add form")
    add.locator("input[name=name]").fill(name)
    add.locator("select[name=type]").select_option("community")
    add.locator("button[type=submit]").click()
    page.wait_for_selector(f"#org-detail-name:has-text('{name}')", timeout=10_000)
    assert page.locator("#org-tree a.org-name", has_text=name).count() == 1  # tree refreshed

    renamed = f"{name}（新）"
    page.fill("#org-rename input[name=name]", renamed)
    page.click("#org-rename button[type=submit]")
    page.wait_for_selector("#org-notice:has-text('名称已保存')", timeout=10_000)
    assert page.inner_text("#org-detail-name") == renamed
    assert page.locator("#org-tree a.org-name", has_text=renamed).count() == 1
    assert page.evaluate("window.__marker") == "same page"  # never a full reload
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
