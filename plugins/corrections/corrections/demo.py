"""Demo data (演示数据) for a bureau: a few months of corrections work at its first stations,
written through the services so every row, due item and audit record is what real use
leaves behind — including red items (an overdue intake, missed check-ins, a lost contact, a
leave not closed, hand-overs not done). Deterministic by seed; a second call adds nothing."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlmodel import Session, col, select

from core.api import OrgType, OrgUnit, register_person, subtree_ids_select
from corrections.codes import LeaveRoute
from corrections.models import CorrectionsCheckin, CorrectionsSubject
from corrections.services import intake, leave, location, release, sanctions, supervision
from corrections.settings import CorrectionsSettings

__all__ = ["fill_demo"]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = [
    "建国",
    "小红",
    "海涛",
    "丽娟",
    "志强",
    "秀英",
    "明",
    "芳",
    "伟",
    "静",
    "磊",
    "敏",
    "洋",
    "娜",
]
OFFENCES = [
    ("危险驾驶罪", "拘役三个月，缓刑六个月", "probation"),
    ("盗窃罪", "有期徒刑一年，缓刑二年", "probation"),
    ("故意伤害罪", "有期徒刑三年，假释", "parole"),
    ("诈骗罪", "管制一年", "control"),
    ("交通肇事罪", "有期徒刑二年，暂予监外执行", "medical_parole"),
]
STATIONS = 4
SETTINGS = CorrectionsSettings()


def _person(session: Session, rng: random.Random, org_id: int, sex: str | None = None) -> int:
    sex = sex or rng.choice(["male", "male", "male", "female"])
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    row = register_person(
        session,
        {"name": name, "id_type": "none", "no_id_reason": "演示数据", "sex": sex},
        org_id=org_id,
    )
    return row.id  # type: ignore[return-value]


def _subject(
    session: Session,
    rng: random.Random,
    org_id: int,
    today: date,
    *,
    received: date,
    report_after: int | None,
    announce: bool = True,
    term_days: int = 365,
    minor: bool = False,
) -> CorrectionsSubject:
    offence, sentence, kind = rng.choice(OFFENCES)
    values = intake.clean_subject(
        {
            "subject_type": kind,
            "offence": offence,
            "sentence": sentence,
            "deciding_body": "乐陵市人民法院",
            "judgment_number": f"（{received.year}）鲁1481刑初{rng.randint(10, 400)}号",
            "documents_received_on": received.isoformat(),
            "term_end": (received + timedelta(days=term_days)).isoformat(),
            "is_minor": "1" if minor else "",
        },
        today,
    )
    subject = intake.receive_documents(
        session, values, org_id=org_id, person_id=_person(session, rng, org_id), today=today
    )
    if report_after is not None:
        on = received + timedelta(days=report_after)
        intake.report_in(
            session, subject, mode=rng.choice(["self", "self", "court"]), on=on, today=today
        )
        if announce:
            intake.announce(session, subject, on=on, today=today, settings=SETTINGS)
    return subject


def _keep_up_checkins(
    session: Session, subject: CorrectionsSubject, today: date, *, miss_last: bool
) -> None:
    due = session.exec(
        select(CorrectionsCheckin)
        .where(CorrectionsCheckin.subject_id == subject.id, CorrectionsCheckin.due_on < today)
        .order_by(col(CorrectionsCheckin.due_on))
    ).all()
    for n, checkin in enumerate(due):
        if miss_last and n == len(due) - 1:
            break
        supervision.record_checkin(
            session, subject, checkin, on=checkin.due_on, mode=checkin.mode, note="", today=today
        )


def _team(session: Session, subject: CorrectionsSubject) -> None:
    supervision.save_team(
        session,
        subject,
        [
            {"name": "司法所干部", "member_type": "01", "sex": "male"},
            {"name": "社区网格员", "member_type": "04", "sex": "female"},
            {"name": "家属", "member_type": "07", "sex": "female"},
        ],
        "female",
    )


def _station(
    session: Session, rng: random.Random, station: OrgUnit, today: date, first: bool
) -> None:
    sid = station.id
    assert sid is not None
    veteran = _subject(
        session, rng, sid, today, received=today - timedelta(days=130), report_after=4
    )
    _team(session, veteran)
    _keep_up_checkins(session, veteran, today, miss_last=False)
    supervision.set_level(
        session, veteran, "normal", settings=SETTINGS, today=today, reason="表现良好"
    )
    supervision.log_activity(
        session, veteran, {"kind": "study", "on": today.isoformat(), "hours": "4"}, today
    )
    back = leave.apply_leave(
        session,
        veteran,
        {
            "destination": "济南市",
            "reason": "就医",
            "start_on": (today - timedelta(days=20)).isoformat(),
            "end_on": (today - timedelta(days=16)).isoformat(),
        },
        settings=SETTINGS,
        today=today - timedelta(days=20 + SETTINGS.leave_notice_days),  # applied in time
    )
    leave.decide_leave(
        session,
        veteran,
        back,
        approve=True,
        level=LeaveRoute.STATION,
        decided_by="所长",
        today=today,
    )
    leave.close_leave(session, veteran, back, on=today - timedelta(days=16), today=today)

    newcomer = _subject(
        session, rng, sid, today, received=today - timedelta(days=30), report_after=6
    )
    _team(session, newcomer)
    _keep_up_checkins(session, newcomer, today, miss_last=True)  # red: the last check-in missed
    sanctions.record_sanction(
        session,
        newcomer,
        {
            "kind": "admonition",
            "facts": "未按规定时间报告",
            "decided_on": (today - timedelta(days=2)).isoformat(),
        },
        decided_by="县社区矫正机构",
        settings=SETTINGS,
        today=today,
    )
    away = leave.apply_leave(
        session,
        newcomer,
        {
            "destination": "德州市",
            "reason": "家庭重大事项",
            "start_on": (today - timedelta(days=6)).isoformat(),
            "end_on": (today - timedelta(days=2)).isoformat(),
        },
        settings=SETTINGS,
        today=today - timedelta(days=6 + SETTINGS.leave_notice_days),  # applied in time
    )
    leave.decide_leave(
        session,
        newcomer,
        away,
        approve=True,
        level=LeaveRoute.STATION,
        decided_by="所长",
        today=today,
    )  # not back: red

    _subject(
        session, rng, sid, today, received=today - timedelta(days=3), report_after=None
    )  # countdown running
    finished = _subject(
        session,
        rng,
        sid,
        today,
        received=today - timedelta(days=200),
        report_after=3,
        term_days=190,
    )
    _keep_up_checkins(session, finished, today, miss_last=False)
    release.release(session, finished, on=finished.term_end, settings=SETTINGS, today=today)  # type: ignore[arg-type]

    for days, key, handed in ((-25, True, True), (-5, False, False), (20, True, False)):
        notice = release.receive_release_notice(
            session,
            {
                "released_by": "山东省鲁北监狱",
                "release_on": (today + timedelta(days=days)).isoformat(),
                "category": "01" if key else "02",
            },
            org_id=sid,
            person_id=_person(session, rng, sid),
            today=today,
        )
        if handed:
            release.verify(session, notice, today)
            release.hand_over(
                session,
                notice,
                mode="03",
                on=today + timedelta(days=days),
                settings=SETTINGS,
                today=today,
            )
            release.resettle(session, notice, "06")

    if first:
        _subject(
            session, rng, sid, today, received=today - timedelta(days=14), report_after=None
        )  # red: not reported
        lost = _subject(
            session, rng, sid, today, received=today - timedelta(days=70), report_after=2
        )
        _keep_up_checkins(session, lost, today, miss_last=True)
        supervision.lose_contact(session, lost, today - timedelta(days=1))
        watched = _subject(
            session, rng, sid, today, received=today - timedelta(days=90), report_after=5
        )
        _keep_up_checkins(session, watched, today, miss_last=False)
        sanctions.record_sanction(
            session,
            watched,
            {
                "kind": "warning",
                "facts": "未经批准离开所居住的县",
                "decided_on": (today - timedelta(days=10)).isoformat(),
            },
            decided_by="县社区矫正机构",
            settings=SETTINGS,
            today=today,
        )
        location.switch_on(
            session,
            watched,
            {
                "ground": "left_without_leave",
                "approved_on": (today - timedelta(days=9)).isoformat(),
                "months": "3",
                "fence_lat": "37.7297",
                "fence_lon": "117.2316",
                "fence_radius_m": "800",
            },
            approved_by="局长",
            settings=SETTINGS,
            today=today,
        )
        _subject(
            session,
            rng,
            sid,
            today,
            received=today - timedelta(days=40),
            report_after=3,
            minor=True,
        )


def fill_demo(session: Session, bureau_id: int, seed: int, today: date | None = None) -> None:
    """Subjects, leave, sanctions, location and aftercare at the bureau's first stations."""
    today = today or date.today()
    bureau = session.get(OrgUnit, bureau_id)
    if bureau is None:
        return
    stations = session.exec(
        select(OrgUnit)
        .where(col(OrgUnit.id).in_(subtree_ids_select(bureau)), OrgUnit.type == OrgType.STATION)
        # Creation order, as the demo accounts pick their station: by path "/1/10/" sorts
        # before "/1/2/" and the demo's own 市中街道司法所 got no subjects.
        .order_by(col(OrgUnit.id))
        .limit(STATIONS)
    ).all()
    if (
        not stations
        or session.exec(
            select(CorrectionsSubject.id)
            .where(col(CorrectionsSubject.org_id).in_([s.id for s in stations]))
            .limit(1)
        ).first()
    ):
        return
    rng = random.Random(seed)
    for n, station in enumerate(stations):
        _station(session, rng, station, today, first=n == 0)
