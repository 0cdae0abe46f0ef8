"""Bulk legal-aid cases for benchmarks, written into ``legal_aid_case`` with an applicant each.

Scale 1 is 200,000 cases a year over the county bureaus (the centres' cases are filed under
the bureau in this benchmark), skewed towards a few large counties, received more in the
months after the Spring Festival. Most are closed or assigned; the numbers follow the
plugin's ``（2026）乐法援字第N号`` style with one serial for all, unique as the table requires. ``executemany`` in
batches of 5,000, the applicants first (benchmarks/bulk_people.py) so the keys are real.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlmodel import Session

from benchmarks.bulk_corrections import _defaults
from benchmarks.bulk_mediation import MONTH_WEIGHT
from benchmarks.bulk_people import add_people

BATCH = 5000
MATTERS = (
    ("crim_suspect", "criminal", "window"),
    ("notice_minor", "criminal", "notice"),
    ("notice_other", "criminal", "notice"),
    ("civil_wages", "litigation", "window"),
    ("civil_wages", "labour", "hotline_12348"),
    ("civil_personal_injury", "litigation", "window"),
    ("civil_maintenance", "litigation", "online"),
    ("civil_other", "advice", "workstation"),
)
STATUSES = ("closed",) * 6 + ("assigned",) * 3 + ("applied", "granted", "refused", "withdrawn")


def load_cases(
    engine: Engine, bureau_ids: Sequence[int], n: int, year: int, today: date, *, seed: int = 19
) -> int:
    """*n* cases of *year* over *bureau_ids* (Zipf-like), none received after *today*."""
    from legal_aid.models import LegalAidCase

    from core.orgs.models import OrgUnit

    rng = random.Random(seed)
    table = LegalAidCase.__table__  # type: ignore[attr-defined]
    with Session(engine) as session:
        names = dict(
            session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(bureau_ids)))
            .tuples()
            .all()
        )
    base = _defaults(
        LegalAidCase,
        org_id=0,
        number="",
        status="applied",
        channel="window",
        matter="civil_other",
        service_form="advice",
        applicant_id=0,
        summary="",
        received_at=datetime.now(UTC),
        received_on=today,
    )
    weights = [1 / (k + 1) ** 0.8 for k in range(len(bureau_ids))]
    serial = 0  # one sequence for all (two bureaus may share a short name)
    last = (today - date(year, 1, 1)).days
    made = 0
    while made < n:
        orgs = rng.choices(bureau_ids, weights=weights, k=min(BATCH, n - made))
        with engine.begin() as conn:
            people = add_people(conn, orgs, rng)
            rows: list[dict[str, Any]] = []
            for org_id, person_id in zip(orgs, people, strict=True):
                month = rng.choices(range(1, 13), weights=MONTH_WEIGHT)[0]
                received = min(
                    date(year, month, 1) + timedelta(days=rng.randrange(28)),
                    date(year, 1, 1) + timedelta(days=rng.randrange(last + 1)),
                )
                matter, form, channel = rng.choice(MATTERS)
                status = rng.choice(STATUSES)
                serial += 1
                decided = received + timedelta(days=rng.randrange(1, 7))
                assigned = decided + timedelta(days=rng.randrange(0, 3))
                ended = assigned + timedelta(days=rng.randrange(20, 200))
                is_assigned = status in ("assigned", "closed")
                rows.append(
                    {
                        **base,
                        "org_id": org_id,
                        "number": f"（{year}）{names[org_id][:2]}法援字第{serial}号",
                        "status": status,
                        "channel": channel,
                        "matter": matter,
                        "service_form": form,
                        "applicant_id": person_id,
                        "summary": "申请人因追索劳动报酬纠纷申请法律援助，称用人单位拖欠工资八个月。",
                        "integrity_pledge": channel != "notice",
                        "received_at": datetime.combine(received, time(9, 30), tzinfo=UTC),
                        "received_on": received,
                        "review_due": received + timedelta(days=7),
                        "decided_on": decided if status not in ("applied", "withdrawn") else None,
                        "review_on_time": True if status not in ("applied", "withdrawn") else None,
                        "refusal_reason": "经济困难条件不符" if status == "refused" else None,
                        "assign_due": decided + timedelta(days=3) if is_assigned else None,
                        "assigned_on": assigned if is_assigned else None,
                        "assign_on_time": True if is_assigned else None,
                        "assignment_mode": "rotation" if is_assigned else None,
                        "ended_on": min(ended, today) if status == "closed" else None,
                        "result": "调解结案" if status == "closed" else None,
                        "satisfaction": rng.choice(("satisfied", "satisfied", "basic"))
                        if status == "closed"
                        else None,
                    }
                )
            conn.execute(insert(table), rows)
        made += len(rows)
    return made
