"""Garbage in any publicity form is a 4xx answer with a message, never a 500."""

from __future__ import annotations

from datetime import date

from publicity.services.villages import save_backbone, save_model_village
from publicity_support import approved_plan, make_unit, record_event

from core.db import session_scope
from web.testing import csrf_headers, post_form

GARBAGE = {
    "name": "",
    "org_id": "abc",
    "year": "二〇二六",
    "q1": "-1",
    "version": "x",
    "ev_version": "y",
    "score": "百",
    "month": "13",
    "day": "0",
    "held_on": "明天",
    "kind": "nope",
    "role": "boss",
    "level": "x",
    "assistant_key": "",
    "hours": "-2",
    "unit_id": "999999",
}


def test_garbage_in_every_form_is_answered_without_a_server_error(
    platform, org_tree, admin_client
) -> None:
    with session_scope(platform.engine) as session:
        unit = make_unit(session, org_tree.station_a)
        plan = approved_plan(session, unit)
        event = record_event(session, unit, date(2026, 3, 3))
        backbone = save_backbone(
            session,
            {"name": "甲", "role": "guide", "org_id": str(org_tree.village_a)},
            org_allowed=lambda _i: True,
        )
        model = save_model_village(
            session,
            {"org_id": str(org_tree.village_a), "level": "county"},
            org_allowed=lambda _i: True,
        )
        ids = {
            "unit": unit.id,
            "plan": plan.id,
            "event": event.id,
            "backbone": backbone.id,
            "model": model.id,
        }
    urls = [
        "/m/publicity/units/new",
        f"/m/publicity/units/{ids['unit']}",
        f"/m/publicity/units/{ids['unit']}/plans/new",
        f"/m/publicity/plans/{ids['plan']}",
        f"/m/publicity/plans/{ids['plan']}/submit",
        f"/m/publicity/plans/{ids['plan']}/approve",
        f"/m/publicity/plans/{ids['plan']}/return",
        f"/m/publicity/plans/{ids['plan']}/self-report",
        f"/m/publicity/plans/{ids['plan']}/score",
        f"/m/publicity/events/{ids['event']}",
        f"/m/publicity/events/{ids['event']}/assistant",
        f"/m/publicity/events/{ids['event']}/assistant/detach",
        "/m/publicity/backbones/new",
        f"/m/publicity/backbones/{ids['backbone']}",
        f"/m/publicity/backbones/{ids['backbone']}/logs",
        "/m/publicity/sites/new",
        "/m/publicity/model-villages/new",
        f"/m/publicity/model-villages/{ids['model']}",
        "/m/publicity/calendar",
    ]
    for url in urls:
        answer = post_form(admin_client, url, GARBAGE)
        assert 400 <= answer.status_code < 500, (url, answer.status_code, answer.text[-800:])
    multipart = admin_client.post(
        "/m/publicity/events/new",
        data=GARBAGE,
        files=[("photos", ("", b"", "application/octet-stream"))],
        headers=csrf_headers(admin_client),
        follow_redirects=False,
    )
    assert multipart.status_code == 422
    for query in ("?page=x", "?year=abc&status=zzz", "?from=bad&to=2026-13-01&unit_id=x"):
        for page in (
            "/m/publicity/plans",
            "/m/publicity/events",
            "/m/publicity/units",
            "/m/publicity/reports",
            "/m/publicity/villages",
            "/m/publicity/public/plans",
            "/m/publicity/backbones",
        ):
            assert admin_client.get(page + query).status_code == 200, page + query


def test_form_messages_answer_in_english_when_english_is_chosen(
    platform, org_tree, admin_client
) -> None:
    """Field errors (a marked template with the field's marked name), a refusal and the
    stale-form message come out in English with ``sifa_locale=en``; Chinese is unchanged."""
    with session_scope(platform.engine) as session:
        unit = make_unit(session, org_tree.station_a)
        plan = approved_plan(session, unit)
        plan_id, version = plan.id, plan.version
    bad_unit = {"org_id": str(org_tree.station_a), "name": "", "kind": "nope", "yearly_target": "x"}

    admin_client.cookies.set("sifa_locale", "en")
    try:
        fields = post_form(admin_client, "/m/publicity/units/new", bad_unit)
        assert fields.status_code == 422
        for english in (
            "Please fill in Unit name",
            "Unit type is not valid",
            "Yearly minimum of events must be a whole number",
        ):
            assert english in fields.text
        refused = post_form(
            admin_client, f"/m/publicity/plans/{plan_id}/submit", {"version": str(version)}
        )
        assert refused.status_code == 409
        assert "Only a draft or returned plan can be submitted" in refused.text
        stale = post_form(admin_client, f"/m/publicity/plans/{plan_id}/submit", {})
        assert stale.status_code == 409 and "The page is out of date" in stale.text
        for chinese in ("请填写", "单位类别无效", "须为整数", "只有草稿", "页面已过期"):
            assert chinese not in fields.text + refused.text + stale.text
    finally:
        admin_client.cookies.delete("sifa_locale")

    fields = post_form(admin_client, "/m/publicity/units/new", bad_unit)
    assert fields.status_code == 422
    for chinese in ("请填写单位名称", "单位类别无效", "年度最低场次须为整数"):
        assert chinese in fields.text
    refused = post_form(
        admin_client, f"/m/publicity/plans/{plan_id}/submit", {"version": str(version)}
    )
    assert "只有草稿或退回的计划可以报送" in refused.text
    assert (
        "页面已过期，请刷新后重试"
        in post_form(admin_client, f"/m/publicity/plans/{plan_id}/submit", {}).text
    )
