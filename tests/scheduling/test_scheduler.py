"""The scheduler: each periodic slot enqueued once, latest-slot catch-up, no overlap, recovery.

Time is injected (``tick(now)``); messages go to a recording sender, so these tests look at
the database and at what would have been sent, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select, update

from core.db import make_engine
from core.scheduling import runs
from core.scheduling.catalogue import JobCatalogue
from core.scheduling.cron import CHINA_TIME
from core.scheduling.declarations import Job, PeriodicJob
from core.scheduling.models import JobRun, RunStatus
from core.scheduling.scheduler import Scheduler

T = JobRun.__table__  # type: ignore[attr-defined]
# Monday 2026-03-02 09:15:20 in Beijing.
NOW = datetime(2026, 3, 2, 9, 15, 20, tzinfo=CHINA_TIME)


def noop(context: Any) -> None:
    return None


def catalogue() -> JobCatalogue:
    c = JobCatalogue()
    c.add(
        "tests",
        [],
        [
            PeriodicJob("tests.minutely", "* * * * *", noop, timeout=timedelta(minutes=10)),
            PeriodicJob("tests.nightly", "30 2 * * *", noop, max_attempts=2),
        ],
    )
    return c


class Sent(list):
    """The messages a scheduler would have sent: (job name, run id, token)."""

    def __call__(self, job: Job, run_id: int, token: str) -> None:
        self.append((job.name, run_id, token))


@pytest.fixture
def engine(database_url: str) -> Any:
    e = make_engine(database_url)
    yield e
    e.dispose()


def scheduler(engine: Engine) -> tuple[Scheduler, Sent]:
    sent = Sent()
    return Scheduler(engine, catalogue(), sent), sent


def rows(engine: Engine, job_name: str | None = None) -> list[Any]:
    query = select(T).order_by(T.c.id)
    if job_name:
        query = query.where(T.c.job_name == job_name)
    with engine.connect() as conn:
        return list(conn.execute(query))


def finish_open_runs(engine: Engine) -> None:
    """What workers would do: finish every queued or running run."""
    with engine.begin() as conn:
        conn.execute(
            update(T)
            .where(T.c.status.in_([RunStatus.QUEUED.value, RunStatus.RUNNING.value]))
            .values(status=RunStatus.DONE.value, finished_at=datetime.now(UTC))
        )


def test_each_due_slot_is_enqueued_once_and_the_message_carries_the_run(engine) -> None:
    s, sent = scheduler(engine)
    report = s.tick(NOW)
    assert sorted(name for name, _, _ in report.enqueued) == ["tests.minutely", "tests.nightly"]
    minutely = rows(engine, "tests.minutely")
    assert [r.slot for r in minutely] == [datetime(2026, 3, 2, 1, 15, tzinfo=UTC)]
    assert minutely[0].status == RunStatus.QUEUED
    assert ("tests.minutely", minutely[0].id, minutely[0].token) in sent
    # A first tick runs the latest slot of a nightly job: this morning's 02:30.
    assert rows(engine, "tests.nightly")[0].slot == datetime(2026, 3, 1, 18, 30, tzinfo=UTC)

    finish_open_runs(engine)
    assert s.tick(NOW).enqueued == []
    assert s.tick(NOW + timedelta(seconds=39)).enqueued == []  # same minute
    assert len(sent) == 2


def test_a_job_never_overlaps_itself_the_next_slot_waits(engine) -> None:
    s, _sent = scheduler(engine)
    s.tick(NOW)
    later = NOW + timedelta(minutes=1)
    assert s.tick(later).enqueued == []  # 09:15 still queued: 09:16 waits
    finish_open_runs(engine)
    assert [(n, slot) for n, slot, _ in s.tick(later).enqueued] == [
        ("tests.minutely", datetime(2026, 3, 2, 9, 16, tzinfo=CHINA_TIME))
    ]


def test_after_downtime_only_the_latest_missed_slot_runs_once(engine) -> None:
    s, _sent = scheduler(engine)
    s.tick(NOW)
    finish_open_runs(engine)
    back = NOW + timedelta(days=2, hours=3)  # two nights and 3,000+ minutes missed
    report = s.tick(back)
    assert sorted((n, slot) for n, slot, _ in report.enqueued) == [
        ("tests.minutely", datetime(2026, 3, 4, 12, 15, tzinfo=CHINA_TIME)),
        ("tests.nightly", datetime(2026, 3, 4, 2, 30, tzinfo=CHINA_TIME)),
    ]
    assert len(rows(engine)) == 4


def test_a_run_silent_for_longer_than_its_timeout_is_sent_again_with_a_new_token(engine) -> None:
    s, sent = scheduler(engine)
    s.tick(NOW)
    run = rows(engine, "tests.minutely")[0]
    claimed = runs.claim(engine, run.id, run.token, "tests.minutely")
    assert claimed is not None  # a worker took it ... and then died

    # The claim used the real clock; the timeout counts from that sign of life.
    alive_until = rows(engine, "tests.minutely")[0].heartbeat_at + timedelta(minutes=10)
    assert run.id not in s.tick(alive_until - timedelta(minutes=1)).resent
    report = s.tick(alive_until + timedelta(minutes=1))
    assert run.id in report.resent
    again = rows(engine, "tests.minutely")[0]
    assert again.status == RunStatus.QUEUED
    assert again.attempts == 2
    assert again.token != run.token
    assert ("tests.minutely", run.id, again.token) in sent

    # The dead attempt can no longer change the run; the new message can take it.
    assert not runs.finish(engine, run.id, run.token, RunStatus.DONE)
    assert runs.claim(engine, run.id, run.token, "tests.minutely") is None
    assert runs.claim(engine, run.id, again.token, "tests.minutely") is not None
    # No new slot was created for the job meanwhile: the revived run covers it.
    assert len(rows(engine, "tests.minutely")) == 1


def test_a_lost_message_is_sent_again(engine) -> None:
    s, _sent = scheduler(engine)
    s.tick(NOW)
    run = rows(engine, "tests.nightly")[0]
    report = s.tick(run.enqueued_at + timedelta(minutes=31))
    assert run.id in report.resent


def test_a_run_that_keeps_dying_is_given_up_and_the_next_slot_catches_up(engine) -> None:
    s, _sent = scheduler(engine)
    s.tick(NOW)
    nightly = rows(engine, "tests.nightly")[0]
    t = NOW
    for _ in range(2):  # max_attempts=2: one re-send, then give up
        t += timedelta(minutes=31)
        s.tick(t)
    failed = rows(engine, "tests.nightly")[0]
    assert failed.id == nightly.id
    assert failed.status == RunStatus.FAILED
    assert "gave up after 2 attempts" in failed.error
    next_night = s.tick(datetime(2026, 3, 3, 2, 31, tzinfo=CHINA_TIME))
    assert ("tests.nightly", datetime(2026, 3, 3, 2, 30, tzinfo=CHINA_TIME)) in [
        (n, slot) for n, slot, _ in next_night.enqueued
    ]


def test_jobs_of_plugins_that_are_not_loaded_are_left_alone(engine) -> None:
    with engine.begin() as conn:
        runs.insert_run(conn, "gone.job", now=NOW - timedelta(days=3))
    s, _sent = scheduler(engine)
    report = s.tick(NOW)
    assert report.resent == [] and report.abandoned == []
    assert rows(engine, "gone.job")[0].status == RunStatus.QUEUED


def test_two_schedulers_running_at_once_enqueue_each_slot_once(database_url: str) -> None:
    """Two processes' schedulers (own engines, own threads) tick at the same instants."""
    engines = [make_engine(database_url), make_engine(database_url)]
    schedulers = [scheduler(e) for e in engines]
    rounds = 12
    start = threading.Barrier(2)
    end = threading.Barrier(2, action=lambda: finish_open_runs(engines[0]))
    errors: list[BaseException] = []

    def run(s: Scheduler) -> None:
        try:
            for i in range(rounds):
                start.wait(timeout=30)
                s.tick(NOW + timedelta(minutes=i))
                end.wait(timeout=30)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
            start.abort()
            end.abort()

    threads = [threading.Thread(target=run, args=(s,)) for s, _ in schedulers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for e in engines:
        e.dispose()
    assert not errors, errors

    sent = [m for _, messages in schedulers for m in messages]
    all_rows = rows(make_engine(database_url))
    per_slot = Counter((r.job_name, r.slot) for r in all_rows)
    assert per_slot["tests.minutely", datetime(2026, 3, 2, 1, 15, tzinfo=UTC)] == 1
    assert len([k for k in per_slot if k[0] == "tests.minutely"]) == rounds
    assert set(per_slot.values()) == {1}
    assert len(sent) == len(all_rows) == rounds + 1  # 12 minutes + this morning's nightly
    assert len({run_id for _, run_id, _ in sent}) == len(sent)


def test_two_schedulers_reviving_the_same_dead_run_send_it_once(database_url: str) -> None:
    engines = [make_engine(database_url), make_engine(database_url)]
    (first, sent_first), (second, sent_second) = (scheduler(e) for e in engines)
    first.tick(NOW)
    later = NOW + timedelta(hours=1)
    barrier = threading.Barrier(2)
    reports: list[Any] = []

    def revive(s: Scheduler) -> None:
        barrier.wait(timeout=30)
        reports.append(s.tick(later))

    threads = [threading.Thread(target=revive, args=(s,)) for s in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    for e in engines:
        e.dispose()
    resent = [run_id for r in reports for run_id in r.resent]
    assert len(resent) == len(set(resent)) == 2  # each of the two dead runs, once
    assert [r.enqueued for r in reports] == [[], []]  # the revived run covers the new slot
    assert len(sent_first) + len(sent_second) == 2 + 2


def test_the_unique_run_key_decides_when_both_schedulers_saw_the_slot_free(
    engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worst interleaving, made deterministic: the second scheduler read "no run yet"
    before the first committed. The database's unique (job_name, slot) key still refuses
    the second insert, and nothing is sent twice."""
    first, _sent_first = scheduler(engine)
    second, sent_second = scheduler(engine)
    assert len(first.tick(NOW).enqueued) == 2
    monkeypatch.setattr(runs, "last_slot", lambda conn, name: None)
    monkeypatch.setattr(runs, "has_active_run", lambda conn, name: False)
    assert second.tick(NOW).enqueued == []
    assert sent_second == []
    assert len(rows(engine)) == 2
