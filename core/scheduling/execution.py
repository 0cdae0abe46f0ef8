"""What a worker does with one message: claim the run, call the job, record the outcome.

Errors are recorded on the run, not retried by the broker: a periodic job catches up on
its next slot (it derives its work from the database), and a user-started job shows its
error and can be started again. Only the broker's own interrupts (``BaseException``, e.g.
a shutdown) propagate after being recorded.
"""

from __future__ import annotations

import logging
import traceback
from typing import TYPE_CHECKING

from core.audit.context import audit_context
from core.scheduling import runs
from core.scheduling.declarations import Job, JobContext, JobSuperseded
from core.scheduling.models import RunStatus

if TYPE_CHECKING:
    from core.platform import Platform

__all__ = ["execute_run"]

log = logging.getLogger(__name__)


def execute_run(platform: Platform, job: Job, run_id: int, token: str) -> None:
    """Run one attempt of one run, if this message still owns it."""
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
        _token=token,
    )
    log.info("job %s run %s started", job.name, run_id)
    try:
        with audit_context(actor_id=None, actor_name=f"job:{job.name}", request_id=f"run-{run_id}"):
            result = job.fn(context, **claimed.params)
    except JobSuperseded:
        log.warning("job %s run %s was handed to another attempt; stopped", job.name, run_id)
        return
    except BaseException as exc:
        runs.finish(engine, run_id, token, RunStatus.FAILED, error=_describe(exc))
        if not isinstance(exc, Exception):  # the broker's interrupts: let it act on them
            raise
        log.exception("job %s run %s failed", job.name, run_id)
        return
    if runs.finish(engine, run_id, token, RunStatus.DONE, result=result):
        log.info("job %s run %s done", job.name, run_id)
    else:
        log.warning(
            "job %s run %s finished after being handed to another attempt", job.name, run_id
        )


def _describe(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc)).strip()
