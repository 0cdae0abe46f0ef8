"""How long does the reminder scan take over a province's open due items?

    uv run python benchmarks/reminder_scan.py                       # SQLite, 2,700,000 items
    uv run python benchmarks/reminder_scan.py --items 270000        # a tenth
    SIFA_BENCH_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
        uv run python benchmarks/reminder_scan.py --items 270000    # … and PostgreSQL too

A bureau with 20 stations, one staff member each, and ``--items`` open due items loaded in
bulk into ``due_item`` (each with its responsible person). ``--due-share`` of them (default
all: the worst case, a morning after a long outage) are overdue and not yet told; the rest
are due next month. ``--escalate`` of the overdue ones also have an escalation due. Printed:
the time of the scan, items per second, notifications written, and the time of a second
scan (which must find nothing). Exits 1 above ``--budget`` seconds (default 60, the
issue's target for 2.7 M items).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from core import migrate
from core.db import make_engine
from core.identity.models import StaffAccount
from core.orgs.models import OrgType, OrgUnit
from core.plugins import PluginHost
from core.reminders.kinds import GENERAL_KIND
from core.reminders.models import DueItem, Notification
from core.reminders.scan import scan_due_items

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
CHUNK = 20_000


def build(url: str, items: int, due_share: float, escalate: float) -> Any:
    engine = make_engine(url)
    migrate.upgrade(engine, PluginHost().load([]))
    with Session(engine) as session:
        bureau = OrgUnit(name="乐陵市司法局", type=OrgType.BUREAU)
        session.add(bureau)
        session.flush()
        bureau.path, bureau.depth = f"/{bureau.id}/", 0
        people: list[tuple[int, int]] = []
        for n in range(20):
            station = OrgUnit(name=f"第{n + 1}司法所", type=OrgType.STATION, parent_id=bureau.id)
            session.add(station)
            session.flush()
            station.path, station.depth = f"{bureau.path}{station.id}/", 1
            staff = StaffAccount(
                username=f"s{n}", display_name=f"所员{n}", password_hash="x", org_id=station.id
            )
            session.add(staff)
            session.flush()
            people.append((station.id, staff.id))  # type: ignore[arg-type]
        session.commit()
    due_count = int(items * due_share)
    started = time.perf_counter()
    t = DueItem.__table__  # type: ignore[attr-defined]
    with engine.begin() as connection:
        for start in range(0, items, CHUNK):
            rows = []
            for n in range(start, min(items, start + CHUNK)):
                org_id, account_id = people[n % len(people)]
                overdue = n < due_count
                due_at = NOW - timedelta(hours=1 + n % 48) if overdue else NOW + timedelta(days=30)
                rows.append(
                    {
                        "plugin": "core",
                        "entity": "bench_case",
                        "entity_id": str(n),
                        "key": "reply",
                        "kind": GENERAL_KIND,
                        "title_zh": f"答复{n}",
                        "title_en": "",
                        "url": None,
                        "org_id": org_id,
                        "account_id": account_id,
                        "due_at": due_at,
                        "soon_at": due_at - timedelta(days=2),
                        "provisional_note": "",
                        "notified_stage": 0,
                        "next_escalation_at": due_at
                        if overdue and n < due_count * escalate
                        else None,
                        "version": 1,
                        "created_at": NOW - timedelta(days=60),
                        "updated_at": NOW - timedelta(days=60),
                    }
                )
            connection.execute(insert(t), rows)
    print(
        f"  loaded {items:,} open items ({due_count:,} overdue) in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return engine


def measure(url: str, args: argparse.Namespace) -> float:
    engine = build(url, args.items, args.due_share, args.escalate)
    started = time.perf_counter()
    report = scan_due_items(engine, NOW)
    took = time.perf_counter() - started
    with Session(engine) as session:
        told = session.execute(select(func.count()).select_from(Notification)).scalar_one()
    moved = report.notified + report.escalations
    print(
        f"  scan: {took:.1f} s, {report.as_dict()}, {moved / took:,.0f} items/s, "
        f"{told:,} notifications",
        flush=True,
    )
    started = time.perf_counter()
    again = scan_due_items(engine, NOW)
    print(f"  second scan: {time.perf_counter() - started:.1f} s, {again.as_dict()}", flush=True)
    assert again.notified == 0 and again.escalations == 0, again
    engine.dispose()
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2_700_000)
    parser.add_argument("--due-share", type=float, default=1.0)
    parser.add_argument("--escalate", type=float, default=0.0)
    parser.add_argument("--budget", type=float, default=60.0)
    args = parser.parse_args()
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        print(f"SQLite, {args.items:,} items", flush=True)
        worst = measure(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", args)
    base = os.environ.get("SIFA_BENCH_POSTGRES_URL")
    if base:
        name = f"sifa_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            print(f"PostgreSQL, {args.items:,} items", flush=True)
            url = make_url(base).set(database=name).render_as_string(hide_password=False)
            worst = max(worst, measure(url, args))
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            admin.dispose()
    print(f"slowest scan: {worst:.1f} s (budget {args.budget:.0f} s)")
    return 0 if worst <= args.budget else 1


if __name__ == "__main__":
    raise SystemExit(main())
