"""Acceptance 3: a periodic job killed in the middle and run again produces no duplicate
reminders and no missed ones.

The kill is simulated in-process: the escalation step or the notification batch raises
after N calls, as a SIGKILL could strike inside a batch's transaction (which then leaves
nothing) or between two of them (each batch commits on its own). The
outcome is then compared with an uninterrupted run on a twin database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlmodel import Session, col, select

from core.reminders import escalation, stage_batch
from core.reminders import scan as scan_module
from core.reminders.models import DueItem
from core.reminders.service import DueItemSpec, DueSource, sync_due_items
from tests.reminders.conftest import T0
from tests.reminders.support import DAY, add_item, escalations, notifications, scan

LATER = T0 + 10 * DAY


class Killed(BaseException):
    """What the worker's death looks like to the code that was running."""


def dying_after(steps: int, step: Callable[..., bool]) -> Callable[..., bool]:
    done = [0]

    def wrapped(*args: Any) -> bool:
        if done[0] >= steps:
            raise Killed
        done[0] += 1
        return step(*args)

    return wrapped


def seed(platform, staff) -> None:
    """Six overdue items: assigned and unassigned, in both stations, due on different days."""
    people = [
        (staff.tree.village_a, staff.mediator),
        (staff.tree.station_a, None),
        (staff.tree.village_b, staff.mediator_b),
        (staff.tree.station_b, staff.head_b),
        (staff.tree.village_a, None),
        (staff.tree.village_b, staff.mediator_b),
    ]
    for n, (org, person) in enumerate(people, start=1):
        add_item(
            platform,
            T0,
            entity_id=n,
            title_zh=f"事项{n}",
            due_at=T0 + n * DAY / 2,
            org_id=org,
            account_id=person,
        )


def outcome(platform) -> tuple[list[Any], list[Any], list[Any]]:
    with Session(platform.engine) as session:
        items = [
            (i.id, i.notified_stage, i.escalation_level, i.next_escalation_at)
            for i in session.exec(select(DueItem).order_by(col(DueItem.id))).all()
        ]
    return escalations(platform), sorted(notifications(platform)), items


@pytest.fixture
def expected(twin) -> tuple[Any, ...]:
    """The outcome of one uninterrupted scan of the same data on a twin database."""
    other, other_staff = twin
    seed(other, other_staff)
    scan(other, LATER)
    result = outcome(other)
    assert (len(result[0]), len(result[1])) == (11, 15)  # escalations, notifications
    return result


@pytest.mark.parametrize("die_after", [0, 1, 3, 7, 12])
def test_a_scan_killed_mid_run_and_run_again_repeats_nothing_and_misses_nothing(
    platform, staff, expected, monkeypatch, die_after
) -> None:
    seed(platform, staff)
    monkeypatch.setattr(
        scan_module, "escalate_step", dying_after(die_after, escalation.escalate_step)
    )
    monkeypatch.setattr(
        scan_module, "notify_batch", dying_after(die_after, stage_batch.notify_batch)
    )
    with pytest.raises(Killed):
        scan(platform, LATER)
    partial = outcome(platform)
    assert len(partial[0]) <= len(expected[0])  # some of the work, each step complete
    monkeypatch.undo()

    scan(platform, LATER)
    assert outcome(platform) == expected
    scan(platform, LATER)  # and once more: nothing left to do
    assert outcome(platform) == expected


def note_reminders(platform, staff, notes: list[int], die_after: int | None = None) -> None:
    """A plugin's periodic job: one reply reminder per note, one transaction per note."""
    for n, note in enumerate(notes):
        if die_after is not None and n == die_after:
            raise Killed
        with Session(platform.engine) as session:
            sync_due_items(
                session,
                DueSource("testplugin", "note", note),
                [
                    DueItemSpec(
                        "reply",
                        f"答复笔记{note}",
                        T0 + note * DAY,
                        staff.tree.village_a,
                        staff.mediator,
                        kind="testplugin.reply",
                    )
                ],
                now=T0,
            )
            session.commit()


def test_a_plugin_job_deriving_reminders_killed_mid_run_adds_no_duplicate(platform, staff) -> None:
    notes = [1, 2, 3, 4, 5]
    with pytest.raises(Killed):
        note_reminders(platform, staff, notes, die_after=3)
    note_reminders(platform, staff, notes)
    note_reminders(platform, staff, notes)
    with Session(platform.engine) as session:
        rows = session.exec(select(DueItem.entity_id, DueItem.key)).all()
    assert sorted(rows) == [(str(n), "reply") for n in notes]
