"""How long ``sifa audit verify`` takes on a long trail, and that its memory stays flat.

    uv run python benchmarks/audit_verify.py            # 100 000 records on a temp SQLite DB
    uv run python benchmarks/audit_verify.py -n 500000
    uv run python benchmarks/audit_verify.py --database-url postgresql+psycopg://…/scratch

The records look like real ones: an update of a few fields with Chinese text, actor,
organisation, request id and address. A PostgreSQL database given here must be empty
(the audit table is created and left behind).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.audit import audit_context
from core.audit.chain import Entry, append
from core.audit.models import AuditRecord
from core.audit.verify import verify_chain
from core.db import make_engine

BATCH = 5000


def fill(engine, n: int) -> float:
    started = time.perf_counter()
    with audit_context(
        actor_id=12,
        actor_name="调解员甲",
        org_id=7,
        request_id="0f3a9c1d2b4e5f60",
        ip="10.20.30.40",
    ):
        for first in range(0, n, BATCH):
            entries = [
                Entry(
                    action="update",
                    entity="mediation_case",
                    entity_id=str(i),
                    changes={
                        "status": ["受理", "调解中"],
                        "summary": ["邻里纠纷", f"邻里纠纷 {i}"],
                        "version": [i, i + 1],
                    },
                )
                for i in range(first, min(first + BATCH, n))
            ]
            with engine.begin() as connection:
                append(connection, entries)
    return time.perf_counter() - started


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="records to create")
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--batch-size", type=int, default=2000, help="verify's batch size")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'audit.sqlite3'}"
        engine = make_engine(url)
        AuditRecord.__table__.create(engine, checkfirst=True)  # type: ignore[attr-defined]
        print(f"creating {args.n} records on {engine.dialect.name} …")
        print(f"  written in {fill(engine, args.n):.1f}s")
        rss_before = max_rss_mb()
        started = time.perf_counter()
        with engine.connect() as connection:
            report = verify_chain(connection, batch_size=args.batch_size)
        elapsed = time.perf_counter() - started
        engine.dispose()
    status = "OK" if report.ok else f"BROKEN at {report.broken}"
    print(
        f"  verified {report.count} records in {elapsed:.1f}s "
        f"({report.count / elapsed:,.0f} records/s): {status}"
    )
    print(f"  peak RSS {max_rss_mb():.0f} MB (before verify {rss_before:.0f} MB)")


if __name__ == "__main__":
    main()
