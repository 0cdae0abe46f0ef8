"""Bulk mediation data for benchmarks: real cases registered through the service, then cloned.

One case per committee is registered through ``register_case`` (numbering, parties, audit,
due items: everything a real one has); the rest are copies of those rows with their own
serial, case number, registration date and status, written with ``executemany`` in batches
of 5,000 — seconds for 50,000 cases on SQLite and PostgreSQL alike. Dates and volumes are
skewed like real ones: a few committees take most cases, and more disputes arrive before
the Spring Festival and in summer.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlmodel import Session

BATCH = 5000
STATUSES = ("registered", "mediating", "agreed", "archived", "archived", "archived", "refused")
MONTH_WEIGHT = (14, 8, 8, 7, 7, 9, 10, 10, 8, 7, 6, 6)


def register_templates(session: Session, committee_ids: Sequence[int], today: date) -> list[int]:
    """One real case per committee (the rows the bulk copies are made from)."""
    from mediation.services.intake import register_case

    from core.orgs.models import OrgUnit

    made = []
    for n, committee_id in enumerate(committee_ids):
        case = register_case(
            session,
            committee_id,
            {
                "source": "party_application",
                "application_form": "written",
                "category_code": "0902",
                "description": "两家因宅基地界址发生争执，申请人称被申请人新建院墙占用其宅基地约半米。",
                "place": "三组",
                "people_involved": "2",
                "registered_on": today.isoformat(),
            },
            [
                {
                    "role": "applicant",
                    "person": {
                        "name": f"张三{n}",
                        "id_type": "none",
                        "no_id_reason": "未带证件",
                        "sex": "male",
                    },
                },
                {
                    "role": "respondent",
                    "person": {
                        "name": f"李四{n}",
                        "id_type": "none",
                        "no_id_reason": "未带证件",
                        "sex": "female",
                    },
                },
            ],
            actor_id=None,
            today=today,
            visible_people=select(OrgUnit.id),
        )
        made.append(int(case.id))  # type: ignore[arg-type]
    return made


def _day(rng: random.Random, year: int) -> date:
    month = rng.choices(range(1, 13), weights=MONTH_WEIGHT)[0]
    return date(year, month, 1) + timedelta(days=rng.randrange(28))


def clone_cases(
    engine: Engine, template_ids: Sequence[int], n: int, year: int, *, seed: int = 19
) -> int:
    """*n* more cases copied from the templates, skewed over committees (Zipf-like)."""
    from mediation.models import MediationCase

    rng = random.Random(seed)
    table = MediationCase.__table__  # type: ignore[attr-defined]
    with Session(engine) as session:
        templates = [
            dict(row._mapping)
            for row in session.execute(select(table).where(table.c.id.in_(template_ids))).all()
        ]
        top = session.execute(select(table.c.serial).order_by(table.c.serial.desc())).first()
    serial = (top[0] if top else 0) + 1000
    weights = [1 / (k + 1) for k in range(len(templates))]
    done = 0
    while done < n:
        rows: list[dict[str, Any]] = []
        for _ in range(min(BATCH, n - done)):
            source = rng.choices(templates, weights=weights)[0]
            row = {k: v for k, v in source.items() if k != "id"}
            registered = _day(rng, year)
            status = rng.choice(STATUSES)
            serial += 1
            row.update(
                serial=serial,
                year=year,
                case_number=f"{(source['case_number'] or 'X')[:40]}-{serial}",
                registered_on=registered,
                status=status,
                accepted_on=registered if status != "registered" else None,
                closed_on=registered + timedelta(days=rng.randrange(3, 40))
                if status in ("agreed", "archived")
                else None,
                title=f"{source['title'][:80]}（{serial}）",
            )
            rows.append(row)
        with engine.begin() as conn:
            conn.execute(insert(table), rows)
        done += len(rows)
    return done
