"""Redis and RabbitMQ: jobs sent from here run in separate ``sifa worker`` processes.

These need the two services. Under CI (``CI=true``) or with ``SIFA_TEST_BROKERS=1`` they
always run and fail loudly when a service is unreachable; elsewhere they are skipped.
Waiting for another process is unavoidable here: each wait polls the database for the
state the test expects, with a deadline, and never sleeps for time to pass.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from core.platform import Platform
from core.scheduling.broker import configure_broker, forget_broker, queue_name
from core.scheduling.catalogue import job_catalogue
from core.scheduling.jobs import enqueue_job, get_run
from core.scheduling.models import JobRun, RunStatus
from core.scheduling.worker import make_scheduler
from core.settings import Settings
from tests.support.cli import SIFA, sifa_env

REDIS_URL = os.environ.get("SIFA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
AMQP_URL = os.environ.get("SIFA_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
WAIT_SECONDS = 120  # a loaded CI machine needs a while to start worker processes


def brokers_required() -> bool:
    return os.environ.get("CI") == "true" or os.environ.get("SIFA_TEST_BROKERS") == "1"


def _reachable(kind: str, url: str) -> None:
    if kind == "redis":
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    else:
        import pika

        params = pika.URLParameters(url)
        params.socket_timeout = params.blocked_connection_timeout = 3
        pika.BlockingConnection(params).close()


@pytest.fixture(params=["redis", "rabbitmq"])
def broker_url(request: pytest.FixtureRequest) -> str:
    if not brokers_required():
        pytest.skip("set SIFA_TEST_BROKERS=1 (CI=true does too) to test with Redis and RabbitMQ")
    kind = request.param
    url = REDIS_URL if kind == "redis" else AMQP_URL
    try:
        _reachable(kind, url)
    except Exception as exc:
        pytest.fail(f"{kind} is required for this run but unreachable at {url}: {exc}")
    return url


@pytest.fixture
def platform_on_broker(broker_url: str, database_url: str, tmp_path: Path) -> Iterator[Platform]:
    """A platform sending to the broker on queues of its own.

    Redis and RabbitMQ are shared by every checkout and test run on the machine: the queue
    prefix, unique to this test, keeps another run's workers (or an orphan of an earlier
    one) from taking this test's jobs and this test's workers from taking theirs.
    """
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        broker_url=broker_url,
        queue_prefix=f"sifatest_{uuid.uuid4().hex[:12]}",
    )
    platform = Platform.boot(settings)
    configure_broker(settings)
    yield platform
    queues = {queue_name(settings.queue_prefix, q) for q in job_catalogue(platform.host).queues()}
    _delete_queues(configure_broker(settings), settings.queue_prefix, queues)
    forget_broker(settings)
    platform.engine.dispose()


def _delete_queues(broker: Any, prefix: str, queues: set[str]) -> None:
    """Remove this test's queues from the shared broker (nothing else is touched)."""
    if hasattr(broker, "client"):  # Redis: the queues' keys all contain "<prefix>."
        keys = list(broker.client.scan_iter(match=f"*{prefix}.*"))
        if keys:
            broker.client.delete(*keys)
        return
    import pika

    # RabbitMQ: a new connection with timeouts (the broker's own may have been closed by the
    # server while the test waited); each queue, its delay and its dead-letter queue.
    params = pika.URLParameters(AMQP_URL)
    params.socket_timeout = params.blocked_connection_timeout = 10
    connection = pika.BlockingConnection(params)
    try:
        channel = connection.channel()
        for name in queues | broker.get_declared_queues():
            if name.startswith(f"{prefix}."):
                for queue in (name, f"{name}.DQ", f"{name}.XQ"):
                    channel.queue_delete(queue=queue)
    finally:
        connection.close()


