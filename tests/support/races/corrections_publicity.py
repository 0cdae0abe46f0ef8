"""Race recipes: corrections_publicity (see :mod:`tests.support.races`).

Every corrections race builds its own subject through the intake services — a man, at the
demo station (a later race takes "the newest subject" for its team, and a woman's team needs
a woman in it) — so that no race depends on a demo row another race changes, nor on the day.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from tests.support.race_kit import PAGE, FormRace, Prepared, Recipe, demo_station, today


def received_subject(
    session: Session, *, received: date, term_end: date, term_start: date | None = None
) -> Any:
    """A probation subject (a man, 竞矫正, at the demo station) whose documents came on
    *received*, registered through the intake service; not reported in yet."""
    from corrections.services import intake

    from core.people.service import register_person

    station = demo_station(session)
    fields = {
        "subject_type": "probation",
        "offence": "危险驾驶罪",
        "deciding_body": "乐陵市人民法院",
        "documents_received_on": str(received),
        "term_end": str(term_end),
    }
    if term_start is not None:
        fields["term_start"] = str(term_start)
    return intake.receive_documents(
        session,
        intake.clean_subject(fields, today()),
        org_id=station,
        person_id=register_person(
            session,
            {"name": "竞矫正", "id_type": "none", "no_id_reason": "未带证件", "sex": "male"},
            org_id=station,
        ).id,
        today=today(),
    )


def _supervised(session: Session, *, received_days_ago: int, term_end_in: int) -> Any:
    """A probation subject registered, reported in and announced today through the intake
    services: under supervision, his term ending *term_end_in* days from today."""
    from corrections.services import intake
    from corrections.settings import CorrectionsSettings

    received = today() - timedelta(days=received_days_ago)
    subject = received_subject(
        session,
        received=received,
        term_start=received,
        term_end=today() + timedelta(days=term_end_in),
    )
    intake.report_in(session, subject, mode="self", on=received, today=today())
    intake.announce(session, subject, on=today(), today=today(), settings=CorrectionsSettings())
    session.flush()
    session.refresh(subject)
    return subject


def corrections_leave_decision(session: Session) -> Prepared:
    """A five-day leave applied for ten days ahead (past the notice days) by a supervised
    subject; the admin decides it (at the county level, which may decide station leaves)."""
    from corrections.services import leave
    from corrections.settings import CorrectionsSettings

    subject = _supervised(session, received_days_ago=5, term_end_in=365)
    row = leave.apply_leave(
        session,
        subject,
        {
            "destination": "济南市",
            "reason": "就医",
            "start_on": str(today() + timedelta(days=10)),
            "end_on": str(today() + timedelta(days=14)),
        },
        settings=CorrectionsSettings(),
        today=today(),
    )
    session.flush()
    session.refresh(subject)
    return f"/m/corrections/subjects/{subject.id}/leaves/{row.id}/decide", {
        "version": subject.version,
        "approve": "1",
    }


def corrections_term_ended(session: Session) -> Prepared:
    """A supervised subject whose term ends today: released on expiry (期满解除)."""
    subject = _supervised(session, received_days_ago=400, term_end_in=0)
    return f"/m/corrections/subjects/{subject.id}/release", {
        "version": subject.version,
        "ended_on": str(today()),
    }


def publicity_assistant_attached(session: Session) -> Prepared:
    """A demo event given an assistant now, through the service, from those the other
    modules offer for its place and day (a clinic lawyer): its detachment is raced."""
    from publicity.models import PublicityEvent
    from publicity.services.assistants import attach_assistant, candidates
    from sqlmodel import col, select

    from core.platform import current_platform

    host = current_platform().host
    events = session.exec(
        select(PublicityEvent)
        .where(col(PublicityEvent.assistant_key).is_(None))
        .order_by(col(PublicityEvent.id).desc())
    )
    for event in events:
        offered = candidates(session, host, event)
        if offered:
            attach_assistant(
                session,
                host,
                event,
                key=offered[0].key,
                hours="2",
                expected_version=event.version,
                actor_id=None,
            )
            session.flush()
            session.refresh(event)
            return f"/m/publicity/events/{event.id}/assistant/detach", {"version": event.version}
    raise AssertionError("the demo has no event another module offers an assistant for")


RECIPES: dict[str, Recipe] = {
    "/m/publicity/events/{event_id:int}/assistant/detach": publicity_assistant_attached,
    "/m/corrections/subjects/{subject_id:int}/leaves/{leave_id:int}/decide": (
        corrections_leave_decision
    ),
    "/m/corrections/subjects/{subject_id:int}/release": corrections_term_ended,
}


def _new_village(session: Session) -> dict[str, Any]:
    """A village of the demo station that has no model-village record yet (every demo
    village has one), created through the core org service."""
    import secrets

    from core.api import create_org

    village = create_org(
        session,
        name=f"竞赛村{secrets.token_hex(4)}",
        type="community",
        parent_id=demo_station(session),
    )
    return {"org_id": village.id, PAGE: f"/m/publicity/model-villages/new?org_id={village.id}"}


FORMS: dict[str, FormRace] = {
    "/m/publicity/model-villages/new": FormRace(once=True, prepare=_new_village),
}
# 跨县变更执行地 needs a second county, which the demo bureau does not have: every step is
# raced by eight staff of each side (one winner, 409 for the rest, one audit record), on
# both backends, in the corrections plugin's move-page test.
_MOVES = (
    "plugins/corrections/tests/test_corrections_move_pages.py"
    "::test_each_step_raced_by_eight_staff_happens_once"
)
ELSEWHERE: dict[str, str] = {
    "/m/corrections/subjects/{subject_id:int}/moves": _MOVES,
    "/m/corrections/moves/{move_id:int}/check": _MOVES,
    "/m/corrections/subjects/{subject_id:int}/moves/hand-over": _MOVES,
    "/m/corrections/subjects/{subject_id:int}/moves/report": _MOVES,
}
