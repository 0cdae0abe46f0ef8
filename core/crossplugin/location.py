"""Electronic-location providers (电子定位): where a position feed comes from.

A bureau's location service (a telecom operator's platform, a wristband vendor) is a
provider contributed by a plugin; the corrections module asks for fixes of a subject it is
allowed to locate and never talks to the vendor itself. Providers are declared once, when
the plugin host loads, and checked then.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from core.plugins import PluginHost

__all__ = ["LocationFix", "LocationProvider", "location_providers", "owned_providers"]

_CODE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$")


@dataclass(frozen=True)
class LocationFix:
    """One position of one subject: ``subject_ref`` is the provider's reference for the
    device or subscription; ``accuracy_m`` the radius of uncertainty in metres."""

    subject_ref: str
    at: datetime
    lat: float
    lon: float
    accuracy_m: float


@runtime_checkable
class LocationProvider(Protocol):
    """A position feed. ``code`` is ``"<plugin>.<provider>"``."""

    code: str
    label_zh: str
    label_en: str

    def fixes(self, subject_ref: str, since: datetime, until: datetime) -> list[LocationFix]:
        """The subject's positions in ``[since, until)``, oldest first."""
        ...


def owned_providers(owner: str, values: Iterable[Any] | None) -> list[LocationProvider]:
    """Check one plugin's providers: the interface, a code under the plugin, no repeats.

    Raises ValueError naming the offending value; the host fails that plugin only.
    """
    found: list[LocationProvider] = []
    seen: set[str] = set()
    for value in values or []:
        if not isinstance(value, LocationProvider) or not callable(getattr(value, "fixes", None)):
            raise ValueError(f"{value!r} is not a location provider (code, labels, fixes())")
        if not _CODE.match(value.code) or not value.code.startswith(f"{owner}."):
            raise ValueError(f"{value.code!r} must be '{owner}.<provider>' in lower case")
        if value.code in seen:
            raise ValueError(f"{value.code!r} is declared twice")
        seen.add(value.code)
        found.append(value)
    return found


def location_providers(host: PluginHost) -> dict[str, LocationProvider]:
    """Every loaded plugin's providers, by code."""
    return {
        provider.code: provider
        for record in host.loaded()
        for provider in record.contributions.location_providers
    }
