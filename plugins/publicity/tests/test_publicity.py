"""The publicity plugin booted with only the core, on a throwaway SQLite database: its register,
its access rules, optimistic locking and its indicator, as staff meet them in the browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import func, select

import publicity.plugin
from publicity.models import PublicityRecord
from core.api import session_scope
from web.testing import OrgTree, boot_platform, make_org_tree, post_form, signed_in_client


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[object]:
    platform = boot_platform(tmp_path, {"publicity": publicity.plugin})
    yield platform
    platform.engine.dispose()


@pytest.fixture
def tree(platform) -> OrgTree:
    with session_scope(platform.engine) as session:
        return make_org_tree(session, activate=platform.host)


def entry(client, org_id: int, title: str = "第一条登记", recorded_on: str = "2026-11-20"):
    return post_form(
        client,
        "/m/publicity/new",
        {"title": title, "recorded_on": recorded_on, "org_id": str(org_id)},
    )


def count_rows(platform) -> int:
    with session_scope(platform.engine) as session:
        return session.exec(select(func.count()).select_from(PublicityRecord)).one()


def test_the_plugin_loads_with_its_migration(platform) -> None:
    assert [record.name for record in platform.host.loaded()] == ["publicity"]
    assert count_rows(platform) == 0  # the table exists: the migration line ran


def test_an_empty_register_says_so(platform, tree: OrgTree) -> None:
    with signed_in_client(platform, "zhang", {"station_staff": tree.station_a}) as client:
        page = client.get("/m/publicity")
    assert page.status_code == 200
    assert "还没有登记" in page.text


def test_an_entry_is_saved_and_listed(platform, tree: OrgTree) -> None:
    with signed_in_client(platform, "zhang", {"station_staff": tree.station_a}) as client:
        saved = entry(client, tree.village_a)
        assert saved.status_code == 303
        listed = client.get("/m/publicity").text
    assert "第一条登记" in listed and "前进社区" in listed


def test_bad_input_gets_a_chinese_message_and_saves_nothing(platform, tree: OrgTree) -> None:
    with signed_in_client(platform, "zhang", {"station_staff": tree.station_a}) as client:
        refused = entry(client, tree.village_a, title="", recorded_on="2026-02-30")
        foreign = entry(client, tree.village_b)
    assert refused.status_code == 422
    assert "请填写名称" in refused.text and "请填写有效的日期" in refused.text
    assert foreign.status_code == 422 and "您无权为该机构登记" in foreign.text
    assert count_rows(platform) == 0


def test_another_station_can_neither_see_nor_change_an_entry(platform, tree: OrgTree) -> None:
    with signed_in_client(platform, "zhang", {"station_staff": tree.station_a}) as a:
        url = entry(a, tree.village_a).headers["location"]
    with signed_in_client(platform, "lisi", {"station_staff": tree.station_b}) as b:
        assert b.get(url).status_code == 404
        changed = post_form(b, url, {"title": "改名", "recorded_on": "2026-11-21", "version": "1"})
        assert changed.status_code == 404
        assert "第一条登记" not in b.get("/m/publicity").text
    with session_scope(platform.engine) as session:
        (row,) = session.exec(select(PublicityRecord)).all()
        assert (row.title, row.version) == ("第一条登记", 1)


def test_a_stale_save_is_refused_and_keeps_what_was_typed(platform, tree: OrgTree) -> None:
    with signed_in_client(platform, "zhang", {"station_staff": tree.station_a}) as client:
        url = entry(client, tree.village_a).headers["location"]
        first = post_form(client, url, {"title": "甲改的", "recorded_on": "2026-11-20", "version": "1"})
        assert first.status_code == 303
        stale = post_form(client, url, {"title": "乙改的", "recorded_on": "2026-11-20", "version": "1"})
    assert stale.status_code == 409
    assert "已被他人修改" in stale.text and "乙改的" in stale.text


def test_a_user_without_the_permission_is_refused(platform, tree: OrgTree) -> None:
    with signed_in_client(platform, "zhou", {"inspector": tree.bureau}) as inspector:
        assert inspector.get("/m/publicity").status_code == 200  # may look
        assert entry(inspector, tree.village_a).status_code == 403  # may not record
    assert count_rows(platform) == 0


def test_the_indicator_counts_the_months_entries_up_the_tree(platform, tree: OrgTree) -> None:
    with signed_in_client(platform, "zhang", {"station_staff": tree.station_a}) as a:
        entry(a, tree.village_a, "一", "2026-11-03")
        entry(a, tree.station_a, "二", "2026-11-28")
        entry(a, tree.village_a, "十月的", "2026-10-31")  # another period
    with signed_in_client(platform, "wang", {"station_staff": tree.station_b}) as b:
        entry(b, tree.village_b, "三", "2026-11-15")
    with signed_in_client(platform, "juzhang", {"bureau_leader": tree.bureau}) as leader:
        page = leader.get(f"/indicators?org={tree.bureau}&period=2026-11")
    assert page.status_code == 200
    start = page.text.index('data-indicator="publicity.records_entered"')
    row = page.text[start : page.text.index("</tr>", start)]
    assert ">3<" in row  # two at station A and one at station B, October left out
