"""Bulk clinic data for benchmarks: a clinic in each village, providers, a year of sessions.

Every village gets a room (定点) with a usual provider drawn from its bureau's lawyers
(定人), and two sittings a month up to *today* (定时): about 40,000 sessions for the
Shandong tree at one village a station, whatever the scale (the clinic's volume follows
the villages, not the case load). Past sessions are mostly held, a few no-shows; the rest
scheduled. ``executemany`` into ``clinic_provider``, ``clinic_room`` and ``clinic_session``.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Engine, insert

from benchmarks.bulk_corrections import _defaults

BATCH = 5000
PROVIDERS_PER_BUREAU = 4


def load_sessions(
    engine: Engine, village_bureau: Mapping[int, int], year: int, today: date, *, seed: int = 19
) -> tuple[int, int]:
    """Rooms in the villages of *village_bureau* (village id -> its bureau id): (rooms, sessions)."""
    from clinic.models import ClinicProvider, ClinicRoom, ClinicSession

    rng = random.Random(seed)
    now = datetime.now(UTC)
    providers_t = ClinicProvider.__table__  # type: ignore[attr-defined]
    rooms_t = ClinicRoom.__table__  # type: ignore[attr-defined]
    sessions_t = ClinicSession.__table__  # type: ignore[attr-defined]
    bureaus = sorted(set(village_bureau.values()))
    provider_base = _defaults(
        ClinicProvider, org_id=0, name="", kind="lawyer", practice_number="", ical_token=""
    )
    room_base = _defaults(ClinicRoom, org_id=0, name="")
    with engine.begin() as conn:
        rows = [
            {
                **provider_base,
                "org_id": bureau,
                "name": f"律师{bureau}-{k}",
                "kind": rng.choice(("lawyer", "lawyer", "legal_worker")),
                "firm": "山东某律师事务所",
                "practice_number": f"13701{bureau:06d}{k:04d}",
                "ical_token": secrets.token_hex(16),
                "updated_at": now,
            }
            for bureau in bureaus
            for k in range(PROVIDERS_PER_BUREAU)
        ]
        ids = conn.execute(
            insert(providers_t).returning(providers_t.c.id, sort_by_parameter_order=True), rows
        ).scalars()
        providers: dict[int, list[int]] = {}
        for pid, row in zip(ids, rows, strict=True):
            providers.setdefault(row["org_id"], []).append(pid)
        villages = sorted(village_bureau)
        room_rows = [
            {
                **room_base,
                "org_id": v,
                "name": f"村居法律服务诊室{v}",
                "preferred_weekday": rng.randrange(5),
                "usual_provider_id": rng.choice(providers[village_bureau[v]]),
                "updated_at": now,
            }
            for v in villages
        ]
        room_ids = conn.execute(
            insert(rooms_t).returning(rooms_t.c.id, sort_by_parameter_order=True), room_rows
        ).scalars()
        rooms: Sequence[tuple[int, dict[str, Any]]] = list(zip(room_ids, room_rows, strict=True))
    made = 0
    batch: list[dict[str, Any]] = []
    for room_id, room in rooms:
        for month in range(1, 13):
            for day in (rng.randrange(1, 14), rng.randrange(15, 28)):
                on = date(year, month, day)
                past = on < today
                status = (
                    rng.choice(("held",) * 18 + ("no_show", "cancelled")) if past else "scheduled"
                )
                batch.append(
                    {
                        "org_id": room["org_id"],
                        "clinic_id": room_id,
                        "provider_id": room["usual_provider_id"]
                        if rng.random() < 0.85
                        else rng.choice(providers[village_bureau[room["org_id"]]]),
                        "day": on,
                        "starts_at": time(9, 0),
                        "ends_at": time(11, 30),
                        "status": status,
                        "version": 1,
                        "updated_at": now,
                    }
                )
        if len(batch) >= BATCH:
            with engine.begin() as conn:
                conn.execute(insert(sessions_t), batch)
            made += len(batch)
            batch = []
    if batch:
        with engine.begin() as conn:
            conn.execute(insert(sessions_t), batch)
        made += len(batch)
    return len(rooms), made
