"""How long does recomputing the provisional deadlines take when a year is entered?

    uv run python benchmarks/recompute_provisional.py                # SQLite, 3,000 deadlines
    uv run python benchmarks/recompute_provisional.py --deadlines 500
    SIFA_BENCH_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
        uv run python benchmarks/recompute_provisional.py            # … and PostgreSQL too

In late December every deadline that reaches the coming year is provisional (暂定). A bench
plugin declares one rule (7 natural days, rolled past rest days) and ``--deadlines`` records
registered between 20 and 31 December, each with a due item for one staff member; then the
year's schedule is entered (a made-up notice in which 4–8 January are holidays, so about
half of the dates move) and ``recompute_provisional`` runs — the job the calendar page
starts. Printed: the time of that run, per deadline, how many moved and were notified, and
the time of the second run (which must find nothing). Exits 1 above ``--budget`` seconds.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import types
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from core import migrate
from core.api import DeadlineRule, DeadlineUnit
from core.db import make_engine
from core.identity.models import StaffAccount
from core.orgs.models import OrgType, OrgUnit
from core.plugins import Candidate, PluginHost, PluginMeta, hookimpl
from core.reminders.service import DueItemSpec, DueSource, sync_due_items
from core.scheduling.notice import parse_notice, save_schedule
from core.scheduling.provisional import recompute_provisional, track_due
from core.scheduling.rules import due_date, rules_of, use_declared_rules

NOTICE = "一、元旦：1月1日（周五）至8日（周五）放假调休，共8天。1月10日（周日）上班。"
RULE = DeadlineRule("bench.reply", 7, DeadlineUnit.NATURAL_DAYS, label_zh="答复期限")


def bench_plugin() -> Candidate:
    module = types.ModuleType("sifa_bench_recompute")
    module.plugin_meta = PluginMeta(name="bench", label_zh="基准", label_en="Bench", version="1")  # type: ignore[attr-defined]
    module.sifa_deadline_rules = hookimpl(lambda: [RULE])  # type: ignore[attr-defined]
    module.sifa_deadline_recomputed = hookimpl(  # type: ignore[attr-defined]
        lambda session, deadline, due: True
    )
    return Candidate("bench", "sifa-bench", "1", lambda: module)


def build(url: str, count: int) -> tuple[Any, PluginHost]:
    engine = make_engine(url)
    host = PluginHost().load([bench_plugin()])
    use_declared_rules(rules_of(host))
    migrate.upgrade(engine, host)
    with Session(engine) as session:
        org = OrgUnit(name="乐陵市司法局", type=OrgType.BUREAU)
        session.add(org)
        session.flush()
        org.path, org.depth = f"/{org.id}/", 0
        staff = StaffAccount(
            username="bench", display_name="基准", password_hash="x", org_id=org.id
        )
        session.add(staff)
        session.flush()
        for n in range(count):
            start = date(2026, 12, 20) + timedelta(days=n % 12)
            due = due_date(session, RULE.code, start, org.id)
            source = DueSource("bench", "case", n)
            track_due(session, source, "reply", due, label_zh="答复期限", account_id=staff.id)
            spec = DueItemSpec("reply", f"答复 #{n}", due.due, org.id, staff.id)  # type: ignore[arg-type]
            sync_due_items(session, source, [spec])
        session.commit()
    return engine, host


def bench(label: str, url: str, count: int) -> float:
    started = time.perf_counter()
    engine, host = build(url, count)
    print(
        f"{label}: {count:,} provisional deadlines set up in {time.perf_counter() - started:.1f} s"
    )
    with Session(engine) as session:
        save_schedule(session, parse_notice(NOTICE, 2027), "基准通知")
        session.commit()
    with Session(engine) as session:
        started = time.perf_counter()
        report = recompute_provisional(session, host, entered_years=(2027,))
        session.commit()
        first = time.perf_counter() - started
    with Session(engine) as session:
        started = time.perf_counter()
        again = recompute_provisional(session, host)
        session.commit()
        second = time.perf_counter() - started
    engine.dispose()
    print(
        f"  recompute: {first:.2f} s ({first / count * 1000:.2f} ms per deadline); "
        f"{report.moved:,} moved, {report.notified:,} notified"
    )
    print(f"  second run: {second:.3f} s, {again.recomputed} recomputed, {again.notified} notified")
    return first


def postgres_scratch(server_url: str) -> tuple[str, Callable[[], None]]:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"sifa_bench_recompute_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(server_url).set(database=name).render_as_string(hide_password=False), drop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deadlines", type=int, default=3000)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds allowed")
    args = parser.parse_args()
    if args.deadlines < 1:
        parser.error("--deadlines must be at least 1")
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'recompute.sqlite3'}"
        results["sqlite"] = bench("SQLite", url, args.deadlines)
    server_url = os.environ.get("SIFA_BENCH_POSTGRES_URL")
    if server_url:
        url, drop = postgres_scratch(server_url)
        try:
            results["postgresql"] = bench("PostgreSQL", url, args.deadlines)
        finally:
            drop()
    else:
        print("(set SIFA_BENCH_POSTGRES_URL to time PostgreSQL too)")
    slow = {k: v for k, v in results.items() if v > args.budget}
    if slow:
        print(f"TOO SLOW: over the {args.budget:.0f} s budget on {', '.join(slow)}")
        return 1
    print(f"OK: under the {args.budget:.0f} s budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
