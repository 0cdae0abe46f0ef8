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
