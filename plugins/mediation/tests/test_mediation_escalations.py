"""Escalation (上报/移交): a case goes up to the station, the bureau or a named department,
which signs for it in time (签收) and reports back (回告); scoped by the receiver."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from litestar.testing import TestClient
from mediation.errors import IllegalTransition, InvalidInput
from mediation.models import MediationCase, MediationEscalation
from mediation.services.escalations import (
    escalate_case,
    escalation_targets,
    report_back,
    sign_escalation,
)
from mediation_support import accepted_case, committee, mediator
from sqlmodel import select

from core.db import session_scope
from core.orgs.models import OrgType
from core.orgs.service import create_org
from core.reminders.models import Notification
from core.reminders.service import DueSource, due_items_of
from core.reminders.states import DueState, due_state
from tests.conftest import _signed_in_client
from tests.support.auth import FakeClock, post_form, use_clock
from web.app import create_app
from web.testing import login, make_account

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


@pytest.fixture
def world(platform, org_tree):
    """A case in village A (station A); a public legal service centre under the bureau."""
    with session_scope(platform.engine) as session:
        centre = create_org(
            session,
            name="乐陵市公共法律服务中心",
            type=OrgType.PUBLIC_LEGAL_SERVICE_CENTRE,
            parent_id=org_tree.bureau,
        )
        sender = make_account(session, "m_a", roles={"mediator": org_tree.village_a})
        c = committee(session, org_tree.village_a, short_name="前进")
        m = mediator(session, c.id, "王调解")
        m.account_id = sender.id
        row = accepted_case(session, c.id, m.id)
        return {"case": row.id, "centre": centre.id, "sender": sender.id}


@pytest.fixture
def clients(platform):
    """Sign in as a new account (``roles``) or an existing one (``roles`` None)."""
    opened = []

    def open_client(username, roles=None):
        if roles is None:
            client = TestClient(app=create_app(platform=platform), raise_server_exceptions=False)
            client.__enter__()
            login(client, username)
        else:
            gen = _signed_in_client(platform, username, roles)
            client = next(gen)
        opened.append(client)
        use_clock(client, FakeClock(NOW))
        return client

    yield open_client
    for client in opened:
        client.__exit__(None, None, None)


def _version(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)  # type: ignore[union-attr]


def _escalate(session, world, receiver=None, reason="两户因宅基地矛盾激化，村调委会无法化解"):
    row = session.get(MediationCase, world["case"])
    return escalate_case(
        session,
        world["case"],
        {"receiver_org_id": str(receiver or world["centre"]), "reason": reason},
        expected_version=row.version,
        actor_id=world["sender"],
        now=NOW,
    )


def test_the_station_the_bureau_and_the_bureaus_departments_may_receive(
    platform, org_tree, world
) -> None:
    with session_scope(platform.engine) as session:
        targets = [
            o.id for o in escalation_targets(session, session.get(MediationCase, world["case"]))
        ]
        assert targets == [org_tree.station_a, org_tree.bureau, world["centre"]]


def test_a_department_signs_for_the_case_and_reports_back_and_the_sender_sees_the_result(
    platform, org_tree, world, clients
) -> None:
    sender = clients("m_a")
    centre = clients("zhongxin", {"bureau_staff": world["centre"]})
    case_url = f"/m/mediation/cases/{world['case']}"
    page = sender.get(case_url).text
    assert "乐陵市公共法律服务中心" in page
    version = re.search(r'data-version="(\d+)"', page).group(1)  # type: ignore[union-attr]
    sent = post_form(
        sender,
        f"{case_url}/escalate",
        {"version": version, "receiver_org_id": str(world["centre"]), "reason": "矛盾激化"},
    )
    assert sent.status_code in (200, 303)
    with session_scope(platform.engine) as session:
        row = session.exec(select(MediationEscalation)).one()
    inbox = centre.get("/m/mediation/escalations").text
    assert f'data-escalation="{row.id}"' in inbox
    detail = centre.get(f"/m/mediation/escalations/{row.id}")
    assert detail.status_code == 200 and 'id="case-description"' in detail.text
    assert centre.get(case_url).status_code == 404  # the case page itself stays the sender's
    early = post_form(
        centre, f"/m/mediation/escalations/{row.id}/report", {"version": "1", "result": "x"}
    )
    assert early.status_code == 400 and "请先签收" in early.text
    signed = post_form(
        centre, f"/m/mediation/escalations/{row.id}/sign", {"version": _version(detail.text)}
    )
    assert signed.status_code == 303
    page = centre.get(f"/m/mediation/escalations/{row.id}").text
    empty = post_form(
        centre, f"/m/mediation/escalations/{row.id}/report", {"version": _version(page)}
    )
    assert empty.status_code == 422 and "请填写办理结果" in empty.text
    done = post_form(
        centre,
        f"/m/mediation/escalations/{row.id}/report",
        {"version": _version(page), "result": "已组织双方听证，达成一致意见，退回村调委会制作协议"},
    )
    assert done.status_code == 303
    after = centre.get(f"/m/mediation/escalations/{row.id}").text
    assert 'id="case-description"' not in after  # no longer escalated: the facts are gone
    assert "已组织双方听证" in sender.get(case_url).text
    with session_scope(platform.engine) as session:
        told = session.exec(
            select(Notification.account_id).where(
                Notification.key == f"mediation.escalation:{row.id}:report"
            )
        ).all()
        assert world["sender"] in told


def test_a_third_station_reaches_neither_the_escalation_nor_the_case(
    platform, org_tree, world, clients
) -> None:
    with session_scope(platform.engine) as session:
        row = _escalate(session, world, receiver=org_tree.station_a)
    other = clients("suo_b", {"station_head": org_tree.station_b})
    assert other.get(f"/m/mediation/escalations/{row.id}").status_code == 404
    assert (
        post_form(other, f"/m/mediation/escalations/{row.id}/sign", {"version": "1"}).status_code
        == 404
    )
    assert other.get(f"/m/mediation/cases/{world['case']}").status_code == 404
    assert f'data-escalation="{row.id}"' not in other.get("/m/mediation/escalations").text
    with session_scope(platform.engine) as session:
        assert session.get(MediationEscalation, row.id).status == "pending"


def test_a_late_signature_turns_red_and_the_first_signer_owes_the_report(
    platform, org_tree, world
) -> None:
    with session_scope(platform.engine) as session:
        row = _escalate(session, world)
        source = DueSource("mediation", "escalation", row.id)
        (sign,) = due_items_of(session, source)
        assert sign.org_id == world["centre"] and sign.account_id is None
        assert sign.due_at == NOW + timedelta(hours=24)
        assert due_state(sign, NOW + timedelta(hours=25)) is DueState.OVERDUE
        signer = make_account(session, "first", roles={"bureau_staff": world["centre"]})
        sign_escalation(
            session,
            row.id,
            expected_version=row.version,
            actor_id=signer.id,
            now=NOW + timedelta(hours=3),
        )
        items = {i.key: i for i in due_items_of(session, source)}
        assert items["sign"].done_at is not None
        assert items["report"].account_id == signer.id and items["report"].done_at is None
        with pytest.raises(IllegalTransition):
            sign_escalation(session, row.id, expected_version=None, actor_id=None, now=NOW)
        report_back(
            session,
            row.id,
            {"result": "已化解"},
            expected_version=None,
            actor_id=signer.id,
            now=NOW + timedelta(days=2),
        )
        assert all(i.done_at is not None for i in due_items_of(session, source))


def test_bad_escalations_are_refused_with_clear_messages(platform, org_tree, world) -> None:
    with session_scope(platform.engine) as session:
        with pytest.raises(InvalidInput) as elsewhere:
            _escalate(session, world, receiver=org_tree.station_b)
        assert elsewhere.value.errors["receiver_org_id"] == "请选择可接收上报的单位"
        with pytest.raises(InvalidInput) as reasonless:
            _escalate(session, world, reason="")
        assert reasonless.value.errors["reason"] == "请填写上报原因"
        _escalate(session, world)
        with pytest.raises(IllegalTransition, match="已上报，尚未回告"):
            _escalate(session, world)
