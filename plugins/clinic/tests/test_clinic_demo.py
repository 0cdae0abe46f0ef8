"""Demo data: the 乐陵市 demo bureau gets a roster, 31 pilot clinics and months of sessions,
with some red no-shows, through the module's own services."""

from __future__ import annotations

import clinic.plugin
from clinic.codes import SessionStatus
from clinic.models import (
    ClinicAdviserAssignment,
    ClinicConsultation,
    ClinicHomeVisit,
    ClinicPanel,
    ClinicProvider,
    ClinicRoom,
    ClinicSession,
)
from sqlmodel import func, select

from core.api import session_scope
from core.demo import fill_demo
from web.testing import boot_platform


def count(session, model, *where) -> int:
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def test_the_demo_bureau_has_clinics_a_roster_and_months_of_sessions(
    tmp_path, clinic_database_url
) -> None:
    platform = boot_platform(tmp_path, {"clinic": clinic.plugin}, database_url=clinic_database_url)
    with session_scope(platform.engine) as session:
        report = fill_demo(session, platform.host, people=5)  # calls sifa_demo_data
        assert count(session, ClinicProvider) == 12 and count(session, ClinicRoom) == 31
        held = count(session, ClinicSession, ClinicSession.status == SessionStatus.HELD)
        no_shows = count(session, ClinicSession, ClinicSession.status == SessionStatus.NO_SHOW)
        assert held > 40 and no_shows > 0
        assert count(session, ClinicConsultation) > held
        assert count(session, ClinicAdviserAssignment) == 48  # one adviser per village
        assert count(session, ClinicHomeVisit) == 12 and count(session, ClinicPanel) == 2
        assert report.bureau_id
    platform.engine.dispose()
