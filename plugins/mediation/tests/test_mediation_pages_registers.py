"""The register pages: committees and mediators, with validation, 409 and empty states."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient
from mediation.models import (
    MediationCommittee,
    MediationFiling,
    MediationMediator,
    MediationTraining,
)
from mediation_support import committee, mediator
from sqlmodel import Session, select

from core.db import session_scope
from core.orgs.models import OrgType, OrgUnit
from tests.conftest import _signed_in_client
from tests.support.auth import post_form


@pytest.fixture
def staff_a(platform, org_tree) -> Iterator[TestClient]:
    """司法所工作人员 of station A (manages its registers)."""
    yield from _signed_in_client(platform, "suo_a", {"station_staff": org_tree.station_a})


def _version(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)  # type: ignore[union-attr]


def test_empty_registers_say_so(staff_a: TestClient) -> None:
    assert "没有符合条件的调委会。" in staff_a.get("/m/mediation/committees").text
    assert "没有符合条件的调解员。" in staff_a.get("/m/mediation/mediators").text
    page = staff_a.get("/m/mediation/mediators/new").text
    assert "请先登记调委会" in page


def test_registering_a_committee_creates_its_node_and_files_it(
    platform, org_tree, staff_a: TestClient
) -> None:
    bad = post_form(
        staff_a,
        "/m/mediation/committees/new",
        {"parent_id": org_tree.village_a, "name": "", "short_name": "（前进）", "kind": "village"},
    )
    assert bad.status_code == 422
    assert "请填写调委会名称" in bad.text
    assert "案号字号只填机构简称" in bad.text
    response = post_form(
        staff_a,
        "/m/mediation/committees/new",
        {
            "parent_id": org_tree.village_a,
            "name": "前进社区人民调解委员会",
            "kind": "village",
            "short_name": "前进",
            "established_on": "2021-05-04",
        },
    )
    assert response.status_code == 303
    detail = staff_a.get(response.headers["location"])
    assert "调委会已登记。" in detail.text and "（2026）前进人调字第1号" in detail.text
    with Session(platform.engine) as session:
        entry = session.exec(select(MediationCommittee)).one()
        node = session.get(OrgUnit, entry.org_id)
        assert node.type == OrgType.MEDIATION_COMMITTEE and node.parent_id == org_tree.village_a
    url = f"/m/mediation/committees/{entry.id}/filings"
    assert (
        post_form(
            staff_a,
            url,
            {
                "kind": "establishment",
                "filed_on": "2021-05-10",
                "document_number": "乐司备〔2021〕3号",
            },
        ).status_code
        == 303
    )
    again = post_form(staff_a, url, {"kind": "establishment", "filed_on": "2021-06-10"})
    assert again.status_code == 422 and "该调委会已有设立备案" in again.text
    with Session(platform.engine) as session:
        assert session.exec(select(MediationFiling.document_number)).all() == ["乐司备〔2021〕3号"]


def test_a_short_name_is_unique_within_the_bureau(platform, org_tree, staff_a: TestClient) -> None:
    with session_scope(platform.engine) as session:
        committee(session, org_tree.village_b, short_name="前进")
    response = post_form(
        staff_a,
        "/m/mediation/committees/new",
        {
            "parent_id": org_tree.village_a,
            "name": "另一调委会",
            "kind": "village",
            "short_name": "前进",
        },
    )
    assert response.status_code == 422
    assert "使用案号字号“前进”，请换一个" in response.text


def test_a_station_cannot_register_a_committee_under_another_station(
    org_tree, staff_a: TestClient
) -> None:
    response = post_form(
        staff_a,
        "/m/mediation/committees/new",
        {
            "parent_id": org_tree.village_b,
            "name": "外站调委会",
            "kind": "village",
            "short_name": "外站",
        },
    )
    assert response.status_code == 404


def test_a_stale_committee_edit_gets_409_and_keeps_the_input(
    platform, org_tree, staff_a: TestClient
) -> None:
    with session_scope(platform.engine) as session:
        entry = committee(session, org_tree.village_a, short_name="前进", name="前进调委会")
    url = f"/m/mediation/committees/{entry.id}"
    version = _version(staff_a.get(url).text)
    fields = {
        "name": "前进调委会",
        "short_name": "前进",
        "address": "前进路1号",
        "version": version,
    }
    assert post_form(staff_a, url, fields).status_code == 303
    conflict = post_form(staff_a, url, {**fields, "address": "幸福路8号"})
    assert conflict.status_code == 409
    assert "该记录已被他人修改" in conflict.text
    assert 'value="幸福路8号"' in conflict.text  # the user's input is kept
    assert "前进路1号" in conflict.text  # next to what is stored


def test_mediators_register_with_term_rules_and_the_training_check(
    platform, org_tree, staff_a: TestClient
) -> None:
    with session_scope(platform.engine) as session:
        entry = committee(session, org_tree.village_a, short_name="前进")
    too_long = post_form(
        staff_a,
        "/m/mediation/mediators/new",
        {
            "committee_id": entry.id,
            "name": "王秀兰",
            "employment": "full_time",
            "position": "chair",
            "term_start": "2024-01-01",
            "term_end": "2028-01-01",
        },
    )
    assert too_long.status_code == 422 and "每届任期三年" in too_long.text
    created = post_form(
        staff_a,
        "/m/mediation/mediators/new",
        {
            "committee_id": entry.id,
            "name": "王秀兰",
            "sex": "female",
            "employment": "full_time",
            "position": "chair",
            "term_start": "2024-01-01",
            "term_end": "2026-12-31",
        },
    )
    assert created.status_code == 303
    mediator_url = created.headers["location"].split("?")[0]
    assert "2026年尚未参加培训" in staff_a.get(mediator_url).text
    listing = staff_a.get("/m/mediation/mediators?untrained=1&year=2026")
    assert "王秀兰" in listing.text and 'data-untrained="1"' in listing.text
    future = post_form(
        staff_a, f"{mediator_url}/trainings", {"held_on": "2027-06-01", "title": "人民调解法"}
    )
    assert future.status_code == 422 and "培训日期不能晚于今天" in future.text
    assert (
        post_form(
            staff_a,
            f"{mediator_url}/trainings",
            {"held_on": "2026-03-15", "title": "人民调解法解读", "hours": "4"},
        ).status_code
        == 303
    )
    assert "王秀兰" not in staff_a.get("/m/mediation/mediators?untrained=1&year=2026").text
    assert "已培训 1 次" in staff_a.get("/m/mediation/mediators?year=2026").text
    with Session(platform.engine) as session:
        assert session.exec(select(MediationTraining.title)).all() == ["人民调解法解读"]


def test_a_mediator_links_their_own_account(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        entry = committee(session, org_tree.village_a, short_name="前进")
        record = mediator(session, entry.id, "刘调解")
    for client in _signed_in_client(platform, "liu", {"mediator": org_tree.village_a}):
        url = f"/m/mediation/mediators/{record.id}"
        page = client.get(url).text
        assert "这是我本人" in page
        assert (
            post_form(client, f"{url}/this-is-me", {"version": _version(page)}).status_code == 303
        )
        assert "已关联您的账号" in client.get(url).text
    with Session(platform.engine) as session:
        assert session.get(MediationMediator, record.id).account_id is not None
