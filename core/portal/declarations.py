"""What a module declares to offer applications on the portal (``sifa_portal_kinds``).

Kept free of database imports so the plugin host can check declarations while it loads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.plugins import PluginHost

__all__ = ["PortalKind", "PortalStatus", "PortalStep", "owned_kinds", "portal_kinds"]

_CODE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class PortalStep:
    """One step of an application's timeline as the applicant sees it: only what the module
    chooses to publish (never staff names, phones or internal notes)."""

    on: date | datetime | None
    label_zh: str
    label_en: str
    detail_zh: str = ""
    detail_en: str = ""


@dataclass(frozen=True)
class PortalStatus:
    """Where an application stands, for its status page.

    ``state_zh``/``state_en``: the current state in a few words (已受理); ``handled_by``: the
    committee's or centre's name; ``closed``: no further change is expected (no more status
    messages). ``panel``: a template (the module's own) rendered under the timeline with
    ``panel_context`` plus ``token`` — the place for the module's actions (withdraw, upload,
    rate), which post to the module's portal routes.
    """

    state_zh: str
    state_en: str
    handled_by: str
    steps: list[PortalStep]
    closed: bool = False
    panel: str | None = None
    panel_context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PortalKind:
    """An application kind on the portal: ``code`` ``"<plugin>.<kind>"``, labels, a short
    description, ``apply_path`` (the form, under ``/portal/<plugin>/``), and
    ``status(session, record_id) -> PortalStatus`` reading the module's record."""

    code: str
    label_zh: str
    label_en: str
    intro_zh: str
    intro_en: str
    apply_path: str
    status: Callable[[Any, int], PortalStatus]
    order: int = 100

    @property
    def plugin(self) -> str:
        return self.code.split(".", 1)[0]

    @property
    def apply_url(self) -> str:
        return f"/portal/{self.plugin}/{self.apply_path.lstrip('/')}"


def owned_kinds(owner: str, values: Iterable[Any] | None) -> list[PortalKind]:
    """Check one plugin's kinds: type, a code under the plugin, no repeats (ValueError)."""
    found: list[PortalKind] = []
    seen: set[str] = set()
    for value in values or []:
        if not isinstance(value, PortalKind) or not callable(value.status):
            raise ValueError(f"{value!r} is not a core.api.PortalKind")
        if not _CODE.match(value.code) or value.plugin != owner:
            raise ValueError(f"{value.code!r} must be '{owner}.<kind>' in lower case")
        if value.code in seen:
            raise ValueError(f"{value.code!r} is declared twice")
        seen.add(value.code)
        found.append(value)
    return found


def portal_kinds(host: PluginHost) -> dict[str, PortalKind]:
    """Every loaded plugin's portal kinds, by code, in their display order."""
    kinds = [k for record in host.loaded() for k in record.contributions.portal_kinds]
    return {k.code: k for k in sorted(kinds, key=lambda k: (k.order, k.code))}
