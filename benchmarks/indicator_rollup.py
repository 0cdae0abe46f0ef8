"""How long does rolling up an indicator take for a county bureau over a year?

    uv run python benchmarks/indicator_rollup.py              # SQLite (temporary file)
    uv run python benchmarks/indicator_rollup.py --rows 20000 # smaller, e.g. for a quick CI run
    SIFA_BENCH_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
        uv run python benchmarks/indicator_rollup.py          # … and PostgreSQL too

A bureau with 20 stations (five villages each) and ``--rows`` case rows (default 100,000)
spread unevenly over the stations and villages and over one year. A small benchmark plugin
declares three indicators over them through ``sifa_indicators`` — the very path a service
line takes: one aggregate query grouped by organisation, pooled up the tree by the core.
Timed, as the median of ``--repeat`` runs on a warm database:

* the roll-up of one rate for the bureau and the year (the number on the scorecard),
* the drill-down of that rate over the 20 stations (the bureau's breakdown page),
* the whole scorecard (three indicators, this year and the previous one for the trend).

Exits with status 1 when the roll-up's median exceeds ``--budget`` seconds (default 1), so
CI notices a regression. For PostgreSQL a scratch database is created on the server named
by the URL and dropped afterwards (the role needs CREATEDB).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
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

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    MetaData,
    Table,
    and_,
    case,
    create_engine,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlmodel import Session

from core import migrate
from core.api import Direction, Indicator, Unit
from core.db import make_engine
from core.indicators.engine import rollup
from core.indicators.periods import Period
from core.indicators.registry import catalogue
from core.indicators.scorecard import drill_down, scorecard
from core.modules.service import set_active
from core.orgs.models import OrgType, OrgUnit
from core.orgs.tree import children
from core.plugins import Candidate, PluginHost, PluginMeta, hookimpl

STATIONS = 20
VILLAGES = 5
YEAR = 2026
CHUNK = 10_000

bench_metadata = MetaData()
bench_case = Table(
    "bench_case",
    bench_metadata,
    Column("id", Integer, primary_key=True),
    Column("org_id", Integer, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("closed", Boolean, nullable=False),
    Column("satisfied", Boolean, nullable=False),
    Column("days", Integer, nullable=True),
    Index("ix_bench_case_org_id_received_on", "org_id", "received_on"),
)


def _in(org_ids: Any, period: Period) -> Any:
    t = bench_case.c
    return and_(t.org_id.in_(org_ids), t.received_on >= period.start, t.received_on < period.end)


def _query(numerator: Any, denominator: Any) -> Callable[..., Any]:
    def query(session: Session, org_ids: Any, period: Period) -> Any:
        return session.execute(
            select(bench_case.c.org_id, numerator, denominator)
            .where(_in(org_ids, period))
            .group_by(bench_case.c.org_id)
        ).all()

    return query


def _count_if(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


def bench_plugin() -> Candidate:
    """A plugin object declaring the benchmark's indicators, as a service line would."""
    t = bench_case.c
    module = types.ModuleType("sifa_bench")
    module.plugin_meta = PluginMeta(name="bench", label_zh="基准", label_en="Bench", version="1")  # type: ignore[attr-defined]
    common = {"source_zh": "基准数据", "direction": Direction.HIGHER}
    indicators = [
        Indicator(
            code="bench.closure_rate",
            label_zh="调结率",
            label_en="Closure rate",
            unit=Unit.PERCENT,
            query=_query(_count_if(t.closed.is_(True)), func.count()),
            numerator_zh="已调结",
            denominator_zh="受理",
            target=95,  # type: ignore[arg-type]
            **common,
        ),
        Indicator(
            code="bench.satisfaction_rate",
            label_zh="满意率",
            label_en="Satisfaction",
            unit=Unit.PERCENT,
            query=_query(
                _count_if(and_(t.closed.is_(True), t.satisfied.is_(True))),
                _count_if(t.closed.is_(True)),
            ),
            numerator_zh="满意",
            denominator_zh="已调结",
            **common,
        ),
        Indicator(
            code="bench.days",
            label_zh="平均办结天数",
            label_en="Days to close",
            unit=Unit.DAYS,
            query=_query(func.sum(t.days), func.count(t.days)),
            numerator_zh="天数之和",
            denominator_zh="已调结",
            **{**common, "direction": Direction.LOWER},
        ),
    ]
    module.sifa_indicators = hookimpl(lambda: indicators)  # type: ignore[attr-defined]
    return Candidate("bench", "sifa-bench", "1", lambda: module)


