"""Acceptance 3: a life-imprisonment defence notice cannot go to a lawyer with fewer than
3 years of relevant practice; rotation spreads 100 cases over 10 lawyers within ±1; the
applicant's choice (点援制) is honoured; a case handed to another centre becomes theirs."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from la_support import application, centre, fresh, notice, provider
from legal_aid.codes import Status
from legal_aid.errors import NotEligible
from legal_aid.models import LegalAidCase
from legal_aid.services import assignment, review
from sqlmodel import select

from core.db import session_scope

DAY = date(2026, 11, 2)


@pytest.fixture
def centre_id(platform, org_tree) -> int:
    with session_scope(platform.engine) as session:
        return centre(session, org_tree.bureau)


def test_a_life_imprisonment_notice_cannot_be_assigned_to_a_junior_lawyer(
    platform, centre_id
) -> None:
    with session_scope(platform.engine) as session:
        junior = provider(session, centre_id, "青年律师", years=2)
        worker = provider(session, centre_id, "法律工作者", years=10, kind="legal_service_worker")
        case = notice(session, centre_id, DAY, matter="notice_life_death")
        for person in (junior, worker):
            with pytest.raises(NotEligible, match="3年以上"):
                assignment.assign(
                    session,
                    case.id,
                    {
                        "assigned_on": DAY.isoformat(),
                        "mode": "named",
                        "provider_id": str(person.id),
                    },
                    None,
                    DAY,
                )
        with pytest.raises(NotEligible):  # nobody eligible for rotation either
            assignment.assign(session, case.id, {"assigned_on": DAY.isoformat()}, None, DAY)
        assert fresh(session, LegalAidCase, case.id).status == Status.GRANTED
        senior = provider(session, centre_id, "资深律师", years=3)
        assignment.assign(session, case.id, {"assigned_on": DAY.isoformat()}, None, DAY)
        assigned = fresh(session, LegalAidCase, case.id)
        assert (assigned.status, assigned.provider_id) == (Status.ASSIGNED, senior.id)
        assert assigned.assign_on_time is True


def test_an_ordinary_case_may_go_to_a_junior_lawyer(platform, centre_id) -> None:
    with session_scope(platform.engine) as session:
        junior = provider(session, centre_id, "青年律师", years=1)
        case = notice(session, centre_id, DAY, matter="notice_minor")
        assignment.assign(session, case.id, {"assigned_on": DAY.isoformat()}, None, DAY)
        assert fresh(session, LegalAidCase, case.id).provider_id == junior.id


def test_rotation_spreads_100_cases_over_10_lawyers_within_one(platform, centre_id) -> None:
    with session_scope(platform.engine) as session:
        lawyers = [provider(session, centre_id, f"律师{i}", years=i % 6) for i in range(10)]
        for _ in range(100):
            case = notice(session, centre_id, DAY, matter="notice_minor")
            assignment.assign(session, case.id, {"assigned_on": DAY.isoformat()}, None, DAY)
        counts = Counter(session.exec(select(LegalAidCase.provider_id)).all())
        assert set(counts) == {lawyer.id for lawyer in lawyers}
        assert max(counts.values()) - min(counts.values()) <= 1


def test_the_applicants_choice_is_honoured(platform, centre_id) -> None:
    with session_scope(platform.engine) as session:
        provider(session, centre_id, "甲律师")
        chosen = provider(session, centre_id, "乙律师")
        case = application(session, centre_id, DAY, preferred_provider_id=str(chosen.id))
        review.grant(session, case.id, {"decided_on": DAY.isoformat()}, None, DAY)
        assignment.assign(
            session, case.id, {"assigned_on": DAY.isoformat(), "mode": "choice"}, None, DAY
        )
        row = fresh(session, LegalAidCase, case.id)
        assert (row.provider_id, row.assignment_mode) == (chosen.id, "choice")


def test_a_case_handed_over_becomes_the_receiving_centres(platform, org_tree, centre_id) -> None:
    with session_scope(platform.engine) as session:
        other = centre(session, org_tree.bureau, "德州市法律援助中心")
        case = application(session, centre_id, DAY)
        handover = assignment.hand_over(
            session,
            case.id,
            {"to_org_id": str(other), "note": "案件由德州市中级人民法院审理"},
            None,
            DAY,
        )
        assert handover.org_id == other
        assignment.receive_handover(session, handover.id, DAY)
        assert fresh(session, LegalAidCase, case.id).org_id == other
