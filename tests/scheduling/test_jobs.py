"""Jobs on the embedded broker: declared by plugins, run in-process, recorded in ``job_run``."""

from __future__ import annotations

import os
import types
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, select

from core.platform import Platform
from core.plugins import Candidate, PluginHost, PluginMeta, PluginState, hookimpl
from core.scheduling import runs
from core.scheduling.catalogue import UnknownJob, job_catalogue
from core.scheduling.core_jobs import CORE_JOBS, CORE_PERIODIC_JOBS, prune_job_runs
from core.scheduling.declarations import Job, JobContext, JobSuperseded, PeriodicJob
from core.scheduling.jobs import enqueue_job, get_run, job_overview
from core.scheduling.models import JobRun, RunStatus
from core.scheduling.worker import (
    EmbeddedWorker,
    make_scheduler,
    start_embedded_worker,
    stop_embedded_worker,
)

CORE_PERIODIC = {p.name for p in CORE_PERIODIC_JOBS}  # the core's own (job runs, exports, …)
CORE_ON_DEMAND = {j.name for j in CORE_JOBS}


@pytest.fixture
def embedded(platform: Platform) -> Iterator[EmbeddedWorker]:
    """The web server's worker threads, without its scheduler thread (tests tick by hand)."""
    handle = start_embedded_worker(platform, scheduler=False)
    assert handle is not None
    yield handle
    stop_embedded_worker(handle)


def add_notes(platform: Platform, *texts: str) -> None:
    from sifa_testplugin.models import TestpluginNote

    with Session(platform.engine) as session:
        session.add_all([TestpluginNote(text=t) for t in texts])
        session.commit()


def swept_note_ids(platform: Platform) -> list[int]:
    from sifa_testplugin.models import TestpluginSweep

    with Session(platform.engine) as session:
        return list(session.exec(select(TestpluginSweep.note_id)))


def run_of(platform: Platform, run_id: int) -> JobRun:
    with Session(platform.engine) as session:
        run = get_run(session, run_id)
    assert run is not None
    return run


def test_sifa_jobs_job_runs_in_process_on_the_embedded_broker(platform, embedded) -> None:
    add_notes(platform, "调解回访", "调解协议", "法律援助")
    run_id = enqueue_job(platform, "testplugin.count_notes", {"prefix": "调解"})
    embedded.join()
    run = run_of(platform, run_id)
    assert run.status == RunStatus.DONE
    assert run.result == {"notes": 2, "pid": os.getpid()}  # this very process
    assert (run.progress_done, run.progress_total, run.progress_note) == (2, 2, "counted")
    assert run.started_at <= run.finished_at
    assert run.slot is None and run.attempts == 1 and run.error is None


def test_sifa_periodic_jobs_are_scheduled_and_run_on_the_embedded_broker(
    platform, embedded
) -> None:
    add_notes(platform, "一", "二", "三")
    scheduler = make_scheduler(platform)
    now = datetime.now(UTC)
    first = {name: run_id for name, _, run_id in scheduler.tick(now).enqueued}
    # every periodic job's latest slot: the test plugin's, the core's, any other plugin's
    assert set(first) == set(job_catalogue(platform.host).periodic) >= {"testplugin.sweep"}
    embedded.join()
    assert run_of(platform, first["testplugin.sweep"]).result == {"marked": 3}
    assert sorted(swept_note_ids(platform)) == [1, 2, 3]

    add_notes(platform, "四")
    second = {
        name: run_id for name, _, run_id in scheduler.tick(now + timedelta(minutes=1)).enqueued
    }
    assert "testplugin.sweep" in second
    assert "core.prune_job_runs" not in second  # the nightly job is not due again
    embedded.join()
    assert run_of(platform, second["testplugin.sweep"]).result == {"marked": 1}
    assert sorted(swept_note_ids(platform)) == [1, 2, 3, 4]


def test_a_failing_job_records_its_error_and_is_not_retried(platform, embedded) -> None:
    run_id = enqueue_job(platform, "testplugin.count_notes", {"no_such_param": 1})
    embedded.join()
    run = run_of(platform, run_id)
    assert run.status == RunStatus.FAILED
    assert "TypeError" in run.error and "no_such_param" in run.error
    assert run.attempts == 1 and run.finished_at is not None


