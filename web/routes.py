"""The core's page and API modules, mounted together under one router.

Each ``web/pages_*.py`` module exposes ``ROUTES``; add a new module here. They are mounted
in a ``Router``, not loose on the app: Litestar 2.25 registers a loose handler again when a
second handler joins its path, and wraps a ``sync_to_thread`` handler twice.
"""

from __future__ import annotations

from typing import Any

from web import pages_account, pages_modules, pages_staff

CORE_ROUTES: list[Any] = [
    *pages_account.ROUTES,
    *pages_staff.ROUTES,
    *pages_modules.ROUTES,
]
