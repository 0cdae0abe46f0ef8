"""The threads that run synchronous handlers, sized against the database pool.

Litestar runs a ``sync_to_thread`` handler with ``loop.run_in_executor`` on the event loop's
default executor. Python sizes that pool from the CPU count (``min(32, cpus + 4)``: six
threads on a two-core server), so seven requests that each waited for a database lock used
every thread. The app sets the loop's executor to ``Settings.web_threads`` threads when it
starts, and the database pool keeps at least that many connections
(``Settings.db_pool_size``), so a handler thread never waits for a connection held by a
request that has no thread.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

__all__ = ["use_handler_threads"]


def use_handler_threads(threads: int) -> ThreadPoolExecutor:
    """Give the running event loop a default executor of *threads* threads."""
    executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="sifa-handler")
    asyncio.get_running_loop().set_default_executor(executor)
    return executor