def build(url: str, rows: int, seed: int) -> tuple[Any, PluginHost, int]:
    """A migrated database with the tree, the plugin active and the case rows."""
    engine = make_engine(url)
    host = PluginHost().load([bench_plugin()])
    migrate.upgrade(engine, host)
    bench_metadata.create_all(engine)
    rng = random.Random(seed)
    with Session(engine) as session:
        bureau = _org(session, "乐陵市司法局", OrgType.BUREAU, None)
        places: list[int] = []
        weights: list[float] = []
        for n in range(STATIONS):
            station = _org(session, f"第{n + 1}司法所", OrgType.STATION, bureau)
            size = 1 + n  # unequal stations: the 20th is twenty times the first
            places.append(station.id)  # type: ignore[arg-type]
            weights.append(size * 2.0)
            for v in range(VILLAGES):
                village = _org(session, f"第{n + 1}所{v + 1}村", OrgType.COMMUNITY, station)
                places.append(village.id)  # type: ignore[arg-type]
                weights.append(float(size))
        set_active(session, host, bureau.id, "bench", True)  # type: ignore[arg-type]
        session.commit()
        bureau_id = bureau.id
    started = time.perf_counter()
    first = date(YEAR, 1, 1)
    batch: list[dict[str, Any]] = []
    with engine.begin() as conn:
        for i in range(rows):
            closed = rng.random() < 0.93
            batch.append(
                {
                    "org_id": rng.choices(places, weights)[0],
                    "received_on": first + timedelta(days=rng.randrange(365)),
                    "closed": closed,
                    "satisfied": closed and rng.random() < 0.99,
                    "days": rng.randrange(1, 45) if closed else None,
                }
            )
            if len(batch) == CHUNK or i == rows - 1:
                conn.execute(insert(bench_case), batch)
                batch = []
        if engine.dialect.name == "postgresql":
            conn.execute(text("ANALYZE"))
    print(f"  loaded {rows:,} rows in {time.perf_counter() - started:.1f} s")
    return engine, host, bureau_id  # type: ignore[return-value]


def _org(session: Session, name: str, type_: OrgType, parent: OrgUnit | None) -> OrgUnit:
    org = OrgUnit(name=name, type=type_, parent_id=parent.id if parent else None)
    session.add(org)
    session.flush()
    org.path = f"{parent.path if parent else '/'}{org.id}/"
    org.depth = parent.depth + 1 if parent else 0
    session.flush()
    return org


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    run()  # warm the caches once
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def bench(label: str, url: str, rows: int, repeat: int, seed: int) -> float:
    print(f"{label}:")
    engine, host, bureau_id = build(url, rows, seed)
    try:
        closure = catalogue(host).indicator("bench.closure_rate")
        year = Period.parse(str(YEAR))
        today = date(YEAR + 1, 1, 10)
        with Session(engine) as session:
            bureau = session.get(OrgUnit, bureau_id)
            assert bureau is not None
            stations = children(session, bureau_id)
            figure = rollup(session, closure, bureau, year)
            split = drill_down(session, host, closure, bureau, year, today, stations)
            assert sum(p.figure.counts.denominator for p in split.parts) == rows
            assert split.total.figure.counts == figure.counts  # the parts add up to the whole
            timings = {
                "roll-up, one rate, bureau, year": median_seconds(
                    lambda: rollup(session, closure, bureau, year), repeat
                ),
                "drill-down over 20 stations": median_seconds(
                    lambda: drill_down(session, host, closure, bureau, year, today, stations),
                    repeat,
                ),
                "scorecard (3 indicators, with trend)": median_seconds(
                    lambda: scorecard(session, host, bureau, year, today), repeat
                ),
            }
        print(f"  closure rate {figure.display()} ({figure.fraction_text})")
        for name, seconds in timings.items():
            print(f"  {name:<40} {seconds * 1000:8.1f} ms  (median of {repeat})")
        return timings["roll-up, one rate, bureau, year"]
    finally:
        engine.dispose()


def postgres_scratch(server_url: str) -> tuple[str, Callable[[], None]]:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"sifa_bench_rollup_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(server_url).set(database=name).render_as_string(hide_password=False), drop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--budget", type=float, default=1.0, help="seconds allowed for the roll-up")
    args = parser.parse_args()
    if args.rows < 1:
        parser.error("--rows must be at least 1")
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'rollup.sqlite3'}"
        results["sqlite"] = bench("SQLite", url, args.rows, args.repeat, args.seed)
    server_url = os.environ.get("SIFA_BENCH_POSTGRES_URL")
    if server_url:
        url, drop = postgres_scratch(server_url)
        try:
            results["postgresql"] = bench("PostgreSQL", url, args.rows, args.repeat, args.seed)
        finally:
            drop()
    else:
        print("(set SIFA_BENCH_POSTGRES_URL to time PostgreSQL too)")
    slow = {k: v for k, v in results.items() if v > args.budget}
    if slow:
        print(f"TOO SLOW: roll-up over the {args.budget:.1f} s budget on {', '.join(slow)}")
        return 1
    print(f"OK: every roll-up under the {args.budget:.1f} s budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