class WorkerProcess:
    """``sifa worker`` in a subprocess, its output kept for the failure message."""

    def __init__(
        self,
        platform: Platform,
        site: Path,
        log: Path,
        *args: str,
        env: dict[str, str] | None = None,
    ) -> None:
        self.log = log
        environment = sifa_env(platform.settings.database_url, platform.settings.data_dir, site)
        environment["SIFA_BROKER_URL"] = platform.settings.broker_url
        environment["SIFA_QUEUE_PREFIX"] = platform.settings.queue_prefix
        environment.update(env or {})
        self.process = subprocess.Popen(
            [SIFA, "worker", "--threads", "2", *args],
            env=environment,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill() takes its children too
        )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        """SIGKILL the worker and every process it started: a child left behind would take
        the next test's jobs from the shared broker."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> int:
        self.process.terminate()
        return self.process.wait(timeout=60)


@pytest.fixture
def workers(plugin_site: Path, tmp_path: Path) -> Iterator[Callable[..., WorkerProcess]]:
    started: list[WorkerProcess] = []

    def start(platform: Platform, *args: str, env: dict[str, str] | None = None) -> WorkerProcess:
        worker = WorkerProcess(
            platform, plugin_site, tmp_path / f"worker{len(started)}.log", *args, env=env
        )
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.kill()  # also when the worker itself exited: its children may not have


def wait_for(check: Callable[[], Any], what: str, worker: WorkerProcess) -> Any:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        if worker.process.poll() is not None:
            pytest.fail(
                f"worker exited ({worker.process.returncode}) before {what}:\n{worker.output()}"
            )
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}; worker output:\n{worker.output()}")


def run_of(platform: Platform, run_id: int) -> JobRun:
    with Session(platform.engine) as session:
        run = get_run(session, run_id)
    assert run is not None
    return run


def add_notes(platform: Platform, *texts: str) -> None:
    from sifa_testplugin.models import TestpluginNote

    with Session(platform.engine) as session:
        session.add_all([TestpluginNote(text=t) for t in texts])
        session.commit()


def sweep_rows(platform: Platform) -> list[tuple[int, int]]:
    from sifa_testplugin.models import TestpluginSweep

    with Session(platform.engine) as session:
        return sorted((r.note_id, r.run_id) for r in session.exec(select(TestpluginSweep)))


def test_a_job_enqueued_here_runs_in_a_separate_sifa_worker(platform_on_broker, workers) -> None:
    p = platform_on_broker
    add_notes(p, "调解回访", "调解协议", "社区矫正")
    run_id = enqueue_job(p, "testplugin.count_notes", {"prefix": "调解"})
    worker = workers(p)
    run = wait_for(
        lambda: (r := run_of(p, run_id)).status == RunStatus.DONE and r, "the job", worker
    )
    assert run.result["notes"] == 2
    assert run.result["pid"] == worker.process.pid != os.getpid()
    assert worker.stop() == 0, worker.output()  # SIGTERM is a graceful stop


def test_killing_a_worker_mid_run_loses_nothing_and_repeats_nothing(
    platform_on_broker, workers
) -> None:
    p = platform_on_broker
    add_notes(p, "n1", "n2", "n3", "n4", "n5")
    scheduler = make_scheduler(p)
    t0 = datetime.now(UTC)
    sweep_id = dict((n, i) for n, _, i in scheduler.tick(t0).enqueued)["testplugin.sweep"]

    # The first worker marks n1 and n2, then hangs on n3 (a test switch of the plugin) …
    stuck = workers(p, env={"SIFA_TESTPLUGIN_HANG_ON": "n3"})
    wait_for(lambda: len(sweep_rows(p)) == 2, "two notes marked", stuck)
    assert run_of(p, sweep_id).status == RunStatus.RUNNING
    stuck.kill()  # … and dies in the middle of the run (SIGKILL: no cleanup at all)
    assert [note for note, _ in sweep_rows(p)] == [1, 2]

    # The next scheduler tick after the job's timeout (5 minutes) sends the run again.
    report = scheduler.tick(t0 + timedelta(minutes=6))
    assert sweep_id in report.resent
    assert "testplugin.sweep" not in [n for n, _, _ in report.enqueued]  # no overlap
    fresh = workers(p)
    run = wait_for(
        lambda: (r := run_of(p, sweep_id)).status == RunStatus.DONE and r, "the revived run", fresh
    )
    assert run.attempts == 2 and run.result == {"marked": 3}
    assert sweep_rows(p) == [
        (1, sweep_id),
        (2, sweep_id),
        (3, sweep_id),
        (4, sweep_id),
        (5, sweep_id),
    ]

    # And the next slot finds nothing left to do: nothing missed, nothing done twice.
    nxt = dict((n, i) for n, _, i in scheduler.tick(t0 + timedelta(minutes=7)).enqueued)
    later = wait_for(
        lambda: (r := run_of(p, nxt["testplugin.sweep"])).status == RunStatus.DONE and r,
        "the next slot",
        fresh,
    )
    assert later.result == {"marked": 0}
    assert len(sweep_rows(p)) == 5
    assert fresh.stop() == 0, fresh.output()


def test_worker_processes_with_their_own_scheduler(platform_on_broker, workers) -> None:
    """``--processes 2 --scheduler``: a supervisor with two worker children and the scheduler."""
    p = platform_on_broker
    add_notes(p, "甲", "乙")
    supervisor = workers(p, "--processes", "2", "--scheduler", "--tick-seconds", "0.2")
    swept = wait_for(lambda: len(sweep_rows(p)) == 2, "the scheduled sweep", supervisor)
    assert swept
    run_id = enqueue_job(p, "testplugin.count_notes")
    run = wait_for(
        lambda: (r := run_of(p, run_id)).status == RunStatus.DONE and r, "the job", supervisor
    )
    assert run.result["pid"] not in (supervisor.process.pid, os.getpid())  # a child ran it
    assert supervisor.stop() == 0, supervisor.output()
