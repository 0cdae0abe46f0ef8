"""Helpers for the export and scheduling page tests: signed-in clients and a people seeder.

    with signed_in(platform, "leader", {"bureau_leader": tree.bureau}) as client: ...
    seed_people(platform.engine, 50_000, org_ids=[tree.village_a, tree.village_b])

``seed_people`` writes valid, unique registry rows with bulk inserts (no per-row
validation), so 50,000 people take seconds on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from litestar.testing import TestClient
from sqlalchemy import Engine, insert

from core.db import session_scope
from core.people.identity_numbers import make_resident_id
from core.people.models import Person
from core.platform import Platform
from tests.support.auth import FakeClock, login, make_account, use_clock

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红玲芬燕彬建国文辉力永健"
REGION = "371481"  # 乐陵市
CHUNK = 5_000


@contextmanager
def signed_in(
    platform: Platform,
    username: str,
    roles: dict[str, int | None],
    *,
    org_id: int | None = None,
    clock: FakeClock | None = None,
) -> Iterator[TestClient[Any]]:
    """A client of a fresh app, signed in as a new account holding ``roles``."""
    from web.app import create_app

    with session_scope(platform.engine) as session:
        make_account(session, username, roles=roles, org_id=org_id, host=platform.host)
    with TestClient(app=create_app(platform=platform), raise_server_exceptions=False) as client:
        if clock is not None:
            use_clock(client, clock)
        login(client, username)
        yield client


def person_rows(n: int, org_ids: Sequence[int], *, start: int = 0) -> Iterator[dict[str, Any]]:
    """``n`` distinct people, spread over ``org_ids`` in turn."""
    first_day = date(1950, 1, 1)
    now = datetime.now(UTC)
    for i in range(start, start + n):
        # (birth day, sequence, sex) is unique per i, so every identity number is unique.
        female = bool(i % 2)
        birth = first_day + timedelta(days=(i // 2) % 20_000)
        number = make_resident_id(REGION, birth, (i // 2) // 20_000, female)
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i // 7) % len(GIVEN)] + GIVEN[i % len(GIVEN)]
        yield {
            "name": name,
            "id_type": "resident_id",
            "id_number": number,
            "sex": "female" if female else "male",
            "birth_date": birth,
            "phone": f"139{i:08d}",
            "address": f"山东省乐陵市振华路{i % 300 + 1}号",
            "ethnicity": "汉族",
            "org_id": org_ids[i % len(org_ids)],
            "pinyin_initials": "",
            "full_pinyin": "",
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }


def seed_people(engine: Engine, n: int, org_ids: Sequence[int], *, start: int = 0) -> None:
    """Insert ``n`` people in bulk (executemany in chunks; the audit trail is not involved)."""
    batch: list[dict[str, Any]] = []
    with engine.begin() as conn:
        for row in person_rows(n, org_ids, start=start):
            batch.append(row)
            if len(batch) == CHUNK:
                conn.execute(insert(Person), batch)
                batch = []
        if batch:
            conn.execute(insert(Person), batch)
