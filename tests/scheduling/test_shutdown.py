"""Graceful shutdown: ``sifa serve`` stops within its limit while a job runs, and the job
runs again afterwards without doing twice what it had already done.

The embedded broker (the default) runs jobs inside ``sifa serve``; the test plugin's sweep
job marks notes one per transaction and, with ``SIFA_TESTPLUGIN_HANG_ON``, never gets past
the note with that text — a job that would keep a shutdown waiting forever.
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from core.platform import Platform
from core.scheduling.catalogue import job_catalogue
from core.scheduling.execution import execute_run
from core.scheduling.models import JobRun, RunStatus
from tests.support.cli import SIFA, free_port, sifa_env

LIMIT_SECONDS = 6
WAIT_SECONDS = 90  # the embedded scheduler's first tick comes after 20 s


def _wait(check: Callable[[], Any], what: str, server: subprocess.Popen[str], log: Path) -> Any:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        if server.poll() is not None:
            pytest.fail(f"server exited before {what}:\n{log.read_text()}")
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}:\n{log.read_text()}")


def _sweep_run(platform: Platform) -> JobRun | None:
    with Session(platform.engine) as session:
        return session.exec(select(JobRun).where(JobRun.job_name == "testplugin.sweep")).first()


def _marked(platform: Platform) -> list[str]:
    from sifa_testplugin.models import TestpluginNote, TestpluginSweep

    with Session(platform.engine) as session:
        rows = session.exec(
            select(TestpluginNote.text)
            .join(TestpluginSweep, TestpluginSweep.note_id == TestpluginNote.id)
            .order_by(TestpluginNote.text)
        ).all()
    return list(rows)


def test_serve_stops_within_its_limit_while_a_job_runs_and_the_job_reruns_once(
    platform: Platform, plugin_site: Path, tmp_path: Path
) -> None:
    from sifa_testplugin.models import TestpluginNote

    if not platform.settings.is_sqlite:
        pytest.skip("the embedded broker's shutdown; one backend is enough")
    with Session(platform.engine) as session:
        session.add_all([TestpluginNote(text=t) for t in ("a-first", "b-hang", "c-last")])
        session.commit()
    env = sifa_env(platform.settings.database_url, platform.settings.data_dir, plugin_site)
    env.update(SIFA_SHUTDOWN_TIMEOUT=str(LIMIT_SECONDS), SIFA_TESTPLUGIN_HANG_ON="b-hang")
    log = tmp_path / "serve.log"
    server = subprocess.Popen(
        [SIFA, "serve", "--port", str(free_port())],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait(lambda: _marked(platform) == ["a-first"], "the sweep to reach b-hang", server, log)
        run = _sweep_run(platform)
        assert run is not None and run.status == RunStatus.RUNNING.value

        started = time.monotonic()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=LIMIT_SECONDS + 20)
        stopped_in = time.monotonic() - started
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()

    assert stopped_in < LIMIT_SECONDS + 3, log.read_text()
    handed_back = _sweep_run(platform)
    assert handed_back is not None
    assert handed_back.status == RunStatus.QUEUED.value, log.read_text()  # to run again
    assert handed_back.attempts == run.attempts
    assert _marked(platform) == ["a-first"]  # the interrupted note left nothing half-done

    # The next process picks the run up (as the broker or the scheduler would send it).
    job = job_catalogue(platform.host).get("testplugin.sweep")
    execute_run(platform, job, handed_back.id, handed_back.token)  # type: ignore[arg-type]
    assert _marked(platform) == ["a-first", "b-hang", "c-last"]  # each note once
    finished = _sweep_run(platform)
    assert finished is not None and finished.status == RunStatus.DONE.value
    assert finished.result == {"marked": 2}
