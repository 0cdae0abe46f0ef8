"""Supervision rules: check-ins follow the level, strict-level triggers, the sanction ladder's
suggestions, lost contact escalating at once, the file moving with a change of station, and
the pre-sentence assessment's working-day deadline."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest
from corrections.codes import SanctionKind
from corrections.errors import CorrectionsError
from corrections.models import CorrectionsCheckin, CorrectionsLeave, CorrectionsTransfer
from corrections.services import leave, sanctions, supervision, transfer
from corrections.services.intake import record_assessment
from corrections_support import SETTINGS, TODAY, person, supervised
from sqlmodel import select

from core.db import session_scope
from core.reminders.models import DueItem
from core.reminders.scan import scan_due_items
from web.testing import make_account


def _days(session, subject_id: int) -> list[date]:
    rows = session.exec(
        select(CorrectionsCheckin.due_on).where(
            CorrectionsCheckin.subject_id == subject_id, CorrectionsCheckin.due_on > TODAY
        )
    ).all()
    return sorted(rows)


def test_check_ins_follow_the_level(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        subject = supervised(session, org_tree.station_a, since=TODAY - timedelta(days=90))
        strict = _days(session, subject.id)
        assert {(b - a).days for a, b in pairwise(strict)} == {7}
        supervision.set_level(session, subject, "normal", settings=SETTINGS, today=TODAY)
        normal = _days(session, subject.id)
        assert {(b - a).days for a, b in pairwise(normal)} == {14}


def test_a_new_subject_cannot_leave_strict_supervision_in_the_first_two_months(
    platform, org_tree
) -> None:
    with session_scope(platform.engine) as session:
        subject = supervised(session, org_tree.station_a, since=TODAY - timedelta(days=30))
        with pytest.raises(CorrectionsError, match="入矫不满2个月"):
            supervision.set_level(session, subject, "lenient", settings=SETTINGS, today=TODAY)


def test_a_warning_or_a_failed_month_moves_the_subject_to_strict(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        a = supervised(session, org_tree.station_a, since=TODAY - timedelta(days=120))
        supervision.set_level(session, a, "normal", settings=SETTINGS, today=TODAY)
        _sanction(session, a, "warning")
        assert a.level == "strict" and "警告" in a.level_reason
        b = supervised(session, org_tree.station_a, since=TODAY - timedelta(days=120))
        supervision.set_level(session, b, "lenient", settings=SETTINGS, today=TODAY)
        supervision.evaluate_month(
            session,
            b,
            month=date(2026, 10, 1),
            passed=False,
            note="",
            settings=SETTINGS,
            today=TODAY,
        )
        assert b.level == "strict" and "考核不合格" in b.level_reason


def _sanction(session, subject, kind: str):
    return sanctions.record_sanction(
        session,
        subject,
        {"kind": kind, "facts": "经司法所调查属实", "decided_on": TODAY.isoformat()},
        decided_by="县社区矫正机构",
        settings=SETTINGS,
        today=TODAY,
    )


def test_the_ladder_suggests_revocation_after_two_warnings_but_decides_nothing(
    platform, org_tree
) -> None:
    with session_scope(platform.engine) as session:
        subject = supervised(session, org_tree.station_a)
        assert sanctions.suggest_next(session, subject) is None
        _sanction(session, subject, "admonition")
        _sanction(session, subject, "admonition")
        assert sanctions.suggest_next(session, subject)[0] == SanctionKind.WARNING
        _sanction(session, subject, "warning")
        _sanction(session, subject, "warning")
        kind, why = sanctions.suggest_next(session, subject)
        assert kind == SanctionKind.REVOKE_PROBATION and "2 次警告" in why
        assert subject.status == "supervised"  # a suggestion, not a decision
        proposal = _sanction(session, subject, "revoke_probation")
        assert subject.status == "proposed"
        assert proposal.court_due_on == TODAY + timedelta(days=30)
        sanctions.court_decision(session, subject, proposal, upheld=True, on=TODAY, today=TODAY)
        assert (subject.status, subject.end_type) == ("terminated", "revoked_probation")


def test_a_parole_subject_cannot_be_proposed_for_revoking_probation(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        subject = supervised(session, org_tree.station_a, kind="parole")
        with pytest.raises(CorrectionsError, match="不适用"):
            _sanction(session, subject, "revoke_probation")


def test_lost_contact_is_red_at_once_and_reaches_the_bureau_within_minutes(
    platform, org_tree
) -> None:
    with session_scope(platform.engine) as session:
        make_account(
            session, "suozhang", roles={"station_head": org_tree.station_a}, host=platform.host
        )
        make_account(
            session, "juzhang", roles={"bureau_leader": org_tree.bureau}, host=platform.host
        )
        subject = supervised(session, org_tree.station_a)
        supervision.lose_contact(session, subject, TODAY)
    morning = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # 09:00 in Beijing
    scan_due_items(platform.engine, morning, host=platform.host)
    scan_due_items(platform.engine, morning + timedelta(minutes=5), host=platform.host)
    with session_scope(platform.engine) as session:
        item = session.exec(select(DueItem).where(DueItem.kind == "corrections.lost_contact")).one()
        assert item.due_at <= morning and item.escalation_level >= 1


def test_a_change_of_station_moves_the_whole_file(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        subject = supervised(session, org_tree.station_a)
        leave.apply_leave(
            session,
            subject,
            {
                "destination": "济南",
                "reason": "就医",
                "start_on": (TODAY + timedelta(days=3)).isoformat(),
                "end_on": (TODAY + timedelta(days=3)).isoformat(),
            },
            settings=SETTINGS,
            today=TODAY,
        )
        moved = transfer.change_station(
            session, subject, to_org_id=org_tree.station_b, reason="迁居", today=TODAY
        )
        assert moved.report_due_on == TODAY + timedelta(days=7)
        assert subject.org_id == org_tree.station_b
        assert {c.org_id for c in session.exec(select(CorrectionsCheckin)).all()} == {
            org_tree.station_b
        }
        assert {x.org_id for x in session.exec(select(CorrectionsLeave)).all()} == {
            org_tree.station_b
        }
        assert session.exec(select(CorrectionsTransfer)).one().from_org_id == org_tree.station_a
        items = session.exec(
            select(DueItem).where(DueItem.plugin == "corrections", DueItem.done_at.is_(None))
        ).all()  # type: ignore[union-attr]
        assert items and {i.org_id for i in items} == {org_tree.station_b}


def test_a_pre_sentence_assessment_is_due_in_working_days(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        pid = person(session, org_tree.station_a)
        normal = record_assessment(
            session,
            {"commissioned_by": "乐陵市人民法院", "received_on": "2026-11-23"},
            org_id=org_tree.station_a,
            person_id=pid,
            today=TODAY,
        )
        fast = record_assessment(
            session,
            {"commissioned_by": "乐陵市人民法院", "received_on": "2026-11-23", "fast_track": "1"},
            org_id=org_tree.station_a,
            person_id=pid,
            today=TODAY,
        )
    assert normal.due_on == date(2026, 12, 7)  # ten working days after Monday 23 Nov
    assert fast.due_on == date(2026, 11, 30)


def test_the_daily_job_starts_the_search_for_an_overdue_intake_once(platform, org_tree) -> None:
    from corrections.jobs import run_daily
    from corrections.models import CorrectionsSubject
    from corrections_support import subject

    with session_scope(platform.engine) as session:
        late = subject(
            session, org_tree.station_a, received=TODAY - timedelta(days=15)
        ).id  # due 18 Nov
        waiting = subject(session, org_tree.station_a, received=TODAY - timedelta(days=3)).id

    def sessions():
        return session_scope(platform.engine)

    run_daily(sessions, platform.host, TODAY)
    run_daily(sessions, platform.host, TODAY)  # idempotent
    with session_scope(platform.engine) as session:
        assert session.get(CorrectionsSubject, late).status == "searching"
        assert session.get(CorrectionsSubject, late).search_started_on == TODAY
        assert session.get(CorrectionsSubject, waiting).status == "awaiting"
        red = session.exec(
            select(DueItem).where(DueItem.key == "report_in", DueItem.done_at.is_(None))
        ).all()  # type: ignore[union-attr]
        assert len(red) == 2


def test_frequent_travel_gets_one_county_approval_for_six_months(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        subject = supervised(session, org_tree.station_a)
        row = leave.apply_leave(
            session,
            subject,
            {
                "destination": "济南市（务工）",
                "reason": "经常性跨市县务工",
                "start_on": "2026-12-01",
                "frequent": "1",
            },
            settings=SETTINGS,
            today=TODAY,
        )
        assert (row.route, row.end_on) == ("county", date(2027, 5, 31))


def test_medical_parole_reports_monthly_and_checks_up_every_three_months(
    platform, org_tree
) -> None:
    from corrections.models import CorrectionsHealthReport
    from corrections.services.health import submit_health_report

    with session_scope(platform.engine) as session:
        subject = supervised(
            session, org_tree.station_a, kind="medical_parole", since=date(2026, 8, 20)
        )
        rows = session.exec(
            select(CorrectionsHealthReport).order_by(CorrectionsHealthReport.due_on)
        ).all()
        monthly = [r.due_on for r in rows if r.kind == "condition"]
        checkups = [r.due_on for r in rows if r.kind == "checkup"]
        assert monthly[:4] == [
            date(2026, 9, 20),
            date(2026, 10, 20),
            date(2026, 11, 20),
            date(2026, 12, 20),
        ]
        assert checkups == [date(2026, 11, 20)]
        open_keys = {
            i.key for i in session.exec(select(DueItem).where(DueItem.done_at.is_(None))).all()
        }  # type: ignore[union-attr]
        assert "health:checkup:2026-11-20" in open_keys
        late = next(r for r in rows if r.kind == "checkup")
        submit_health_report(session, late, on=TODAY, note="病情稳定", today=TODAY)
        from corrections.services.due_items import sync_subject_items

        sync_subject_items(session, subject, TODAY)
        open_keys = {
            i.key for i in session.exec(select(DueItem).where(DueItem.done_at.is_(None))).all()
        }  # type: ignore[union-attr]
        assert "health:checkup:2026-11-20" not in open_keys


def test_the_ladder_counts_days_out_of_supervision(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        subject = supervised(session, org_tree.station_a)
        supervision.lose_contact(session, subject, TODAY)
        assert (
            sanctions.suggest_next(session, subject, TODAY + timedelta(days=5))[0]
            == SanctionKind.ADMONITION
        )
        assert (
            sanctions.suggest_next(session, subject, TODAY + timedelta(days=11))[0]
            == SanctionKind.WARNING
        )
        kind, why = sanctions.suggest_next(session, subject, TODAY + timedelta(days=31))
        assert kind == SanctionKind.REVOKE_PROBATION and "超过一个月" in why
