"""Intake (受理) from every source, with parties from the people registry, and refusal."""

from __future__ import annotations

import pytest
from mediation.codes import CaseStatus, MinistryCategory
from mediation.errors import IllegalTransition, InvalidInput
from mediation.models import MediationCase, MediationParty
from mediation.services import intake
from mediation.settings import MediationSettings
from mediation_support import CASE_DATA, TODAY, case, committee, mediator, new_person, two_parties
from sqlmodel import Session, select

from core.db import session_scope
from core.orgs.models import OrgUnit
from core.people.models import Person
from core.people.service import register_person


@pytest.fixture
def committee_id(platform, org_tree) -> int:
    with session_scope(platform.engine) as session:
        return committee(session, org_tree.village_a, short_name="前进").id


def _errors(platform, committee_id, data, parties=None) -> dict[str, str]:
    with Session(platform.engine) as session, pytest.raises(InvalidInput) as caught:
        case(session, committee_id, data, parties)
    return caught.value.errors


SOURCES = [
    ({"source": "party_application", "application_form": "written"}, "party_application"),
    (
        {
            "source": "party_application",
            "application_form": "oral",
            "application_text": "申请人口述：邻居占用宅基地。",
            "applicant_signed": "1",
        },
        "party_application",
    ),
    ({"source": "own_initiative"}, "own_initiative"),
    (
        {
            "source": "court_referral",
            "referral_mode": "before_filing",
            "referring_body": "乐陵市人民法院",
            "referral_number": "（2026）鲁1481民诉前调123号",
        },
        "court_referral",
    ),
    ({"source": "police_transfer", "referring_body": "市中派出所"}, "police_transfer"),
    (
        {
            "source": "government_assignment",
            "referring_body": "乐陵市信访局",
            "referral_number": "乐信转〔2026〕8号",
        },
        "government_assignment",
    ),
]


@pytest.mark.parametrize(("fields", "source"), SOURCES)
def test_a_dispute_is_registered_from_every_source(platform, committee_id, fields, source) -> None:
    with session_scope(platform.engine) as session:
        row = case(session, committee_id, {**fields, "amount": "12,000.50", "people_involved": "3"})
        assert row.source == source and row.status == CaseStatus.REGISTERED
        assert row.case_number == "（2026）前进人调字第1号"
        assert str(row.amount) == "12000.50" and row.people_involved == 3
        assert row.ministry_category == MinistryCategory.HOUSING_HOMESTEAD  # 0902 宅基地使用
        if source != "party_application":
            assert row.application_form is None and not row.applicant_signed
        if source not in ("court_referral", "police_transfer", "government_assignment"):
            assert row.referring_body is None


def test_an_oral_application_must_be_written_down_and_signed(platform, committee_id) -> None:
    errors = _errors(
        platform, committee_id, {"source": "party_application", "application_form": "oral"}
    )
    assert errors["application_text"] == "请填写申请内容"
    assert errors["applicant_signed"] == "口头申请须当场记录，并经申请人签名（或捺印）确认"


def test_a_court_referral_needs_the_court_and_its_reference(platform, committee_id) -> None:
    errors = _errors(platform, committee_id, {"source": "court_referral"})
    assert errors == {
        "referring_body": "请填写委派/委托法院",
        "referral_number": "请填写法院案号或委派编号",
        "referral_mode": "请选择委派或委托",
    }


def test_the_category_must_be_a_detailed_code(platform, committee_id) -> None:
    assert (
        _errors(platform, committee_id, {"category_code": "09"})["category_code"]
        == "请选择具体的纠纷类型（二级分类）"
    )
    assert (
        _errors(platform, committee_id, {"category_code": ""})["category_code"] == "请选择纠纷类型"
    )


def test_every_problem_of_the_form_is_reported_at_once(platform, committee_id) -> None:
    errors = _errors(
        platform,
        committee_id,
        {"description": "", "amount": "-5", "people_involved": "1", "occurred_on": "2999-01-01"},
        [{"role": "applicant", "person": new_person("张三")}],
    )
    assert set(errors) >= {"description", "amount", "people_involved", "occurred_on", "parties"}
    assert errors["parties"] == "纠纷至少有两方当事人：请各登记至少一名申请人和被申请人"


def test_parties_come_from_the_registry_or_are_registered_on_the_spot(
    platform, org_tree, committee_id
) -> None:
    with session_scope(platform.engine) as session:
        known = register_person(session, new_person("赵大", 0), org_id=org_tree.village_a)
        row = case(
            session,
            committee_id,
            None,
            [
                {"role": "applicant", "person_id": str(known.id)},
                {"role": "respondent", "person": new_person("钱二", 1)},
                {"role": "agent", "person": new_person("孙律师"), "represents": 0},
            ],
        )
        parties = session.exec(
            select(MediationParty)
            .where(MediationParty.case_id == row.id)
            .order_by(MediationParty.position)
        ).all()
        people = {p.id: p for p in session.exec(select(Person)).all()}
        assert [people[p.person_id].name for p in parties] == ["赵大", "钱二", "孙律师"]
        assert parties[2].represents_id == parties[0].id
        assert people[parties[1].person_id].org_id == row.org_id  # registered by the committee
        assert row.title == "赵大与钱二宅基地使用纠纷"


