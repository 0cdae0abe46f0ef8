"""What plugins declare about background work: jobs, periodic jobs, and what a job receives.

These are plain values (no broker, no database) so that declaring them has no side effect:
the broker is chosen at run time from the settings, and the core turns each declaration
into a Dramatiq actor on that broker (:mod:`core.scheduling.broker`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlmodel import Session

from core.clock import real_time
from core.db import session_scope
from core.scheduling import runs
from core.scheduling.cron import CronSchedule

if TYPE_CHECKING:
    from core.plugins import PluginHost
    from core.settings import Settings

__all__ = [
    "DEFAULT_QUEUE",
    "Job",
    "JobContext",
    "JobSuperseded",
    "PeriodicJob",
    "job",
]

DEFAULT_QUEUE = "sifa"
_NAME = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$")
_QUEUE = re.compile(r"^[a-zA-Z_][a-zA-Z0-9._-]*$")


class JobSuperseded(Exception):
    """This execution was declared dead and its run handed to another attempt; stop now.

    Raised by :meth:`JobContext.progress` when the scheduler has re-sent the run (its
    heartbeat was older than the job's timeout). The core catches it; the job just ends.
    """


def _check_common(kind: str, name: str, queue: str, timeout: timedelta, max_attempts: int) -> None:
    if not _NAME.match(name):
        raise ValueError(
            f"{kind} name {name!r} must be '<plugin>.<job>' in lower case, e.g. 'mediation.overdue_scan'"
        )
    if not _QUEUE.match(queue):
        raise ValueError(f"{kind} {name!r}: invalid queue name {queue!r}")
    if timeout <= timedelta(0):
        raise ValueError(f"{kind} {name!r}: timeout must be positive")
    if max_attempts < 1:
        raise ValueError(f"{kind} {name!r}: max_attempts must be at least 1")


def _function_of(target: Any) -> Callable[..., Any]:
    """A plain callable, or the function behind a Dramatiq actor (``actor.fn``)."""
    fn = getattr(target, "fn", target)
    if not callable(fn):
        raise TypeError(f"a job needs a callable or a dramatiq actor, got {target!r}")
    return fn


@dataclass(frozen=True)
class Job:
    """A background job (后台任务): a function the workers run with a :class:`JobContext`.

    ``fn(context, **params)`` — ``params`` are the JSON values given to ``enqueue_job``.
    Its return value (JSON-serialisable) is stored as the run's result. ``timeout`` bounds
    how long a run may go without a sign of life (start or :meth:`JobContext.progress`)
    before it is considered crashed and sent again, at most ``max_attempts`` times in all.
    """

    name: str
    fn: Callable[..., Any]
    queue: str = DEFAULT_QUEUE
    timeout: timedelta = timedelta(minutes=30)
    max_attempts: int = 3
    description_zh: str = ""
    description_en: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "fn", _function_of(self.fn))
        _check_common("job", self.name, self.queue, self.timeout, self.max_attempts)


def job(
    name: str,
    *,
    queue: str = DEFAULT_QUEUE,
    timeout: timedelta = timedelta(minutes=30),
    max_attempts: int = 3,
    description_zh: str = "",
    description_en: str = "",
) -> Callable[[Callable[..., Any]], Job]:
    """Decorator form of :class:`Job`: ``@job("mediation.export")`` over ``def export(ctx, …)``."""

    def declare(fn: Callable[..., Any]) -> Job:
        return Job(name, fn, queue, timeout, max_attempts, description_zh, description_en)

    return declare


@dataclass(frozen=True)
class PeriodicJob:
    """A job the scheduler runs on a cron schedule (定时任务).

    ``name`` is ``"<plugin>.<job>"``; ``schedule`` five cron fields in China time (see
    :mod:`core.scheduling.cron`); ``actor`` the function run for each slot, called as
    ``actor(context)`` — a plain function, or a Dramatiq actor whose function is used (the
    core declares its own actor on the configured broker, so the actor's import-time broker
    does not matter). ``timeout`` and ``max_attempts`` as for :class:`Job`.
    """

    name: str
    schedule: str
    actor: Callable[..., Any]
    description_zh: str = ""
    description_en: str = ""
    timeout: timedelta = timedelta(minutes=30)
    max_attempts: int = 3
    queue: str = DEFAULT_QUEUE
    cron: CronSchedule = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cron", CronSchedule(self.schedule))
        _function_of(self.actor)
        _check_common("periodic job", self.name, self.queue, self.timeout, self.max_attempts)

    def as_job(self) -> Job:
        """The background job that performs one slot."""
        return Job(
            self.name,
            self.actor,
            self.queue,
            self.timeout,
            self.max_attempts,
            self.description_zh,
            self.description_en,
        )


@dataclass
class JobContext:
    """What a running job gets: where the database is, which run this is, a progress call.

    ``slot`` is the cron minute a periodic run stands for (aware, UTC), None for other jobs.
    ``host`` is the plugin host, for ``active_plugins`` and ``module_settings``: a job runs
    once for the whole installation, so it limits its work to the bureaus where its plugin
    is on. Work is done in the job's own transactions (:meth:`session`); commit in small steps so
    that a crash loses little and the next run, which derives its work from the database
    again, simply carries on.
    """

    run_id: int
    job_name: str
    slot: datetime | None
    params: dict[str, Any]
    engine: Engine
    settings: Settings
    host: PluginHost | None = field(repr=False, default=None)
    #: the platform's clock (a ``FakeClock`` in tests); read it with :meth:`now`
    clock: Callable[[], datetime] = field(repr=False, default=real_time)
    _token: str = field(repr=False, default="")
    _last_beat: float = field(repr=False, default=0.0)

    def now(self) -> datetime:
        """The time (aware, UTC) by the platform's clock; prefer ``slot`` for a periodic run."""
        return self.clock()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work on the platform database, committed when the block ends."""
        with session_scope(self.engine) as session:
            yield session

    def progress(
        self, done: int, total: int | None = None, note: str | None = None, *, force: bool = False
    ) -> None:
        """Record how far the run is (for progress bars) and that it is alive.

        Writes at most once a second unless ``force`` or ``done == total``. Raises
        :class:`JobSuperseded` when this run has meanwhile been handed to another attempt.
        """
        now = time.monotonic()
        if not force and done != total and self._last_beat and now - self._last_beat < 1.0:
            return
        self._last_beat = now
        if not runs.record_progress(self.engine, self.run_id, self._token, done, total, note):
            raise JobSuperseded(
                f"run {self.run_id} of {self.job_name} was handed to another attempt"
            )


def owned_declarations(owner: str, values: Any, kind: type, key: str) -> list[Any]:
    """Check a plugin's declared jobs or rules: the right type, named ``<owner>.<…>``, unique.

    Raises ValueError naming the offending value; the plugin host turns it into a failure
    of that plugin only.
    """
    found: list[Any] = []
    seen: set[str] = set()
    for value in values or []:
        if not isinstance(value, kind):
            raise ValueError(f"expected {kind.__name__}, got {value!r}")
        name = getattr(value, key)
        if not name.startswith(f"{owner}."):
            raise ValueError(f"{name!r} must start with the plugin's name: {owner}.")
        if name in seen:
            raise ValueError(f"{name!r} is declared twice")
        seen.add(name)
        found.append(value)
    return found
