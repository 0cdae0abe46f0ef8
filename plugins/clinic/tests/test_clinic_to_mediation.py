"""A clinic's referral to mediation arrives as the committee needs it (issue 21, defect 7):
no refusal on a field the clinic's form does not have, the right dispute code (宅基地 is
0902, not 0901 土地承包经营), the right source (not 政府部门交办), the committee's people
told, and the clinic's own village's committee offered first."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from clinic.codes import SessionStatus, dispute_code
from clinic.models import ClinicConsultation, ClinicSession
from clinic_support import World, build_world
from litestar.testing import TestClient
from mediation.models import MediationCase, MediationCommittee, MediationMediator
from sqlmodel import select

from core.api import OrgType, create_org, session_scope
from core.reminders.models import Notification
from web.app import create_app
from web.testing import FakeClock, login, make_account, post_form, use_clock

TODAY = date(2026, 12, 3)


@pytest.fixture(scope="module")
def world(tmp_path_factory, clinic_database_url) -> Iterator[World]:
    built = build_world(tmp_path_factory.mktemp("clinic_med"), clinic_database_url)
    with session_scope(built.platform.engine) as session:
        committee = session.exec(
            select(MediationCommittee).where(MediationCommittee.org_id == built.committee)
        ).one()
        mediator_account = make_account(
            session, "tiaojie_x", roles={"mediator": built.tree.village_a}, host=built.platform.host
        )
        session.add(
            MediationMediator(
                committee_id=committee.id,
                org_id=built.committee,
                name="王调解",
                employment="part_time",
                position="member",
                account_id=mediator_account.id,
            )
        )
        county = create_org(
            session,
            name="乐陵市医疗纠纷人民调解委员会",
            type=OrgType.MEDIATION_COMMITTEE,
            parent_id=built.tree.bureau,
            committee_kind="medical",
        )
        session.add(MediationCommittee(org_id=county.id, short_name="医调"))
    yield built
    built.platform.engine.dispose()


@pytest.fixture(scope="module")
def wang(world: World) -> Iterator[TestClient[Any]]:
    client = TestClient(app=create_app(platform=world.platform), raise_server_exceptions=False)
    with client:
        use_clock(client, FakeClock(datetime(2026, 12, 3, 1, 0, tzinfo=UTC)))
        login(client, "wang")
        yield client


def _held_session(world: World) -> int:
    from datetime import time

    with session_scope(world.platform.engine) as session:
        row = ClinicSession(
            org_id=world.tree.village_a,
            clinic_id=world.clinic_id,
            provider_id=world.wang,
            day=TODAY,
            starts_at=time(9),
            ends_at=time(11, 30),
            status=SessionStatus.SCHEDULED,
        )
        session.add(row)
        session.flush()
        return row.id  # type: ignore[return-value]


def test_question_words_pick_the_dispute_code() -> None:
    assert dispute_code("land", "邻居占了我家宅基地半米") == "0902"
    assert dispute_code("land", "村里收回承包地") == "0901"
    assert dispute_code("neighbour", "邻居新砌院墙越界") == "0202"
    assert dispute_code("neighbour", "楼上漏水") == "0299"


def test_a_homestead_question_reaches_the_committee_as_a_referral_it_can_use(
    world: World, wang: TestClient[Any]
) -> None:
    session_id = _held_session(world)
    assert (
        post_form(wang, f"/m/clinic/sessions/{session_id}/checkin", {"version": "1"}).status_code
        == 303
    )
    page = wang.get(f"/m/clinic/sessions/{session_id}").text
    options = page.split('id="field-target_org_id"')[1].split("</select>")[0]
    assert options.index("前进社区人民调解委员会") < options.index("乐陵市医疗纠纷人民调解委员会")

    answer = post_form(
        wang,
        f"/m/clinic/sessions/{session_id}/consultations",
        {
            "category": "land",
            "question": "邻居新砌院墙占了我家宅基地半米（东侧）",
            "advice": "宜先行人民调解",
            "outcome": "mediation",
            "target_org_id": str(world.committee),
            "person_id": str(world.applicant),
            "other_party_name": "钱某",
            "other_party_sex": "male",
        },
    )
    assert answer.status_code == 303, answer.text
    assert "涉及人数" not in answer.text
    with session_scope(world.platform.engine) as session:
        consultation = session.exec(
            select(ClinicConsultation).where(ClinicConsultation.session_id == session_id)
        ).one()
        case = session.get(MediationCase, consultation.referral_record_id)
        assert case.category_code == "0902"
        assert case.source == "service_referral"
        assert case.referring_body == "前进社区法律服务诊室"
        told = session.exec(
            select(Notification).where(Notification.key == f"mediation.referral:{case.id}")
        ).all()
        accounts = {n.account_id for n in told}
        mediator = session.exec(
            select(MediationMediator).where(MediationMediator.name == "王调解")
        ).first()
        assert mediator.account_id in accounts
        assert all("转来纠纷" in n.title_zh for n in told)