def test_a_job_started_in_a_transaction_is_sent_only_when_it_commits(platform, embedded) -> None:
    with Session(platform.engine) as session:
        abandoned = enqueue_job(platform, "testplugin.count_notes", session=session)
        embedded.join()  # nothing was sent yet
        session.rollback()
    with Session(platform.engine) as session:
        assert get_run(session, abandoned) is None
        committed = enqueue_job(platform, "testplugin.count_notes", session=session)
        embedded.join()
        assert get_run(session, committed).status == RunStatus.QUEUED
        session.commit()
    embedded.join()
    assert run_of(platform, committed).status == RunStatus.DONE


def test_an_unknown_job_is_refused(platform) -> None:
    with pytest.raises(UnknownJob, match=r"testplugin\.nope"):
        enqueue_job(platform, "testplugin.nope")


def test_a_stale_message_is_ignored(platform, embedded) -> None:
    with platform.engine.begin() as conn:
        run_id, token = runs.insert_run(conn, "testplugin.count_notes", params={})
    from core.scheduling.broker import send_run

    job = job_catalogue(platform.host).get("testplugin.count_notes")
    send_run(embedded.broker, job, run_id, "0" * 32)  # an older attempt's token
    embedded.join()
    assert run_of(platform, run_id).status == RunStatus.QUEUED
    send_run(embedded.broker, job, run_id, token)
    send_run(embedded.broker, job, run_id, token)  # a duplicated delivery
    embedded.join()
    run = run_of(platform, run_id)
    assert run.status == RunStatus.DONE and run.attempts == 1


def test_progress_stops_a_run_that_was_handed_to_another_attempt(platform) -> None:
    with platform.engine.begin() as conn:
        run_id, token = runs.insert_run(conn, "testplugin.count_notes")
    claimed = runs.claim(platform.engine, run_id, token, "testplugin.count_notes")
    context = JobContext(
        run_id, "testplugin.count_notes", None, {}, platform.engine, platform.settings, _token=token
    )
    context.progress(1, 10)
    assert run_of(platform, run_id).progress_done == 1
    with platform.engine.begin() as conn:
        open_run = next(r for r in runs.open_runs(conn) if r.run_id == claimed.run_id)
        runs.resend(conn, open_run, datetime.now(UTC))
    with pytest.raises(JobSuperseded):
        context.progress(2, 10, force=True)


def test_the_nightly_prune_keeps_each_jobs_latest_run(platform) -> None:
    long_ago = datetime.now(UTC) - timedelta(days=40)
    with platform.engine.begin() as conn:
        ids = [
            runs.insert_run(conn, name, now=long_ago)[0]
            for name in ("a.job", "a.job", "a.job", "b.job")
        ]
        conn.execute(JobRun.__table__.update().values(status="done", finished_at=long_ago))
        recent, _ = runs.insert_run(conn, "a.job")
    context = JobContext(
        0, "core.prune_job_runs", datetime.now(UTC), {}, platform.engine, platform.settings
    )
    assert prune_job_runs(context) == {"deleted": 3}
    with Session(platform.engine) as session:
        left = sorted(r.id for r in session.exec(select(JobRun)))
    assert left == [ids[3], recent]  # b.job's only run; a.job's newest (still queued)


def test_job_overview_shows_last_run_next_run_and_last_error(platform, embedded) -> None:
    enqueue_job(platform, "testplugin.count_notes", {"bad": True})
    embedded.join()
    ok = enqueue_job(platform, "testplugin.count_notes")
    embedded.join()
    now = datetime(2026, 3, 2, 9, 15, 30, tzinfo=UTC)
    with Session(platform.engine) as session:
        lines = {
            line.name: line for line in job_overview(session, job_catalogue(platform.host), now)
        }
    count = lines["testplugin.count_notes"]
    assert count.owner == "testplugin" and count.schedule is None and count.next_run is None
    assert count.last_run.id == ok and count.last_run.status == RunStatus.DONE
    assert "TypeError" in count.last_error
    sweep = lines["testplugin.sweep"]
    assert sweep.schedule == "* * * * *" and sweep.last_run is None
    assert sweep.next_run == datetime(2026, 3, 2, 9, 16, tzinfo=UTC)
    assert lines["core.prune_job_runs"].owner == "core"


