"""Acceptance 2: the 7-day review with a pause for missing materials, the 3-day assignment,
the 24-hour transfer, across the 2026 National Day holiday, counted in natural days (the
default, last day rolled past rest days) and in working days (a bureau's override)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from la_support import application, at, centre, fresh, notice
from legal_aid.codes import Channel, Status
from legal_aid.deadlines import ASSIGN, NOTICE_ASSIGN, REVIEW
from legal_aid.errors import IllegalTransition
from legal_aid.models import LegalAidCase
from legal_aid.services import review
from legal_aid.services.intake import forward_due, forwarded_on_time

from core.db import session_scope
from core.scheduling.rules import set_rule_override


@pytest.fixture
def centre_id(platform, org_tree) -> int:
    with session_scope(platform.engine) as session:
        return centre(session, org_tree.bureau)


def _working_days(session, bureau: int) -> None:
    for code, amount in ((REVIEW, 7), (ASSIGN, 3), (NOTICE_ASSIGN, 3)):
        set_rule_override(session, bureau, code, amount, "working_days")


def test_natural_days_review_due_rolls_past_national_day(platform, centre_id) -> None:
    with session_scope(platform.engine) as session:
        case = application(session, centre_id, date(2026, 9, 27))
        # 09-27 + 7 = 10-04, a holiday: the last day rolls to the first working day, 10-08.
        assert case.review_due == date(2026, 10, 8)


def test_working_days_review_due_skips_the_whole_holiday(platform, org_tree, centre_id) -> None:
    with session_scope(platform.engine) as session:
        _working_days(session, org_tree.bureau)
        case = application(session, centre_id, date(2026, 9, 27))
        # Working days after Sun 09-27: 09-28, 29, 30, 10-08, 09, 10 (Saturday swap), 12.
        assert case.review_due == date(2026, 10, 12)


def test_missing_materials_pause_the_review_clock_natural_days(platform, centre_id) -> None:
    with session_scope(platform.engine) as session:
        case = application(session, centre_id, date(2026, 9, 21))
        assert case.review_due == date(2026, 9, 28)
        review.request_materials(
            session,
            case.id,
            {"materials_list": "劳动合同或工资欠条；身份证复印件", "requested_on": "2026-09-23"},
            case.version,
            date(2026, 9, 23),
        )
        paused = fresh(session, LegalAidCase, case.id)
        assert paused.status == Status.MATERIALS and paused.review_due is None
        # Two days were used; five remain from the day the materials arrive (09-29):
        # 10-04 is a holiday, so the review is due on 10-08.
        review.supply_materials(
            session, case.id, {"supplied_on": "2026-09-29"}, paused.version, date(2026, 9, 29)
        )
        resumed = fresh(session, LegalAidCase, case.id)
        assert resumed.status == Status.APPLIED
        assert resumed.review_due == date(2026, 10, 8)


def test_missing_materials_pause_the_review_clock_working_days(
    platform, org_tree, centre_id
) -> None:
    with session_scope(platform.engine) as session:
        _working_days(session, org_tree.bureau)
        case = application(session, centre_id, date(2026, 9, 21))  # Monday
        review.request_materials(
            session,
            case.id,
            {"materials_list": "工资欠条", "requested_on": "2026-09-23"},
            case.version,
            date(2026, 9, 23),
        )
        # 09-22 and 09-23 used (2 working days); 5 remain from 09-30: 10-08, 09, 10, 12, 13.
        review.supply_materials(
            session,
            case.id,
            {"supplied_on": "2026-09-30"},
            fresh(session, LegalAidCase, case.id).version,
            date(2026, 9, 30),
        )
        assert fresh(session, LegalAidCase, case.id).review_due == date(2026, 10, 13)


def test_materials_are_asked_for_only_once(platform, centre_id) -> None:
    with session_scope(platform.engine) as session:
        case = application(session, centre_id, date(2026, 9, 21))
        review.request_materials(
            session,
            case.id,
            {"materials_list": "工资欠条", "requested_on": "2026-09-21"},
            None,
            date(2026, 9, 21),
        )
        review.supply_materials(
            session, case.id, {"supplied_on": "2026-09-22"}, None, date(2026, 9, 22)
        )
        with pytest.raises(IllegalTransition, match="一次性告知"):
            review.request_materials(
                session,
                case.id,
                {"materials_list": "又一份", "requested_on": "2026-09-23"},
                None,
                date(2026, 9, 23),
            )


def test_materials_not_supplied_means_treated_as_withdrawn(platform, centre_id) -> None:
    with session_scope(platform.engine) as session:
        case = application(session, centre_id, date(2026, 9, 1))
        review.request_materials(
            session,
            case.id,
            {"materials_list": "工资欠条", "requested_on": "2026-09-02"},
            None,
            date(2026, 9, 2),
        )
        row = fresh(session, LegalAidCase, case.id)
        assert row.materials_due == date(2026, 9, 17)
        assert not review.withdraw_for_missing_materials(session, row, date(2026, 9, 17))
        assert review.withdraw_for_missing_materials(session, row, date(2026, 9, 18))
        assert fresh(session, LegalAidCase, case.id).status == Status.WITHDRAWN


@pytest.mark.parametrize(
    ("working", "expected"),
    [(False, date(2026, 10, 8)), (True, date(2026, 10, 8))],
)
def test_three_day_assignment_across_the_holiday(
    platform, org_tree, centre_id, working, expected
) -> None:
    with session_scope(platform.engine) as session:
        if working:
            _working_days(session, org_tree.bureau)
        case = application(session, centre_id, date(2026, 9, 28))
        review.grant(session, case.id, {"decided_on": "2026-09-29"}, None, date(2026, 9, 29))
        # natural: 09-29 + 3 = 10-02 (holiday) → 10-08; working: 09-30, 10-08, 10-09.
        granted = fresh(session, LegalAidCase, case.id)
        assert granted.assign_due == (expected if not working else date(2026, 10, 9))


def test_a_defence_notice_skips_review_and_must_be_assigned_in_three_days(
    platform, centre_id
) -> None:
    with session_scope(platform.engine) as session:
        case = notice(session, centre_id, date(2026, 9, 30))
        assert case.status == Status.GRANTED and case.review_due is None
        assert case.channel == Channel.NOTICE
        assert case.assign_due == date(2026, 10, 8)  # 10-03 is a holiday


def test_twenty_four_hour_transfer_does_not_stop_for_the_holiday(platform, centre_id) -> None:
    with session_scope(platform.engine) as session:
        taken = at(date(2026, 9, 30), 16)
        on_time = application(
            session,
            centre_id,
            date(2026, 10, 1),
            channel=Channel.DUTY_LAWYER,
            received_at=at(date(2026, 10, 1), 15),
            taken_at=taken.isoformat(),
            taken_by="看守所值班律师",
        )
        late = application(
            session,
            centre_id,
            date(2026, 10, 2),
            channel=Channel.POLICE,
            received_at=at(date(2026, 10, 2), 9),
            taken_at=taken.isoformat(),
            taken_by="乐陵市公安局",
        )
        assert forward_due(session, on_time) == taken + timedelta(hours=24)
        assert forwarded_on_time(session, on_time) is True
        assert forwarded_on_time(session, late) is False


def test_every_open_deadline_is_a_core_due_item_that_turns_red(platform, centre_id) -> None:
    from datetime import UTC, datetime

    from legal_aid.services.cases import case_source

    from core.api import DueState, due_items_of, due_state

    with session_scope(platform.engine) as session:
        case = application(session, centre_id, date(2026, 11, 2))
        (item,) = [i for i in due_items_of(session, case_source(case.id)) if i.done_at is None]
        assert item.kind == "legal_aid.review"
        assert due_state(item, datetime(2026, 11, 3, tzinfo=UTC)) is DueState.ON_TIME
        assert due_state(item, datetime(2026, 11, 10, tzinfo=UTC)) is DueState.OVERDUE
        review.grant(session, case.id, {"decided_on": "2026-11-03"}, None, date(2026, 11, 3))
        open_items = [i for i in due_items_of(session, case_source(case.id)) if i.done_at is None]
        assert [i.kind for i in open_items] == ["legal_aid.assign"]


def test_aid_before_review_only_when_fewer_than_seven_days_remain(platform, centre_id) -> None:
    day = date(2026, 11, 2)
    with session_scope(platform.engine) as session:
        far = application(session, centre_id, day, limitation_deadline="2026-11-12")
        with pytest.raises(IllegalTransition, match="不足7日"):
            review.grant_advance_aid(session, far.id, None, day, 7)
        near = application(session, centre_id, day, limitation_deadline="2026-11-08")
        review.grant_advance_aid(session, near.id, None, day, 7)
        row = fresh(session, LegalAidCase, near.id)
        assert (row.status, row.advance_aid, row.assign_due) == (
            Status.GRANTED,
            True,
            date(2026, 11, 5),
        )
