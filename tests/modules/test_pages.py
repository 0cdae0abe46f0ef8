"""The module activation pages: scoped to bureaus, toggles by htmx, settings with validation."""

from __future__ import annotations

from sqlmodel import Session

from core.modules.service import active_plugins, settings_for
from tests.support.auth import post_form


def test_admin_sees_the_modules_of_the_bureau_with_their_state(admin_client, org_tree) -> None:
    page = admin_client.get(f"/admin/modules?org_id={org_tree.bureau}")
    assert page.status_code == 200
    assert 'id="module-testplugin"' in page.text
    assert "已启用" in page.text


def test_toggle_turns_a_plugin_off_and_its_pages_disappear(
    platform, admin_client, org_tree
) -> None:
    row = admin_client.get(f"/admin/modules?org_id={org_tree.bureau}").text
    version = row.split('name="version" value="', 1)[1].split('"', 1)[0]
    response = post_form(
        admin_client,
        f"/admin/modules/{org_tree.bureau}/toggle",
        {"plugin": "testplugin", "active": "0", "version": version},
    )
    assert response.status_code == 200
    assert "未启用" in response.text
    with Session(platform.engine) as session:
        assert "testplugin" not in active_plugins(session, platform.host, org_tree.station_a)


def test_a_stale_toggle_is_a_409_that_shows_the_current_state(admin_client, org_tree) -> None:
    stale = {"plugin": "testplugin", "active": "0", "version": "1"}
    assert (
        post_form(admin_client, f"/admin/modules/{org_tree.bureau}/toggle", stale).status_code
        == 200
    )
    again = post_form(
        admin_client,
        f"/admin/modules/{org_tree.bureau}/toggle",
        {"plugin": "testplugin", "active": "1", "version": "1"},
    )
    assert again.status_code == 409
    assert "他人修改" in again.text


def test_modules_can_only_be_managed_on_bureaus(admin_client, org_tree) -> None:
    response = post_form(
        admin_client,
        f"/admin/modules/{org_tree.station_a}/toggle",
        {"plugin": "testplugin", "active": "0", "version": "0"},
    )
    assert response.status_code == 422
    assert "司法局" in response.text


def test_settings_form_validates_in_chinese_and_keeps_the_input(
    platform, admin_client, org_tree
) -> None:
    url = f"/admin/modules/{org_tree.bureau}/settings?plugin=testplugin"
    form = admin_client.get(url)
    assert form.status_code == 200 and "每页笔记数" in form.text
    bad = post_form(
        admin_client, url, {"notes_per_page": "很多", "greeting": "您好", "version": "1"}
    )
    assert bad.status_code == 422
    assert "请输入整数" in bad.text and 'value="很多"' in bad.text
    good = post_form(
        admin_client, url, {"notes_per_page": "50", "greeting": "您好", "version": "1"}
    )
    assert good.status_code == 200 and 'id="saved"' in good.text
    with Session(platform.engine) as session:
        assert (
            settings_for(session, platform.host, org_tree.station_b, "testplugin").notes_per_page
            == 50
        )


def test_a_stale_settings_save_is_409_and_keeps_the_input(admin_client, org_tree) -> None:
    url = f"/admin/modules/{org_tree.bureau}/settings?plugin=testplugin"
    first = post_form(admin_client, url, {"notes_per_page": "30", "greeting": "早", "version": "1"})
    assert first.status_code == 200
    stale = post_form(admin_client, url, {"notes_per_page": "99", "greeting": "晚", "version": "1"})
    assert stale.status_code == 409
    assert 'value="99"' in stale.text and "notes_per_page=30" in stale.text


def test_a_station_admin_cannot_reach_the_bureaus_modules(station_a_client, org_tree) -> None:
    assert station_a_client.get(f"/admin/modules?org_id={org_tree.bureau}").status_code == 404
    response = post_form(
        station_a_client,
        f"/admin/modules/{org_tree.bureau}/toggle",
        {"plugin": "testplugin", "active": "0", "version": "1"},
    )
    assert response.status_code == 404
