"""Screening rounds (排查): opened by the job, red when late and escalated, a zero report is done.

Acceptance 4 of the mediation issue: a late screening report turns red and escalates; a
zero report counts as done.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from mediation.errors import IllegalTransition, InvalidInput
from mediation.models import MediationScreeningRound as Round
from mediation.screening_figures import SCREENING_DUTIES, completion, zero_reports
from mediation.services.screening import SCREENING_KIND, open_rounds, period_of, report_round
from sqlmodel import select

from core.api import OrgType, Period, StaleRecord, due_state
from core.db import session_scope
from core.modules.service import set_active
from core.orgs.service import create_org
from core.reminders.models import DueItem, DueItemEscalation, DueItemRecipient
from core.reminders.scan import scan_due_items
from core.reminders.states import DueState
from tests.conftest import _signed_in_client
from tests.support.auth import FakeClock, make_account, post_form, use_clock

NOV_3 = date(2026, 11, 3)


def beijing(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 8, tzinfo=UTC)


def rounds(platform) -> dict[int, Round]:
    with session_scope(platform.engine) as session:
        return {r.org_id: r for r in session.exec(select(Round)).all()}


def item_of(session, round_id: int) -> DueItem:
    return session.exec(
        select(DueItem).where(DueItem.entity == "screening", DueItem.entity_id == str(round_id))
    ).one()


@pytest.mark.parametrize(
    ("org_type", "day", "expected"),
    [
        (OrgType.COMMUNITY, date(2026, 11, 3), (date(2026, 11, 1), date(2026, 11, 15))),
        (OrgType.COMMUNITY, date(2026, 11, 16), (date(2026, 11, 16), date(2026, 11, 30))),
        (OrgType.COMMUNITY, date(2026, 2, 20), (date(2026, 2, 16), date(2026, 2, 28))),
        (OrgType.STATION, date(2026, 11, 30), (date(2026, 11, 1), date(2026, 11, 30))),
    ],
)
def test_communities_sweep_every_half_month_and_stations_every_month(
    org_type, day, expected
) -> None:
    assert period_of(org_type, day) == expected


def test_the_job_opens_one_round_per_unit_and_period_however_often_it_runs(
    platform, org_tree
) -> None:
    with session_scope(platform.engine) as session:
        # another county whose bureau has not turned mediation on: nothing opens there
        other = create_org(session, name="宁津县司法局", type=OrgType.BUREAU)
        create_org(session, name="柴胡店镇司法所", type=OrgType.STATION, parent_id=other.id)
        assert open_rounds(session, platform.host, NOV_3) == 4
        assert open_rounds(session, platform.host, NOV_3 + timedelta(days=5)) == 0
    opened = rounds(platform)
    assert set(opened) == {
        org_tree.station_a,
        org_tree.station_b,
        org_tree.village_a,
        org_tree.village_b,
    }
    assert opened[org_tree.village_a].period_end == date(2026, 11, 15)
    assert opened[org_tree.station_a].period_end == date(2026, 11, 30)
    with session_scope(platform.engine) as session:
        assert open_rounds(session, platform.host, date(2026, 11, 16)) == 2  # villages' 2nd half
        items = session.exec(select(DueItem).where(DueItem.kind == SCREENING_KIND)).all()
        assert len(items) == 6


def test_a_late_report_turns_red_and_escalates_up_the_tree(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        head_a = make_account(
            session, "head_a", roles={"station_head": org_tree.station_a}, host=platform.host
        )
        make_account(session, "head_b", roles={"station_head": org_tree.station_b})
        leader = make_account(session, "leader", roles={"bureau_leader": org_tree.bureau})
        head_a_id, leader_id = head_a.id, leader.id
    with session_scope(platform.engine) as session:
        open_rounds(session, platform.host, NOV_3, now=beijing(NOV_3))
    village_round = rounds(platform)[org_tree.village_a]
    with session_scope(platform.engine) as session:
        item = item_of(session, village_round.id)
        assert due_state(item, beijing(date(2026, 11, 14))) is DueState.DUE_SOON
        assert due_state(item, beijing(date(2026, 11, 16))) is DueState.OVERDUE
    scan_due_items(platform.engine, beijing(date(2026, 11, 16)), host=platform.host)
    scan_due_items(platform.engine, beijing(date(2026, 11, 18)), host=platform.host)
    with session_scope(platform.engine) as session:
        item = item_of(session, village_round.id)
        steps = session.exec(
            select(DueItemEscalation.org_id)
            .where(DueItemEscalation.item_id == item.id)
            .order_by(DueItemEscalation.level)
        ).all()
        told = set(
            session.exec(
                select(DueItemRecipient.account_id).where(DueItemRecipient.item_id == item.id)
            ).all()
        )
    # nobody heads the village: its station head owns it, then the bureau leader is told
    assert steps == [org_tree.station_a, org_tree.bureau]
    assert told == {head_a_id, leader_id}  # never station B's head

    # reported late: the item is closed, and the report is on record as late
    with session_scope(platform.engine) as session:
        row = report_round(
            session,
            village_round.id,
            {"disputes_found": "2", "notes": "两起宅基地纠纷，已登记"},
            expected_version=1,
            actor_id=None,
            today=date(2026, 11, 18),
            now=beijing(date(2026, 11, 18)),
        )
        assert item_of(session, row.id).done_at is not None
        (received,) = SCREENING_DUTIES[0].received(
            session, [org_tree.village_a], Period.parse("2026-11")
        )
        assert received == (org_tree.village_a, date(2026, 11, 1), False)  # not on time


def test_a_zero_report_counts_as_done(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        open_rounds(session, platform.host, NOV_3, now=beijing(NOV_3))
    opened = rounds(platform)
    with session_scope(platform.engine) as session:
        report_round(
            session,
            opened[org_tree.village_a].id,
            {"zero_report": "1"},
            expected_version=1,
            actor_id=None,
            today=date(2026, 11, 15),
        )
        assert item_of(session, opened[org_tree.village_a].id).done_at is not None
        november = Period.parse("2026-11")
        (received,) = SCREENING_DUTIES[0].received(session, [org_tree.village_a], november)
        assert received == (org_tree.village_a, date(2026, 11, 1), True)
        both = [org_tree.village_a, org_tree.village_b]
        done = {org: (n, d) for org, n, d in completion(session, both, november)}
        zeros = {org: (n, d) for org, n, d in zero_reports(session, both, november)}
    assert done[org_tree.village_a] == (1, 1)  # reported: counts as done
    assert zeros[org_tree.village_a] == (1, 1)
    assert done[org_tree.village_b][0] == 0  # nothing reported there


def test_a_report_must_say_what_was_found_or_be_a_zero_report(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        open_rounds(session, platform.host, NOV_3, now=beijing(NOV_3))
    round_id = rounds(platform)[org_tree.village_a].id
    with session_scope(platform.engine) as session:
        with pytest.raises(InvalidInput) as empty:
            report_round(session, round_id, {}, expected_version=1, actor_id=None, today=NOV_3)
        assert "零报告" in empty.value.errors["disputes_found"]
        with pytest.raises(InvalidInput) as both:
            report_round(
                session,
                round_id,
                {"zero_report": "1", "disputes_found": "3"},
                expected_version=1,
                actor_id=None,
                today=NOV_3,
            )
        assert "不能同时" in both.value.errors["disputes_found"]
        with pytest.raises(StaleRecord):
            report_round(
                session,
                round_id,
                {"zero_report": "1"},
                expected_version=7,
                actor_id=None,
                today=NOV_3,
            )
        report_round(
            session, round_id, {"zero_report": "1"}, expected_version=1, actor_id=None, today=NOV_3
        )
        with pytest.raises(IllegalTransition, match="不能重复报送"):
            report_round(
                session,
                round_id,
                {"zero_report": "1"},
                expected_version=2,
                actor_id=None,
                today=NOV_3,
            )


def test_staff_report_on_the_page_and_other_stations_cannot_reach_the_round(
    platform, org_tree
) -> None:
    with session_scope(platform.engine) as session:
        open_rounds(session, platform.host, NOV_3, now=beijing(NOV_3))
    opened = rounds(platform)
    mine, theirs = opened[org_tree.village_a].id, opened[org_tree.village_b].id
    for staff in _signed_in_client(platform, "suo_a", {"station_staff": org_tree.station_a}):
        use_clock(staff, FakeClock(beijing(date(2026, 11, 20))))
        listed = staff.get("/m/mediation/screening")
        assert listed.status_code == 200
        assert f'data-round="{mine}" data-state="overdue"' in listed.text
        assert f'data-round="{theirs}"' not in listed.text
        assert staff.get(f"/m/mediation/screening/{theirs}").status_code == 404
        refused = post_form(staff, f"/m/mediation/screening/{mine}", {"version": "1"})
        assert refused.status_code == 422 and "零报告" in refused.text
        sent = post_form(
            staff, f"/m/mediation/screening/{mine}", {"version": "1", "zero_report": "1"}
        )
        assert sent.status_code == 303
        page = staff.get(f"/m/mediation/screening/{mine}").text
        assert "零报告（未发现矛盾纠纷）" in page and 'data-state="reported"' in page
        assert (
            post_form(
                staff, f"/m/mediation/screening/{theirs}", {"version": "1", "zero_report": "1"}
            ).status_code
            == 404
        )


def test_rounds_stay_when_the_module_is_turned_off(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        open_rounds(session, platform.host, NOV_3, now=beijing(NOV_3))
        set_active(session, platform.host, org_tree.bureau, "mediation", False)
        assert open_rounds(session, platform.host, date(2026, 11, 16)) == 0
    assert len(rounds(platform)) == 4
