"""How long the 普法 indicators, the Excel report and the daily reminder job take on a county
with many events, units and backbones.

    uv run python benchmarks/publicity_indicators.py            # 50 000 events, temp SQLite
    uv run python benchmarks/publicity_indicators.py -n 200000 --stations 30

Rows are bulk-inserted (not through the services) so the set-up stays quick; the figures
are then computed exactly as the pages and the job compute them. Prints seconds per step.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import publicity.plugin
from publicity.indicators import INDICATORS
from publicity.jobs import run_reminders
from publicity.models import PublicityBackbone, PublicityEvent, PublicityPlan, PublicityUnit
from publicity.services.reports import by_station, by_unit, workbook
from sqlmodel import Session

from core.api import OrgType, OrgUnit, create_org, subtree_ids_select
from core.db import session_scope
from core.indicators.engine import rollup
from core.indicators.periods import Period
from core.modules.service import set_active
from web.testing import boot_platform


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=50_000, help="events")
    parser.add_argument("--stations", type=int, default=16)
    parser.add_argument("--villages", type=int, default=40, help="villages per station")
    args = parser.parse_args()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        platform = boot_platform(Path(tmp), {"publicity": publicity.plugin})
        started = time.perf_counter()
        with session_scope(platform.engine) as session:
            bureau = create_org(
                session, name="基准县司法局", type=OrgType.BUREAU, division_code="371481"
            )
            set_active(session, platform.host, bureau.id, "publicity", True)
            units, villages = [], []
            for s in range(args.stations):
                station = create_org(
                    session, name=f"第{s}司法所", type=OrgType.STATION, parent_id=bureau.id
                )
                for v in range(args.villages):
                    villages.append(
                        create_org(
                            session,
                            name=f"第{s}所{v}村",
                            type=OrgType.COMMUNITY,
                            parent_id=station.id,
                        ).id
                    )
                for u in range(3):
                    unit = PublicityUnit(org_id=station.id, name=f"第{s}所单位{u}", kind="station")
                    session.add(unit)
                    session.flush()
                    units.append(unit)
                    session.add(
                        PublicityPlan(
                            org_id=station.id,
                            unit_id=unit.id,
                            year=2026,
                            q1=6,
                            q2=6,
                            q3=6,
                            q4=6,
                            themes="宪法",
                            status="approved",
                        )
                    )
            session.bulk_save_objects(
                [
                    PublicityBackbone(org_id=rng.choice(villages), name="明白人", role="advocate")
                    for _ in range(len(villages) * 3)
                ]
            )
            events = []
            for _ in range(args.n):
                unit = rng.choice(units)
                events.append(
                    PublicityEvent(
                        org_id=unit.org_id,
                        unit_id=unit.id,
                        title="普法活动",
                        held_on=date(2026, 1, 1) + timedelta(days=rng.randrange(330)),
                        format="lecture",
                        attendance=rng.randint(10, 300),
                        consultations=rng.randint(0, 30),
                        materials=rng.randint(0, 500),
                        satisfaction=rng.randint(80, 100),
                    )
                )
            session.bulk_save_objects(events)
            bureau_id = bureau.id
        print(
            f"set-up: {args.n} events, {len(units)} units, {len(villages)} villages in {time.perf_counter() - started:.1f}s"
        )
        with Session(platform.engine) as session:
            org = session.get(OrgUnit, bureau_id)
            for indicator in INDICATORS:
                t = time.perf_counter()
                figure = rollup(session, indicator, org, Period.parse("2026"))
                print(f"{indicator.code:40s} {figure.value!s:>10}  {time.perf_counter() - t:.3f}s")
            t = time.perf_counter()
            rows = by_unit(session, subtree_ids_select(org), date(2026, 1, 1), date(2027, 1, 1))
            stations = by_station(session, org, date(2026, 1, 1), date(2027, 1, 1))
            size = len(workbook("基准", [("按责任单位", rows), ("按司法所", stations)]))
            print(
                f"report (by unit and station) + xlsx ({size} bytes): {time.perf_counter() - t:.3f}s"
            )
        with session_scope(platform.engine) as session:
            t = time.perf_counter()
            result = run_reminders(session, platform.host, datetime(2026, 11, 20, 1, 0, tzinfo=UTC))
            print(f"daily reminder job {result}: {time.perf_counter() - t:.3f}s")
        platform.engine.dispose()


if __name__ == "__main__":
    main()
