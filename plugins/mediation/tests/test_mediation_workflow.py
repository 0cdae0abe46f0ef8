"""The case's life through the services, and the moves the state machine refuses (acceptance 2)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from mediation.codes import CaseStatus, ConfirmationStatus
from mediation.errors import IllegalTransition, InvalidInput
from mediation.models import MediationAgreement, MediationCase, MediationFollowUp
from mediation.services import aftercare, archive, intake, proceedings
from mediation.services.cases import live_agreement
from mediation.settings import MediationSettings
from mediation_support import TODAY, accepted_case, case, committee, fresh, mediator, two_parties
from sqlmodel import select

from core.db import session_scope
from core.locking import StaleRecord


@pytest.fixture
def setup(platform, org_tree):
    with session_scope(platform.engine) as session:
        c = committee(session, org_tree.village_a, short_name="前进")
        m = mediator(session, c.id)
        return c.id, m.id


def _session(session, case_id, **extra):
    row = fresh(session, MediationCase, case_id)
    return proceedings.record_session(
        session,
        case_id,
        {
            "held_on": TODAY.isoformat(),
            "participants": "张三、李四、王调解",
            "notes": "双方陈述了各自意见。",
            **extra,
        },
        expected_version=row.version,
        actor_id=None,
        today=TODAY,
    )


def _agree(session, case_id, **extra):
    row = fresh(session, MediationCase, case_id)
    data = {
        "form": "written",
        "concluded_on": TODAY.isoformat(),
        "terms": "被申请人于十日内拆除越界院墙，恢复原状。",
        "amount": "1500",
        "performance_method": "自行拆除并赔偿损失1500元",
        "performance_deadline": (TODAY + timedelta(days=10)).isoformat(),
        "difficulty": "general",
        **extra,
    }
    return proceedings.record_agreement(
        session, case_id, data, expected_version=row.version, today=TODAY
    )


def test_a_case_goes_from_registration_to_the_archive(platform, setup) -> None:
    committee_id, mediator_id = setup
    later = TODAY + timedelta(days=40)
    with session_scope(platform.engine) as session:
        row = accepted_case(session, committee_id, mediator_id, parties=two_parties(numbers=(0, 1)))
        case_id = row.id
        assert row.status == CaseStatus.MEDIATING
        assert row.case_number == "（2026）前进人调字第1号"
        assert row.due_on == date(2026, 12, 23)  # one month from acceptance (M1)
        _session(session, case_id)
        _agree(session, case_id)
        assert fresh(session, MediationCase, case_id).status == CaseStatus.AGREED
        row = fresh(session, MediationCase, case_id)
        aftercare.record_performance(
            session,
            case_id,
            {
                "performed_on": (TODAY + timedelta(days=5)).isoformat(),
                "performance_note": "已拆除，已付款",
            },
            expected_version=row.version,
            today=later,
        )
        row = fresh(session, MediationCase, case_id)
        aftercare.record_follow_up(
            session,
            case_id,
            {
                "visited_on": (TODAY + timedelta(days=20)).isoformat(),
                "visited_persons": "张三、李四",
                "visitor": "王调解",
                "performance": "已全部履行",
                "satisfaction": "satisfied",
            },
            expected_version=row.version,
            actor_id=None,
            today=later,
        )
        row = fresh(session, MediationCase, case_id)
        archive.archive_case(
            session, case_id, {}, expected_version=row.version, actor_id=None, today=later
        )
        row = fresh(session, MediationCase, case_id)
        assert row.status == CaseStatus.ARCHIVED
        assert row.closed_on == TODAY and row.archived_on == later


def test_an_agreement_cannot_be_recorded_on_a_refused_case(platform, setup) -> None:
    committee_id, _ = setup
    with session_scope(platform.engine) as session:
        row = case(session, committee_id)
        intake.refuse_case(
            session,
            row.id,
            {"refusal_reason": "already_handled"},
            expected_version=row.version,
            today=TODAY,
            settings=MediationSettings(),
        )
        with pytest.raises(IllegalTransition) as caught:
            _agree(session, row.id)
    assert (
        caught.value.message == "案件（2026）前进人调字第1号当前状态为“不予受理”，不能记录调解协议"
    )


def test_archiving_without_the_required_documents_is_refused_with_the_list(platform, setup) -> None:
    committee_id, mediator_id = setup
    with session_scope(platform.engine) as session:
        row = accepted_case(session, committee_id, mediator_id)
        row = fresh(session, MediationCase, row.id)
        proceedings.terminate_case(
            session,
            row.id,
            {"termination_reason": "no_agreement", "remedies": ["litigation"]},
            expected_version=row.version,
            today=TODAY,
        )
        row = fresh(session, MediationCase, row.id)
        with pytest.raises(IllegalTransition) as caught:
            archive.archive_case(
                session, row.id, {}, expected_version=row.version, actor_id=None, today=TODAY
            )
    message = caught.value.message
    assert message.startswith("案件（2026）前进人调字第1号材料不全，不能归档。缺少：")
    assert "人民调解记录（调解笔录）" in message
    assert "当事人身份证明（张三" in message  # registered without an identity document
    assert "案件难易程度评定（以案定补）" in message
    assert (
        len(caught.value.missing) == 4
    )  # two parties without documents, the record, the difficulty


def test_a_case_with_an_agreement_cannot_be_terminated_unless_the_court_found_it_invalid(
    platform, setup
) -> None:
    committee_id, mediator_id = setup
    with session_scope(platform.engine) as session:
        row = accepted_case(session, committee_id, mediator_id)
        _session(session, row.id)
        _agree(session, row.id)
        row = fresh(session, MediationCase, row.id)
        with pytest.raises(IllegalTransition, match="不能终止调解"):
            proceedings.terminate_case(
                session,
                row.id,
                {"termination_reason": "other", "remedies": "litigation", "termination_note": "x"},
                expected_version=row.version,
                today=TODAY,
            )
        aftercare.apply_confirmation(
            session,
            row.id,
            {"confirmation_applied_on": TODAY.isoformat(), "confirmation_court": "乐陵市人民法院"},
            expected_version=row.version,
            today=TODAY,
        )
        row = fresh(session, MediationCase, row.id)
        with pytest.raises(IllegalTransition, match="不能重复申请"):
            aftercare.apply_confirmation(
                session,
                row.id,
                {"confirmation_applied_on": TODAY.isoformat(), "confirmation_court": "x"},
                expected_version=row.version,
                today=TODAY,
            )
        aftercare.record_confirmation(
            session,
            row.id,
            {
                "confirmation_result": "invalid",
                "confirmation_decided_on": TODAY.isoformat(),
                "confirmation_case_number": "（2026）鲁1481民特12号",
            },
            expected_version=row.version,
            today=TODAY,
        )
        row = fresh(session, MediationCase, row.id)
        aftercare.remediate(session, row.id, {}, expected_version=row.version, today=TODAY)
        row = fresh(session, MediationCase, row.id)
        assert row.status == CaseStatus.MEDIATING and row.closed_on is None
        assert live_agreement(session, row.id) is None
        old = session.exec(
            select(MediationAgreement).where(MediationAgreement.case_id == row.id)
        ).one()
        assert old.superseded and old.confirmation_status == ConfirmationStatus.INVALID


def test_judicial_confirmation_must_be_applied_for_within_thirty_days(platform, setup) -> None:
    committee_id, mediator_id = setup
    late = TODAY + timedelta(days=45)
    with session_scope(platform.engine) as session:
        row = accepted_case(session, committee_id, mediator_id)
        _agree(session, row.id)
        row = fresh(session, MediationCase, row.id)
        with pytest.raises(InvalidInput) as caught:
            aftercare.apply_confirmation(
                session,
                row.id,
                {
                    "confirmation_applied_on": late.isoformat(),
                    "confirmation_court": "乐陵市人民法院",
                },
                expected_version=row.version,
                today=late,
            )
    # 23 Nov 2026 + 30 days = 23 Dec 2026, a Wednesday.
    assert caught.value.errors["confirmation_applied_on"].endswith("（截至2026-12-23）共同申请")


def test_a_stale_version_is_refused(platform, setup) -> None:
    committee_id, mediator_id = setup
    with session_scope(platform.engine) as session:
        row = accepted_case(session, committee_id, mediator_id)
        with pytest.raises(StaleRecord):
            proceedings.record_session(
                session,
                row.id,
                {"held_on": TODAY.isoformat(), "participants": "x", "notes": "y"},
                expected_version=row.version - 1,
                actor_id=None,
                today=TODAY,
            )


def test_termination_needs_the_remedies_the_parties_were_told(platform, setup) -> None:
    committee_id, mediator_id = setup
    with session_scope(platform.engine) as session:
        row = accepted_case(session, committee_id, mediator_id)
        with pytest.raises(InvalidInput) as caught:
            proceedings.terminate_case(
                session,
                row.id,
                {"termination_reason": "party_refused"},
                expected_version=row.version,
                today=TODAY,
            )
    assert "救济途径" in caught.value.errors["remedies"]


def test_an_agreement_performed_on_the_spot_is_performed_at_once(platform, setup) -> None:
    committee_id, mediator_id = setup
    with session_scope(platform.engine) as session:
        row = accepted_case(session, committee_id, mediator_id)
        agreement = _agree(session, row.id, performed_now="1", performance_deadline="", form="oral")
        row = fresh(session, MediationCase, row.id)
        assert row.status == CaseStatus.PERFORMED
        assert agreement.performed_on == TODAY == agreement.performance_deadline


def test_follow_ups_are_recorded_and_need_notes_on_new_conflict(platform, setup) -> None:
    committee_id, mediator_id = setup
    with session_scope(platform.engine) as session:
        row = accepted_case(session, committee_id, mediator_id)
        _agree(session, row.id)
        row = fresh(session, MediationCase, row.id)
        data = {
            "visited_on": TODAY.isoformat(),
            "visited_persons": "张三",
            "visitor": "王调解",
            "performance": "正在履行",
            "satisfaction": "basically",
            "new_conflict": "1",
        }
        with pytest.raises(InvalidInput) as caught:
            aftercare.record_follow_up(
                session, row.id, data, expected_version=row.version, actor_id=None, today=TODAY
            )
        assert set(caught.value.errors) == {"notes"}
        aftercare.record_follow_up(
            session,
            row.id,
            {**data, "notes": "双方因排水沟又有口角"},
            expected_version=row.version,
            actor_id=None,
            today=TODAY,
        )
        assert session.exec(select(MediationFollowUp)).one().new_conflict


def test_the_cases_due_items_follow_its_state(platform, org_tree, setup) -> None:
    from mediation.services.due_items import case_source
    from mediation.services.mediators import link_account

    from core.reminders.service import due_items_of
    from tests.support.auth import make_account

    committee_id, mediator_id = setup

    def open_items(session, case_id):
        return {
            i.key.split(":")[0]: i
            for i in due_items_of(session, case_source(case_id))
            if i.done_at is None
        }

    with session_scope(platform.engine) as session:
        account = make_account(
            session, "wang", roles={"mediator": org_tree.village_a}, host=platform.host
        )
        link_account(session, mediator_id, account.id, expected_version=None)
        row = accepted_case(session, committee_id, mediator_id, parties=two_parties(numbers=(0, 1)))
        items = open_items(session, row.id)
        assert set(items) == {"term"} and items["term"].account_id == account.id
        assert (
            items["term"].kind == "mediation.term"
            and items["term"].url == f"/m/mediation/cases/{row.id}"
        )
        _session(session, row.id)
        _agree(session, row.id)
        assert set(open_items(session, row.id)) == {"performance", "follow_up"}
        row = fresh(session, MediationCase, row.id)
        aftercare.record_performance(
            session,
            row.id,
            {"performed_on": TODAY.isoformat()},
            expected_version=row.version,
            today=TODAY,
        )
        assert set(open_items(session, row.id)) == {"follow_up"}
        row = fresh(session, MediationCase, row.id)
        aftercare.record_follow_up(
            session,
            row.id,
            {
                "visited_on": TODAY.isoformat(),
                "visited_persons": "双方",
                "visitor": "王调解",
                "performance": "已履行",
                "satisfaction": "satisfied",
            },
            expected_version=row.version,
            actor_id=None,
            today=TODAY,
        )
        assert open_items(session, row.id) == {}
        assert len(due_items_of(session, case_source(row.id))) == 3  # closed, not deleted
