"""How long exporting 50,000 people takes, and that memory stays flat while it runs.

    uv run python benchmarks/export_50k.py                  # 50 000 people, xlsx and csv
    uv run python benchmarks/export_50k.py --people 200000 --format xlsx

Fills a temporary SQLite database (migrated like a real one) with people spread over two
villages, then runs the real export job (``core.export``, through ``execute_run`` in this
process, exactly as a worker runs it) once per format and prints the time, the rows per
second, the file size and the memory: the process's peak resident size, and the peak of
Python allocations during a second, traced run (tracemalloc slows that run down, so its
time is not reported).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import Session

from core import migrate
from core.db import session_scope
from core.exports.jobs import EXPORT_JOB
from core.exports.models import ExportFile
from core.exports.service import export_path, start_export
from core.identity import service as identity
from core.identity.roles import sync_roles
from core.orgs.models import OrgType
from core.orgs.service import create_org
from core.platform import Platform
from core.scheduling.execution import execute_run
from core.scheduling.models import JobRun
from core.settings import Settings
from tests.exports.support import seed_people


def setup(platform: Platform, people: int) -> tuple[int, int]:
    """A bureau with two stations and a village each, an administrator, and the people."""
    with session_scope(platform.engine) as session:
        sync_roles(session, platform.host)
        bureau = create_org(
            session, name="乐陵市司法局", type=OrgType.BUREAU, division_code="371481"
        )
        villages = []
        for name, village in (("市中街道司法所", "前进社区"), ("郑店镇司法所", "后刘村")):
            station = create_org(session, name=name, type=OrgType.STATION, parent_id=bureau.id)
            villages.append(
                create_org(session, name=village, type=OrgType.COMMUNITY, parent_id=station.id).id
            )
        admin = identity.create_account(
            session,
            username="admin",
            display_name="管理员",
            password="Qingshan-Lushui-7391",
            org_id=bureau.id,
        )
        identity.grant_role(session, admin.id, "system_admin", bureau.id)  # type: ignore[arg-type]
        ids = (bureau.id, admin.id)
    started = time.perf_counter()
    seed_people(platform.engine, people, villages)  # type: ignore[arg-type]
    print(f"seeded {people:,} people in {time.perf_counter() - started:.1f} s")
    return ids  # type: ignore[return-value]


def export_once(platform: Platform, bureau_id: int, admin_id: int, fmt: str) -> ExportFile:
    """Start an export and run its job here, as a worker would."""
    with session_scope(platform.engine) as session:
        export = start_export(
            platform, session, user_id=admin_id, kind="core.people", org_id=bureau_id, fmt=fmt
        )
    with Session(platform.engine) as session:
        run = session.get(JobRun, export.run_id)
        assert run is not None
        token = run.token
    execute_run(platform, EXPORT_JOB, export.run_id, token)  # type: ignore[arg-type]
    with Session(platform.engine) as session:
        done = session.get(ExportFile, export.id)
        assert done is not None and done.rows is not None, "the export did not finish"
        return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--format", choices=("xlsx", "csv", "both"), default="both")
    args = parser.parse_args()
    formats = ("xlsx", "csv") if args.format == "both" else (args.format,)

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            data_dir=Path(tmp), database_url=f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        )
        platform = Platform.boot(settings)
        migrate.upgrade(platform.engine, platform.host)
        bureau_id, admin_id = setup(platform, args.people)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak resident size before exporting: {rss_before:.0f} MB")
        for fmt in formats:
            started = time.perf_counter()
            done = export_once(platform, bureau_id, admin_id, fmt)
            seconds = time.perf_counter() - started
            size = export_path(settings, done).stat().st_size / 1024 / 1024
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            tracemalloc.start()
            export_once(platform, bureau_id, admin_id, fmt)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(
                f"{fmt:5} {done.rows:,} rows in {seconds:.1f} s "
                f"({done.rows / seconds:,.0f} rows/s), file {size:.1f} MB, "
                f"peak resident size {rss:.0f} MB, peak Python allocations "
                f"{peak / 1024 / 1024:.1f} MB"
            )
        platform.engine.dispose()


if __name__ == "__main__":
    main()
