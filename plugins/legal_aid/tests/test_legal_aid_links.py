"""Other modules hand a matter over (legal_aid.application); the daily job treats an
application without its missing materials as withdrawn; the indicators pool up the tree;
refusals, objections and stale saves behave on the pages."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from la_support import application, centre, fresh, id_number, notice, provider
from legal_aid.codes import Channel, Status
from legal_aid.models import LegalAidCase, LegalAidObjection
from legal_aid.services import assignment, handling, quality, review
from sqlmodel import select

from core.api import Referral, ReferralRefused, refer, referral_targets, register_person
from core.db import session_scope
from core.indicators.periods import Period
from web.testing import post_form

DAY = date(2026, 11, 2)


@pytest.fixture
def centre_id(platform, org_tree) -> int:
    with session_scope(platform.engine) as session:
        return centre(session, org_tree.bureau)


def test_another_module_hands_a_matter_to_the_centre(platform, org_tree, centre_id) -> None:
    with session_scope(platform.engine) as session:
        targets = {t.code for t in referral_targets(session, platform.host, centre_id)}
        assert "legal_aid.application" in targets
        person = register_person(
            session,
            {"name": "赵调解当事人", "id_type": "resident_id", "id_number": id_number(21)},
            org_id=org_tree.village_a,
        )
        receipt = refer(
            session,
            platform.host,
            "legal_aid.application",
            Referral(
                source="mediation",
                source_ref="（2026）前进人调字第3号",
                org_id=centre_id,
                title="调解不成的欠薪纠纷",
                description="调解未达成协议，当事人需要代理仲裁。",
                person_ids=(person.id,),
                details={"matter": "civil_wages", "exempt_group": "migrant_wages"},
            ),
        )
        case = session.get(LegalAidCase, receipt.record_id)
        assert (case.channel, case.status, case.org_id) == (
            Channel.REFERRAL,
            Status.APPLIED,
            centre_id,
        )
        assert receipt.url == f"/m/legal_aid/cases/{case.id}"
        with pytest.raises(ReferralRefused):
            refer(
                session,
                platform.host,
                "legal_aid.application",
                Referral(
                    source="mediation",
                    source_ref="x",
                    org_id=org_tree.station_a,
                    title="t",
                    description="d",
                    person_ids=(person.id,),
                ),
            )


def test_the_daily_job_treats_missing_materials_as_withdrawn(platform, centre_id) -> None:
    from legal_aid.jobs import withdraw_incomplete

    with session_scope(platform.engine) as session:
        case = application(session, centre_id, DAY)
        review.request_materials(
            session, case.id, {"materials_list": "欠条", "requested_on": "2026-11-02"}, None, DAY
        )
        case_id = case.id

    class Context:
        host = platform.host
        slot = datetime(2026, 11, 20, 0, 20, tzinfo=UTC)

        def session(self):
            return session_scope(platform.engine)

        def progress(self, *args):
            pass

    assert withdraw_incomplete(Context()) == {"withdrawn": 1}
    assert withdraw_incomplete(Context()) == {"withdrawn": 0}  # idempotent
    with session_scope(platform.engine) as session:
        assert fresh(session, LegalAidCase, case_id).status == Status.WITHDRAWN


def test_indicators_pool_rates_over_the_centres(platform, org_tree, centre_id) -> None:
    from legal_aid.indicators import INDICATORS

    by_code = {i.code: i for i in INDICATORS}
    with session_scope(platform.engine) as session:
        lawyer = provider(session, centre_id)
        for n in range(3):
            case = application(session, centre_id, DAY)
            review.grant(
                session,
                case.id,
                {"decided_on": "2026-11-03" if n else "2026-11-20"},
                None,
                date(2026, 11, 20),
            )
            assignment.assign(
                session,
                case.id,
                {"assigned_on": "2026-11-21", "mode": "named", "provider_id": str(lawyer.id)},
                None,
                date(2026, 11, 21),
            )
            handling.end_matter(
                session,
                case.id,
                {"ended_on": "2026-11-22", "result": "调解"},
                None,
                date(2026, 11, 22),
            )
            handling.submit_report(
                session,
                case.id,
                {"report": "报告", "reported_on": "2026-11-23"},
                None,
                date(2026, 11, 23),
            )
            quality.record_satisfaction(
                session,
                case.id,
                {"satisfaction": "satisfied" if n else "unsatisfied", "surveyed_on": "2026-11-24"},
                None,
                date(2026, 11, 24),
            )
        refused = application(session, centre_id, DAY)
        review.refuse(
            session,
            refused.id,
            {"decided_on": "2026-11-04", "refusal_reason": "不符合经济困难标准"},
            None,
            date(2026, 11, 4),
        )
        period = Period.parse("2026-11")
        rows = {
            code: list(by_code[code].query(session, [centre_id], period))
            for code in (
                "legal_aid.applications_received",
                "legal_aid.review_on_time",
                "legal_aid.grant_rate",
                "legal_aid.satisfaction_rate",
                "legal_aid.cases_per_lawyer",
            )
        }
    assert rows["legal_aid.applications_received"][0][1] == 4
    assert tuple(rows["legal_aid.review_on_time"][0][1:]) == (3, 4)  # one decided late
    assert tuple(rows["legal_aid.grant_rate"][0][1:]) == (3, 4)
    assert tuple(rows["legal_aid.satisfaction_rate"][0][1:]) == (2, 3)
    assert tuple(rows["legal_aid.cases_per_lawyer"][0][1:]) == (3, 1)


def test_refusal_notice_and_objection_upheld_by_the_bureau(
    platform, centre_id, admin_client
) -> None:
    with session_scope(platform.engine) as session:
        case = application(session, centre_id, DAY)
        review.refuse(
            session,
            case.id,
            {"decided_on": "2026-11-03", "refusal_reason": "家庭收入高于标准"},
            None,
            date(2026, 11, 3),
        )
        objection = review.file_objection(
            session,
            case.id,
            {"received_on": "2026-11-05", "grounds": "家庭收入计算有误"},
            None,
            date(2026, 11, 5),
        )
        assert objection.due == date(2026, 11, 10)
        case_id, objection_id, version = case.id, objection.id, objection.version
    notice_page = admin_client.get(f"/m/legal_aid/cases/{case_id}/decision")
    assert "不予法律援助决定书" in notice_page.text and "家庭收入高于标准" in notice_page.text
    empty = post_form(
        admin_client,
        f"/m/legal_aid/objections/{objection_id}/decide",
        {"version": str(version), "outcome": "upheld", "decided_on": "2026-11-06"},
    )
    assert empty.status_code == 422 and "请填写审查理由" in empty.text
    done = post_form(
        admin_client,
        f"/m/legal_aid/objections/{objection_id}/decide",
        {
            "version": str(version),
            "outcome": "upheld",
            "decided_on": "2026-11-06",
            "decision_reason": "经核实收入低于标准",
        },
    )
    assert done.status_code == 303
    with session_scope(platform.engine) as session:
        assert fresh(session, LegalAidCase, case_id).status == Status.GRANTED
        assert fresh(session, LegalAidObjection, objection_id).upheld is True


def test_a_stale_action_is_refused_with_409_and_the_input_kept(
    platform, centre_id, admin_client
) -> None:
    with session_scope(platform.engine) as session:
        case = notice(session, centre_id, DAY, matter="notice_minor")
        provider(session, centre_id)
        case_id, version = case.id, case.version
    first = post_form(
        admin_client,
        f"/m/legal_aid/cases/{case_id}/assign",
        {"version": str(version), "mode": "rotation", "assigned_on": "2026-11-02"},
    )
    assert first.status_code == 303
    stale = post_form(
        admin_client,
        f"/m/legal_aid/cases/{case_id}/terminate",
        {
            "version": str(version),
            "termination_reason": "own_lawyer",
            "ended_on": "2026-11-02",
            "result": "家属自行委托了律师",
        },
    )
    assert stale.status_code == 409 and "家属自行委托了律师" in stale.text


def test_bad_input_on_the_staff_form_is_422_with_chinese_messages(
    platform, centre_id, admin_client
) -> None:
    answer = post_form(
        admin_client,
        "/m/legal_aid/notices/new",
        {
            "centre_id": str(centre_id),
            "matter": "",
            "applicant_name": "孙某",
            "applicant_id_number": "123",
            "summary": "",
        },
    )
    assert answer.status_code == 422
    assert "请选择通知辩护情形" in answer.text and "请填写通知机关" in answer.text
    assert "孙某" in answer.text
    with session_scope(platform.engine) as session:
        assert session.exec(select(LegalAidCase)).all() == []


def test_the_dashboard_panel_counts_waiting_and_overdue_cases(platform, centre_id) -> None:
    from legal_aid.widgets import render

    with session_scope(platform.engine) as session:
        application(session, centre_id, date(2026, 11, 2))  # review due 11-09
        notice(session, centre_id, date(2026, 11, 20), matter="notice_minor")
        figures = render(session, [centre_id], Period.parse("2026-11"))
    values = [f.value for f in figures.figures]
    assert values == ["2", "2", "2"]  # both received, waiting, and past due by the month end
