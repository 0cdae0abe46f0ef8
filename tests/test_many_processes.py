"""Two ``sifa serve`` processes and two ``sifa worker --scheduler`` processes on one
PostgreSQL and one RabbitMQ, used alternately the way a load balancer would.

Signing in on one web process and acting on the other proves that sessions and CSRF tokens
are shared (database sessions, one secret key); an upload through one and its download
through the other proves the shared upload directory; two schedulers racing over the same
slots prove that each periodic job runs once per slot.

A broker test (``@pytest.mark.broker``): like tests/scheduling/test_brokers.py it runs
under ``CI=true`` or ``SIFA_TEST_BROKERS=1`` and is skipped elsewhere. It uses
``SIFA_TEST_AMQP_URL`` (default: the local RabbitMQ's ``/`` vhost).
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from core.db import session_scope
from core.platform import Platform
from core.scheduling.broker import configure_broker, forget_broker
from core.scheduling.catalogue import job_catalogue
from core.scheduling.models import JobRun, RunStatus
from core.scheduling.worker import make_scheduler
from core.settings import Settings
from tests.scheduling.test_brokers import (  # noqa: F401 - fixtures used by name
    AMQP_URL,
    WorkerProcess,
    _reachable,
    add_notes,
    broker_url,
    brokers_required,
    platform_on_broker,
    run_of,
    sweep_rows,
    wait_for,
    workers,
)
from tests.support.auth import PASSWORD, make_account, make_org_tree
from tests.support.cli import SIFA, free_port, sifa_env

pytestmark = pytest.mark.broker

WAIT_SECONDS = 120
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _port() -> int:
    """A free port, from ``SIFA_TEST_PORTS`` (``8160-8199``) when a range is prescribed."""
    wanted = os.environ.get("SIFA_TEST_PORTS")
    if not wanted:
        return free_port()
    import socket

    low, high = (int(p) for p in wanted.split("-"))
    for port in range(low, high + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {wanted}")


@pytest.fixture
def cluster_platform(database_url: str, tmp_path: Path) -> Iterator[Platform]:
    if not database_url.startswith("postgresql"):
        pytest.skip("several processes share one PostgreSQL database")
    if not brokers_required():
        pytest.skip("set SIFA_TEST_BROKERS=1 (CI=true does too) to test with RabbitMQ")
    _reachable("rabbitmq", AMQP_URL)
    settings = Settings(
        data_dir=tmp_path / "shared", database_url=database_url, broker_url=AMQP_URL
    )
    platform = Platform.boot(settings)
    broker = configure_broker(settings)
    broker.declare_queue("sifa")
    broker.flush_all()
    yield platform
    forget_broker(settings)
    platform.engine.dispose()


class Processes:
    """The processes of one deployment; all stopped (their whole groups) at the end."""

    def __init__(self, platform: Platform, site: Path, logs: Path) -> None:
        self.env = sifa_env(platform.settings.database_url, platform.settings.data_dir, site)
        self.env["SIFA_BROKER_URL"] = platform.settings.broker_url
        self.logs = logs
        self.started: list[tuple[subprocess.Popen[bytes], Path]] = []

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        log = self.logs / f"process{len(self.started)}.log"
        process = subprocess.Popen(
            [SIFA, *args],
            env=self.env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.started.append((process, log))
        return process

    def output(self) -> str:
        return "\n".join(
            f"== {log.name}\n{log.read_text(errors='replace')}" for _, log in self.started
        )

    def check_alive(self) -> None:
        for process, _ in self.started:
            if process.poll() is not None:
                pytest.fail(f"a process exited ({process.returncode}):\n{self.output()}")

    def stop(self) -> list[int]:
        import signal

        codes = []
        for process, _ in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process, _ in self.started:
            try:
                codes.append(process.wait(timeout=60))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                codes.append(process.wait())
        return codes


def _wait(check: Callable[[], Any], what: str, processes: Processes) -> Any:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        processes.check_alive()
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}:\n{processes.output()}")


def _up(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _prepare(platform: Platform) -> dict[str, int]:
    """A bureau using every module, one station's staff member, a committee, two people."""
    from mediation.services.committees import create_committee

    from core.people.service import register_person

    with session_scope(platform.engine) as session:
        tree = make_org_tree(session, activate=platform.host)
        make_account(session, "suo_a", roles={"station_staff": tree.station_a}, host=platform.host)
        committee = create_committee(
            session,
            {
                "parent_id": tree.village_a,
                "name": "前进社区人民调解委员会",
                "kind": "village",
                "short_name": "前进",
            },
            today=date(2026, 11, 23),
        )
        people = [
            register_person(
                session,
                {"name": name, "id_type": "none", "no_id_reason": "未带证件", "sex": "male"},
                org_id=tree.village_a,
            )
            for name in ("赵大", "钱二")
        ]
        return {"committee": committee.id, "applicant": people[0].id, "respondent": people[1].id}  # type: ignore[dict-item]


