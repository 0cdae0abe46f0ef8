"""Command-line face of jobs: ``sifa worker``, ``sifa jobs list``, ``sifa jobs run``."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import click
from sqlmodel import Session

from core import migrate
from core.scheduling import runs
from core.scheduling.catalogue import UnknownJob, job_catalogue
from core.scheduling.cron import CHINA_TIME
from core.scheduling.execution import execute_run
from core.scheduling.jobs import enqueue_job, get_run, job_overview
from core.scheduling.worker import SCHEDULER_INTERVAL, EmbeddedBrokerRefused

if TYPE_CHECKING:
    from core.platform import Platform

__all__ = ["jobs_group", "worker_command"]

PlatformFactory = Callable[[], "Platform"]


def _ready(platform_factory: PlatformFactory) -> Platform:
    platform = platform_factory()
    try:
        migrate.ensure_up_to_date(platform.engine, platform.host)
    except migrate.DatabaseBehind as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    return platform


def _china(moment: datetime) -> str:
    """One zone for every time the command prints: stored times are UTC (naive = UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return f"{aware.astimezone(CHINA_TIME):%Y-%m-%d %H:%M} CST"


def worker_command(platform_factory: PlatformFactory) -> click.Command:
    @click.command("worker")
    @click.option(
        "--threads",
        default=8,
        show_default=True,
        type=click.IntRange(1, 256),
        help="worker threads per process",
    )
    @click.option(
        "--processes",
        default=1,
        show_default=True,
        type=click.IntRange(1, 64),
        help="worker processes (more than 1: this process supervises them)",
    )
    @click.option("--queue", "queues", multiple=True, help="consume only this queue (repeatable)")
    @click.option("--scheduler", is_flag=True, help="also run the periodic-job scheduler here")
    @click.option(
        "--tick-seconds",
        default=SCHEDULER_INTERVAL,
        show_default=True,
        type=click.FloatRange(0.1, 60),
        help="how often the scheduler looks for due slots",
    )
    def worker(
        threads: int, processes: int, queues: tuple[str, ...], scheduler: bool, tick_seconds: float
    ) -> None:
        """Run background jobs from Redis or RabbitMQ (后台任务进程).

        Not needed with the default embedded broker: there the web server runs the jobs.
        """
        from core.scheduling.worker_process import serve_workers

        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        logging.getLogger("pika").setLevel(logging.WARNING)  # one line per socket otherwise
        if platform_factory().settings.uses_embedded_broker:
            click.echo(str(EmbeddedBrokerRefused()), err=True)
            sys.exit(2)
        serve_workers(
            _ready(platform_factory),
            threads=threads,
            processes=processes,
            queues=queues,
            scheduler=scheduler,
            interval=tick_seconds,
        )

    return worker


def jobs_group(platform_factory: PlatformFactory) -> click.Group:
    @click.group("jobs")
    def jobs() -> None:
        """Background and periodic jobs (后台任务)."""

    @jobs.command("list")
    def jobs_list() -> None:
        """Each job: owner, schedule, last run, next run, last error — times in China time."""
        platform = _ready(platform_factory)
        with Session(platform.engine) as session:
            lines = job_overview(session, job_catalogue(platform.host))
        click.echo("时间均为北京时间 (times are China Standard Time, UTC+8)")
        for line in lines:
            last = line.last_run
            last_text = f"{last.status} {_china(last.enqueued_at)}" if last else "-"
            next_text = _china(line.next_run) if line.next_run else "-"
            click.echo(
                f"{line.name:<32} {line.owner:<12} {line.schedule or '(on demand)':<14} "
                f"last={last_text:<24} next={next_text}"
            )
            if line.last_error:
                click.echo(f"    last error: {line.last_error.strip().splitlines()[-1]}")

    @jobs.command("run")
    @click.argument("name")
    @click.option("--params", default="{}", help="JSON object of the job's parameters")
    def jobs_run(name: str, params: str) -> None:
        """Start one job now (a periodic job too, outside its schedule).

        With the embedded broker the job runs here, in this command; otherwise it is sent to
        the workers and this prints the run id.
        """
        platform = _ready(platform_factory)
        try:
            values = json.loads(params)
            job = job_catalogue(platform.host).get(name)
        except (json.JSONDecodeError, UnknownJob) as exc:
            raise click.ClickException(str(exc)) from exc
        if not isinstance(values, dict):
            raise click.ClickException("--params must be a JSON object")
        if not platform.settings.uses_embedded_broker:
            click.echo(f"run {enqueue_job(platform, job, values)} sent")
            return
        with platform.engine.begin() as conn:
            run_id, token = runs.insert_run(conn, job.name, params=values)
        execute_run(platform, job, run_id, token)
        with Session(platform.engine) as session:
            run = get_run(session, run_id)
        assert run is not None
        click.echo(f"run {run_id}: {run.status}")
        if run.error:
            click.echo(run.error, err=True)
            sys.exit(1)
        click.echo(json.dumps(run.result, ensure_ascii=False))

    return jobs
