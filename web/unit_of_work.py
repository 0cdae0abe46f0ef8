"""A request's transaction begins, commits and rolls back in the thread that runs its handler.

Litestar runs a synchronous handler (``sync_to_thread=True``) in a worker thread, but the
clean-up half of a generator dependency runs later, in *another* call to the thread pool
(``DependencyCleanupGroup`` wraps ``next(generator)`` in ``sync_to_thread``). When the
commit lived there, a transaction holding a lock (the audit chain, SQLite's write lock,
a row lock) waited for a free thread while every thread waited for that lock: the whole
server froze. Here the commit is part of the handler call itself:

* :func:`unit_of_work` wraps a handler: call it, then commit the ``db`` session in the same
  thread — or roll back if it raised. A lock taken by the handler is released before the
  thread is given back.
* a posted form's one-time token (:mod:`web.submissions`) is claimed in that same
  transaction after the handler, so a repeated form's changes are rolled back (409);
* :func:`install` wraps every handler of a built app that takes ``db``; the ``db``
  dependency's own clean-up then only closes the session (and commits whatever a
  streaming response read after the handler, which takes no lock).

Rendering a template still happens after the commit (Litestar renders in ``to_response``),
so a template must not change data; it may read (a lazy load starts a read-only transaction
that the clean-up ends).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.utils.sync import AsyncCallable
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from web import submissions

__all__ = ["DB_PARAMETER", "install", "is_unit_of_work", "unit_of_work"]

log = logging.getLogger(__name__)

DB_PARAMETER = "db"
_MARK = "__sifa_unit_of_work__"


def unit_of_work(fn: Callable[..., Any]) -> Callable[..., Any]:
    """*fn* followed, in the same thread, by the commit (or rollback) of its ``db`` session."""
    if is_unit_of_work(fn):
        return fn

    @functools.wraps(fn)
    def handler(*args: Any, **kwargs: Any) -> Any:
        session = kwargs.get(DB_PARAMETER)
        if not isinstance(session, Session):
            return fn(*args, **kwargs)
        claimed = submissions.pending(session)
        try:
            if claimed is not None:  # a copy of a form being saved: wait for it, then 409
                submissions.wait_for_twin(session, claimed.nonce)
            result = fn(*args, **kwargs)
            if claimed is not None:  # a repeated form: 409 here, all of it rolled back
                submissions.after_handler(session, claimed, result)
        except BaseException as exc:
            session.rollback()
            if claimed is not None and isinstance(exc, IntegrityError):
                # The copy of a form already saved broke a unique key: that form's 409.
                submissions.refuse_if_claimed(session, claimed.nonce)
            raise
        session.commit()
        return result

    setattr(handler, _MARK, True)
    return handler


def is_unit_of_work(fn: Any) -> bool:
    return bool(getattr(fn, _MARK, False))


def _takes_db(handler: HTTPRouteHandler) -> bool:
    return DB_PARAMETER in handler.parsed_fn_signature.parameters


def install(app: Litestar) -> int:
    """Wrap every synchronous handler of *app* that takes ``db``; returns how many.

    A handler run in a thread is an :class:`AsyncCallable` whose ``func`` is the plain
    function; a synchronous handler run on the event loop (``sync_to_thread=False``) is the
    plain function itself. An ``async`` handler taking ``db`` would do its database work on
    the event loop: it is left as it is and logged as an error (a plugin's mistake must not
    stop the platform).
    """
    wrapped = 0
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            if not isinstance(handler, HTTPRouteHandler) or not _takes_db(handler):
                continue
            fn = handler.fn
            if isinstance(fn, AsyncCallable):
                fn.func = unit_of_work(fn.func)
            elif handler.has_sync_callable:
                handler._fn = unit_of_work(fn)  # Litestar calls this one on the event loop
            else:  # the dependency's clean-up still commits it, one thread hop later
                log.error(
                    "%s: an async handler takes the %r session; its database work blocks the "
                    "event loop and its commit waits for a thread: make it synchronous",
                    handler.handler_name,
                    DB_PARAMETER,
                )
                continue
            wrapped += 1
    return wrapped


def handler_is_wrapped(handler: HTTPRouteHandler) -> bool:
    """For tests: whether *handler*'s ``db`` session is committed in its own call."""
    fn = handler.fn
    return is_unit_of_work(fn.func if isinstance(fn, AsyncCallable) else fn)
