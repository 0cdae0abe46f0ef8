"""What the race registry (tests/test_concurrent_actions.py) and the per-plugin recipe
modules (:mod:`tests.support.races`) share: the shape of a recipe and of a form race, and
the values a person types (today's date in the bureau, a valid ID number, a scanned PNG)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session

__all__ = [
    "CITIZEN",
    "PAGE",
    "PATH",
    "PROOF",
    "FormRace",
    "Prepared",
    "Recipe",
    "change",
    "creation",
    "day",
    "demo_station",
    "first",
    "id_number",
    "png",
    "today",
    "upload",
]

# A recipe builds (or finds) a row in the state an action needs and returns the path to post
# and the form, with the row's version: eight staff sessions post it at once.
Prepared = tuple[str, dict[str, Any]]
Recipe = Callable[[Session], Prepared]

# Keys a FormRace's *prepare* may also return: the path to post (a route whose parameter is
# not a row id, such as a portal link's token), and "token code" for a citizen's browser to
# prove before it reads the page (the code sent to the applicant's phone).
PATH = "_path"
PROOF = "_proof"

# FormRace.user for a citizen's form on the portal: a browser that has not signed in.
CITIZEN = "(citizen)"

# A key a FormRace's *prepare* may return: the page whose form to post (instead of the route).
PAGE = "_page"


def first(session: Session, statement: Any, what: str) -> Any:
    row = session.exec(statement).first()
    assert row is not None, f"the demo has no {what}"
    return row


def demo_station(session: Session) -> int:
    """The demo bureau's first station, where recipes build their rows."""
    from sqlmodel import select

    from core.orgs.models import OrgType, OrgUnit

    station = first(
        session,
        select(OrgUnit).where(OrgUnit.type == OrgType.STATION).order_by(OrgUnit.id),
        "station",
    )
    return station.id  # type: ignore[no-any-return]


def today() -> date:
    from datetime import UTC, datetime, timedelta

    return (datetime.now(UTC) + timedelta(hours=8)).date()  # the bureau's day (Beijing)


@dataclass(frozen=True)
class FormRace:
    """Race the form a page offers for a route, posted as a browser would post it.

    The row is one of the table named by the route's last path parameter (newest first),
    narrowed by *where*; its page must offer the form (so the race also checks that the
    page and the route agree). *typed* is what a person fills in (a value may be a function
    of the row). *once*: a creation — the eight posts come from one session with the one
    form token the page issued (a double click); otherwise eight people post at the same
    version, without tokens, and the version decides.
    """

    where: Callable[[Any], Any] | None = None
    typed: dict[str, Any] = field(default_factory=dict)
    once: bool = False
    page: str | None = None  # the page with the form, when not the route or a parent
    # the demo account that races, when the form is offered only to some (default: admin)
    user: str | None = None
    files: dict[str, tuple[str, bytes, str]] = field(default_factory=dict)  # an upload
    # a check of a candidate row that SQL cannot express (e.g. "its file is complete")
    ready: Callable[[Session, Any], bool] | None = None
    # builds the row the form needs through the services, before the page is read; returns
    # values to type (e.g. the id of what it built), merged over *typed*
    prepare: Callable[[Session], dict[str, Any]] | None = None


def png() -> bytes:
    """A valid 1×1 PNG, for forms that take a photo or a scanned document."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def upload(name: str, **typed: Any) -> FormRace:
    """A creation whose form carries a file (the same scan posted eight times)."""
    return FormRace(typed=typed, once=True, files={name: ("scan.png", png(), "image/png")})


def id_number(body: str = "37148119800101123") -> str:
    """A valid resident ID number (GB 11643 check digit) for forms that require one."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def creation(page: str | None = None, **typed: Any) -> FormRace:
    return FormRace(typed=typed, once=True, page=page)


def change(
    where: Callable[[Any], Any] | None = None,
    ready: Callable[[Session, Any], bool] | None = None,
    **typed: Any,
) -> FormRace:
    return FormRace(where=where, typed=typed, ready=ready)


def day(days: int = 0) -> Callable[[Any], str]:
    """The bureau's day *days* from today, as a form's date field."""
    from datetime import timedelta

    return lambda _row: str(today() + timedelta(days=days))
