"""Acceptance 3: backbone coverage for a station with villages of 0, 2, 3 and 5 法律明白人
against the default target of 3."""

from __future__ import annotations

from decimal import Decimal

import pytest
from publicity.indicators import INDICATORS
from publicity.services.villages import coverage, save_backbone, save_site
from sqlmodel import Session

from core.api import OrgType, OrgUnit, create_org
from core.db import session_scope
from core.indicators.engine import rollup
from core.indicators.periods import Period

BY_CODE = {i.code: i for i in INDICATORS}
COUNTS = {"零号村": 0, "二号村": 2, "三号村": 3, "五号村": 5}


@pytest.fixture
def station(platform, org_tree) -> int:
    """A station with four villages holding 0, 2, 3 and 5 backbones (one retired extra in 二号村)."""
    with session_scope(platform.engine) as session:
        station = create_org(
            session, name="杨盘镇司法所", type=OrgType.STATION, parent_id=org_tree.bureau
        )
        for name, count in COUNTS.items():
            village = create_org(session, name=name, type=OrgType.COMMUNITY, parent_id=station.id)
            for n in range(count):
                save_backbone(
                    session,
                    {"name": f"{name}明白人{n}", "role": "advocate", "org_id": str(village.id)},
                    org_allowed=lambda _i: True,
                )
            if count == 2:
                save_backbone(
                    session,
                    {"name": "已离任", "role": "guide", "org_id": str(village.id), "inactive": "1"},
                    org_allowed=lambda _i: True,
                )
            if count >= 3:
                save_site(
                    session,
                    {"name": f"{name}法治广场", "kind": "square", "org_id": str(village.id)},
                    org_allowed=lambda _i: True,
                )
        return station.id  # type: ignore[return-value]


def test_backbone_coverage_of_villages_with_0_2_3_and_5_against_the_default_target_of_3(
    platform, station
) -> None:
    with Session(platform.engine) as session:
        rows = {r.name: r for r in coverage(session, session.get(OrgUnit, station), 3)}
    assert {n: r.backbones for n, r in rows.items()} == COUNTS
    assert {n: r.met for n, r in rows.items()} == {
        "零号村": False,
        "二号村": False,
        "三号村": True,
        "五号村": True,
    }
    assert {n: r.shortfall for n, r in rows.items()} == {
        "零号村": 3,
        "二号村": 1,
        "三号村": 0,
        "五号村": 0,
    }
    assert {n: r.colour for n, r in rows.items()} == {
        "零号村": "red",
        "二号村": "amber",
        "三号村": "green",
        "五号村": "green",
    }


def test_the_coverage_indicator_pools_villages_two_of_four_meet_the_target(
    platform, station
) -> None:
    with Session(platform.engine) as session:
        org = session.get(OrgUnit, station)
        backbones = rollup(
            session, BY_CODE["publicity.backbone_coverage"], org, Period.parse("2026")
        )
        sites = rollup(
            session, BY_CODE["publicity.culture_site_coverage"], org, Period.parse("2026")
        )
    assert (backbones.numerator, backbones.denominator, backbones.value) == (2, 4, Decimal("50.0"))
    assert (sites.numerator, sites.denominator) == (2, 4)


def test_the_coverage_page_shows_each_village_against_the_target(
    platform, station, admin_client
) -> None:
    page = admin_client.get(f"/m/publicity/villages?org_id={station}")
    assert page.status_code == 200
    assert "每个行政村不少于 3 名" in page.text
    assert "达标 2 / 4" in page.text
    assert "差 3 名" in page.text and "差 1 名" in page.text


def test_a_backbone_must_belong_to_a_village(platform, org_tree, admin_client) -> None:
    from web.testing import post_form

    answer = post_form(
        admin_client,
        "/m/publicity/backbones/new",
        {"name": "张三", "role": "advocate", "org_id": str(org_tree.station_a)},
    )
    assert answer.status_code == 422
    assert "请选择一个村(社区)" in answer.text
    assert 'value="张三"' in answer.text
