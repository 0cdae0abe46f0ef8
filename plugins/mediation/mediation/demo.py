"""Demo records (演示数据) for the demo bureau: committees, mediators and a quarter of cases.

Everything is written through the plugin's own services, so numbering, validation, deadlines
and the audit trail apply exactly as in real use. Dates are relative to the day the demo is
made (the last ~100 days), so the current month's ledger, reminders and indicators have
figures to show; ``seed`` makes two runs choose the same stories.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from core.api import OrgType, OrgUnit, role_holders, search_people, subtree_ids_select

from .codes import CaseStatus, Difficulty
from .models import MediationCase, MediationCommittee, MediationMediator
from .services import aftercare, archive, proceedings
from .services.committees import create_committee
from .services.escalations import escalate_case, escalation_targets, sign_escalation
from .services.intake import accept_case, refuse_case, register_case
from .services.mediators import create_mediator
from .services.proceedings import set_prevention
from .services.screening import open_round, period_of, report_round
from .services.warnings import respond_to_warning, set_warning_level
from .settings import MediationSettings

#: Typical village disputes: (category code, description, place hint, amount involved).
STORIES: list[tuple[str, str, str]] = [
    ("0902", "两家因宅基地界址发生争执，申请人称被申请人新建院墙占用其宅基地约半米。", "0"),
    ("0102", "老人有三个子女，因赡养费分担比例发生争执，老人申请调解。", "6000"),
    ("0103", "兄弟二人因父母遗留房屋的分割发生纠纷。", "80000"),
    ("0101", "夫妻因感情不和要求离婚，就子女抚养和财产分割协商不成。", "30000"),
    ("0401", "邻里因排水沟堵塞导致一方院内积水，双方争执不下。", "800"),
    ("0601", "务工人员称包工头拖欠三个月工资，多次讨要未果。", "18000"),
    ("0301", "承包地边界不清，两户因耕种范围发生争执。", "1500"),
    ("1001", "村民驾驶电动三轮车与行人相撞，双方就医疗费赔偿协商不成。", "5200"),
    ("0701", "买卖农机具后出现质量问题，买方要求退货退款。", "9600"),
    ("0201", "民间借贷到期未还，出借人申请调解。", "20000"),
]

SESSION_NOTES = (
    "双方分别陈述了纠纷经过和各自诉求，调解员释法明理，双方同意在平等自愿的基础上协商解决。"
)
TERMS = "经调解，双方自愿达成如下协议：{}。双方今后和睦相处，不再因此事发生争执。"


def fill_demo(session: Session, bureau_id: int, seed: int, today: date | None = None) -> None:
    """Committees for every station and village, two mediators each, and ~3 cases each."""
    rng = random.Random(seed)
    today = today or date.today()
    bureau = session.get(OrgUnit, bureau_id)
    if bureau is None or session.exec(select(MediationCommittee.id).limit(1)).first():
        return
    people = _demo_people(session, bureau)
    if len(people) < 2:
        return
    villages_seen: Counter[int] = Counter()
    for unit in _mediation_units(session, bureau):
        committee = _committee(session, unit, villages_seen, today)
        mediators = [
            create_mediator(
                session,
                committee.id,  # type: ignore[arg-type]
                {
                    "name": name,
                    "employment": "full_time" if unit.type == OrgType.STATION else "part_time",
                    "position": position,
                },
                today=today,
            )
            for name, position in _mediator_names(rng)
        ]
        _link_demo_mediator(session, unit, mediators[0])
        for _ in range(3 if unit.type == OrgType.STATION else rng.randint(1, 3)):
            case = _case(session, rng, committee, unit, mediators, people, today)
            _warn_and_escalate(session, rng, case, today)
        _screening(session, rng, unit, today)


def _link_demo_mediator(session: Session, unit: OrgUnit, mediator: MediationMediator) -> None:
    """The demo's mediator account (``tiaojie``) works in this village: link it to the
    roster, so "我的案件" works at first sign-in instead of saying the account is unlinked."""
    accounts = role_holders(session, unit.id, ("mediator",), up_tree=False)  # type: ignore[arg-type]
    linked = set(
        session.exec(
            select(MediationMediator.account_id).where(
                MediationMediator.account_id.is_not(None)  # type: ignore[union-attr]
            )
        ).all()
    )
    free = [a for a in accounts if a not in linked]
    if free:
        mediator.account_id = free[0]
        session.add(mediator)
        session.flush()


def _demo_people(session: Session, bureau: OrgUnit) -> list[int]:
    """Citizens with an identity document on file: a demo case is archived, and the file
    must hold each party's identity proof (other modules' demo data registers people
    without one, e.g. a party named at a clinic)."""
    views, _ = search_people(session, None, org_ids_select=subtree_ids_select(bureau), limit=200)
    return [view.id for view in views if view.id_number_masked or view.document_number_masked]


def _mediation_units(session: Session, bureau: OrgUnit) -> list[OrgUnit]:
    """Stations (township committees) and communities (village committees), in tree order."""
    return list(
        session.exec(
            select(OrgUnit)
            .where(
                OrgUnit.path.startswith(bureau.path),  # type: ignore[union-attr]
                OrgUnit.type.in_([OrgType.STATION, OrgType.COMMUNITY]),  # type: ignore[attr-defined]
                OrgUnit.active.is_(True),  # type: ignore[attr-defined]
            )
            .order_by(OrgUnit.path)
        ).all()
    )


def _committee(
    session: Session, unit: OrgUnit, villages_seen: Counter[int], today: date
) -> MediationCommittee:
    """A township committee at a station (短称: the station's first two characters, unique
    among 乐陵's 16, then 调) or a village committee numbered within its station (市中1 …)."""
    if unit.type == OrgType.STATION:
        short, kind = f"{unit.name[:2]}调", "township"
    else:
        parent = session.get(OrgUnit, unit.parent_id)
        villages_seen[unit.parent_id or 0] += 1
        prefix = (parent.name if parent else unit.name)[:2]
        short, kind = f"{prefix}{villages_seen[unit.parent_id or 0]}", "village"
    return create_committee(
        session,
        {
            "parent_id": unit.id,
            "name": f"{unit.name.removesuffix('司法所')}人民调解委员会",
            "kind": kind,
            "short_name": short,
        },
        today=today,
    )


def _mediator_names(rng: random.Random) -> list[tuple[str, str]]:
    surnames = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
    given = ["建国", "秀英", "志强", "桂兰", "明", "丽", "德胜", "玉梅", "长江", "凤霞"]
    return [
        (rng.choice(surnames) + rng.choice(given), "chair"),
        (rng.choice(surnames) + rng.choice(given), "member"),
    ]


def _case(
    session: Session,
    rng: random.Random,
    committee: MediationCommittee,
    unit: OrgUnit,
    mediators: list[MediationMediator],
    people: list[int],
    today: date,
) -> MediationCase:
    code, description, amount = rng.choice(STORIES)
    applicant, respondent = rng.sample(people, 2)
    registered = today - timedelta(days=rng.randint(0, 100))
    oral = rng.random() < 0.4
    data: dict[str, Any] = {
        "source": "party_application",
        "application_form": "oral" if oral else "written",
        "category_code": code,
        "description": description,
        "place": unit.name.removesuffix("司法所"),
        "people_involved": "2",
        "amount": amount,
        "registered_on": registered.isoformat(),
    }
    if oral:
        data |= {"application_text": f"申请人口述：{description}", "applicant_signed": "1"}
    case = register_case(
        session,
        committee.id,  # type: ignore[arg-type]
        data,
        [
            {"role": "applicant", "person_id": str(applicant)},
            {"role": "respondent", "person_id": str(respondent)},
        ],
        actor_id=None,
        today=today,
        visible_people=select(OrgUnit.id),
    )
    if rng.random() < 0.05:
        refuse_case(
            session,
            case.id,  # type: ignore[arg-type]
            {"refusal_reason": "already_handled", "refused_on": registered.isoformat()},
            expected_version=case.version,
            today=today,
            settings=MediationSettings(),
        )
        return case
    case = accept_case(
        session,
        case.id,  # type: ignore[arg-type]
        {
            "accepted_on": registered.isoformat(),
            "rights_notified_on": registered.isoformat(),
            "mediator_ids": [str(m.id) for m in mediators],
        },
        expected_version=case.version,
        today=today,
    )
    age = (today - registered).days
    if age < 3:
        return case  # still being mediated: the newest cases
    held = registered + timedelta(days=rng.randint(1, min(age, 12)))
    _record(
        proceedings.record_session,
        session,
        case,
        today,
        held_on=held.isoformat(),
        participants="申请人、被申请人、调解员",
        notes=SESSION_NOTES,
        actor_id=None,
    )
    outcome = rng.random()
    if outcome < 0.12:
        _record(
            proceedings.terminate_case,
            session,
            case,
            today,
            termination_reason="no_agreement",
            terminated_on=held.isoformat(),
            remedies=["litigation"],
            difficulty=_difficulty(rng),
        )
        return case
    deadline = held + timedelta(days=rng.choice([7, 10, 15, 30]))
    _record(
        proceedings.record_agreement,
        session,
        case,
        today,
        form="oral" if amount == "0" and rng.random() < 0.3 else "written",
        concluded_on=held.isoformat(),
        terms=TERMS.format(
            "被申请人按约定履行义务" if amount == "0" else f"被申请人支付{amount}元"
        ),
        amount=amount,
        performance_method="自行履行",
        difficulty=_difficulty(rng),
        performance_deadline=deadline.isoformat(),
    )
    if deadline >= today:
        return case  # the performance-deadline reminder is still ahead
    _record(
        aftercare.record_performance,
        session,
        case,
        today,
        performed_on=deadline.isoformat(),
        performance_note="已按协议履行",
    )
    visited = deadline + timedelta(days=rng.randint(1, 10))
    if visited > today:
        return case
    _record(
        aftercare.record_follow_up,
        session,
        case,
        today,
        visited_on=visited.isoformat(),
        visited_persons="申请人、被申请人",
        visitor=mediators[0].name,
        performance="已全部履行",
        actor_id=None,
        satisfaction=rng.choice(["satisfied"] * 8 + ["basically"]),
    )
    if rng.random() < 0.6:
        _record(archive.archive_case, session, case, today, actor_id=None)
    return case


WARNING_REASONS = (
    "双方多次争吵，一方扬言报复",
    "涉及多户村民，有聚集上访苗头",
    "一方情绪激动，需防止矛盾激化",
)


def _warn_and_escalate(
    session: Session, rng: random.Random, case: MediationCase, today: date
) -> None:
    """Some open cases carry a warning (a few red ones not yet answered: red items), some
    cases the committee could not settle went up to the station, some settled ones count as
    prevented 民转刑 or group petitions."""
    session.refresh(case)
    assert case.id is not None
    start = _moment(case.accepted_on or case.registered_on)
    status = CaseStatus(case.status)
    if status is CaseStatus.MEDIATING and rng.random() < 0.3:
        level = rng.choice(["red", "orange", "orange", "yellow", "yellow"])
        set_warning_level(
            session,
            case.id,
            {"level": level, "reason": rng.choice(WARNING_REASONS)},
            expected_version=case.version,
            actor_id=None,
            now=start,
            settings=MediationSettings(),
        )
        if rng.random() < 0.5:
            session.refresh(case)
            respond_to_warning(
                session,
                case.id,
                {"response_note": "已上门稳控，双方情绪平稳"},
                expected_version=case.version,
                actor_id=None,
                now=start + timedelta(hours=1),
            )
    if status is CaseStatus.TERMINATED and rng.random() < 0.4:
        targets = escalation_targets(session, case)
        if targets:
            session.refresh(case)
            row = escalate_case(
                session,
                case.id,
                {
                    "receiver_org_id": str(targets[0].id),
                    "reason": "调委会多次调解未果，请求上级协调",
                },
                expected_version=case.version,
                actor_id=None,
                now=_moment(case.terminated_on or today),
            )
            if rng.random() < 0.6:
                sign_escalation(
                    session,
                    row.id,  # type: ignore[arg-type]
                    expected_version=row.version,
                    actor_id=None,
                    now=_moment(case.terminated_on or today) + timedelta(hours=3),
                )
    if status in (CaseStatus.AGREED, CaseStatus.PERFORMED) and rng.random() < 0.2:
        session.refresh(case)
        set_prevention(
            session,
            case.id,
            {
                "prevented_criminal": "1" if rng.random() < 0.6 else "",
                "prevented_group_petition": "1",
            },
            expected_version=case.version,
        )


def _screening(session: Session, rng: random.Random, unit: OrgUnit, today: date) -> None:
    """The last three screening periods: most reported on time (a third as zero reports),
    a few late, a few never — the red items a leader should see — and the current one open."""
    day = today
    for age in range(4):
        start, end = period_of(unit.type, day)
        row = open_round(session, unit, day, now=_moment(start))
        day = start - timedelta(days=1)
        if age == 0:
            continue  # the current period is still running
        fate = rng.random()
        if fate < 0.08:
            continue  # never reported: red, escalated
        late = fate < 0.18
        reported = end + timedelta(days=rng.randint(1, 4)) if late else end - timedelta(days=1)
        zero = rng.random() < 0.35
        report_round(
            session,
            row.id,  # type: ignore[arg-type]
            {"zero_report": "1"} if zero else {"disputes_found": str(rng.randint(1, 3))},
            expected_version=row.version,
            actor_id=None,
            today=min(reported, today),
            now=_moment(min(reported, today)),
        )


def _moment(day: date) -> datetime:
    """09:00 Beijing time on *day*, as an aware datetime (when the demo pretends it happened)."""
    return datetime(day.year, day.month, day.day, 1, tzinfo=UTC)


def _difficulty(rng: random.Random) -> str:
    return rng.choice([Difficulty.SIMPLE] * 5 + [Difficulty.GENERAL] * 3 + [Difficulty.COMPLEX])


def _record(
    service: Any, session: Session, case: MediationCase, today: date, **fields: Any
) -> None:
    """Call one step of the case's life with the case's current version, as a page would."""
    actor = {key: fields.pop(key) for key in ("actor_id",) if key in fields}
    session.refresh(case)
    service(session, case.id, fields, expected_version=case.version, today=today, **actor)
