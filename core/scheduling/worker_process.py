"""The ``sifa worker`` process model: one process, or a supervisor with N worker children.

With ``--processes 1`` (the default) the command's own process consumes. With more, the
command becomes a small supervisor: it starts that many child processes (``spawn``, so
each boots its own platform and database pool), restarts a child that dies, runs the
scheduler itself when asked, and on SIGTERM or Ctrl-C stops the children gracefully
(SIGTERM, then SIGKILL after a grace period).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING

from core.scheduling.broker import forget_broker
from core.scheduling.scheduler import SchedulerThread
from core.scheduling.worker import (
    SCHEDULER_INTERVAL,
    EmbeddedBrokerRefused,
    make_scheduler,
    run_worker,
)

if TYPE_CHECKING:
    from core.platform import Platform

__all__ = ["serve_workers"]

log = logging.getLogger(__name__)

GRACE_SECONDS = 30.0


def _stop_on_signals(stop: threading.Event) -> None:
    def handle(signum: int, _frame: object) -> None:
        log.info("signal %s: stopping", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)


def _stop_when_orphaned(supervisor: int, stop: threading.Event) -> None:
    """Stop this child once its supervisor is gone (killed with SIGKILL, say): an orphaned
    worker would go on taking jobs from the broker, with code and settings nobody
    supervises any more."""

    def watch() -> None:
        while not stop.wait(1.0):
            if os.getppid() != supervisor:
                log.warning("supervisor %s is gone: stopping", supervisor)
                stop.set()

    threading.Thread(target=watch, name="sifa-orphan-watch", daemon=True).start()


def _child(threads: int, queues: tuple[str, ...], supervisor: int) -> None:
    """Entry point of one worker child process."""
    from core.platform import Platform

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(processName)s %(name)s: %(message)s"
    )
    logging.getLogger("pika").setLevel(logging.WARNING)
    stop = threading.Event()
    _stop_on_signals(stop)
    _stop_when_orphaned(supervisor, stop)
    platform = Platform.boot()
    run_worker(platform, stop, threads=threads, queues=set(queues) or None)


def serve_workers(
    platform: Platform,
    *,
    threads: int,
    processes: int,
    queues: tuple[str, ...],
    scheduler: bool,
    interval: float = SCHEDULER_INTERVAL,
    stop: threading.Event | None = None,
) -> None:
    """Run workers until SIGTERM/SIGINT (or ``stop``); raises EmbeddedBrokerRefused."""
    if platform.settings.uses_embedded_broker:
        raise EmbeddedBrokerRefused
    stop = stop or threading.Event()
    _stop_on_signals(stop)
    if processes == 1:
        run_worker(
            platform,
            stop,
            threads=threads,
            queues=set(queues) or None,
            scheduler=scheduler,
            interval=interval,
        )
        return
    ticker = SchedulerThread(make_scheduler(platform), interval) if scheduler else None
    if ticker is not None:
        ticker.start()
    spawn = multiprocessing.get_context("spawn")

    def start_child(n: int) -> BaseProcess:
        child = spawn.Process(
            target=_child, args=(threads, queues, os.getpid()), name=f"sifa-worker-{n}"
        )
        child.start()
        return child

    children = [start_child(n) for n in range(processes)]
    log.info("supervising %d worker processes", processes)
    try:
        while not stop.wait(1.0):
            for n, child in enumerate(children):
                if not child.is_alive():
                    log.error(
                        "worker process %s exited with %s; restarting", child.name, child.exitcode
                    )
                    children[n] = start_child(n)
    finally:
        if ticker is not None:
            ticker.stop()
        _stop_children(children, platform.settings.shutdown_timeout + 5)
        forget_broker(platform.settings)


def _stop_children(children: list[BaseProcess], grace: float = GRACE_SECONDS) -> None:
    """SIGTERM each child (it hands its running jobs back and stops within the shutdown
    limit), SIGKILL after *grace* seconds."""
    for child in children:
        if child.is_alive():
            child.terminate()
    deadline = time.monotonic() + grace
    for child in children:
        child.join(max(0.0, deadline - time.monotonic()))
        if child.is_alive():
            log.error("worker process %s did not stop in %ss; killing it", child.name, grace)
            child.kill()
            child.join()
