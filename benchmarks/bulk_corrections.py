"""Bulk corrections data for benchmarks: subjects at the stations, with their check-ins.

Scale 1 is 100,000 subjects and 5,000,000 check-ins (50 a subject: weekly or fortnightly
reports over their term so far). Subjects are skewed over stations (a few towns hold
most of them), three in four are under supervision, the rest at the other stages; the
check-ins before today are mostly done, a few missed. Rows go into the real tables
(``corrections_subject``, ``corrections_checkin``, with a person each) by ``executemany``
in batches, so the foreign keys are valid.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, insert

from benchmarks.bulk_people import add_people

BATCH = 5000
TYPES = ("probation",) * 8 + ("parole", "parole", "control", "medical_parole")
STATUSES = ("supervised",) * 15 + ("received", "awaiting", "lost", "released", "released")
OFFENCES = (
    ("危险驾驶罪", "ch6"),
    ("盗窃罪", "ch5"),
    ("故意伤害罪", "ch4"),
    ("诈骗罪", "ch5"),
    ("交通肇事罪", "ch2"),
    ("开设赌场罪", "ch6"),
)
MODES = ("in_person", "phone", "phone", "video", "visit")


def _defaults(model: Any, **required: Any) -> dict[str, Any]:
    """The model's own defaults (so a bulk row has every column the ORM would write)."""
    return {k: v for k, v in model(**required).model_dump().items() if k != "id"}


def load_subjects(
    engine: Engine,
    station_ids: Sequence[int],
    n: int,
    today: date,
    *,
    checkins_per_subject: int = 50,
    seed: int = 19,
) -> tuple[int, int]:
    """*n* subjects over *station_ids* (Zipf-like) and their check-ins: (subjects, check-ins)."""
    from corrections.models import CorrectionsCheckin, CorrectionsSubject

    rng = random.Random(seed)
    subjects = CorrectionsSubject.__table__  # type: ignore[attr-defined]
    checkins = CorrectionsCheckin.__table__  # type: ignore[attr-defined]
    base = _defaults(
        CorrectionsSubject,
        org_id=0,
        person_id=0,
        subject_type="probation",
        offence="",
        deciding_body="",
        documents_received_on=today,
    )
    weights = [1 / (k + 1) ** 0.7 for k in range(len(station_ids))]
    made = done_checkins = 0
    while made < n:
        orgs = rng.choices(station_ids, weights=weights, k=min(BATCH, n - made))
        with engine.begin() as conn:
            people = add_people(conn, orgs, rng)
            rows = []
            for org_id, person_id in zip(orgs, people, strict=True):
                received = today - timedelta(days=rng.randrange(20, 900))
                start = received + timedelta(days=rng.randrange(3, 10))
                status = rng.choice(STATUSES)
                offence, chapter = rng.choice(OFFENCES)
                rows.append(
                    {
                        **base,
                        "org_id": org_id,
                        "person_id": person_id,
                        "subject_type": rng.choice(TYPES),
                        "offence": offence,
                        "offence_type": chapter,
                        "sentence": f"有期徒刑{rng.randrange(6, 36)}个月，缓刑{rng.randrange(1, 4)}年",
                        "deciding_body": "德州市中级人民法院",
                        "judgment_number": f"（2026）鲁14刑初{rng.randrange(1, 9999)}号",
                        "documents_received_on": received,
                        "report_due_on": received + timedelta(days=10),
                        "term_start": start,
                        "term_end": start + timedelta(days=rng.randrange(365, 1500)),
                        "status": status,
                        "level": rng.choice(("strict", "normal", "normal", "lenient")),
                        "intake_mode": None if status == "awaiting" else "self",
                        "reported_on": None if status == "awaiting" else start,
                        "announced_on": start if status not in ("awaiting", "received") else None,
                        "ended_on": today - timedelta(days=rng.randrange(1, 15))
                        if status == "released"
                        else None,
                        "end_type": "expired" if status == "released" else None,
                        "created_on": received,
                    }
                )
            ids = conn.execute(
                insert(subjects).returning(subjects.c.id, sort_by_parameter_order=True), rows
            ).scalars()
            batch: list[dict[str, Any]] = []
            for subject_id, row in zip(ids, rows, strict=True):
                step = rng.choice((7, 14))
                first = row["term_start"] + timedelta(days=step)
                for k in range(checkins_per_subject):
                    due = first + timedelta(days=k * step)
                    done = due < today and rng.random() > 0.03
                    mode = rng.choice(MODES)
                    batch.append(
                        {
                            "org_id": row["org_id"],
                            "subject_id": subject_id,
                            "due_on": due,
                            "mode": mode,
                            "done_on": due if done else None,
                            "done_mode": mode if done else None,
                            "note": "",
                        }
                    )
                if len(batch) >= 50_000:
                    conn.execute(insert(checkins), batch)
                    done_checkins += len(batch)
                    batch = []
            if batch:
                conn.execute(insert(checkins), batch)
                done_checkins += len(batch)
        made += len(rows)
    return made, done_checkins
