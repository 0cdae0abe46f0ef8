"""The scheduler: turns cron slots into job runs, exactly once, and revives runs that died.

One :meth:`Scheduler.tick` does two passes, each in short transactions of its own:

1. **Due slots.** For every periodic job, the latest slot at or before *now* is due if it
   is newer than the job's last recorded slot. The run row is inserted first — the unique
   ``(job_name, slot)`` key lets exactly one of several racing schedulers (several web
   processes, ``sifa worker --scheduler``) win; the losers get an integrity error and move
   on — and the message is sent only after that insert committed.

   *Catch-up after downtime:* only the **latest** missed slot runs, once. Jobs derive their
   work from the database, so one run does everything that piled up; running each missed
   slot (1,440 for a day of an every-minute job) would repeat the same work.

   *No overlap:* while a run of the job is queued or running, newer slots wait; when it
   ends, the latest slot then due runs. A job therefore never runs twice at once.

2. **Recovery.** A queued or running run whose last sign of life (being sent, being
   claimed, a progress call) is older than the job's ``timeout`` is presumed lost — a
   crashed worker, a broker that lost the message, an embedded queue that died with its
   process. It is sent again with a new token (a compare-and-set, so racing schedulers
   re-send it once), so a late message of the dead attempt is ignored. After
   ``max_attempts`` the run is marked failed; a periodic job's next slot catches up.

Time is injected (``clock`` or ``tick(now)``), so tests never wait for it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from core.scheduling import runs
from core.scheduling.catalogue import JobCatalogue
from core.scheduling.declarations import Job

__all__ = ["Scheduler", "SchedulerThread", "TickReport"]

log = logging.getLogger(__name__)

Sender = Callable[[Job, int, str], None]


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class TickReport:
    """What one tick did: runs created for due slots, runs re-sent, runs given up."""

    enqueued: list[tuple[str, datetime, int]] = field(default_factory=list)
    resent: list[int] = field(default_factory=list)
    abandoned: list[int] = field(default_factory=list)


class Scheduler:
    """Creates periodic runs and revives lost ones; safe to run in several processes."""

    def __init__(
        self,
        engine: Engine,
        catalogue: JobCatalogue,
        send: Sender,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.engine = engine
        self.catalogue = catalogue
        self.send = send
        self.clock = clock

    def tick(self, now: datetime | None = None) -> TickReport:
        now = now or self.clock()
        report = TickReport()
        for periodic in self.catalogue.periodic.values():
            try:
                self._enqueue_due(
                    periodic.name, periodic.cron.latest_at_or_before(now), now, report
                )
            except Exception:  # one job's trouble must not stop the others
                log.exception("scheduler: could not enqueue %s", periodic.name)
        self._recover(now, report)
        return report

    def _enqueue_due(
        self, name: str, slot: datetime | None, now: datetime, report: TickReport
    ) -> None:
        if slot is None:
            return
        with self.engine.connect() as conn:
            last = runs.last_slot(conn, name)
            if last is not None and last >= slot:
                return
            if runs.has_active_run(conn, name):
                return
        try:
            with self.engine.begin() as conn:
                run_id, token = runs.insert_run(conn, name, slot=slot, now=now)
        except IntegrityError:
            log.debug("scheduler: %s slot %s already taken by another scheduler", name, slot)
            return
        self.send(self.catalogue.jobs[name], run_id, token)
        report.enqueued.append((name, slot, run_id))
        log.info("scheduler: enqueued %s for slot %s (run %s)", name, slot.isoformat(), run_id)

    def _recover(self, now: datetime, report: TickReport) -> None:
        with self.engine.connect() as conn:
            open_runs = runs.open_runs(conn)
        for run in open_runs:
            job = self.catalogue.jobs.get(run.job_name)
            if job is None or run.last_sign_of_life > now - job.timeout:
                continue  # alive, or a job of a plugin that is not loaded here
            if run.attempts >= job.max_attempts:
                reason = (
                    f"{run.attempts} 次尝试均无响应，已放弃 "
                    f"(gave up after {run.attempts} attempts without a sign of life)"
                )
                with self.engine.begin() as conn:
                    if runs.give_up(conn, run, now, reason):
                        report.abandoned.append(run.run_id)
                        log.warning("scheduler: gave up run %s of %s", run.run_id, job.name)
                continue
            with self.engine.begin() as conn:
                token = runs.resend(conn, run, now)
            if token is not None:
                self.send(job, run.run_id, token)
                report.resent.append(run.run_id)
                log.warning(
                    "scheduler: run %s of %s showed no sign of life; sent again",
                    run.run_id,
                    job.name,
                )


class SchedulerThread(threading.Thread):
    """Ticks a scheduler every ``interval`` seconds until stopped (web server, worker)."""

    def __init__(self, scheduler: Scheduler, interval: float = 20.0) -> None:
        super().__init__(name="sifa-scheduler", daemon=True)
        self.scheduler = scheduler
        self.interval = interval
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            try:
                self.scheduler.tick()
            except Exception:  # a database hiccup must not end scheduling for good
                log.exception("scheduler tick failed")

    def stop(self, timeout: float | None = 30) -> None:
        self._stop_event.set()
        if self.is_alive():
            self.join(timeout)
