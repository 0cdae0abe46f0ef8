"""The location feed (定位数据) and geofence breaches (越界报警).

Positions come from a provider contributed through the core hook ``sifa_location_providers``
(a telecom operator's platform, a wristband vendor); this module ships
:class:`SimulatedProvider` for demos and tests. Reading positions is for
``corrections.view_location`` holders only, and the page that shows them records an audit
event per view. Breaches become red items of the location term, escalated at once.
"""

from __future__ import annotations

import hashlib
import math
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from core.api import (
    DueItemExists,
    DueItemKind,
    DueSource,
    LocationFix,
    add_due_item,
    location_providers,
)
from corrections.models import CorrectionsLocation, CorrectionsSubject
from corrections.services.due_items import subject_name

__all__ = [
    "BREACH",
    "GEOFENCE_KINDS",
    "SIMULATED",
    "SimulatedProvider",
    "breaches",
    "check_geofences",
    "distance_m",
    "fixes_for",
]

SIMULATED = "corrections.simulated"
BREACH = "corrections.geofence_breach"
GEOFENCE_KINDS = [
    DueItemKind(
        BREACH,
        "电子围栏越界",
        "Geofence breach",
        lead_time=timedelta(0),
        escalation_delay=timedelta(minutes=1),
    )
]
#: Where the simulated devices sit when the term names no fence (乐陵市 centre).
DEFAULT_CENTRE = (37.7297, 117.2316)


class SimulatedProvider:
    """A deterministic feed: one fix an hour near the fence centre; about one hour in forty
    the device is 3 km away (a breach), so demos and tests see alerts."""

    code = SIMULATED
    label_zh = "模拟定位（演示、测试）"
    label_en = "Simulated feed (demo, tests)"

    def __init__(self, centre: tuple[float, float] = DEFAULT_CENTRE) -> None:
        self.centre = centre

    def fixes(self, subject_ref: str, since: datetime, until: datetime) -> list[LocationFix]:
        lat0, lon0 = self.centre
        if "@" in subject_ref:  # "<id>@<lat>,<lon>": the term's fence centre
            subject_ref, _, where = subject_ref.partition("@")
            lat0, lon0 = (float(x) for x in where.split(","))
        start = since.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        if start < since:
            start += timedelta(hours=1)
        found = []
        at = start
        while at < until and len(found) < 24 * 93:
            digest = hashlib.sha256(f"{subject_ref}|{at.isoformat()}".encode()).digest()
            away = digest[0] < 7  # ~1 in 37 hours
            radius = 3000.0 if away else 40.0 + digest[1]
            angle = digest[2] / 255 * 2 * math.pi
            dlat = radius * math.cos(angle) / 111_320
            dlon = radius * math.sin(angle) / (111_320 * math.cos(math.radians(lat0)))
            found.append(
                LocationFix(subject_ref, at, lat0 + dlat, lon0 + dlon, 10.0 + digest[3] % 20)
            )
            at += timedelta(hours=1)
        return found


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def _ref(row: CorrectionsLocation) -> str:
    if row.fence_lat is not None and row.fence_lon is not None:
        return f"{row.subject_id}@{row.fence_lat},{row.fence_lon}"
    return str(row.subject_id)


def fixes_for(
    host: Any, row: CorrectionsLocation, since: datetime, until: datetime
) -> list[LocationFix]:
    """The term's positions in ``[since, until)`` clipped to the approved term; [] when its
    provider is not installed. Callers check ``corrections.view_location`` and audit."""
    provider = location_providers(host).get(row.provider) if host is not None else None
    if provider is None and row.provider == SIMULATED:
        provider = SimulatedProvider()
    if provider is None:
        return []
    start = max(since, datetime.combine(row.start_on, datetime.min.time(), UTC))
    end_day = row.switched_off_on or (row.end_on + timedelta(days=1))
    end = min(until, datetime.combine(end_day, datetime.min.time(), UTC))
    return provider.fixes(_ref(row), start, end) if start < end else []


def breaches(row: CorrectionsLocation, fixes: list[LocationFix]) -> list[LocationFix]:
    """Fixes outside the fence (allowing for each fix's accuracy)."""
    if row.fence_lat is None or row.fence_lon is None or not row.fence_radius_m:
        return []
    return [
        f
        for f in fixes
        if distance_m(row.fence_lat, row.fence_lon, f.lat, f.lon) - f.accuracy_m
        > row.fence_radius_m
    ]


def _name(session: Session, subject_id: int) -> str:
    subject = session.get(CorrectionsSubject, subject_id)
    return subject_name(session, subject) if subject is not None else f"矫正对象 #{subject_id}"


def check_geofences(
    session: Session, host: Any, now: datetime, window: timedelta = timedelta(hours=2)
) -> int:
    """Raise a red item for each breach in the last *window*; idempotent (one key per fix)."""
    raised = 0
    rows = session.exec(
        select(CorrectionsLocation).where(CorrectionsLocation.active.is_(True))  # type: ignore[attr-defined]
    ).all()
    for row in rows:
        for fix in breaches(row, fixes_for(host, row, now - window, now)):
            try:
                add_due_item(
                    session,
                    DueSource("corrections", "location", row.id),  # type: ignore[arg-type]
                    key=f"breach:{fix.at:%Y%m%d%H%M}",
                    kind=BREACH,
                    title_zh=f"{_name(session, row.subject_id)} 越出电子围栏（{fix.at.astimezone(UTC):%m-%d %H:%M} UTC）",
                    due_at=fix.at,
                    org_id=row.org_id,
                    account_id=None,
                    url=f"/m/corrections/subjects/{row.subject_id}/location/{row.id}",
                )
                raised += 1
            except DueItemExists:
                continue
    return raised
