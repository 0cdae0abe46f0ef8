"""The platform's clock (时钟): one place every part of the platform asks for the time.

A request, a job and a referral receiver all call :func:`now`. It answers from the clock of
the innermost :func:`clock_context` (the web layer opens one per request, the job runner one
per run), else from the clock of the process's booted platform (``Platform.clock``), else
the real time. A test that sets ``platform.clock = FakeClock()`` (``web.testing.use_clock``)
therefore moves the time for requests, jobs and receivers alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

__all__ = ["Clock", "clock_context", "now", "real_time", "use_process_clock"]

Clock = Callable[[], datetime]

_current: ContextVar[Clock | None] = ContextVar("sifa_clock", default=None)
_process: list[Clock | None] = [None]


def real_time() -> datetime:
    """The wall-clock time, aware, in UTC."""
    return datetime.now(UTC)


def use_process_clock(clock: Clock | None) -> None:
    """The clock of this process outside any context (set by the booted platform)."""
    _process[0] = clock


def now() -> datetime:
    """The current time (aware, UTC) by the clock in force: request, job run or process."""
    clock = _current.get() or _process[0] or real_time
    return clock()


@contextmanager
def clock_context(clock: Clock | None) -> Iterator[None]:
    """Use *clock* for :func:`now` inside the block (None: leave the outer clock)."""
    if clock is None:
        yield
        return
    token = _current.set(clock)
    try:
        yield
    finally:
        _current.reset(token)
