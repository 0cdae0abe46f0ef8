"""How long does opening a period's screening rounds take for a province's villages?

    uv run python benchmarks/screening_open.py                 # SQLite, 10 villages a station
    uv run python benchmarks/screening_open.py --villages 2    # fewer
    uv run python benchmarks/screening_open.py --database-url postgresql+psycopg://...

Imports the Shandong tree (``sifa orgs import --province 37 --with-city``: 1,853 stations)
with ``--villages`` communities under each station (10: 18,530 villages, about 20,000
reporting units), turns mediation on for the province, and times the job's work,
``mediation.services.screening.open_rounds``, for a day in the first half of a month
(every unit gets a round and its due item), then again (which must open nothing). Exits 1
above ``--budget`` seconds (default 20, the issue's target for 20,000 committees).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from core import migrate
from core.db import session_scope
from core.modules.service import set_active
from core.orgs.importer import import_divisions
from core.orgs.models import OrgUnit
from core.platform import Platform
from core.reminders.models import DueItem
from core.settings import Settings

DAY = date(2026, 11, 3)


def main() -> int:
    from mediation.services.screening import open_rounds

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=10)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--budget", type=float, default=20.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'screening.sqlite3'}"
        settings = Settings(data_dir=Path(tmp), database_url=url, secret_key="b" * 64)
        platform = Platform.boot(settings)
        migrate.upgrade(platform.engine, platform.host)
        engine, host = platform.engine, platform.host
        started = time.perf_counter()
        with session_scope(engine) as session:
            import_divisions(session, province="37", with_city=True, villages=args.villages)
            province = session.scalars(select(OrgUnit).where(OrgUnit.division_code == "37")).one()
            set_active(session, host, province.id, "mediation", True)  # type: ignore[arg-type]
        print(f"tree on {engine.dialect.name}: {time.perf_counter() - started:.1f} s", flush=True)
        now = datetime(2026, 11, 2, 16, 5, tzinfo=UTC)
        started = time.perf_counter()
        with session_scope(engine) as session:
            opened = open_rounds(session, host, DAY, now=now)
        took = time.perf_counter() - started
        with session_scope(engine) as session:
            items = session.execute(
                select(func.count()).select_from(DueItem).where(DueItem.plugin == "mediation")
            ).scalar_one()
        print(f"open rounds: {opened:,} rounds, {items:,} due items in {took:.1f} s", flush=True)
        started = time.perf_counter()
        with session_scope(engine) as session:
            again = open_rounds(session, host, DAY, now=now)
        print(f"again: {again} opened in {time.perf_counter() - started:.1f} s", flush=True)
        engine.dispose()
    print(f"opening: {took:.1f} s (budget {args.budget:.0f} s)")
    return 0 if took <= args.budget and again == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
