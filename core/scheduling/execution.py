"""What a worker does with one message: claim the run, call the job, record the outcome.

Errors are recorded on the run, not retried by the broker: a periodic job catches up on
its next slot (it derives its work from the database), and a user-started job shows its
error and can be started again. The broker's own interrupts (``BaseException``, e.g. a
shutdown) hand the run back to the queue, so it runs again, and then propagate.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING

from core.audit.context import audit_context
from core.clock import clock_context
from core.db import transaction_timeouts
from core.scheduling import runs
from core.scheduling.declarations import Job, JobContext, JobSuperseded
from core.scheduling.models import RunStatus

if TYPE_CHECKING:
    from core.platform import Platform

__all__ = ["execute_run", "send_handed_back"]

log = logging.getLogger(__name__)


def execute_run(platform: Platform, job: Job, run_id: int, token: str) -> None:
    """Run one attempt of one run, if this message still owns it.

    Every transaction of the job waits at most ``job_lock_timeout`` for a lock (longer than
    a request's, shorter than forever): a job that cannot get one fails and its next slot,
    or the scheduler's recovery pass, runs it again.
    """
    with transaction_timeouts(platform.settings.job_timeouts):
        _execute(platform, job, run_id, token)


def _execute(platform: Platform, job: Job, run_id: int, token: str) -> None:
    engine = platform.engine
    claimed = runs.claim(engine, run_id, token, job.name)
    if claimed is None:
        log.info("job %s run %s: stale or duplicate message ignored", job.name, run_id)
        return
    context = JobContext(
        run_id=run_id,
        job_name=job.name,
        slot=claimed.slot,
        params=claimed.params,
        engine=engine,
        settings=platform.settings,
        host=platform.host,
        clock=platform.clock,
        _token=token,
    )
    log.info("job %s run %s started", job.name, run_id)
    try:
        with (
            audit_context(actor_id=None, actor_name=f"job:{job.name}", request_id=f"run-{run_id}"),
            clock_context(platform.clock),  # core.api.now() in the job and what it calls
        ):
            result = job.fn(context, **claimed.params)
    except JobSuperseded:
        log.warning("job %s run %s was handed to another attempt; stopped", job.name, run_id)
        return
    except Exception as exc:
        runs.finish(engine, run_id, token, RunStatus.FAILED, error=_describe(exc))
        log.exception("job %s run %s failed", job.name, run_id)
        return
    except BaseException:
        # The process is stopping (Dramatiq's Shutdown, Ctrl-C): the job's open transaction
        # has rolled back, what it committed in earlier batches stays, and the run goes back
        # to the queue to run again — jobs derive their work from the database, so the
        # re-run does only what is left. Its message goes out once this worker has stopped.
        _hand_back(platform, job, run_id, token)
        raise
    if runs.finish(engine, run_id, token, RunStatus.DONE, result=result):
        log.info("job %s run %s done", job.name, run_id)
    else:
        log.warning(
            "job %s run %s finished after being handed to another attempt", job.name, run_id
        )


_handed_back: list[tuple[Job, int, str]] = []
_handed_back_lock = threading.Lock()


def _hand_back(platform: Platform, job: Job, run_id: int, token: str) -> None:
    try:
        new = runs.hand_back(platform.engine, run_id, token)
    except Exception:  # still running in the database: the recovery pass sends it again
        log.exception("job %s run %s: could not hand the run back", job.name, run_id)
        return
    if new is not None:
        with _handed_back_lock:
            _handed_back.append((job, run_id, new))
    log.warning("job %s run %s interrupted by shutdown; it will run again", job.name, run_id)


def send_handed_back(send: Callable[[Job, int, str], None] | None) -> int:
    """After this process's worker stopped consuming: send the runs it handed back, so another
    worker picks them up at once. Sending earlier would let a still-running thread of the
    stopping worker take the run again. With the embedded broker there is nobody else to
    send to (*send* None): the runs stay queued and the scheduler's recovery pass sends them
    once their timeout has passed."""
    with _handed_back_lock:
        pending = list(_handed_back)
        _handed_back.clear()
    for job, run_id, token in pending if send is not None else ():
        try:
            send(job, run_id, token)
        except Exception:
            log.exception("job %s run %s: could not send the handed-back run", job.name, run_id)
    return len(pending)


def _describe(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc)).strip()