def test_two_web_processes_and_two_workers_serve_as_one(
    cluster_platform: Platform, plugin_site: Path, tmp_path: Path
) -> None:
    p = cluster_platform
    world = _prepare(p)
    processes = Processes(p, plugin_site, tmp_path)
    try:
        web = [f"http://127.0.0.1:{_port()}" for _ in range(2)]
        for base in web:
            processes.start("serve", "--port", base.rsplit(":", 1)[1])
            time.sleep(0.2)  # the next free port is looked up after this one is taken
        for _ in range(2):
            processes.start("worker", "--threads", "2", "--scheduler", "--tick-seconds", "0.5")
        _wait(lambda: all(_up(base) for base in web), "both web processes", processes)
        a, b = web

        with httpx.Client(follow_redirects=False, timeout=30) as browser:
            # sign in on A …
            browser.get(f"{a}/login")
            token = browser.cookies["sifa_csrf"]
            signed_in = browser.post(
                f"{a}/login",
                data={"username": "suo_a", "password": PASSWORD, "next": "/"},
                headers={"x-csrftoken": token},
            )
            assert signed_in.status_code == 303, signed_in.text
            token = browser.cookies["sifa_csrf"]  # signing in binds a new pair to the session
            # … act on B with A's session and A's CSRF token
            registered = browser.post(
                f"{b}/m/mediation/cases/new",
                data={
                    "committee_id": str(world["committee"]),
                    "source": "party_application",
                    "application_form": "written",
                    "party_0_role": "applicant",
                    "party_0_person_id": str(world["applicant"]),
                    "party_1_role": "respondent",
                    "party_1_person_id": str(world["respondent"]),
                    "category_code": "0902",
                    "description": "院墙越界约半米，双方多次争吵。",
                    "people_involved": "2",
                },
                headers={"x-csrftoken": token},
            )
            assert registered.status_code == 303, registered.text
            case_id = int(re.search(r"/cases/(\d+)", registered.headers["location"]).group(1))  # type: ignore[union-attr]
            assert "赵大" in browser.get(f"{a}/m/mediation/cases/{case_id}").text

            # upload through B, download through A
            uploaded = browser.post(
                f"{b}/m/mediation/cases/{case_id}/evidence",
                data={"category": "evidence", "description": "借款收条"},
                files={"file": ("收条.pdf", PDF, "application/octet-stream")},
                headers={"x-csrftoken": token},
            )
            assert uploaded.status_code in (200, 303), uploaded.text
            found = re.search(
                r'data-evidence="(\d+)"', browser.get(f"{b}/m/mediation/cases/{case_id}").text
            )
            assert found, "the uploaded file is listed on the case page"
            download = browser.get(f"{a}/m/mediation/evidence/{found.group(1)}")
            assert download.status_code == 200 and download.content == PDF

            # signing out on B ends the session on A too
            browser.post(f"{b}/logout", headers={"x-csrftoken": token})
            assert browser.get(f"{a}/m/mediation/cases/{case_id}").status_code in (302, 303)

        # both workers run a scheduler: every periodic job's due slot still runs once
        periodic = sorted(job_catalogue(p.host).periodic)

        def all_done() -> bool:
            with Session(p.engine) as session:
                done = session.exec(
                    select(JobRun.job_name).where(JobRun.status == RunStatus.DONE.value)
                ).all()
                failed = session.exec(
                    select(JobRun).where(JobRun.status == RunStatus.FAILED.value)
                ).all()
            assert failed == [], [(r.job_name, r.error) for r in failed]
            return set(periodic) <= set(done)

        _wait(all_done, "every periodic job's first slot", processes)
        with Session(p.engine) as session:
            per_slot = session.exec(
                select(JobRun.job_name, JobRun.slot, func.count())
                .where(JobRun.slot.is_not(None))  # type: ignore[union-attr]
                .group_by(JobRun.job_name, JobRun.slot)
            ).all()
        assert {name for name, _, _ in per_slot} == set(periodic)
        assert [row for row in per_slot if row[2] != 1] == []
    finally:
        codes = processes.stop()
    # uvicorn re-raises SIGTERM after its graceful shutdown; the workers exit 0
    assert codes[:2] in ([0, 0], [-15, -15]) and codes[2:] == [0, 0], processes.output()
    assert processes.output().count("Application shutdown complete") == 2


def test_a_stopping_worker_hands_its_running_job_to_another_within_the_limit(
    platform_on_broker: Platform,  # noqa: F811 - the fixture imported above
    workers: Callable[..., WorkerProcess],  # noqa: F811
) -> None:
    """SIGTERM to ``sifa worker`` in the middle of a run: it exits within
    ``SIFA_SHUTDOWN_TIMEOUT``, the run goes back to the queue, and another worker finishes
    it at once — every note marked exactly once."""
    p = platform_on_broker
    add_notes(p, "n1", "n2", "n3")
    sweep_id = dict((n, i) for n, _, i in make_scheduler(p).tick().enqueued)["testplugin.sweep"]
    limit = 6
    stuck = workers(p, env={"SIFA_TESTPLUGIN_HANG_ON": "n2", "SIFA_SHUTDOWN_TIMEOUT": str(limit)})
    wait_for(lambda: len(sweep_rows(p)) == 1, "the first note marked", stuck)
    assert run_of(p, sweep_id).status == RunStatus.RUNNING

    started = time.monotonic()
    assert stuck.stop() == 0, stuck.output()
    assert time.monotonic() - started < limit + 5, stuck.output()
    handed_back = run_of(p, sweep_id)
    assert handed_back.status == RunStatus.QUEUED and handed_back.attempts == 1

    fresh = workers(p)
    done = wait_for(
        lambda: (r := run_of(p, sweep_id)).status == RunStatus.DONE and r, "the re-run", fresh
    )
    assert done.result == {"marked": 2}
    assert [note for note, _ in sweep_rows(p)] == [1, 2, 3]
    assert fresh.stop() == 0, fresh.output()
