"""Demo data (``sifa demo``): four months of visits at the demo bureau's stations, most
answered in time, some late, a few still unanswered and past due (red on the dashboard).
Written through the services (numbers, due dates, due items), deterministic by seed."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone

from sqlmodel import Session, col, select

from core.api import OrgType, OrgUnit, search_people, subtree_ids_select
from petitions.codes import Channel
from petitions.services import register_visit, update_visit

BEIJING = timezone(timedelta(hours=8))
MATTERS = [
    "反映邻居加盖房屋影响采光，要求协调处理",
    "反映村内道路被占用，出行不便",
    "反映赡养费长期未付，请求帮助",
    "反映土地承包经营权流转费用未兑现",
    "反映务工工资被拖欠三个月",
    "反映宅基地界线与邻户存在争议",
    "咨询离婚后子女抚养费变更事宜",
    "反映物业公司服务不到位，收费不合理",
]
ANSWERS = ["已告知依法受理，转司法所办理", "已告知不予受理并说明理由", "已答复并引导通过诉讼解决"]


def add_demo_visits(
    session: Session, bureau_id: int, seed: int, *, today: date | None = None
) -> int:
    """Add the demo visits; returns how many."""
    rng = random.Random(seed)
    today = today or datetime.now(UTC).astimezone(BEIJING).date()
    bureau = session.get(OrgUnit, bureau_id)
    if bureau is None:
        return 0
    stations = session.exec(
        select(OrgUnit)
        .where(
            col(OrgUnit.id).in_(subtree_ids_select(bureau)),
            OrgUnit.type == OrgType.STATION,
            col(OrgUnit.active).is_(True),
        )
        .order_by(OrgUnit.path)
    ).all()
    people, _ = search_people(session, "", org_ids_select=subtree_ids_select(bureau), limit=100)
    if not stations or not people:
        return 0
    made = 0
    for _ in range(min(12 * len(stations), 120)):
        station = rng.choice(stations)
        visited_on = today - timedelta(days=rng.randint(0, 120))
        visit = register_visit(
            session,
            {
                "org_id": station.id,
                "person_id": rng.choice(people).id,
                "visited_on": visited_on,
                "channel": rng.choice(list(Channel)).value,
                "matter": rng.choice(MATTERS),
            },
            actor_id=None,
        )
        made += 1
        age = (today - visited_on).days
        if age > 5 and rng.random() < 0.85:  # most are answered, a few of them late
            answered_on = min(visited_on + timedelta(days=rng.randint(2, 20)), today)
            update_visit(
                session,
                visit,
                {
                    "visited_on": visited_on,
                    "channel": visit.channel,
                    "matter": visit.matter,
                    "answered_on": answered_on,
                    "answer": rng.choice(ANSWERS),
                },
            )
        elif visit.due_on is not None and visit.due_on < today:
            visit.overdue = True  # what the daily job would mark
            session.add(visit)
    session.flush()
    return made
