"""The 普法 pages, mounted by the core under ``/m/publicity/``."""

from __future__ import annotations

from typing import Any

from litestar import get
from litestar.response import Redirect

from publicity.pages import calendar, events, plans, public, reports, units, villages
from publicity.permissions import VIEW


@get("/", name="publicity_home", opt={"permission": VIEW}, sync_to_thread=False)
def home() -> Redirect:
    return Redirect("/m/publicity/plans", status_code=303)


ROUTES: list[Any] = [
    home,
    *units.ROUTES,
    *plans.ROUTES,
    *events.ROUTES,
    *villages.ROUTES,
    *calendar.ROUTES,
    *reports.ROUTES,
    *public.ROUTES,
]
