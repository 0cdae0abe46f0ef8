"""Exporting a 50,000-row county mediation ledger: every row, in the background, with
bounded memory (issue 19, acceptance 4).

    uv run python benchmarks/ledger_export.py                 # 50 000 cases, temp SQLite
    uv run python benchmarks/ledger_export.py --cases 200000
    uv run python benchmarks/ledger_export.py --database-url postgresql+psycopg://postgres@127.0.0.1/bench_x

Builds a county (bureau, stations, village committees), registers one real case per
committee and bulk-copies the rest (benchmarks/bulk_mediation.py), then starts the ledger's
export as a user would (``start_export`` with the ledger's filters) and runs the core's
export job in this process, as a worker does. It prints the rows written, the time, the
progress reports the job made, and the growth of this process's peak resident size over its
size when idle just before the export (measured with ``ru_maxrss``); exit 1 when a row is
missing or the growth reaches 100 MB. A PostgreSQL database given here must be empty.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select
from sqlmodel import Session

from benchmarks.bulk_mediation import clone_cases, register_templates
from core import migrate
from core.db import session_scope
from core.exports.jobs import EXPORT_JOB
from core.exports.models import ExportFile
from core.exports.service import start_export
from core.identity import service as identity
from core.identity.roles import sync_roles
from core.modules.service import set_active
from core.orgs.models import OrgType
from core.orgs.service import create_org
from core.platform import Platform
from core.scheduling.execution import execute_run
from core.scheduling.models import JobRun
from core.settings import Settings

TODAY = date(2026, 11, 23)
LIMIT_MB = 100


def rss_mb() -> float:
    """This process's resident size now (VmRSS), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class PeakSampler(threading.Thread):
    """Samples the resident size every 20 ms while the export runs; keeps the highest."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = rss_mb()
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.02):
            self.peak = max(self.peak, rss_mb())


def build(platform: Platform, cases: int) -> tuple[int, int]:
    from mediation.services.committees import create_committee

    with session_scope(platform.engine) as session:
        sync_roles(session, platform.host)
        bureau = create_org(
            session, name="乐陵市司法局", type=OrgType.BUREAU, division_code="371481"
        )
        set_active(session, platform.host, bureau.id, "mediation", True)  # type: ignore[arg-type]
        committees = []
        for s in range(4):
            station = create_org(
                session, name=f"第{s + 1}司法所", type=OrgType.STATION, parent_id=bureau.id
            )
            for v in range(5):
                village = create_org(
                    session, name=f"{s + 1}-{v + 1}村", type=OrgType.COMMUNITY, parent_id=station.id
                )
                committee = create_committee(
                    session,
                    {
                        "parent_id": village.id,
                        "name": f"{s + 1}-{v + 1}村人民调解委员会",
                        "kind": "village",
                        "short_name": f"{s + 1}{v + 1}",
                    },
                    today=TODAY,
                )
                committees.append(int(committee.id))  # type: ignore[arg-type]
        templates = register_templates(session, committees, TODAY)
        leader = identity.create_account(
            session,
            username="juzhang",
            display_name="局长",
            password="Qingshan-Lushui-7391",
            org_id=bureau.id,
        )
        identity.grant_role(session, leader.id, "bureau_leader", bureau.id)  # type: ignore[arg-type]
        ids = (int(bureau.id), int(leader.id))  # type: ignore[arg-type]
    started = time.perf_counter()
    clone_cases(platform.engine, templates, cases - len(templates), 2026)
    print(f"loaded {cases:,} cases in {time.perf_counter() - started:.1f} s")
    return ids


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        platform = Platform.boot(Settings(data_dir=Path(tmp), database_url=url))
        migrate.upgrade(platform.engine, platform.host)
        bureau, leader = build(platform, args.cases)
        with Session(platform.engine) as session:
            from mediation.models import MediationCase

            expected = session.execute(select(func.count()).select_from(MediationCase)).scalar_one()
        with session_scope(platform.engine) as session:
            export = start_export(
                platform,
                session,
                user_id=leader,
                kind="mediation.ledger",
                org_id=bureau,
                options={"date_from": "2026-01-01", "date_to": "2026-12-31"},
            )
        with Session(platform.engine) as session:
            run = session.get(JobRun, export.run_id)
            token = run.token  # type: ignore[union-attr]
        import gc

        gc.collect()
        idle = rss_mb()
        sampler = PeakSampler()
        sampler.start()
        started = time.perf_counter()
        execute_run(platform, EXPORT_JOB, export.run_id, token)  # type: ignore[arg-type]
        seconds = time.perf_counter() - started
        sampler.stopped.set()
        sampler.join()
        grown = max(sampler.peak, rss_mb()) - idle
        with Session(platform.engine) as session:
            done = session.get(ExportFile, export.id)
            run = session.get(JobRun, export.run_id)
            rows = done.rows if done else None  # type: ignore[union-attr]
            progress = (run.progress_done, run.progress_total) if run else None  # type: ignore[attr-defined]
        backend = platform.engine.dialect.name
        print(
            f"{backend}: exported {rows:,} of {expected:,} rows in {seconds:.1f} s "
            f"({(rows or 0) / seconds:,.0f} rows/s); last progress {progress}; "
            f"RSS idle {idle:.0f} MB, peak growth while exporting {grown:.1f} MB "
            f"(limit {LIMIT_MB} MB)"
        )
        platform.engine.dispose()
        return 0 if rows == expected and grown < LIMIT_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
