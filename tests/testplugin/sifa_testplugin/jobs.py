"""The test plugin's background work: a periodic sweep, an on-demand job, a deadline rule."""

from __future__ import annotations

import os
import threading
from datetime import timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import select

from core.api import DeadlineRule, DeadlineUnit, JobContext, PeriodicJob, job
from sifa_testplugin.models import TestpluginNote, TestpluginSweep

#: Test hook: a worker started with this variable blocks forever on the note with this
#: text, so a test can kill (SIGKILL) or stop (SIGTERM) it in the middle of a run and
#: check the recovery.
HANG_ON_ENV = "SIFA_TESTPLUGIN_HANG_ON"
_never = threading.Event()


def sweep_notes(context: JobContext) -> dict[str, Any]:
    """Mark every note not yet marked, one note per transaction."""
    hang_on = os.environ.get(HANG_ON_ENV)
    marked = 0
    while True:
        with context.session() as session:
            done = select(TestpluginSweep.note_id)
            note = session.exec(
                select(TestpluginNote)
                .where(TestpluginNote.id.not_in(done))  # type: ignore[union-attr]
                .order_by(TestpluginNote.id)
                .limit(1)
            ).first()
            if note is None:
                break
            note_id, text = note.id, note.text
        if hang_on and text == hang_on:
            while not _never.wait(0.1):  # forever, but a shutdown interrupt gets through
                pass
        with context.session() as session:
            session.add(TestpluginSweep(note_id=note_id, run_id=context.run_id))
        marked += 1
        context.progress(marked, force=True)
    return {"marked": marked}


@job("testplugin.count_notes", description_zh="统计笔记", description_en="Count notes")
def count_notes(context: JobContext, prefix: str = "") -> dict[str, Any]:
    """An on-demand job with a parameter, a result and progress."""
    with context.session() as session:
        total = session.exec(
            select(func.count())
            .select_from(TestpluginNote)
            .where(TestpluginNote.text.startswith(prefix))  # type: ignore[attr-defined]
        ).one()
    context.progress(total, total, "counted")
    return {"notes": total, "pid": os.getpid()}


PERIODIC_JOBS = [
    PeriodicJob(
        name="testplugin.sweep",
        schedule="* * * * *",
        actor=sweep_notes,
        description_zh="每分钟标记新笔记",
        description_en="Mark new notes every minute",
        timeout=timedelta(minutes=5),
    )
]

DEADLINE_RULES = [
    DeadlineRule(
        code="testplugin.reply",
        amount=7,
        unit=DeadlineUnit.NATURAL_DAYS,
        label_zh="答复期限",
        label_en="Reply period",
    )
]
