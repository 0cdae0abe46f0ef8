"""Builders of realistic corrections records for the plugin's tests, through the services.

Named ``corrections_support`` (not ``support``): this rootless test directory imports its
modules by their plain names.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count
from typing import Any

from corrections.models import CorrectionsSubject
from corrections.services.intake import announce, clean_subject, receive_documents, report_in
from corrections.settings import CorrectionsSettings
from sqlmodel import Session

from core.api import register_person

TODAY = date(2026, 11, 23)
SETTINGS = CorrectionsSettings()
_serial = count(1)


def person(session: Session, org_id: int, *, sex: str = "male", name: str | None = None) -> int:
    row = register_person(
        session,
        {
            "name": name or f"矫正对象{next(_serial)}",
            "id_type": "none",
            "no_id_reason": "测试",
            "sex": sex,
        },
        org_id=org_id,
    )
    return row.id  # type: ignore[return-value]


def subject(
    session: Session,
    org_id: int,
    *,
    sex: str = "male",
    minor: bool = False,
    kind: str = "probation",
    received: date = TODAY - timedelta(days=40),
    reported: date | None = None,
    announced: date | None = None,
    term_end: date = TODAY + timedelta(days=365),
    today: date = TODAY,
    **extra: Any,
) -> CorrectionsSubject:
    """A subject received on *received*; reported and announced when those dates are given."""
    values = clean_subject(
        {
            "subject_type": kind,
            "offence": "盗窃罪",
            "sentence": "有期徒刑一年，缓刑二年",
            "deciding_body": "乐陵市人民法院",
            "judgment_number": f"（2026）鲁1481刑初{next(_serial)}号",
            "documents_received_on": received.isoformat(),
            "term_start": received.isoformat(),
            "term_end": term_end.isoformat(),
            "is_minor": "1" if minor else "",
            **extra,
        },
        today,
    )
    row = receive_documents(
        session, values, org_id=org_id, person_id=person(session, org_id, sex=sex), today=today
    )
    if reported is not None:
        report_in(session, row, mode="self", on=reported, today=today)
        if announced is not None:
            announce(session, row, on=announced, today=today, settings=SETTINGS)
    return row


def supervised(session: Session, org_id: int, **kwargs: Any) -> CorrectionsSubject:
    """A subject under supervision since 30 days before TODAY."""
    start = kwargs.pop("since", TODAY - timedelta(days=30))
    return subject(
        session,
        org_id,
        received=start - timedelta(days=3),
        reported=start,
        announced=start,
        **kwargs,
    )


def two_counties(platform: Any, station: int, received: date) -> dict[str, int]:
    """宁津县司法局 with one station, running corrections, beside the test tree's 乐陵; and a
    subject of *station* (乐陵) received on *received*, reported and announced, under
    supervision for a year: the start of a move between counties."""
    from core.db import session_scope
    from core.modules.service import set_active
    from core.orgs.models import OrgType
    from core.orgs.service import create_org

    with session_scope(platform.engine) as session:
        other = create_org(
            session, name="宁津县司法局", type=OrgType.BUREAU, division_code="371422"
        )
        new_station = create_org(
            session, name="柴胡店镇司法所", type=OrgType.STATION, parent_id=other.id
        )
        set_active(session, platform.host, other.id, "corrections", True)
        s = subject(
            session,
            station,
            received=received,
            reported=received + timedelta(days=3),
            announced=received + timedelta(days=4),
            term_end=received + timedelta(days=364),
            today=received + timedelta(days=5),
        )
        return {"bureau": other.id, "station": new_station.id, "subject": s.id}
