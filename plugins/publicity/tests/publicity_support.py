"""Small factories and helpers shared by the publicity tests."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from litestar.testing import TestClient
from PIL import Image
from publicity.models import PublicityEvent, PublicityPlan, PublicityUnit
from publicity.services.events import save_event
from publicity.services.plans import approve_plan, save_plan, submit_plan
from publicity.services.units import save_unit
from sqlmodel import Session

from web.testing import FakeClock, login, make_account, use_clock


def make_unit(
    session: Session, org_id: int, name: str = "市中街道司法所普法组", **extra: Any
) -> PublicityUnit:
    data = {"name": name, "kind": "station", "laws": "宪法\n民法典\n人民调解法", **extra}
    return save_unit(session, data, org_id=org_id)


def approved_plan(
    session: Session,
    unit: PublicityUnit,
    year: int = 2026,
    quarters: tuple[int, int, int, int] = (5, 5, 5, 5),
) -> PublicityPlan:
    data = {
        "year": str(year),
        "themes": "宪法宣传；民法典进农村",
        **{f"q{i + 1}": str(n) for i, n in enumerate(quarters)},
    }
    plan = save_plan(session, data, unit=unit, default_period="九五普法")
    submit_plan(
        session, plan, expected_version=plan.version, actor_id=None, today=date(year - 1, 12, 20)
    )
    approve_plan(
        session, plan, expected_version=plan.version, actor_id=None, today=date(year - 1, 12, 25)
    )
    return plan


def record_event(
    session: Session, unit: PublicityUnit, held_on: date, org_id: int | None = None, **extra: Any
) -> PublicityEvent:
    data = {
        "title": extra.pop("title", f"普法讲座 {held_on}"),
        "held_on": held_on.isoformat(),
        "format": "lecture",
        "org_id": str(org_id or unit.org_id),
        "attendance": "50",
        "consultations": "10",
        "materials": "100",
        **{k: str(v) for k, v in extra.items()},
    }
    return save_event(
        session, data, unit=unit, org_allowed=lambda _id: True, today=date(2030, 1, 1)
    )


def png_bytes(size: tuple[int, int] = (64, 48), colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, "JPEG")
    return buffer.getvalue()


@contextmanager
def clocked_client(
    platform: Any, username: str, roles: dict[str, int | None], clock: FakeClock
) -> Iterator[TestClient[Any]]:
    """A client whose app reads *clock*, signed in at the clock's time (so the session is fresh)."""
    from core.db import session_scope
    from web.app import create_app

    with session_scope(platform.engine) as session:
        make_account(session, username, roles=roles, host=platform.host)
    with TestClient(app=create_app(platform=platform), raise_server_exceptions=False) as client:
        use_clock(client, clock)
        login(client, username)
        yield client
