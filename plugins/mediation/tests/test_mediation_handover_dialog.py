"""A mediation case handed over through the core's 转办 dialog to any declared target —
here the test plugin's ``testplugin.item``, a third party mediation knows nothing about."""

from __future__ import annotations

import re

import mediation.plugin
import pytest
from mediation.models import MediationHandover
from mediation_support import accepted_case, committee, mediator, two_parties
from sifa_testplugin import plugin as testplugin
from sifa_testplugin.models import TestpluginItem
from sqlmodel import select

from core.audit.models import AuditRecord
from core.db import session_scope
from web.testing import boot_platform, make_org_tree, post_form, signed_in_client


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    platform = boot_platform(
        tmp_path_factory.mktemp("handover"),
        {"mediation": mediation.plugin, "testplugin": testplugin},
    )
    with session_scope(platform.engine) as session:
        tree = make_org_tree(session, activate=platform.host)
        c = committee(session, tree.village_a, short_name="前进")
        m = mediator(session, c.id)
        case = accepted_case(session, c.id, m.id, parties=two_parties("转", numbers=(0, 1)))
    return platform, tree, case.id


def _version(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)  # type: ignore[union-attr]


def test_the_dialog_offers_the_third_party_target_and_hands_the_case_over(world) -> None:
    platform, tree, case_id = world
    case_url = f"/m/mediation/cases/{case_id}"
    with signed_in_client(platform, "suo_a", {"station_staff": tree.station_a}) as client:
        page = client.get(case_url).text
        assert "/referrals/dialog?source=mediation.case" in page
        dialog = client.get(
            f"/referrals/dialog?source=mediation.case&record_id={case_id}",
            headers={"hx-request": "true"},
        ).text
        assert '<option value="testplugin.item">测试事项</option>' in dialog
        assert "mediation.dispute" not in dialog  # never the sender's own target
        chosen = client.get(
            f"/referrals/dialog?source=mediation.case&record_id={case_id}&handover_target=testplugin.item",
            headers={"hx-request": "true"},
        ).text
        assert "联系人" in chosen and "市中街道司法所" in chosen and "前进社区" in chosen
        assert "乐陵市司法局" not in chosen  # the target takes stations and villages only
        form = {"source": "mediation.case", "record_id": str(case_id), "version": _version(page)}
        empty = post_form(client, "/referrals/send", {**form, "handover_target": "testplugin.item"})
        assert empty.status_code == 422
        assert "请选择接收单位" in empty.text and "请填写联系人" in empty.text
        wrong = post_form(
            client,
            "/referrals/send",
            {
                **form,
                "handover_target": "testplugin.item",
                "handover_receiver_org_id": str(tree.bureau),
                "handover_field_contact": "李主任",
                "handover_reason": "需要走访",
            },
        )
        assert wrong.status_code == 422 and "该单位不能接收此事项" in wrong.text
        assert 'value="李主任"' in wrong.text  # the input is kept
        sent = post_form(
            client,
            "/referrals/send",
            {
                **form,
                "handover_target": "testplugin.item",
                "handover_receiver_org_id": str(tree.station_a),
                "handover_field_contact": "李主任",
                "handover_reason": "当事人要求司法所上门走访",
            },
            headers={"hx-request": "true"},
        )
        assert sent.status_code == 204 and sent.headers["hx-redirect"].startswith(case_url)
        again = post_form(
            client,
            "/referrals/send",
            {
                **form,
                "handover_target": "testplugin.item",
                "handover_receiver_org_id": str(tree.station_a),
                "handover_field_contact": "李主任",
                "handover_reason": "重复提交",
            },
        )
        assert again.status_code == 409 and "已被他人修改" in again.text
        assert 'data-target="testplugin.item"' in client.get(case_url).text
    with session_scope(platform.engine) as session:
        item = session.exec(select(TestpluginItem)).one()
        assert item.org_id == tree.station_a and item.contact == "李主任"
        row = session.exec(select(MediationHandover)).one()
        assert row.target == "testplugin.item" and row.record_id == item.id
        assert row.url == f"/m/testplugin/items/{item.id}"
        audit = session.exec(select(AuditRecord).where(AuditRecord.action == "referral.sent")).all()
        assert [a.entity for a in audit] == ["testplugin.item"]


def test_only_users_who_may_edit_the_case_there_see_the_dialog(world) -> None:
    platform, tree, case_id = world
    url = f"/referrals/dialog?source=mediation.case&record_id={case_id}"
    with signed_in_client(platform, "suo_b", {"station_staff": tree.station_b}) as other:
        assert other.get(url).status_code == 404  # another station's case
        assert other.get("/referrals/dialog?source=nobody.x&record_id=1").status_code == 404


def test_a_bureau_switches_a_dispute_type_off_in_the_dictionary(world) -> None:
    """Mediation's dispute types are a core code list: a type switched off for the bureau
    leaves the intake form and is refused there; stored cases keep their code."""
    from mediation.errors import InvalidInput
    from mediation.models import MediationCommittee
    from mediation_support import case

    from core.codelists.service import set_code_entry_active

    platform, tree, _ = world
    with session_scope(platform.engine) as session:
        set_code_entry_active(session, "mediation.dispute_category", tree.bureau, "0902", False)
    with signed_in_client(platform, "suo_c", {"station_staff": tree.station_a}) as client:
        form = client.get("/m/mediation/cases/new").text
        assert 'value="0901"' in form and 'value="0902"' not in form
    with session_scope(platform.engine) as session:
        c = session.exec(select(MediationCommittee)).first()
        with pytest.raises(InvalidInput, match="已在本地停用"):
            case(session, c.id, {"category_code": "0902"})
