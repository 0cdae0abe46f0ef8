"""``sifa demo`` gives the demo bureau a believable quarter of mediation work (sifa_demo_data)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from mediation.codes import CaseStatus
from mediation.demo import fill_demo as fill_mediation_demo
from mediation.models import (
    MediationCase,
    MediationCommittee,
    MediationEscalation,
    MediationWarning,
)
from sqlmodel import func, select

from core.db import session_scope
from core.demo import fill_demo
from core.orgs.models import OrgType, OrgUnit

NUMBER = re.compile(r"^（(\d{4})）\S+人调字第(\d+)号$")


def test_the_demo_bureau_gets_cases_in_every_stage_and_a_second_run_adds_none(platform) -> None:
    with session_scope(platform.engine) as session:
        report = fill_demo(session, platform.host, people=60)
    today = date.today()
    with session_scope(platform.engine) as session:
        units = session.exec(
            select(func.count())
            .select_from(OrgUnit)
            .where(OrgUnit.type.in_([OrgType.STATION, OrgType.COMMUNITY]))  # type: ignore[attr-defined]
        ).one()
        committees = session.exec(select(func.count()).select_from(MediationCommittee)).one()
        assert committees == units  # one committee per station and per village
        cases = session.exec(select(MediationCase)).all()
        assert len(cases) >= 60
        statuses = Counter(case.status for case in cases)
        for stage in (CaseStatus.AGREED, CaseStatus.ARCHIVED, CaseStatus.TERMINATED):
            assert statuses[stage] > 0, statuses
        # numbered like real files, once each per committee and year, never dated ahead
        assert all(NUMBER.match(case.case_number or "") for case in cases)
        keys = [(case.committee_id, case.year, case.serial) for case in cases]
        assert len(set(keys)) == len(keys)
        assert all(case.registered_on <= today for case in cases)
        assert all(case.closed_on is None or case.closed_on <= today for case in cases)
        # warnings (some red, unanswered), escalations and prevention outcomes too
        levels = Counter(case.warning_level for case in cases if case.warning_level)
        assert levels and session.exec(select(MediationWarning)).first() is not None, levels
        assert session.exec(select(MediationEscalation)).first() is not None
        assert any(case.prevented_group_petition for case in cases)

        # Run again on a bureau that now has mediation data, the demo adds nothing (one fill
        # of the demo serves both checks: it is the costliest step of this file).
        before = len(cases)
        fill_mediation_demo(session, report.bureau_id, seed=7)
        assert session.exec(select(func.count()).select_from(MediationCase)).one() == before
