"""A province level (省司法厅) above the city bureaus (issue 19, acceptance 6).

A province user sees the province's dashboard and indicators, drills down to a county and
opens a single case anywhere in the province; a county user still sees nothing outside the
county, whether asked through the dashboard, the ledger or a case's address.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from litestar.testing import TestClient
from mediation_support import case, committee

from core.db import session_scope
from core.modules.service import set_active
from core.orgs.models import OrgType
from core.orgs.service import create_org
from tests.conftest import _signed_in_client
from tests.support.auth import FakeClock, use_clock


@dataclass(frozen=True)
class Province:
    province: int
    city: int
    county_a: int
    county_b: int
    case_a: int
    case_a_number: str
    case_b: int
    case_b_number: str


@pytest.fixture
def province(platform) -> Province:
    with session_scope(platform.engine) as session:
        top = create_org(session, name="山东省司法厅", type=OrgType.PROVINCE, division_code="37")
        city = create_org(
            session,
            name="德州市司法局",
            type=OrgType.CITY_BUREAU,
            parent_id=top.id,
            division_code="3714",
        )
        made = []
        for name, code, station_name in (
            ("乐陵市司法局", "371481", "市中司法所"),
            ("庆云县司法局", "371423", "渤海司法所"),
        ):
            county = create_org(
                session, name=name, type=OrgType.BUREAU, parent_id=city.id, division_code=code
            )
            station = create_org(
                session, name=station_name, type=OrgType.STATION, parent_id=county.id
            )
            village = create_org(
                session, name=f"{station_name[:2]}村", type=OrgType.COMMUNITY, parent_id=station.id
            )
            made.append((county, village))
        set_active(session, platform.host, top.id, "mediation", True)  # for the whole province
        cases = []
        for county, village in made:
            c = committee(session, village.id, short_name=county.name[:2])
            cases.append(case(session, c.id))
        return Province(
            top.id,
            city.id,
            made[0][0].id,
            made[1][0].id,
            cases[0].id,
            cases[0].case_number,
            cases[1].id,
            cases[1].case_number,
        )


def _client(platform, username: str, roles: dict[str, int]) -> Iterator[TestClient]:
    for client in _signed_in_client(platform, username, roles):
        use_clock(client, FakeClock(datetime(2026, 12, 2, 2, 0, tzinfo=UTC)))
        yield client


@pytest.fixture
def province_leader(platform, province: Province) -> Iterator[TestClient]:
    yield from _client(platform, "tingzhang", {"bureau_leader": province.province})


@pytest.fixture
def county_leader(platform, province: Province) -> Iterator[TestClient]:
    yield from _client(platform, "juzhang_a", {"bureau_leader": province.county_a})


def test_a_province_user_sees_the_province_and_drills_down_to_one_case(
    province: Province, province_leader: TestClient
) -> None:
    board = province_leader.get(f"/dashboard?org={province.province}&period=2026-11")
    assert board.status_code == 200 and "山东省司法厅" in board.text
    card = province_leader.get(f"/indicators?org={province.province}&period=2026-11")
    assert card.status_code == 200 and "德州市司法局" in card.text  # the level below
    split = province_leader.get(
        f"/indicators/breakdown?org={province.city}&period=2026-11&indicator=mediation.cases_received"
    )
    assert split.status_code == 200
    assert "乐陵市司法局" in split.text and "庆云县司法局" in split.text
    ledger = province_leader.get("/m/mediation/ledger").text
    assert province.case_a_number in ledger and province.case_b_number in ledger
    for case_id, number in (
        (province.case_a, province.case_a_number),
        (province.case_b, province.case_b_number),
    ):
        page = province_leader.get(f"/m/mediation/cases/{case_id}")
        assert page.status_code == 200 and number in page.text


def test_a_county_user_still_sees_nothing_outside_the_county(
    province: Province, county_leader: TestClient
) -> None:
    assert county_leader.get(f"/dashboard?org={province.province}").status_code == 404
    assert county_leader.get(f"/dashboard?org={province.city}").status_code == 404
    assert county_leader.get(f"/indicators?org={province.county_b}").status_code == 404
    assert county_leader.get(f"/m/mediation/cases/{province.case_b}").status_code == 404
    ledger = county_leader.get("/m/mediation/ledger").text
    assert province.case_a_number in ledger and province.case_b_number not in ledger
    own = county_leader.get("/dashboard")
    assert own.status_code == 200 and "乐陵市司法局" in own.text and "山东省司法厅" not in own.text
    assert county_leader.get(f"/m/mediation/cases/{province.case_a}").status_code == 200
