"""Bulk people for benchmarks: rows of the core's person table, ids returned in order.

Corrections subjects and legal-aid applicants point at a person; the people are written
with one ``executemany INSERT … RETURNING`` per batch (SQLAlchemy's insertmanyvalues, on
SQLite and PostgreSQL alike), so the foreign keys are real and the sequences stay right.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection, insert

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def add_people(conn: Connection, org_ids: Sequence[int], rng: random.Random) -> list[int]:
    """One person per entry of *org_ids* (no ID number: the registry's 'none' type)."""
    from core.people.models import Person

    table = Person.__table__  # type: ignore[attr-defined]
    now = datetime.now(UTC)
    rows = [
        {
            "name": rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))),
            "id_type": "none",
            "no_id_reason": "批量基准数据",
            "sex": rng.choice(("male", "male", "female")),
            "birth_date": date(1960, 1, 1) + timedelta(days=rng.randrange(18_000)),
            "org_id": org_id,
            "pinyin_initials": "",
            "full_pinyin": "",
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for org_id in org_ids
    ]
    result = conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
    return [int(r[0]) for r in result]