def test_a_picked_person_must_be_visible_and_listed_once(platform, org_tree, committee_id) -> None:
    with session_scope(platform.engine) as session:
        elsewhere = register_person(session, new_person("外站人", 2), org_id=org_tree.station_b).id
        mine = register_person(session, new_person("本站人", 3), org_id=org_tree.village_a).id
    station_a_only = select(OrgUnit.id).where(
        OrgUnit.path.like(f"/{org_tree.bureau}/{org_tree.station_a}/%")
    )  # type: ignore[attr-defined]
    with Session(platform.engine) as session, pytest.raises(InvalidInput) as caught:
        intake.register_case(
            session,
            committee_id,
            CASE_DATA,
            [
                {"role": "applicant", "person_id": str(mine)},
                {"role": "respondent", "person_id": str(elsewhere)},
            ],
            actor_id=None,
            today=TODAY,
            visible_people=station_a_only,
        )
    assert caught.value.errors == {"party_1_person": "所选人员不存在"}
    with Session(platform.engine) as session, pytest.raises(InvalidInput) as caught:
        intake.register_case(
            session,
            committee_id,
            CASE_DATA,
            [
                {"role": "applicant", "person_id": str(mine)},
                {"role": "respondent", "person_id": str(mine)},
            ],
            actor_id=None,
            today=TODAY,
            visible_people=station_a_only,
        )
    assert caught.value.errors == {"party_1_person": "同一人员不能在一个案件中登记两次"}


def test_an_agent_must_represent_a_party(platform, committee_id) -> None:
    parties = [*two_parties(), {"role": "agent", "person": new_person("孙律师")}]
    assert _errors(platform, committee_id, None, parties) == {
        "party_2_represents": "请选择代理人所代理的当事人"
    }


def test_a_new_party_already_in_the_registry_is_pointed_to(
    platform, org_tree, committee_id
) -> None:
    with session_scope(platform.engine) as session:
        register_person(session, new_person("赵大", 0), org_id=org_tree.village_a)
    errors = _errors(
        platform,
        committee_id,
        None,
        [{"role": "applicant", "person": new_person("赵大", 0)}, two_parties()[1]],
    )
    assert errors["party_0_id_number"].startswith("该身份证号码已登记：赵大")
    assert errors["party_0_id_number"].endswith("请在“选择人员”中查找并选择该人员")


def test_refusal_records_a_reason_from_the_legal_list(platform, committee_id) -> None:
    with session_scope(platform.engine) as session:
        row = case(session, committee_id)
        with pytest.raises(InvalidInput) as caught:
            intake.refuse_case(
                session,
                row.id,
                {"refusal_reason": "criminal_or_public_order"},
                expected_version=row.version,
                today=TODAY,
                settings=MediationSettings(local_refusal_reasons=False),
            )
        assert caught.value.errors == {"refusal_reason": "本局未启用该地方性不予受理理由"}
        intake.refuse_case(
            session,
            row.id,
            {"refusal_reason": "party_refuses", "refusal_note": "被申请人明确表示不同意调解"},
            expected_version=row.version,
            today=TODAY,
            settings=MediationSettings(),
        )
        refused = session.get(MediationCase, row.id)
        assert refused.status == CaseStatus.REFUSED and refused.refused_on == TODAY
        with pytest.raises(IllegalTransition, match="当前状态为“不予受理”，不能受理"):
            intake.accept_case(session, row.id, {}, expected_version=refused.version, today=TODAY)


def test_acceptance_needs_the_rights_notice_and_mediators_of_the_committee(
    platform, org_tree, committee_id
) -> None:
    with session_scope(platform.engine) as session:
        other = mediator(session, committee(session, org_tree.village_b).id, "外站调解员")
        row = case(session, committee_id)
        with pytest.raises(InvalidInput) as caught:
            intake.accept_case(
                session,
                row.id,
                {"mediator_ids": [str(other.id)]},
                expected_version=row.version,
                today=TODAY,
            )
    assert caught.value.errors == {
        "rights_notified_on": "受理前须告知当事人权利义务（人民调解当事人权利义务告知书），请填写告知日期",
        "mediator_ids": "只能指派本调委会在册的调解员",
    }


def test_a_partys_timeline_shows_the_case(platform, org_tree, committee_id) -> None:
    from core.people.timeline import person_timeline

    with session_scope(platform.engine) as session:
        known = register_person(session, new_person("赵大", 0), org_id=org_tree.village_a)
        row = case(
            session,
            committee_id,
            None,
            [{"role": "respondent", "person_id": str(known.id)}, *two_parties()[:1]],
        )
        entries = person_timeline(platform.host, session, known.id, only={"mediation"})
    assert [(e.plugin, e.url, e.org_id) for e in entries] == [
        ("mediation", f"/m/mediation/cases/{row.id}", row.org_id)
    ]
    assert (
        entries[0].title.startswith("（2026）前进人调字第1号")
        and "（被申请人，已登记待受理）" in entries[0].title
    )
