"""Backbones with training and activity records, culture sites, and model villages whose
next review becomes a due item."""

from __future__ import annotations

import re

from publicity.models import PublicityBackboneLog, PublicityModelVillage
from sqlmodel import Session, select

from core.api import DueSource, due_items_of
from web.testing import post_form


def test_a_backbone_is_registered_trained_and_listed_with_a_masked_phone(
    platform, org_tree, station_a_client
) -> None:
    created = post_form(
        station_a_client,
        "/m/publicity/backbones/new",
        {
            "org_id": str(org_tree.village_a),
            "name": "王秀英",
            "role": "resolver",
            "background": "人民调解员",
            "phone": "13812345678",
        },
    )
    assert created.status_code == 303
    url = created.headers["location"]
    logged = post_form(
        station_a_client,
        f"{url}/logs",
        {
            "kind": "training",
            "held_on": "2026-06-01",
            "summary": "民法典婚姻家庭编培训",
            "hours": "3",
        },
    )
    assert logged.status_code == 303
    bad = post_form(
        station_a_client,
        f"{url}/logs",
        {"kind": "training", "held_on": "2026-06-01", "summary": ""},
    )
    assert bad.status_code == 422 and "请填写内容" in bad.text
    with Session(platform.engine) as session:
        assert session.exec(select(PublicityBackboneLog.summary)).all() == ["民法典婚姻家庭编培训"]
    listing = station_a_client.get("/m/publicity/backbones")
    assert (
        "王秀英" in listing.text
        and "138****5678" in listing.text
        and "13812345678" not in listing.text
    )
    stale = post_form(station_a_client, url, {"name": "王秀英", "role": "guide", "version": "7"})
    assert stale.status_code == 409 and "该记录已被他人修改" in stale.text


def test_a_model_villages_next_review_is_a_due_item_and_a_site_counts_for_coverage(
    platform, org_tree, station_a_client
) -> None:
    created = post_form(
        station_a_client,
        "/m/publicity/model-villages/new",
        {
            "org_id": str(org_tree.village_a),
            "level": "provincial",
            "awarded_on": "2024-06-01",
            "next_review_on": "2027-06-01",
        },
    )
    assert created.status_code == 303
    model_id = int(re.search(r"(\d+)$", created.headers["location"]).group(1))
    with Session(platform.engine) as session:
        (item,) = due_items_of(session, DueSource("publicity", "model_village", model_id))
        assert item.kind == "publicity.model_review" and "前进社区" in item.title_zh
    twice = post_form(
        station_a_client,
        "/m/publicity/model-villages/new",
        {"org_id": str(org_tree.village_a), "level": "county"},
    )
    assert twice.status_code == 422 and "已登记示范村信息" in twice.text
    revoked = post_form(
        station_a_client,
        f"/m/publicity/model-villages/{model_id}",
        {"level": "provincial", "revoked": "1", "version": "1"},
    )
    assert revoked.status_code == 303
    with Session(platform.engine) as session:
        assert session.get(PublicityModelVillage, model_id).revoked
        assert (
            due_items_of(session, DueSource("publicity", "model_village", model_id))[0].done_at
            is not None
        )
    assert (
        post_form(
            station_a_client,
            "/m/publicity/sites/new",
            {"org_id": str(org_tree.village_a), "name": "前进法治广场", "kind": "square"},
        ).status_code
        == 303
    )
    page = station_a_client.get(f"/m/publicity/villages?org_id={org_tree.station_a}")
    assert "建有法治文化阵地 1 个村(社区)" in page.text
