"""Scoping and locking on the publicity pages: station B never sees station A's records, a
stale edit is refused with what was typed kept, and lists show only the user's subtree."""

from __future__ import annotations

from datetime import date

from publicity_support import make_unit, record_event

from core.db import session_scope
from web.testing import post_form


def test_station_b_cannot_read_or_change_station_a_units_or_events(
    platform, org_tree, station_b_client
) -> None:
    with session_scope(platform.engine) as session:
        unit = make_unit(session, org_tree.station_a)
        event = record_event(session, unit, date(2026, 5, 5), title="甲站活动")
        unit_id, event_id = unit.id, event.id
    assert station_b_client.get(f"/m/publicity/units/{unit_id}").status_code == 404
    assert station_b_client.get(f"/m/publicity/events/{event_id}").status_code == 404
    assert (
        post_form(
            station_b_client, f"/m/publicity/events/{event_id}", {"title": "改", "version": "1"}
        ).status_code
        == 404
    )
    assert "甲站活动" not in station_b_client.get("/m/publicity/events").text
    assert "市中街道司法所普法组" not in station_b_client.get("/m/publicity/units").text


def test_a_stale_event_edit_is_refused_with_409_and_keeps_the_input(
    platform, org_tree, station_a_client
) -> None:
    with session_scope(platform.engine) as session:
        event = record_event(session, make_unit(session, org_tree.station_a), date(2026, 5, 5))
        event_id, org_id = event.id, event.org_id
    form = {
        "title": "我刚改的名称",
        "held_on": "2026-05-05",
        "format": "lecture",
        "org_id": str(org_id),
        "version": "1",
    }
    assert post_form(station_a_client, f"/m/publicity/events/{event_id}", form).status_code == 303
    stale = post_form(
        station_a_client, f"/m/publicity/events/{event_id}", {**form, "title": "另一个人的修改"}
    )
    assert stale.status_code == 409
    assert "该记录已被他人修改" in stale.text and "另一个人的修改" in stale.text


def test_bad_event_input_is_a_422_with_chinese_messages(
    platform, org_tree, station_a_client
) -> None:
    with session_scope(platform.engine) as session:
        event = record_event(session, make_unit(session, org_tree.station_a), date(2026, 5, 5))
        event_id = event.id
    bad = post_form(
        station_a_client,
        f"/m/publicity/events/{event_id}",
        {
            "title": "",
            "held_on": "昨天",
            "format": "lecture",
            "org_id": str(org_tree.station_b),
            "attendance": "-3",
            "satisfaction": "130",
            "version": "1",
        },
    )
    assert bad.status_code == 422
    for message in (
        "请填写活动名称",
        "活动日期不是有效日期",
        "您无权为该机构登记活动",
        "参与人次须在 0 到",
        "满意率(%)须在 0 到 100 之间",
    ):
        assert message in bad.text


def test_code_labels_follow_the_users_language(platform, org_tree, station_a_client) -> None:
    with session_scope(platform.engine) as session:
        make_unit(session, org_tree.station_a)
    assert "司法所" in station_a_client.get("/m/publicity/units").text
    station_a_client.get("/lang/en")
    assert "<td>Station</td>" in station_a_client.get("/m/publicity/units").text
