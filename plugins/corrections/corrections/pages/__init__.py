"""The corrections pages, mounted by the core under ``/m/corrections/``."""

from __future__ import annotations

ROUTES: list = []
