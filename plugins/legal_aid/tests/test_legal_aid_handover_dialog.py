"""A legal-aid case handed over through the core's 转办 dialog: the dialog offers the
mediation committees (the target's ``org_types``) and asks for the dispute type mediation
declares it needs (and says why mediation cannot take a one-sided matter); a third party's
target takes it, and the hand-over is kept as a progress entry linking to the new record."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from la_support import application, centre
from legal_aid.models import LegalAidProgress
from sqlmodel import select

from core.db import session_scope
from core.orgs.models import OrgType
from core.orgs.service import create_org
from core.referrals.handover import HandoverInvalid, hand_over
from core.referrals.service import ReferralRefused
from web.testing import signed_in_client

DAY = date(2026, 11, 2)


def test_a_case_goes_to_a_mediation_committee_through_the_dialog(platform, org_tree) -> None:
    from mediation.models import MediationCommittee
    from sifa_testplugin.models import TestpluginItem

    with session_scope(platform.engine) as session:
        centre_id = centre(session, org_tree.bureau)
        committee = create_org(
            session,
            name="前进社区人民调解委员会",
            type=OrgType.MEDIATION_COMMITTEE,
            parent_id=org_tree.village_a,
            committee_kind="village",
        )
        session.add(MediationCommittee(org_id=committee.id, short_name="前进"))  # type: ignore[arg-type]
        case = application(session, centre_id, DAY)
        case_id, version, committee_id = case.id, case.version, committee.id
    with signed_in_client(platform, "zhongxin", {"system_admin": None}) as client:
        dialog = client.get(
            f"/referrals/dialog?source=legal_aid.case&record_id={case_id}"
            "&handover_target=mediation.dispute"
        ).text
        assert "前进社区人民调解委员会" in dialog and "纠纷类型代码" in dialog
        assert "测试事项" in dialog  # a third party's target is offered beside mediation
    values = {"target": "mediation.dispute", "receiver_org_id": str(committee_id)}
    now = datetime(2026, 11, 3, 2, tzinfo=UTC)
    with session_scope(platform.engine) as session:
        try:
            hand_over(
                session, platform.host, "legal_aid.case", case_id, {**values, "reason": "调解"},
                expected_version=version, actor_id=None, now=now,
            )  # fmt: skip
        except HandoverInvalid as exc:
            assert set(exc.errors) == {"field_category_code"}
        else:
            raise AssertionError("the dispute type is required")
    with session_scope(platform.engine) as session, pytest.raises(ReferralRefused) as refused:
        hand_over(
            session, platform.host, "legal_aid.case", case_id,
            {**values, "field_category_code": "0902", "reason": "宅基地纠纷，先行调解"},
            expected_version=version, actor_id=None, now=now,
        )  # fmt: skip
    assert "被申请人" in refused.value.message  # mediation needs both sides: said, not a 500
    with session_scope(platform.engine) as session:
        receipt = hand_over(
            session,
            platform.host,
            "legal_aid.case",
            case_id,
            {
                "target": "testplugin.item",
                "receiver_org_id": str(org_tree.station_a),
                "field_contact": "值班律师",
                "reason": "请司法所协助送达",
            },
            expected_version=version,
            actor_id=None,
            now=now,
        )
    with session_scope(platform.engine) as session:
        assert session.get(TestpluginItem, receipt.record_id).contact == "值班律师"
        progress = session.exec(
            select(LegalAidProgress).where(LegalAidProgress.case_id == case_id)
        ).one()
        assert receipt.url in progress.note and progress.happened_on == date(2026, 11, 3)
