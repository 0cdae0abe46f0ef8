"""Acceptance 3 with real processes: a ``sifa worker`` killed (SIGKILL) in the middle of a
job that derives reminders, the run revived, then the core's scan escalating them — no
duplicate reminder, no missed one, no escalation twice.

Needs Redis and RabbitMQ like tests/scheduling/test_brokers.py (SIFA_TEST_BROKERS=1 or
CI=true); its fixtures come from there (see conftest.py). Waiting polls the database with
a deadline; it never sleeps for time to pass.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, select

from core.db import session_scope
from core.modules.service import set_active
from core.reminders.models import DueItem, DueItemEscalation, Notification
from core.scheduling import runs
from core.scheduling.jobs import enqueue_job
from core.scheduling.models import RunStatus
from core.scheduling.worker import make_scheduler
from tests.scheduling.test_brokers import add_notes, run_of, wait_for
from tests.support.auth import make_account, make_org_tree


def due_items(platform) -> list[tuple[str, str]]:
    with Session(platform.engine) as session:
        return sorted(session.exec(select(DueItem.entity_id, DueItem.key)).all())


def test_a_killed_worker_leaves_no_duplicate_and_no_missed_reminder(
    platform_on_broker, workers
) -> None:
    p = platform_on_broker
    with session_scope(p.engine) as session:
        tree = make_org_tree(session)
        set_active(session, p.host, tree.bureau, "testplugin", True)
        mediator = make_account(session, "wang_tj", roles={"mediator": tree.village_a}, host=p.host)
        head = make_account(session, "li_sz", roles={"station_head": tree.station_a}, host=p.host)
        leader = make_account(session, "zhao_jz", roles={"bureau_leader": tree.bureau}, host=p.host)
        ids = (mediator.id, head.id, leader.id)
    add_notes(p, "n1", "n2", "n3", "n4", "n5")
    due = datetime.now(UTC) - timedelta(days=3)  # three days overdue on the real clock
    run_id = enqueue_job(
        p,
        "testplugin.note_reminders",
        {"org_id": tree.village_a, "account_id": ids[0], "due_at": due.isoformat()},
    )

    stuck = workers(p, env={"SIFA_TESTPLUGIN_HANG_ON": "n3"})
    wait_for(lambda: len(due_items(p)) == 2, "two reminders derived", stuck)
    assert run_of(p, run_id).status == RunStatus.RUNNING
    stuck.kill()  # SIGKILL in the middle of the run
    assert due_items(p) == [("1", "reply"), ("2", "reply")]

    scheduler = make_scheduler(p)
    report = scheduler.tick(datetime.now(UTC) + timedelta(minutes=6))  # past the job's timeout
    assert run_id in report.resent
    fresh = workers(p)
    wait_for(lambda: run_of(p, run_id).status == RunStatus.DONE, "the revived run", fresh)
    assert due_items(p) == [(str(n), "reply") for n in range(1, 6)]
    assert run_of(p, run_id).result == {"added": 3}

    # The core's scan runs in the worker too: each item escalates to the station head, then
    # the bureau leader (testplugin.reply escalates every 12 hours), exactly once.
    def scan_idle() -> bool:
        with p.engine.connect() as conn:
            return not runs.has_active_run(conn, "core.reminders.scan")

    def scan_once(minutes: int) -> int:
        wait_for(scan_idle, "earlier scans to finish", fresh)  # slots never overlap
        enqueued = scheduler.tick(datetime.now(UTC) + timedelta(minutes=minutes)).enqueued
        scan_run = dict((n, i) for n, _, i in enqueued).get("core.reminders.scan")
        assert scan_run is not None
        wait_for(lambda: run_of(p, scan_run).status == RunStatus.DONE, "the scan", fresh)
        return scan_run

    def outcome() -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
        with Session(p.engine) as session:
            levels = session.exec(
                select(DueItemEscalation.item_id, DueItemEscalation.level).order_by(
                    col(DueItemEscalation.item_id), col(DueItemEscalation.level)
                )
            ).all()
            told = session.exec(select(Notification.account_id, Notification.key)).all()
        return list(levels), sorted(told)

    scan_once(7)
    levels, told = outcome()
    items = sorted({item for item, _ in levels})
    assert len(items) == 5 and levels == [(i, level) for i in items for level in (1, 2)]
    assert len(told) == len(set(told)) == 5 * 3  # overdue to the mediator, one per supervisor
    assert {a for a, _ in told} == set(ids)
    scan_once(8)  # the next slot finds nothing left to do
    assert outcome() == (levels, told)
    assert fresh.stop() == 0, fresh.output()
