"""Referrals (转办): one module hands a matter to another through the core, never by import."""

from __future__ import annotations

import pytest
from sifa_testplugin.models import TestpluginItem
from sqlmodel import select

from core.api import (
    Referral,
    ReferralReceipt,
    ReferralRefused,
    ReferralTarget,
    UnknownReferralTarget,
    hookimpl,
    refer,
    referral_targets,
)
from core.audit.models import AuditRecord
from core.db import session_scope
from core.orgs.models import OrgType
from core.orgs.service import create_org
from core.plugins import PluginState
from tests.test_plugin_host import candidate, fake_plugin, load


def matter(org_id: int, title: str = "邻里噪音纠纷") -> Referral:
    return Referral(
        source="petitions",
        source_ref="信访-2026-0012",
        org_id=org_id,
        title=title,
        description="来访人反映邻居夜间施工噪音扰民。",
    )


def test_sifa_referral_targets_are_offered_where_their_module_is_on_and_they_accept(
    platform, org_tree
) -> None:
    with session_scope(platform.engine) as session:
        at_station = [t.code for t in referral_targets(session, platform.host, org_tree.station_a)]
        at_bureau = [t.code for t in referral_targets(session, platform.host, org_tree.bureau)]
    assert "testplugin.item" in at_station
    assert "testplugin.item" not in at_bureau  # the target does not accept a bureau


def test_a_referred_matter_becomes_a_record_of_the_receiver_and_is_audited(
    platform, org_tree
) -> None:
    with session_scope(platform.engine) as session:
        receipt = refer(session, platform.host, "testplugin.item", matter(org_tree.village_a))
    assert receipt.url == f"/m/testplugin/items/{receipt.record_id}"
    with session_scope(platform.engine) as session:
        item = session.get(TestpluginItem, receipt.record_id)
        assert (item.org_id, item.title) == (org_tree.village_a, "邻里噪音纠纷（信访-2026-0012）")
        sent = session.exec(select(AuditRecord).where(AuditRecord.action == "referral.sent")).one()
        assert (sent.entity, sent.entity_id, sent.org_id) == (
            "testplugin.item",
            str(receipt.record_id),
            org_tree.village_a,
        )
        assert sent.details["source_ref"] == "信访-2026-0012"


def test_a_matter_cannot_go_where_the_module_is_off(platform, org_tree) -> None:
    """Another county's bureau never turned the module on: nothing can be handed there."""
    with session_scope(platform.engine) as session:
        other = create_org(
            session, name="宁津县司法局", type=OrgType.BUREAU, division_code="371422"
        )
        village = create_org(
            session, name="柴胡店镇司法所", type=OrgType.STATION, parent_id=other.id
        )
        target = village.id
        assert "testplugin.item" not in [
            t.code for t in referral_targets(session, platform.host, target)
        ]
    with session_scope(platform.engine) as session, pytest.raises(ReferralRefused) as refused:
        refer(session, platform.host, "testplugin.item", matter(target))
    assert "未启用" in refused.value.message
    with session_scope(platform.engine) as session:
        assert session.exec(select(TestpluginItem)).all() == []


def test_an_unknown_target_or_a_refusing_receiver_saves_nothing(platform, org_tree) -> None:
    with session_scope(platform.engine) as session, pytest.raises(UnknownReferralTarget) as unknown:
        refer(session, platform.host, "notary.appointment", matter(org_tree.village_a))
    assert "notary.appointment" in unknown.value.message
    with session_scope(platform.engine) as session, pytest.raises(ReferralRefused) as refused:
        refer(session, platform.host, "testplugin.item", matter(org_tree.village_a, title=" "))
    assert refused.value.message == "转办事项缺少标题"
    with session_scope(platform.engine) as session, pytest.raises(ReferralRefused):
        refer(session, platform.host, "testplugin.item", matter(org_tree.bureau))
    with session_scope(platform.engine) as session:
        assert session.exec(select(TestpluginItem)).all() == []
        assert not session.exec(
            select(AuditRecord).where(AuditRecord.action == "referral.sent")
        ).all()


def test_a_target_named_outside_the_plugin_keeps_the_plugin_out() -> None:
    def receive(session, referral) -> ReferralReceipt:
        raise AssertionError("never called")

    @hookimpl
    def sifa_referral_targets() -> list[ReferralTarget]:
        return [ReferralTarget("mediation.dispute", "纠纷", "Dispute", receive=receive)]

    intruder = fake_plugin("intruder")
    intruder.sifa_referral_targets = sifa_referral_targets  # type: ignore[attr-defined]
    record = load(candidate(intruder)).get("intruder")
    assert record.state is PluginState.FAILED
    assert "sifa_referral_targets" in record.reason and "intruder." in record.reason
