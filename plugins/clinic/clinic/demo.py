"""Demo data (演示数据) for 乐陵市: a roster of twelve providers, 31 pilot clinics over the
16 stations, one adviser per village, and several months of sessions planned by the real
planner — mostly held with consultations, a few no-shows (red items) — plus home visits,
panels, lectures and publicity-event assistance. Written through the services, seeded.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from clinic.codes import Outcome, PanelRole, ServiceKind, SessionStatus
from clinic.errors import ClinicError
from clinic.models import ClinicAssist, ClinicProvider, ClinicSession
from clinic.planner import BEIJING, Infeasible, month_days
from clinic.services import outreach, panels, service_log, sessions
from clinic.services.due import sync_session_due
from clinic.services.roster import (
    add_unavailability,
    assign_adviser,
    create_clinic,
    create_provider,
)
from clinic.services.rota import plan_month
from core.api import OrgType, OrgUnit

__all__ = ["fill_demo"]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙"
GIVEN = "建国志强海燕春梅德明淑珍立新文华"
FIRMS = (
    "山东乐陵正大律师事务所",
    "山东鲁北律师事务所",
    "乐陵市城区法律服务所",
    "乐陵市杨安法律服务所",
)
SPECIALTIES = (
    "婚姻家庭、继承",
    "土地承包、宅基地",
    "劳动争议、工伤",
    "合同、民间借贷",
    "交通事故、损害赔偿",
)
QUESTIONS = {
    "marriage": ("离婚后孩子抚养费怎么算", "可协商，协商不成按收入比例由法院判决"),
    "inheritance": ("父亲去世没留遗嘱，房子怎么分", "按法定继承顺序由配偶、子女、父母均分"),
    "land": ("承包地被邻居多占了一垄", "先找村委会核对承包合同和地界"),
    "labour": ("在工地干活被拖欠工资", "保留考勤和聊天记录，可向劳动监察投诉"),
    "contract": ("借给亲戚的钱不还，只有微信记录", "微信记录可作证据，诉讼时效三年"),
    "neighbour": ("邻居房檐滴水到我家院里", "相邻关系纠纷，可申请人民调解"),
    "traffic": ("电动车被撞，对方不肯赔", "先取得交警责任认定书，再协商或起诉"),
    "consumer": ("买到过期食品", "可要求退一赔十"),
}


def _stations(session: Session, bureau_id: int) -> list[OrgUnit]:
    bureau = session.get(OrgUnit, bureau_id)
    assert bureau is not None
    return list(
        session.exec(
            select(OrgUnit)
            .where(OrgUnit.parent_id == bureau_id, OrgUnit.type == OrgType.STATION)
            .order_by(OrgUnit.path)
        ).all()
    )


def _villages(session: Session, station: OrgUnit) -> list[OrgUnit]:
    return list(
        session.exec(
            select(OrgUnit)
            .where(OrgUnit.parent_id == station.id, OrgUnit.type == OrgType.COMMUNITY)
            .order_by(OrgUnit.path)
        ).all()
    )


def fill_demo(session: Session, bureau_id: int, seed: int, today: date | None = None) -> None:
    rng = random.Random(seed)
    today = today or datetime.now(UTC).astimezone(BEIJING).date()
    stations = _stations(session, bureau_id)
    if not stations:
        return
    providers = []
    for index in range(12):
        station = stations[index % len(stations)]
        kind = "lawyer" if index < 8 else "legal_worker"
        providers.append(
            create_provider(
                session,
                station.id,  # type: ignore[arg-type]
                {
                    "name": f"{SURNAMES[index]}{rng.choice(GIVEN)}{rng.choice(GIVEN)}",
                    "kind": kind,
                    "firm": FIRMS[index % 2] if kind == "lawyer" else FIRMS[2 + index % 2],
                    "practice_number": f"1371420{18 + index % 5}1{index:09d}",
                    "practice_years": str(rng.randrange(2, 25)),
                    "specialties": rng.choice(SPECIALTIES),
                    "languages": "普通话、山东话",
                    "phone": f"1386{rng.randrange(10**7):07d}",
                },
            )
        )
    clinics = 0
    villages: list[OrgUnit] = []
    for station_index, station in enumerate(stations):
        own = _villages(session, station)
        villages.extend(own)
        for village in own[: 2 if station_index < 15 else 1]:
            if clinics >= 31:
                break
            create_clinic(
                session,
                village.id,  # type: ignore[arg-type]
                f"{village.name}法律服务诊室",
                preferred_weekday=rng.choice([None, None, None, None, None, 1, 3]),
                usual_provider_id=providers[station_index % 12].id,
                address=f"{village.name}党群服务中心",
            )
            clinics += 1
    for index, village in enumerate(villages):
        assign_adviser(
            session,
            village.id,  # type: ignore[arg-type]
            providers[index % 12],
            date(today.year, 1, 1),
            max_villages=5,
        )
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)  # last month and this
    months = []
    day = first
    while day <= today:
        months.append((day.year, day.month))
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    for year, month in months:
        for provider in providers:
            for off in rng.sample(month_days(year, month), 2):
                add_unavailability(session, provider, off, rng.choice(["开庭", "外出培训", "事假"]))
        try:
            plan_month(session, None, bureau_id, year, month, time_limit=0.5)
        except (Infeasible, ClinicError):
            continue
    _past_sessions(session, rng, bureau_id, today)
    _outreach(session, rng, providers, villages, today)


def _past_sessions(session: Session, rng: random.Random, bureau_id: int, today: date) -> None:
    bureau = session.get(OrgUnit, bureau_id)
    rows = session.exec(
        select(ClinicSession)
        .join(OrgUnit, OrgUnit.id == ClinicSession.org_id)  # type: ignore[arg-type]
        .where(
            col(OrgUnit.path).startswith(bureau.path),  # type: ignore[union-attr]
            ClinicSession.day < today,
            ClinicSession.status == SessionStatus.SCHEDULED,
        )
        .order_by(ClinicSession.day, ClinicSession.id)
    ).all()
    outcomes = [Outcome.ANSWERED] * 6 + [Outcome.LITIGATION] * 2 + [Outcome.ELSEWHERE]
    for row in rows:
        if rng.random() < 0.06:
            row.status = SessionStatus.NO_SHOW  # a red light the station has to deal with
            session.add(row)
            session.flush()
            sync_session_due(session, row)
            continue
        moment = datetime.combine(row.day, row.starts_at, BEIJING) + timedelta(minutes=5)
        sessions.check_in(session, row, now=moment, today=row.day, version=None)
        for _ in range(rng.randrange(0, 5)):
            category = rng.choice(list(QUESTIONS))
            question, advice = QUESTIONS[category]
            sessions.record_consultation(
                session,
                None,
                row,
                {
                    "category": category,
                    "question": question,
                    "advice": advice,
                    "outcome": rng.choice(outcomes),
                },
                person_id=None,
                actor_id=None,
            )


def _outreach(
    session: Session,
    rng: random.Random,
    providers: list[ClinicProvider],
    villages: list[OrgUnit],
    today: date,
) -> None:
    for index in range(12):
        village = rng.choice(villages)
        requested = today - timedelta(days=rng.randrange(3, 80))
        visit = outreach.request_visit(
            session,
            village.id,  # type: ignore[arg-type]
            {
                "address": f"{village.name}{rng.randrange(1, 90)}号",
                "matter": "老人行动不便，咨询赡养和遗嘱问题",
            },
            person_id=None,
            today=requested,
            actor_id=None,
        )
        if index % 4 == 3:
            continue
        provider = providers[index % len(providers)]
        planned = requested + timedelta(days=3)
        outreach.assign_visit(session, visit, provider, planned, today=requested, version=None)
        if planned < today and index % 4 != 2:
            outreach.record_visit(
                session,
                visit,
                {
                    "visited_on": planned.isoformat(),
                    "hours": "1.5",
                    "record": "上门讲解赡养义务和遗嘱形式，当事人表示理解",
                    "outcome": "answered",
                },
                today=today,
                version=None,
            )
    panel = panels.open_panel(
        session,
        villages[0].id,  # type: ignore[arg-type]
        {
            "title": "宅基地确权与继承交织纠纷会诊",
            "matter": "兄弟三人对父母遗留宅基地的使用权和房屋继承争执多年，涉及确权。",
            "meeting_on": (today - timedelta(days=20)).isoformat(),
            "place": "市公共法律服务中心",
        },
    )
    panels.add_member(
        session, panel, providers[0].name, PanelRole.LAWYER, providers[0].firm, providers[0].id
    )
    panels.add_member(session, panel, "刘教授", PanelRole.SCHOLAR, "德州学院法学院")
    panels.add_member(session, panel, "孙庭长", PanelRole.JUDICIAL, "乐陵市人民法院")
    panels.conclude_panel(
        session,
        panel,
        "建议先由村调委会调解宅基地使用，房屋按法定继承处理；调解不成可诉讼。",
        version=None,
    )
    open_panel = panels.open_panel(
        session,
        villages[1].id,
        {"title": "土地流转合同纠纷会诊", "matter": "十二户村民与合作社的流转费争议。"},  # type: ignore[arg-type]
    )
    panels.add_member(session, open_panel, providers[1].name, PanelRole.LAWYER, providers[1].firm)
    for provider in providers:
        village = rng.choice(villages)
        service_log.add_entry(
            session,
            provider,
            village.id,  # type: ignore[arg-type]
            {
                "day": (today - timedelta(days=rng.randrange(1, 40))).isoformat(),
                "kind": ServiceKind.LECTURE,
                "hours": "2",
                "note": "民法典进农村讲座",
            },
            today,
        )
    for index, provider in enumerate(providers[:4]):
        session.add(
            ClinicAssist(
                org_id=provider.org_id,
                provider_id=provider.id,  # type: ignore[arg-type]
                event_id=9000 + index,
                event_title="宪法宣传周法律咨询",
                day=today - timedelta(days=10 + index),
                hours=3.0,
            )
        )
    session.flush()
