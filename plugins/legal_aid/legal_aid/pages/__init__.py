"""Legal aid's pages, mounted by the core under ``/m/legal_aid/``."""

from __future__ import annotations

from typing import Any

from legal_aid.pages import cases, duty, public, roster, subsidies

ROUTES: list[Any] = [*public.ROUTES, *cases.ROUTES, *roster.ROUTES, *subsidies.ROUTES, *duty.ROUTES]
