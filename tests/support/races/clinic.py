"""Race recipes: clinic (see :mod:`tests.support.races`).

Every race builds its own rows through the clinic's services — a village with its own
clinic room and providers (or, for the planner, a station of its own) — so that no race
depends on a demo row another race changes, nor on the day the suite runs.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, select

from tests.support.race_kit import PAGE, FormRace, Prepared, Recipe, first, today

# The row each form race built, by route: its ``where`` picks exactly that row.
_BUILT: dict[str, int] = {}


def _serial() -> str:
    return secrets.token_hex(4)


def _bureau(session: Session) -> Any:
    from core.orgs.models import OrgType, OrgUnit

    return first(
        session,
        select(OrgUnit).where(OrgUnit.type == OrgType.BUREAU).order_by(OrgUnit.id),
        "bureau",
    )


def _station(session: Session) -> Any:
    from core.orgs.models import OrgType, OrgUnit

    return first(
        session,
        select(OrgUnit).where(OrgUnit.type == OrgType.STATION).order_by(OrgUnit.id),
        "station",
    )


def _village(session: Session, station_id: int) -> int:
    from core.api import create_org

    village = create_org(session, name=f"竞赛村{_serial()}", type="community", parent_id=station_id)
    return village.id  # type: ignore[no-any-return]


def _provider(session: Session, org_id: int) -> Any:
    from clinic.services.roster import create_provider

    serial = _serial()
    return create_provider(
        session, org_id, {"name": f"竞赛律师{serial}", "practice_number": f"R{serial}{serial}"}
    )


def _clinic(session: Session) -> tuple[Any, Any]:
    """A fresh clinic room in a fresh village of the first station, and a fresh provider."""
    from clinic.services.roster import create_clinic

    station = _station(session)
    room = create_clinic(session, _village(session, station.id), f"竞赛诊室{_serial()}")
    return room, _provider(session, station.id)


def _workdays(session: Session, after: int, count: int) -> list[date]:
    """*count* working days (on the ordinary week when the year's holidays are unknown, as
    the rota's checks do), the first at least *after* days from today."""
    from core.api import load_calendar

    calendar = load_calendar(session).provisional()
    day, found = today() + timedelta(days=after), []
    while len(found) < count:
        if calendar.is_workday(day):
            found.append(day)
        day += timedelta(days=1)
    return found


def _sitting(session: Session, room: Any, provider: Any, day: date) -> Any:
    from clinic.models import ClinicSession

    row = ClinicSession(
        org_id=room.org_id,
        clinic_id=room.id,
        provider_id=provider.id,
        day=day,
        starts_at=time(9),
        ends_at=time(11, 30),
        status="scheduled",
    )
    session.add(row)
    session.flush()
    return row


# --- recipes (eight staff sessions post at the row's version) --------------------------------


def clinic_move(session: Session) -> Prepared:
    """A sitting weeks ahead, moved by hand to a later working day its provider is free on.

    A recipe, not a form race: the move form's hx-post is the live clash check (…/check),
    the browser's plain submit goes to …/move."""
    room, provider = _clinic(session)
    sitting_day, free_day = _workdays(session, 21, 2)
    row = _sitting(session, room, provider, sitting_day)
    return f"/m/clinic/sessions/{row.id}/move", {
        "version": row.version,
        "provider_id": provider.id,
        "day": str(free_day),
    }


RECIPES: dict[str, Recipe] = {
    "/m/clinic/sessions/{session_id:int}/move": clinic_move,
}


# --- form races ----------------------------------------------------------------------------


def _checked_in(session: Session) -> dict[str, Any]:
    """A sitting today at a fresh clinic, checked in by the station through the service."""
    from clinic.services.sessions import check_in

    room, provider = _clinic(session)
    row = _sitting(session, room, provider, today())
    check_in(session, row, now=datetime.now(UTC), today=today(), version=row.version, late=True)
    _BUILT["consultations"] = row.id
    return {}


def _swappable(session: Session) -> dict[str, Any]:
    """A sitting weeks ahead, and a colleague free that day (the form preselects whoever
    comes first in the roster, who may sit elsewhere that day)."""
    room, provider = _clinic(session)
    row = _sitting(session, room, provider, _workdays(session, 21, 1)[0])
    colleague = _provider(session, _station(session).id)
    _BUILT["swap"] = row.id
    return {"to_provider_id": colleague.id, "reason": "本人当天开庭"}


def _new_adviser(session: Session) -> dict[str, Any]:
    """A village with an adviser, and a fresh provider (no villages yet) to replace them
    (the form preselects the current adviser: no change)."""
    from clinic.services.roster import assign_adviser

    station = _station(session)
    village = _village(session, station.id)
    current = assign_adviser(
        session, village, _provider(session, station.id), today(), max_villages=5
    )
    return {
        "org_id": village,
        "version": current.version,
        "provider_id": _provider(session, station.id).id,
    }


def _unplanned_station(session: Session) -> dict[str, Any]:
    """A station of its own with three clinics, and a month ahead nobody planned yet: the
    rota page for that station and month offers the planner's form."""
    from clinic.services.roster import create_clinic

    from core.api import create_org

    station = create_org(
        session, name=f"竞赛司法所{_serial()}", type="station", parent_id=_bureau(session).id
    )
    for _ in range(3):
        create_clinic(session, _village(session, station.id), f"竞赛诊室{_serial()}")
    _provider(session, station.id)
    month = (today().replace(day=1) + timedelta(days=70)).strftime("%Y-%m")
    return {PAGE: f"/m/clinic/rota?org_id={station.id}&month={month}"}


def _built(key: str) -> Any:
    return lambda M: M.id == _BUILT.get(key, 0)


FORMS: dict[str, FormRace] = {
    "/m/clinic/sessions/{session_id:int}/consultations": FormRace(
        where=_built("consultations"),
        once=True,
        typed={
            "category": "marriage",
            "question": "离婚后子女抚养费如何计算",
            "advice": "可协商确定，协商不成可向法院起诉",
            "outcome": "answered",
        },
        prepare=_checked_in,
    ),
    "/m/clinic/sessions/{session_id:int}/swap": FormRace(where=_built("swap"), prepare=_swappable),
    "/m/clinic/advisers": FormRace(once=True, prepare=_new_adviser),
    "/m/clinic/rota/plan": FormRace(once=True, prepare=_unplanned_station),
}
ELSEWHERE: dict[str, str] = {}
