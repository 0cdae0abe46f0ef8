"""One-time form tokens in the web layer (see :mod:`core.submissions` for the design).

Enforced centrally, so that every plugin's forms get it without a line of their own:

* **Rendering.** Every form writes ``{{ csrf_input | safe }}``; the Jinja templates of the
  app are :class:`FormTemplate`, which hands them a :class:`FormFields` instead of
  Litestar's plain string. Each time it is written it yields the CSRF field *and* a fresh
  ``_submission`` token, so two forms on one page never share a token.
* **Reading.** The input boundary (:mod:`web.boundary`) already parses every posted form;
  it calls :func:`read_claim`, which checks the token's signature against the signed-in
  session and puts a :class:`core.submissions.Claim` in the request's scope state.
* **Claiming.** The ``db`` dependency copies it into ``session.info``; the unit-of-work
  wrapper (:mod:`web.unit_of_work`) claims it in the handler's own thread and transaction
  after the handler ran (unless it answered 4xx), with where a redirect led. An htmx post gets a fresh token in ``X-Sifa-Submission`` that ``sifa.js``
  puts into the form that stays on the page.
"""

from __future__ import annotations

import html
from typing import Any

from jinja2 import Template
from litestar.connection import ASGIConnection
from litestar.response import Redirect
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from core.submissions import (
    FIELD,
    Claim,
    claim,
    issue_token,
    read_token,
    refuse_if_claimed,
    wait_for_twin,
)
from web.auth import SESSION_COOKIE

__all__ = [
    "FRESH_HEADER",
    "FormFields",
    "FormTemplate",
    "after_handler",
    "pending",
    "read_claim",
    "refuse_if_claimed",
    "wait_for_twin",
]

SCOPE_KEY = "sifa_submission"
SESSION_INFO = "sifa_submission"
FRESH_HEADER = "X-Sifa-Submission"


class FormFields:
    """What ``{{ csrf_input }}`` writes: the CSRF field and a token issued for this form."""

    def __init__(self, csrf_input: str, secret: str, session_token: str | None) -> None:
        self.csrf_input = csrf_input
        self.secret = secret
        self.session_token = session_token

    def __html__(self) -> str:
        token = issue_token(self.secret, self.session_token)
        return (
            f'{self.csrf_input}<input type="hidden" name="{FIELD}" value="{html.escape(token)}" />'
        )

    __str__ = __html__

    def __bool__(self) -> bool:
        return True


class FormTemplate(Template):
    """A template whose ``csrf_input`` also issues one-time form tokens."""

    def new_context(self, vars: dict[str, Any] | None = None, *args: Any, **kwargs: Any) -> Any:
        if vars and isinstance(vars.get("csrf_input"), str) and vars.get("request") is not None:
            request = vars["request"]
            platform = getattr(request.app.state, "platform", None)
            if platform is not None:
                vars = dict(vars)
                vars["csrf_input"] = FormFields(
                    vars["csrf_input"],
                    platform.settings.secret_key,
                    request.cookies.get(SESSION_COOKIE),
                )
        return super().new_context(vars, *args, **kwargs)


def read_claim(connection: ASGIConnection[Any, Any, Any, Any], token: Any) -> None:
    """Note a posted form's valid token in the scope (an invalid one is ignored: the
    form then works as one without a token; the CSRF check judges the request)."""
    if not isinstance(token, str):
        return
    platform = connection.app.state.platform
    session_token = connection.cookies.get(SESSION_COOKIE)
    nonce = read_token(platform.settings.secret_key, session_token, token)
    if nonce is not None:
        fresh = issue_token(platform.settings.secret_key, session_token)
        connection.scope.setdefault("state", {})[SCOPE_KEY] = Claim(nonce, fresh)


def attach(connection: ASGIConnection[Any, Any, Any, Any], session: Session) -> None:
    """Hand the request's claim (if any) to its database session."""
    found = (connection.scope.get("state") or {}).get(SCOPE_KEY)
    if isinstance(found, Claim):
        session.info[SESSION_INFO] = found


def pending(session: Session) -> Claim | None:
    """The token the request's form carried, taken off the session (once)."""
    session.info.pop(WROTE, None)
    found = session.info.pop(SESSION_INFO, None)
    return found if isinstance(found, Claim) else None


WROTE = "sifa_wrote"


@event.listens_for(OrmSession, "after_flush")
def _note_write(session: OrmSession, _context: Any) -> None:
    if session.new or session.dirty or session.deleted:
        session.info[WROTE] = True


def _wrote(session: Session) -> bool:
    """Whether the handler changed rows (flushed, or pending for the commit)."""
    return bool(session.info.pop(WROTE, False) or session.new or session.dirty or session.deleted)


def after_handler(session: Session, found: Claim, result: Any) -> None:
    """Claim the token when the handler changed something and did not refuse the post
    (4xx): a repeated form stops here with 409 and its transaction is rolled back.
    A post that changes nothing (an htmx check of a form's input) leaves the token
    to the form's real submission. Remembers where the post led."""
    status = getattr(result, "status_code", None)
    if isinstance(status, int) and status >= 400:
        # Refused (a field error, "already exists"): the token stays free for the corrected
        # form — unless this very form was already saved, which is the answer that matters.
        refuse_if_claimed(session, found.nonce)
        return
    if not _wrote(session):
        return
    headers = getattr(result, "headers", None)
    location = getattr(result, "url", None) if isinstance(result, Redirect) else None
    if location is None and hasattr(headers, "get"):
        for key in ("location", "HX-Redirect", "hx-redirect", "HX-Location"):
            value = headers.get(key)
            if isinstance(value, str) and value.startswith("/"):
                location = value
                break
    claim(session, found.nonce, location)
    if hasattr(headers, "__setitem__"):  # for a form that stays on the page (sifa.js)
        headers[FRESH_HEADER] = found.fresh
