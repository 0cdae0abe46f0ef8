"""Realistic indicator test data: a county with stations, cases and reports, loaded in bulk.

Cases go in with one INSERT statement per batch (the audit trail records ORM changes, and
the Yichang figures are 14,662 cases), exactly like an import would.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sifa_testplugin.models import TestpluginCase, TestpluginReport
from sqlalchemy import insert
from sqlmodel import Session

from core.modules.service import set_active
from core.orgs.models import OrgType, OrgUnit
from core.orgs.service import create_org
from core.plugins import PluginHost

PLUGIN = "testplugin"
TODAY = date(2026, 11, 23)


@dataclass(frozen=True)
class County:
    """A county bureau with its stations (ids), each with one village."""

    bureau: int
    stations: list[int]
    villages: list[int]


STATION_NAMES = [
    "市中街道司法所",
    "郑店镇司法所",
    "杨安镇司法所",
    "花园镇司法所",
    "朱集镇司法所",
    "黄夹镇司法所",
    "丁坞镇司法所",
    "化楼镇司法所",
    "孔镇司法所",
    "铁营镇司法所",
    "西段乡司法所",
    "大孙乡司法所",
    "寨头堡乡司法所",
    "云红街道司法所",
    "胡家街道司法所",
    "市中西街道司法所",
]


def make_county(
    session: Session, host: PluginHost, stations: int = 2, *, name: str = "乐陵市司法局"
) -> County:
    bureau = create_org(session, name=name, type=OrgType.BUREAU)
    station_ids, village_ids = [], []
    for n in range(stations):
        station_name = STATION_NAMES[n] if n < len(STATION_NAMES) else f"第{n + 1}司法所"
        station = create_org(session, name=station_name, type=OrgType.STATION, parent_id=bureau.id)
        village = create_org(
            session, name=f"{station_name[:2]}村", type=OrgType.COMMUNITY, parent_id=station.id
        )
        station_ids.append(station.id)
        village_ids.append(village.id)
    set_active(session, host, bureau.id, PLUGIN, True)  # type: ignore[arg-type]
    session.flush()
    return County(bureau.id, station_ids, village_ids)  # type: ignore[arg-type]


def add_cases(
    session: Session,
    org_id: int,
    count: int,
    *,
    received: date | tuple[date, date],
    closed: int = 0,
    community: int = 0,
    satisfied: int = 0,
    late: int = 0,
    days: int = 10,
    category: str = "邻里纠纷",
    subsidy_fen: int = 0,
    entered_after: int = 1,
) -> None:
    """*count* cases at *org_id*; the first *closed* of them closed, the first *community*
    closed at community level, the first *satisfied* satisfied, the first *late* closed late.

    *received* is one day, or a range (first, last) the cases are spread over evenly.
    """
    assert community <= closed and satisfied <= closed and late <= closed <= count
    first, last = received if isinstance(received, tuple) else (received, received)
    span = (last - first).days + 1
    rows: list[dict[str, Any]] = []
    for i in range(count):
        on = first + timedelta(days=(i * span) // count)
        is_closed = i < closed
        rows.append(
            {
                "org_id": org_id,
                "category": category,
                "received_on": on,
                "entered_on": on + timedelta(days=entered_after),
                "due_on": on + timedelta(days=30),
                "closed_on": (on + timedelta(days=40 if i < late else days)) if is_closed else None,
                "closed_at_community": i < community,
                "satisfied": (i < satisfied) if is_closed else None,
                "days_to_close": (40 if i < late else days) if is_closed else None,
                "subsidy_fen": subsidy_fen,
            }
        )
    for start in range(0, len(rows), 5000):
        session.execute(insert(TestpluginCase), rows[start : start + 5000])


def add_report(
    session: Session, org_id: int, duty: str, slot_day: date, submitted_on: date
) -> None:
    session.add(
        TestpluginReport(org_id=org_id, duty=duty, slot_day=slot_day, submitted_on=submitted_on)
    )
    session.flush()


def org(session: Session, org_id: int) -> OrgUnit:
    found = session.get(OrgUnit, org_id)
    assert found is not None
    return found
