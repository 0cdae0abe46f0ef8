"""Disputes handed to mediation by another module through the core (转办), never by import."""

from __future__ import annotations

from datetime import date

import pytest
from mediation.codes import CaseStatus
from mediation.models import MediationCase
from mediation_support import ID_NUMBERS, committee
from sqlmodel import func, select

from core.api import Referral, ReferralRefused, refer, referral_targets, register_person
from core.db import session_scope


@pytest.fixture
def committee_org(platform, org_tree) -> int:
    with session_scope(platform.engine) as session:
        return committee(session, org_tree.village_a, short_name="前进").org_id


def petition(org_id: int, person_ids: tuple[int, ...], **details) -> Referral:
    return Referral(
        source="petitions",
        source_ref="乐信-2026-0012",
        org_id=org_id,
        title="邻里噪音纠纷",
        description="来访人反映邻居夜间施工噪音扰民，要求停止施工并赔偿损失。",
        person_ids=person_ids,
        details={"category_code": "0299", "referring_body": "乐陵市信访局", **details},
    )


def people(platform, org_id: int, first: int = 0) -> tuple[int, int]:
    with session_scope(platform.engine) as session:
        ids = tuple(
            register_person(
                session,
                {"name": name, "id_type": "resident_id", "id_number": ID_NUMBERS[n]},
                org_id=org_id,
                created_by=None,
                today=date(2026, 11, 23),
            ).id
            for n, name in ((first, "张来访"), (first + 1, "李邻居"))
        )
    return ids  # type: ignore[return-value]


def test_a_handed_over_dispute_is_registered_and_numbered_at_the_committee(
    platform, org_tree, committee_org
) -> None:
    applicant, respondent = people(platform, org_tree.village_a)
    with session_scope(platform.engine) as session:
        receipt = refer(
            session,
            platform.host,
            "mediation.dispute",
            petition(committee_org, (applicant, respondent)),
        )
    with session_scope(platform.engine) as session:
        case = session.get(MediationCase, receipt.record_id)
        assert case.status == CaseStatus.REGISTERED
        assert case.source == "government_assignment"
        assert (case.referring_body, case.referral_number) == ("乐陵市信访局", "乐信-2026-0012")
        assert case.case_number.startswith("（") and case.case_number.endswith("前进人调字第1号")
        assert receipt.url == f"/m/mediation/cases/{case.id}"


def test_an_incomplete_referral_is_refused_with_the_intake_message_and_saves_nothing(
    platform, org_tree, committee_org
) -> None:
    applicant, _ = people(platform, org_tree.village_a)
    with session_scope(platform.engine) as session, pytest.raises(ReferralRefused) as refused:
        refer(session, platform.host, "mediation.dispute", petition(committee_org, (applicant,)))
    assert "至少有两方当事人" in refused.value.message
    with session_scope(platform.engine) as session, pytest.raises(ReferralRefused) as refused:
        refer(
            session,
            platform.host,
            "mediation.dispute",
            petition(
                committee_org, people(platform, org_tree.village_b, first=2), category_code=""
            ),
        )
    assert "纠纷类型" in refused.value.message
    with session_scope(platform.engine) as session:
        assert session.exec(select(func.count()).select_from(MediationCase)).one() == 0


def test_only_mediation_committees_are_offered_as_receivers(
    platform, org_tree, committee_org
) -> None:
    with session_scope(platform.engine) as session:
        at_committee = [t.code for t in referral_targets(session, platform.host, committee_org)]
        at_station = [t.code for t in referral_targets(session, platform.host, org_tree.station_a)]
    assert "mediation.dispute" in at_committee
    assert "mediation.dispute" not in at_station
