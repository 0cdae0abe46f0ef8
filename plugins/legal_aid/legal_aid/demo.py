"""Demo data (演示数据): a legal-aid centre under the demo bureau with a roster, a subsidy
table, duty shifts, and about six months of cases in every state — some overdue, so the
red lights show. Written through the services; deterministic by seed."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, select

from core.api import OrgType, OrgUnit, create_org, search_people, subtree_ids_select
from legal_aid.codes import APPLICATION_MATTERS, Channel, Grade, QualityMethod, Satisfaction
from legal_aid.models import LegalAidCase, LegalAidProvider
from legal_aid.services import assignment, duty, handling, quality, review, subsidies
from legal_aid.services.clock import BEIJING
from legal_aid.services.intake import register_application, register_notice
from legal_aid.services.roster import save_provider

__all__ = ["fill_demo"]

LAWYERS = [("王建国", 12), ("李秀梅", 8), ("张伟", 5), ("刘洋", 3), ("陈静", 2), ("赵磊", 1)]
RATES = [
    ("litigation", "civil", "1200"),
    ("criminal", "criminal_application", "1500"),
    ("criminal", "criminal_notice", "1800"),
    ("litigation", "no_hardship", "1200"),
    ("litigation", "retrial", "2000"),
]
SUMMARIES = [
    "被拖欠工资，多次讨要未果。",
    "交通事故受伤，对方拒绝赔偿。",
    "子女拒绝支付赡养费。",
    "工伤认定后用人单位不予赔偿。",
    "遭受家庭暴力，请求离婚并保护令。",
]


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=BEIJING).astimezone(UTC)


def fill_demo(session: Session, bureau_id: int, seed: int, today: date | None = None) -> None:
    rng = random.Random(seed)
    today = today or date.today()
    bureau = session.get(OrgUnit, bureau_id)
    if bureau is None or session.exec(select(LegalAidProvider.id).limit(1)).first():
        return
    views, _ = search_people(session, None, org_ids_select=subtree_ids_select(bureau), limit=120)
    people = [v.id for v in views]
    if not people:
        return
    centre = create_org(
        session,
        name=f"{bureau.name[:3]}法律援助中心",
        type=OrgType.LEGAL_AID_CENTRE,
        parent_id=bureau_id,
    )
    assert centre.id is not None
    lawyers = [
        save_provider(
            session,
            centre.id,
            {
                "name": name,
                "kind": "lawyer",
                "practice_number": f"13714{2000 + i:05d}{rng.randint(1000, 9999)}",
                "relevant_years": str(years),
                "firm": "山东乐陵某律师事务所",
            },
        )
        for i, (name, years) in enumerate(LAWYERS)
    ]
    save_provider(
        session,
        centre.id,
        {
            "name": "孙法务",
            "kind": "legal_service_worker",
            "practice_number": f"3714{rng.randint(100000, 999999)}",
            "relevant_years": "6",
            "firm": "市中街道法律服务所",
        },
    )
    for form, group, amount in RATES:
        subsidies.set_rate(
            session, bureau_id, {"service_form": form, "matter_group": group, "amount": amount}
        )
    for n in range(14):  # two weeks of duty shifts at the three workstations
        day = today - timedelta(days=7) + timedelta(days=n)
        if day.weekday() >= 5:
            continue
        lawyer = lawyers[n % len(lawyers)]
        station, place = [
            ("detention", "乐陵市看守所工作站"),
            ("court", "乐陵市人民法院工作站"),
            ("procuratorate", "乐陵市人民检察院工作站"),
        ][n % 3]
        shift = duty.add_shift(
            session,
            centre.id,
            {
                "workstation": station,
                "place": place,
                "provider_id": str(lawyer.id),
                "starts_at": f"{day.isoformat()}T09:00",
                "ends_at": f"{day.isoformat()}T17:00",
            },
        )
        if day < today:
            duty.add_log(
                session,
                shift.id,
                {
                    "consultations": str(rng.randint(2, 9)),
                    "plea_signings": str(rng.randint(0, 3)),
                    "applications_taken": str(rng.randint(0, 1)),
                    "notes": "值班正常",
                },
            )
    everyone = select(OrgUnit.id)
    for n in range(40):
        received = today - timedelta(days=rng.randint(0, 180))
        person = str(people[n % len(people)])
        if n % 6 == 0:
            case = register_notice(
                session,
                centre.id,
                {
                    "matter": rng.choice(["notice_minor", "notice_life_death", "notice_disabled"]),
                    "notifying_authority": rng.choice(
                        ["乐陵市人民法院", "乐陵市人民检察院", "乐陵市公安局"]
                    ),
                    "summary": "犯罪嫌疑人没有委托辩护人。",
                    "applicant_id": person,
                },
                received_at=_at(received),
                visible_people=everyone,
            )
        else:
            matter = rng.choice(
                [m for m in APPLICATION_MATTERS if m.value.startswith(("civil_", "free_"))]
            )
            case = register_application(
                session,
                centre.id,
                {
                    "matter": matter.value,
                    "summary": rng.choice(SUMMARIES),
                    "applicant_id": person,
                    "economic_situation": "家庭收入低于当地低保标准两倍",
                    "integrity_pledge": "1",
                },
                channel=rng.choice(
                    [Channel.WINDOW, Channel.HOTLINE, Channel.ONLINE, Channel.WORKSTATION]
                ),
                received_at=_at(received),
                visible_people=everyone,
            )
        _advance(session, rng, case, received, today)


def _day(start: date, days: int, today: date) -> date | None:
    day = start + timedelta(days=days)
    return day if day <= today else None


def _advance(
    session: Session, rng: random.Random, case: LegalAidCase, received: date, today: date
) -> None:
    """Move a case as far as the days since receipt allow (some left overdue on purpose)."""
    cid = case.id
    if case.channel != Channel.NOTICE:
        base = received
        if rng.random() < 0.2:
            asked = _day(received, 1, today)
            if asked is None:
                return
            review.request_materials(
                session,
                cid,
                {"materials_list": "收入证明；身份证复印件", "requested_on": asked.isoformat()},
                None,
                today,
            )
            supplied = _day(asked, rng.randint(2, 20), today)
            if supplied is None or supplied > (
                session.get(LegalAidCase, cid).materials_due or today
            ):
                return
            review.supply_materials(
                session, cid, {"supplied_on": supplied.isoformat()}, None, today
            )
            base = supplied
        decided = _day(base, rng.randint(1, 6), today)
        if decided is None or rng.random() < 0.05:
            return  # still under review (some overdue)
        if rng.random() < 0.1:
            review.refuse(
                session,
                cid,
                {"decided_on": decided.isoformat(), "refusal_reason": "家庭收入高于经济困难标准"},
                None,
                today,
            )
            return
        review.grant(session, cid, {"decided_on": decided.isoformat()}, None, today)
    else:
        decided = received
    assigned = _day(decided, rng.randint(0, 4), today)
    if assigned is None:
        return
    assignment.assign(session, cid, {"assigned_on": assigned.isoformat()}, None, today)
    progress = _day(assigned, rng.randint(3, 20), today)
    if progress is None:
        return
    handling.log_progress(
        session, cid, {"happened_on": progress.isoformat(), "note": "会见受援人，查阅案卷"}, today
    )
    ended = _day(progress, rng.randint(10, 60), today)
    if ended is None:
        return
    handling.end_matter(
        session, cid, {"ended_on": ended.isoformat(), "result": "已判决/调解结案"}, None, today
    )
    reported = _day(ended, rng.randint(5, 40), today)
    if reported is None:
        return  # the closing report is due (red once 30 days pass)
    handling.submit_report(
        session,
        cid,
        {"report": "已按要求提交结案材料。", "reported_on": reported.isoformat()},
        None,
        today,
    )
    checked = _day(reported, rng.randint(1, 10), today)
    if checked is None:
        return
    quality.record_check(
        session,
        cid,
        {
            "method": rng.choice(list(QualityMethod)).value,
            "grade": rng.choice([Grade.EXCELLENT, Grade.GOOD, Grade.GOOD, Grade.PASS]).value,
            "checked_on": checked.isoformat(),
            "notes": "质量符合要求",
        },
        today,
    )
    quality.record_satisfaction(
        session,
        cid,
        {
            "satisfaction": rng.choice(
                [Satisfaction.SATISFIED] * 8 + [Satisfaction.BASIC, Satisfaction.UNSATISFIED]
            ).value,
            "surveyed_on": checked.isoformat(),
        },
        None,
        today,
    )
    if checked < today - timedelta(days=20):
        from legal_aid.models import LegalAidSubsidy

        subsidy = session.exec(
            select(LegalAidSubsidy).where(LegalAidSubsidy.case_id == cid)
        ).first()
        if subsidy is not None:
            subsidies.approve(session, subsidy.id, subsidy.version, today, None)  # type: ignore[arg-type]
