"""Bulk publicity data for benchmarks: a responsible unit per station, and their events.

Scale 1 is 200,000 events in a year (our figure, not the issue's: about a hundred a
station), skewed over units and crowded around the law days (March, December 4th). Rows
go into ``publicity_unit`` and ``publicity_event`` by ``executemany`` in batches of 5,000.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, insert

from benchmarks.bulk_corrections import _defaults

BATCH = 5000
MONTH_WEIGHT = (6, 7, 14, 8, 8, 8, 6, 6, 8, 8, 9, 16)
FORMATS = ("lecture", "lecture", "stand", "stand", "case_explained", "online", "quiz", "visit")
THEMES = ("宪法宣传", "民法典进乡村", "防范电信诈骗", "反家庭暴力", "安全生产", "禁毒宣传")


def load_events(
    engine: Engine, station_ids: Sequence[int], n: int, year: int, today: date, *, seed: int = 19
) -> int:
    """One unit per station, then *n* events of *year* up to *today* (Zipf-like over units)."""
    from publicity.models import PublicityEvent, PublicityUnit

    rng = random.Random(seed)
    units_t = PublicityUnit.__table__  # type: ignore[attr-defined]
    events_t = PublicityEvent.__table__  # type: ignore[attr-defined]
    unit_base = _defaults(PublicityUnit, org_id=0, name="", kind="station")
    event_base = _defaults(
        PublicityEvent, org_id=0, unit_id=0, title="", held_on=today, format="lecture"
    )
    with engine.begin() as conn:
        unit_ids = conn.execute(
            insert(units_t).returning(units_t.c.id, sort_by_parameter_order=True),
            [
                {**unit_base, "org_id": org, "name": f"司法所普法责任单位{k}", "kind": "station"}
                for k, org in enumerate(station_ids, start=1)
            ],
        ).scalars()
        units = list(zip(unit_ids, station_ids, strict=True))
    weights = [1 / (k + 1) ** 0.6 for k in range(len(units))]
    made = 0
    while made < n:
        rows: list[dict[str, Any]] = []
        for unit_id, org_id in rng.choices(units, weights=weights, k=min(BATCH, n - made)):
            month = rng.choices(range(1, 13), weights=MONTH_WEIGHT)[0]
            held = min(date(year, month, 1) + timedelta(days=rng.randrange(28)), today)
            theme = rng.choice(THEMES)
            rows.append(
                {
                    **event_base,
                    "org_id": org_id,
                    "unit_id": unit_id,
                    "title": f"{theme}进村入户活动",
                    "held_on": held,
                    "place": "村委会广场",
                    "theme": theme,
                    "audience": "村民",
                    "format": rng.choice(FORMATS),
                    "attendance": int(rng.paretovariate(1.5) * 30),
                    "consultations": rng.randrange(0, 20),
                    "materials": rng.randrange(0, 300),
                    "satisfaction": rng.choice((None, 90, 95, 100)),
                }
            )
        with engine.begin() as conn:
            conn.execute(insert(events_t), rows)
        made += len(rows)
    return made
