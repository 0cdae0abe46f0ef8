"""Fire N identical requests at one action at the same instant, against a real server.

Litestar's ``TestClient`` runs the app in one event loop behind a portal and can serialise
requests, hiding exactly the races this is for. So :class:`LiveServer` serves the app with
uvicorn in a thread on a loopback port of this worktree's range, and every racer is its own
``httpx.Client`` with its own staff session and CSRF token, released together by a barrier.

:func:`race` returns what each racer got; :func:`assert_one_winner` states the locking rule:
exactly one success (a 2xx or 303), 409 for the rest, no 5xx, every answer within
:data:`ANSWER_WITHIN` seconds, and exactly one request whose changes reached the audit log.
"""

from __future__ import annotations

import asyncio
import re
import socket
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import uvicorn
from sqlalchemy import Engine, func, select

from core.audit.models import AuditRecord

PORTS = range(8200, 8300)
# Sync handlers run on the event loop's default executor (min(32, cores + 4) threads: 6 on
# the CI machine). Today the request's commit needs a second hop onto that pool after the
# handler returns (issue 18, "no lock held across a thread hop"), so 8 racers blocked on a
# write lock starve the winner's commit until the busy timeout. The test server gets more
# threads than racers so that these tests measure the locking rule, not that freeze; once
# a request commits in its handler's thread this no longer matters.
SERVER_THREADS = 32
ANSWER_WITHIN = 15.0
_CSRF_FIELD = re.compile(r'name="_csrf_token" value="([^"]+)"')
_MESSAGES = re.compile(r'(?:role="alert"|class="[^"]*error[^"]*")[^>]*>([^<]+)<')
# Rows a request writes whatever it does (sign-in bookkeeping), not the change raced for.
# The public application form counts every post for its rate limit (table
# legal_aid_submission), in its own transaction, refused or not: also bookkeeping.
_BOOKKEEPING = ("StaffSession", "StaffAccount", "LoginAttempt", "legal_aid_submission")


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8200-8299")


class LiveServer:
    """The whole app served by uvicorn in a thread (loopback only); stop() ends it."""

    def __init__(self, app: Any) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # Racers sit idle between races for longer than uvicorn's 5 s keep-alive: a post sent
        # on a connection the server is closing at that instant is lost ("Server disconnected
        # without sending a response", status 0 in CI). The racers are ours, so keep them open.
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="on",
            timeout_keep_alive=600,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        loop.set_default_executor(ThreadPoolExecutor(SERVER_THREADS, "race-server"))
        try:
            loop.run_until_complete(self.server.serve())
        finally:
            loop.close()

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@contextmanager
def live_server(app: Any) -> Iterator[LiveServer]:
    server = LiveServer(app).start()
    try:
        yield server
    finally:
        server.stop()


def signed_in(base_url: str, username: str, password: str) -> httpx.Client:
    """A browser-like client with its own staff session, signed in through the login form."""
    client = httpx.Client(base_url=base_url, timeout=ANSWER_WITHIN + 15)
    page = client.get("/login")
    token = _CSRF_FIELD.search(page.text)
    assert token, "no CSRF token on the login page"
    answer = client.post(
        "/login",
        data={"username": username, "password": password, "next": "/", "_csrf_token": token[1]},
    )
    assert answer.status_code == 303, answer.text[:500]
    return client


@dataclass(frozen=True)
class Answer:
    status: int
    seconds: float
    text: str


def race(
    clients: Sequence[httpx.Client],
    path: str,
    data: Mapping[str, Any],
    files: Mapping[str, Any] | None = None,
) -> list[Answer]:
    """POST *data* to *path* from every client at the same instant."""
    barrier = threading.Barrier(len(clients))
    answers: list[Answer | None] = [None] * len(clients)

    def one(index: int, client: httpx.Client) -> None:
        headers = {"x-csrftoken": client.cookies.get("sifa_csrf") or ""}
        barrier.wait()
        started = time.monotonic()
        try:
            response = client.post(path, data=dict(data), files=files, headers=headers)
            said = " / ".join(m.strip() for m in _MESSAGES.findall(response.text))
            answers[index] = Answer(
                response.status_code, time.monotonic() - started, said or response.text[:200]
            )
        except httpx.HTTPError as exc:  # a hang past the timeout
            answers[index] = Answer(0, time.monotonic() - started, repr(exc))

    threads = [threading.Thread(target=one, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [a for a in answers if a is not None]


def last_audit_id(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.coalesce(func.max(AuditRecord.id), 0))).scalar_one())


def changing_requests(engine: Engine, after_id: int) -> set[str | None]:
    """The requests whose row changes reached the audit log after record *after_id*."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(AuditRecord.request_id, AuditRecord.entity).where(
                AuditRecord.id > after_id,
                AuditRecord.action.in_(("insert", "update", "delete")),
            )
        ).all()
    # A job the winner's change set off (reminders, figures) runs as "run-N": not a racer.
    return {
        request_id
        for request_id, entity in rows
        if entity not in _BOOKKEEPING and not (request_id or "").startswith("run-")
    }


_MESSAGE = re.compile(r'class="(?:field-error|alert alert-error)"[^>]*>(.*?)</', re.S)


def _gist(text: str) -> str:
    """What an answer said: its error messages when it has any, else its first characters."""
    messages = [" ".join(m.split()) for m in _MESSAGE.findall(text)]
    return " / ".join(messages)[:300] if messages else text[:160]


def assert_one_winner(
    answers: Sequence[Answer],
    changers: set[str | None],
    label: str,
    *,
    idempotent: bool = False,
    refused: frozenset[int] = frozenset({409}),
) -> None:
    """Exactly one success, 409 for the rest, no 5xx or hang, one request's changes audited.

    *idempotent* (a save without a version, such as setting a rate to an amount): a racer
    that arrives after the winner may also succeed, provided it changed nothing.
    *refused* widens 409 where a racer that arrives after the winner committed meets the
    form's own check (e.g. 422 "this year's plan already exists").
    """
    statuses = sorted(a.status for a in answers)
    slowest = max(a.seconds for a in answers)
    wins = [a for a in answers if a.status in (200, 201, 303)]
    detail = f"{label}: statuses {statuses}, slowest {slowest:.1f}s, " + " | ".join(
        f"{a.status}: {_gist(a.text)!r}" for a in answers if a.status not in (303, 409)
    )
    assert all(a.status and a.status < 500 for a in answers), detail
    assert slowest < ANSWER_WITHIN, detail
    assert (len(wins) >= 1) if idempotent else (len(wins) == 1), detail
    assert sum(statuses.count(s) for s in refused) == len(answers) - len(wins), detail
    assert len(changers) == 1, f"{label}: {len(changers)} requests changed rows; {detail}"
