"""Where jobs run: worker threads inside the web server, or ``sifa worker`` processes.

* Embedded broker: :func:`start_embedded_worker` (called when the web app starts) declares
  the actors on the in-process broker, starts Dramatiq worker threads and the scheduler
  thread; :func:`stop_embedded_worker` (app shutdown) stops them and lets the in-memory
  broker go. One ``sifa serve`` is then a complete platform.
* Redis or RabbitMQ: the web server only sends messages. ``sifa worker`` runs
  :func:`run_worker` in one or more processes; ``--scheduler`` adds the scheduler thread
  (run it in at least one place; running it in several is safe).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dramatiq import Broker, Worker

from core.scheduling.broker import (
    configure_broker,
    declare_actors,
    forget_broker,
    queue_name,
    send_run,
)
from core.scheduling.catalogue import JobCatalogue, job_catalogue
from core.scheduling.execution import send_handed_back
from core.scheduling.scheduler import Scheduler, SchedulerThread

if TYPE_CHECKING:
    from core.platform import Platform

__all__ = [
    "EmbeddedBrokerRefused",
    "EmbeddedWorker",
    "make_scheduler",
    "run_worker",
    "start_embedded_worker",
    "stop_embedded_worker",
]

log = logging.getLogger(__name__)

EMBEDDED_THREADS = 4
SCHEDULER_INTERVAL = 20.0  # seconds; slots are whole minutes

_embedded_lock = threading.Lock()
_embedded: EmbeddedWorker | None = None


class EmbeddedBrokerRefused(RuntimeError):
    """``sifa worker`` was started although the broker is the web server's in-process one."""

    def __init__(self) -> None:
        super().__init__(
            "当前使用内置消息队列（SIFA_BROKER_URL=embedded），后台任务由网页服务进程（sifa serve）"
            "自行执行，无需单独启动 worker。若要使用独立的 worker 进程，请将 SIFA_BROKER_URL "
            "设为 redis://… 或 amqp://…\n"
            "The broker is embedded (SIFA_BROKER_URL=embedded): the web server (sifa serve) "
            "already runs the jobs. To run separate workers, set SIFA_BROKER_URL to "
            "redis://… or amqp://…"
        )


def make_scheduler(platform: Platform, catalogue: JobCatalogue | None = None) -> Scheduler:
    """A scheduler for this platform that sends on the configured broker."""
    broker = configure_broker(platform.settings)
    return Scheduler(
        platform.engine,
        catalogue or job_catalogue(platform.host),
        lambda job, run_id, token: send_run(
            broker, job, run_id, token, platform.settings.queue_prefix
        ),
    )


@dataclass
class EmbeddedWorker:
    """Worker threads and scheduler of the web server's process (embedded broker only)."""

    platform: Platform
    broker: Broker
    worker: Worker
    scheduler: SchedulerThread | None

    def join(self, timeout_ms: int = 60_000) -> None:
        """Wait until every queue is drained and every message handled (tests, shutdown)."""
        queues = self.broker.get_declared_queues() - self.broker.get_declared_delay_queues()
        for queue in sorted(queues):
            self.broker.join(queue, timeout=timeout_ms, fail_fast=False)  # type: ignore[call-arg]
        self.worker.join()


def start_embedded_worker(
    platform: Platform,
    *,
    threads: int = EMBEDDED_THREADS,
    scheduler: bool = True,
    interval: float = SCHEDULER_INTERVAL,
) -> EmbeddedWorker | None:
    """Start jobs inside this process when the broker is embedded; None otherwise.

    One embedded worker per process: starting again for the same platform returns the
    running one; for another platform it raises (stop the first).
    """
    global _embedded
    if not platform.settings.uses_embedded_broker:
        return None
    with _embedded_lock:
        if _embedded is not None:
            if _embedded.platform is platform:
                return _embedded
            raise RuntimeError("an embedded worker is already running in this process")
        catalogue = job_catalogue(platform.host)
        broker = configure_broker(platform.settings)
        declare_actors(broker, catalogue, platform)
        worker = Worker(broker, worker_threads=threads, worker_timeout=100)
        worker.start()
        ticker = None
        if scheduler:
            ticker = SchedulerThread(make_scheduler(platform, catalogue), interval)
            ticker.start()
        _embedded = EmbeddedWorker(platform, broker, worker, ticker)
        log.info("embedded worker started: %d threads, %d jobs", threads, len(catalogue.jobs))
        return _embedded


def stop_embedded_worker(handle: EmbeddedWorker | None, timeout_ms: int = 30_000) -> None:
    """Stop the embedded worker and scheduler within *timeout_ms*; running jobs are
    interrupted and handed back, queued messages are dropped.

    Dropping is safe: their runs stay queued in the database and the next scheduler (after
    a restart) sends them again once their timeout has passed.
    """
    global _embedded
    if handle is None:
        return
    with _embedded_lock:
        if handle.scheduler is not None:
            handle.scheduler.stop(min(5.0, timeout_ms / 1000))
        handle.worker.stop(timeout=timeout_ms)
        send_handed_back(None)  # nobody else consumes the in-process queue
        forget_broker(handle.platform.settings)
        if _embedded is handle:
            _embedded = None
    log.info("embedded worker stopped")


def run_worker(
    platform: Platform,
    stop: threading.Event,
    *,
    threads: int = 8,
    queues: set[str] | None = None,
    scheduler: bool = False,
    interval: float = SCHEDULER_INTERVAL,
) -> None:
    """Consume from Redis or RabbitMQ in this process until ``stop`` is set."""
    if platform.settings.uses_embedded_broker:
        raise EmbeddedBrokerRefused
    catalogue = job_catalogue(platform.host)
    broker = configure_broker(platform.settings)
    declare_actors(broker, catalogue, platform)
    prefix = platform.settings.queue_prefix
    consumed = {queue_name(prefix, q) for q in queues} if queues else None
    worker = Worker(broker, queues=consumed, worker_threads=threads)
    worker.start()
    ticker = None
    if scheduler:
        ticker = SchedulerThread(make_scheduler(platform, catalogue), interval)
        ticker.start()
    log.info(
        "worker started: %d threads, queues %s, %d jobs, scheduler %s",
        threads,
        ", ".join(sorted(queues or catalogue.queues())),
        len(catalogue.jobs),
        "on" if scheduler else "off",
    )
    try:
        stop.wait()
    finally:
        # Bounded: running jobs are interrupted and handed back (core.scheduling.execution);
        # a thread stuck in a database call is left behind after the limit (it is a daemon).
        limit = platform.settings.shutdown_timeout
        if ticker is not None:
            ticker.stop(min(5.0, limit))
        worker.stop(timeout=int(limit * 1000))
        prefix = platform.settings.queue_prefix
        send_handed_back(lambda job, run_id, token: send_run(broker, job, run_id, token, prefix))
        forget_broker(platform.settings)
        log.info("worker stopped")
