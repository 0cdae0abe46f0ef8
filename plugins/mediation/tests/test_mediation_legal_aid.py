"""A case handed to legal aid through the core (``legal_aid.application``), never by
import: offered where legal aid can receive it, a clear message where it cannot."""

from __future__ import annotations

import re

import fake_legal_aid
import mediation.plugin
import pytest
from mediation.models import MediationHandover
from mediation_support import accepted_case, committee, mediator, two_parties
from sqlmodel import select

from core.db import session_scope
from core.orgs.models import OrgType
from core.orgs.service import create_org
from web.testing import boot_platform, make_org_tree, post_form, signed_in_client


def _world(tmp_path_factory, name: str, plugins: dict) -> tuple:
    platform = boot_platform(tmp_path_factory.mktemp(name), plugins)
    with session_scope(platform.engine) as session:
        tree = make_org_tree(session, activate=platform.host)
        centre = create_org(
            session, name="乐陵市法律援助中心", type=OrgType.LEGAL_AID_CENTRE, parent_id=tree.bureau
        )
        c = committee(session, tree.village_a, short_name="前进")
        m = mediator(session, c.id)
        case = accepted_case(session, c.id, m.id, parties=two_parties("援", numbers=(4, 5)))
    return platform, tree, centre.id, case.id


@pytest.fixture(scope="module")
def with_legal_aid(tmp_path_factory):
    platform, tree, centre, case_id = _world(
        tmp_path_factory,
        "with",
        {"mediation": mediation.plugin, "legal_aid": fake_legal_aid},
    )
    return platform, tree, centre, case_id


@pytest.fixture(scope="module")
def without_legal_aid(tmp_path_factory):
    platform, tree, centre, case_id = _world(
        tmp_path_factory, "without", {"mediation": mediation.plugin}
    )
    return platform, tree, centre, case_id


def _version(html: str) -> str:
    return re.search(r'data-version="(\d+)"', html).group(1)  # type: ignore[union-attr]


def test_a_case_is_handed_to_the_legal_aid_centre_with_its_parties(with_legal_aid) -> None:
    platform, tree, centre, case_id = with_legal_aid
    with signed_in_client(platform, "suo_a", {"station_staff": tree.station_a}) as client:
        url = f"/m/mediation/cases/{case_id}"
        page = client.get(url).text
        assert "乐陵市法律援助中心" in page and 'id="legal-aid-absent"' not in page
        empty = post_form(client, f"{url}/legal-aid", {"version": _version(page)})
        assert empty.status_code == 422 and "请选择法律援助机构" in empty.text
        wrong = post_form(
            client,
            f"{url}/legal-aid",
            {"version": _version(page), "receiver_org_id": str(tree.station_b), "reason": "x"},
        )
        assert wrong.status_code == 422 and "该单位不能接收法律援助申请" in wrong.text
        unstated = post_form(
            client,
            f"{url}/legal-aid",
            {"version": _version(page), "receiver_org_id": str(centre), "reason": "需要律师"},
        )
        assert unstated.status_code == 422
        assert "请填写当事人经济状况" in unstated.text
        assert "请确认当事人已作出个人诚信承诺" in unstated.text
        assert "需要律师" in unstated.text  # what was typed stays in the form
        sent = post_form(
            client,
            f"{url}/legal-aid",
            {
                "version": _version(page),
                "receiver_org_id": str(centre),
                "reason": "调解不成，申请人经济困难，需要律师代理诉讼",
                "economic_situation": "务农，家庭年收入约两万元，有两名子女上学",
                "integrity_pledge": "1",
            },
        )
        assert sent.status_code in (200, 303)
        assert "法律援助申请：" in client.get(url).text
    referral = fake_legal_aid.RECEIVED[-1]
    assert referral.source == "mediation" and referral.org_id == centre
    assert referral.source_ref == "（2026）前进人调字第1号"
    assert len(referral.person_ids) == 2 and "经济困难" in referral.description
    assert referral.details["economic_situation"] == "务农，家庭年收入约两万元，有两名子女上学"
    assert referral.details["integrity_pledge"] is True
    with session_scope(platform.engine) as session:
        row = session.exec(select(MediationHandover)).one()
        assert row.target == "legal_aid.application" and row.receiver_org_id == centre


def test_without_legal_aid_the_page_says_so_and_a_post_is_refused_clearly(
    without_legal_aid,
) -> None:
    platform, tree, centre, case_id = without_legal_aid
    with signed_in_client(platform, "suo_a", {"station_staff": tree.station_a}) as client:
        url = f"/m/mediation/cases/{case_id}"
        page = client.get(url).text
        assert 'id="legal-aid-absent"' in page and "法律援助模块未安装" in page
        refused = post_form(
            client,
            f"{url}/legal-aid",
            {"version": _version(page), "receiver_org_id": str(centre), "reason": "需要律师"},
        )
        assert refused.status_code == 400 and "暂不能转法律援助" in refused.text
    with session_scope(platform.engine) as session:
        assert session.exec(select(MediationHandover)).all() == []
