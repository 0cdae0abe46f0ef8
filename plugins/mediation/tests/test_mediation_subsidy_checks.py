"""以案定补核查 (issue 23, acceptance 2): each check fires on a constructed case, a reviewer
clears it with an audited reason, and a sheet with an uncleared finding is not approved.

Clinic mediations count: a dispute a legal-service clinic hands over through the core's
referral API (``core.api.refer``, the clinic plugin's own path) is on the committee's sheet.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from mediation.models import MediationCase
from mediation.services import proceedings
from mediation.services.intake import accept_case
from mediation.services.subsidies import UncheckedFindings, approve_sheet, subsidy_sheet
from mediation.services.subsidy_checks import clear_finding, findings
from mediation.settings import MediationSettings
from mediation_support import accepted_case, committee, mediator
from sqlmodel import Session, select

from core.api import DuplicateSubmission, Referral, refer, register_person
from core.audit.models import AuditRecord
from core.db import session_scope
from core.indicators.periods import Period, PeriodType
from tests.conftest import _signed_in_client
from tests.support.auth import FakeClock, post_form, use_clock

OCT = Period.parse("2026-10")
SETTINGS = MediationSettings(subsidy_check_daily_cases=2)
AFTER = date(2026, 11, 3)


def _close(session, committee_id, mediator_id, day, *, parties=None, form="written", **extra):
    """A case registered, accepted and agreed on *day* (or registered earlier via extra)."""
    registered = extra.pop("registered_on", day)
    row = accepted_case(
        session,
        committee_id,
        mediator_id,
        today=day,
        parties=parties,
        registered_on=registered.isoformat(),
    )
    row = session.get(MediationCase, row.id)
    proceedings.record_agreement(
        session,
        row.id,
        {
            "form": form,
            "concluded_on": day.isoformat(),
            "terms": "赔偿损失",
            "performance_method": "当场付清",
            "performed_now": "1",
            "difficulty": extra.pop("difficulty", "simple"),
        },
        expected_version=row.version,
        today=day,
    )
    return row.id


def _pair(session, org_id, tag):
    people = [
        register_person(
            session,
            {"name": f"{tag}{n}", "id_type": "none", "no_id_reason": "未带证件", "sex": "male"},
            org_id=org_id,
            today=date(2026, 10, 1),
        )
        for n in ("甲", "乙")
    ]
    return [
        {"role": "applicant", "person_id": str(people[0].id)},
        {"role": "respondent", "person_id": str(people[1].id)},
    ]


@pytest.fixture
def month(platform, org_tree):
    with session_scope(platform.engine) as session:
        a = committee(session, org_tree.village_a, short_name="前进")
        b = committee(session, org_tree.village_b, short_name="后刘")
        wang = mediator(session, a.id, "王调解", phone="13800000001").id
        wang_b = mediator(session, b.id, "王调解", phone="13800000001").id  # the same person
        zhao = mediator(session, a.id, "赵调解").id
        busy = [_close(session, a.id, wang, date(2026, 10, 12)) for _ in range(3)]
        same = _pair(session, org_tree.village_a, "重复")
        repeated = [_close(session, a.id, zhao, date(2026, 10, d), parties=same) for d in (6, 21)]
        oral = _close(session, a.id, zhao, date(2026, 10, 8), form="oral")
        quick = _close(
            session,
            a.id,
            zhao,
            date(2026, 10, 15),
            difficulty="complex",
            registered_on=date(2026, 10, 15),
        )
        # one dispute, registered at both committees, 王 the lead at both: paid twice
        twice = _pair(session, org_tree.village_a, "两处")
        here = _close(session, a.id, wang, date(2026, 10, 9), parties=twice)
        there = _close(session, b.id, wang_b, date(2026, 10, 9), parties=twice)
        # the same kind of pair led by different people is no finding
        other = _pair(session, org_tree.village_a, "两人")
        _close(session, a.id, zhao, date(2026, 10, 10), parties=other)
        _close(session, b.id, wang_b, date(2026, 10, 10), parties=other)
        return {
            "a": a.id,
            "busy": busy,
            "repeated": repeated,
            "oral": oral,
            "quick": quick,
            "here": here,
            "there": there,
            "wang": wang,
        }


def test_each_check_fires_on_its_case(platform, month) -> None:
    with Session(platform.engine) as session:
        found = {f.check: f for f in findings(session, month["a"], OCT, SETTINGS)}
    assert found["daily_load"].case_ids == tuple(sorted(month["busy"]))
    assert found["repeat_parties"].case_ids == tuple(sorted(month["repeated"]))
    assert found["oral_no_session"].case_ids == (month["oral"],)
    assert found["quick_complex"].case_ids == (month["quick"],)
    assert found["double_paid"].case_ids == (month["here"], month["there"])
    assert len(found) == 5 and not any(f.cleared for f in found.values())


def test_approval_waits_until_every_finding_is_cleared_with_a_reason(platform, month) -> None:
    with (
        session_scope(platform.engine) as session,
        pytest.raises(UncheckedFindings, match="5条核查提示未核查通过"),
    ):
        approve_sheet(session, month["a"], OCT, SETTINGS, actor_id=None, today=AFTER)
    with session_scope(platform.engine) as session:
        for f in findings(session, month["a"], OCT, SETTINGS):
            clear_finding(
                session,
                month["a"],
                OCT,
                SETTINGS,
                {"check": f.check, "key": f.key, "reason": f"已电话回访当事人核实：{f.check}"},
                actor_id=None,
                today=AFTER,
            )
    with session_scope(platform.engine) as session:
        assert all(f.cleared for f in findings(session, month["a"], OCT, SETTINGS))
        stored = approve_sheet(session, month["a"], OCT, SETTINGS, actor_id=None, today=AFTER)
        assert stored.cases == 9
        audited = session.exec(
            select(AuditRecord).where(
                AuditRecord.entity == "mediation_subsidy_clearance",
                AuditRecord.action == "insert",
            )
        ).all()
        assert len(audited) == 5 and any("已电话回访" in str(a.changes) for a in audited)


def test_clearing_a_finding_already_cleared_is_a_conflict(platform, month) -> None:
    """A reviewer's second post (or a colleague's at the same moment) is told someone else
    saved first (409), not that the form is wrong."""
    with session_scope(platform.engine) as session:
        first = findings(session, month["a"], OCT, SETTINGS)[0]
        form = {"check": first.check, "key": first.key, "reason": "已电话回访当事人核实"}
        clear_finding(session, month["a"], OCT, SETTINGS, form, actor_id=None, today=AFTER)
    with session_scope(platform.engine) as session, pytest.raises(DuplicateSubmission):
        clear_finding(session, month["a"], OCT, SETTINGS, form, actor_id=None, today=AFTER)


def test_a_clearance_lapses_when_the_cases_behind_it_change(platform, month) -> None:
    with session_scope(platform.engine) as session:
        busy = next(
            f for f in findings(session, month["a"], OCT, SETTINGS) if f.check == "daily_load"
        )
        clear_finding(
            session,
            month["a"],
            OCT,
            SETTINGS,
            {"check": busy.check, "key": busy.key, "reason": "集中调处的系列纠纷"},
            actor_id=None,
            today=AFTER,
        )
        _close(session, month["a"], month["wang"], date(2026, 10, 12))  # a fourth that day
    with Session(platform.engine) as session:
        again = next(
            f for f in findings(session, month["a"], OCT, SETTINGS) if f.check == "daily_load"
        )
    assert len(again.case_ids) == 4 and not again.cleared


def test_the_sheet_page_lists_findings_and_a_reviewer_clears_one(platform, org_tree, month) -> None:
    for head in _signed_in_client(platform, "suozhang", {"station_head": org_tree.station_a}):
        use_clock(head, FakeClock())
        url = f"/m/mediation/subsidies?committee_id={month['a']}&month=2026-10"
        page = head.get(url).text
        assert 'data-check="oral_no_session"' in page and "口头协议无调解记录" in page
        with Session(platform.engine) as session:
            oral = next(
                f
                for f in findings(session, month["a"], OCT, MediationSettings())
                if f.check == "oral_no_session"
            )
        form = {
            "committee_id": month["a"],
            "month": "2026-10",
            "check": oral.check,
            "key": oral.key,
        }
        empty = post_form(head, "/m/mediation/subsidies/clear", {**form, "reason": "  "})
        assert empty.status_code == 422 and "请填写核查结论" in empty.text
        done = post_form(
            head, "/m/mediation/subsidies/clear", {**form, "reason": "调解记录在纸质卷宗中"}
        )
        assert done.status_code == 303
        assert "调解记录在纸质卷宗中" in head.get(url).text
        refused = post_form(
            head, "/m/mediation/subsidies/approve", {"committee_id": month["a"], "month": "2026-10"}
        )
        assert refused.status_code == 409 and "未核查通过" in refused.text


def test_a_dispute_handed_over_by_a_clinic_counts_for_the_subsidy(platform, org_tree) -> None:
    """The clinic plugin hands a dispute over through ``core.api.refer``; mediated to an
    agreement, it is on the committee's sheet like any other case."""
    day = datetime.now(UTC).astimezone(timezone(timedelta(hours=8))).date()
    with session_scope(platform.engine) as session:
        c = committee(session, org_tree.village_a, short_name="前进")
        m = mediator(session, c.id, "孙调解")
        people = _pair(session, org_tree.village_a, "诊室")
        receipt = refer(
            session,
            platform.host,
            "mediation.dispute",
            Referral(
                source="clinic",
                source_ref="诊室-2026-0007",
                org_id=c.org_id,
                title="邻居房檐滴水纠纷",
                description="邻居房檐滴水到院内，诊室律师建议申请人民调解。",
                person_ids=tuple(int(p["person_id"]) for p in people),
                details={
                    "category_code": "0902",
                    "source": "service_referral",
                    "referring_body": "前进社区法律服务诊室",
                },
            ),
        )
        case = session.get(MediationCase, receipt.record_id)
        case = accept_case(
            session,
            case.id,
            {"rights_notified_on": day.isoformat(), "mediator_ids": [str(m.id)]},
            expected_version=case.version,
            today=day,
        )
        proceedings.record_agreement(
            session,
            case.id,
            {
                "form": "written",
                "concluded_on": day.isoformat(),
                "terms": "改装排水槽",
                "performance_method": "自行改装",
                "performed_now": "1",
                "difficulty": "general",
            },
            expected_version=case.version,
            today=day,
        )
    with Session(platform.engine) as session:
        sheet = subsidy_sheet(session, c.id, Period.containing(day, PeriodType.MONTH), SETTINGS)
    assert [(line.name, line.amount) for line in sheet.lines] == [("孙调解", 50)]