def test_the_web_app_runs_the_embedded_worker_while_it_is_up(platform) -> None:
    from litestar.testing import TestClient

    from web.app import create_app

    with TestClient(app=create_app(platform=platform)) as client:
        handle = client.app.state.embedded_worker
        assert isinstance(handle, EmbeddedWorker) and handle.scheduler is not None
        run_id = enqueue_job(platform, "testplugin.count_notes")
        handle.join()
        assert run_of(platform, run_id).status == RunStatus.DONE
    assert not handle.scheduler.is_alive()
    assert start_embedded_worker(platform, scheduler=False) is not handle  # it was let go
    stop_embedded_worker(start_embedded_worker(platform))


def test_no_worker_threads_start_when_the_broker_is_not_embedded(platform) -> None:
    platform.settings.broker_url = "redis://127.0.0.1:1/0"
    assert start_embedded_worker(platform) is None


# -- declarations, seen from the plugin host ------------------------------------------


def plugin_declaring(**hooks: Any) -> Candidate:
    module = types.ModuleType("fake_jobs")
    module.plugin_meta = PluginMeta(name="jobby", label_zh="任务", label_en="Jobs", version="1")  # type: ignore[attr-defined]
    for name, value in hooks.items():
        setattr(module, name, hookimpl(lambda value=value: value()))
    return Candidate("jobby", "sifa-jobby", "1", lambda: module)


def noop(context: JobContext) -> None:
    return None


def test_declared_jobs_are_collected_under_the_plugins_name() -> None:
    host = PluginHost().load(
        [
            plugin_declaring(
                sifa_periodic_jobs=lambda: [PeriodicJob("jobby.tick", "@hourly", noop)],
                sifa_jobs=lambda: [Job("jobby.once", noop)],
            )
        ]
    )
    catalogue = job_catalogue(host)
    assert set(catalogue.jobs) == {"jobby.tick", "jobby.once", *CORE_PERIODIC, *CORE_ON_DEMAND}
    assert set(catalogue.periodic) == {"jobby.tick", *CORE_PERIODIC}
    assert catalogue.owners["jobby.tick"] == "jobby"


@pytest.mark.parametrize(
    ("hooks", "reason"),
    [
        (
            {"sifa_periodic_jobs": lambda: [PeriodicJob("other.tick", "@daily", noop)]},
            "must start with the plugin's name: jobby.",
        ),
        ({"sifa_jobs": lambda: [Job("jobby.x", noop), Job("jobby.x", noop)]}, "declared twice"),
        ({"sifa_jobs": lambda: ["not a job"]}, "expected Job"),
        (
            {"sifa_periodic_jobs": lambda: [PeriodicJob("jobby.t", "0 0 30 2 *", noop)]},
            "永远不会触发",
        ),
    ],
)
def test_a_bad_job_declaration_fails_only_that_plugin(hooks: dict[str, Any], reason: str) -> None:
    host = PluginHost().load([plugin_declaring(**hooks)])
    record = host.get("jobby")
    assert record.state is PluginState.FAILED
    assert reason in record.reason


def test_job_names_and_timeouts_are_checked_where_they_are_declared() -> None:
    with pytest.raises(ValueError, match=r"<plugin>\.<job>"):
        Job("nodot", noop)
    with pytest.raises(ValueError, match="timeout"):
        Job("a.b", noop, timeout=timedelta(0))
    with pytest.raises(TypeError, match="callable"):
        Job("a.b", 42)  # type: ignore[arg-type]


def test_a_dramatiq_actor_is_accepted_as_the_periodic_function() -> None:
    import dramatiq
    from dramatiq.brokers.stub import StubBroker

    actor = dramatiq.actor(noop, broker=StubBroker(), actor_name="elsewhere")
    assert PeriodicJob("a.b", "@daily", actor).as_job().fn is noop


def test_a_rolled_back_start_is_not_sent_by_a_later_commit_of_the_same_session(
    platform, embedded, monkeypatch: pytest.MonkeyPatch
) -> None:
    import core.scheduling.jobs as jobs_module

    sent: list[int] = []
    real_send = jobs_module.send_run

    def spy(broker: Any, job: Job, run_id: int, token: str, prefix: str = "") -> None:
        sent.append(run_id)
        real_send(broker, job, run_id, token, prefix)

    monkeypatch.setattr(jobs_module, "send_run", spy)
    with Session(platform.engine) as session:
        enqueue_job(platform, "testplugin.count_notes", session=session)
        session.rollback()
        kept = enqueue_job(platform, "testplugin.count_notes", session=session)
        session.commit()
        session.commit()  # a second commit sends nothing again
    embedded.join()
    assert sent == [kept]
    assert run_of(platform, kept).status == RunStatus.DONE
