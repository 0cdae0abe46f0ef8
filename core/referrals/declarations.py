"""What plugins declare and exchange for referrals: plain values, no database.

Kept free of database imports so the plugin host can check declarations while it loads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Referral", "ReferralReceipt", "ReferralTarget"]

_CODE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$")


@dataclass(frozen=True)
class Referral:
    """A matter handed over (转办): where it goes, what it is, who it concerns.

    ``source`` is the sending plugin's name and ``source_ref`` its own reference (shown to the
    receiver, e.g. ``"信访-2026-0012"``); ``org_id`` the receiving organisation (a mediation
    committee, a station, a legal-aid centre); ``person_ids`` people of the core registry;
    ``details`` anything the target documents that it reads (plain JSON-able values).
    """

    source: str
    source_ref: str
    org_id: int
    title: str
    description: str
    person_ids: tuple[int, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)
    actor_id: int | None = None


@dataclass(frozen=True)
class ReferralReceipt:
    """What the receiver made of it: the new record and where staff find it."""

    target: str
    record_id: int
    url: str
    label_zh: str
    label_en: str = ""


@dataclass(frozen=True)
class ReferralTarget:
    """Something a plugin can receive (接收转办), e.g. ``mediation.dispute``.

    ``receive(session, referral)`` creates the plugin's record in the caller's transaction
    through the plugin's own services and returns a :class:`ReferralReceipt`; it raises
    :class:`core.referrals.service.ReferralRefused` (with a message for the user) when the
    matter cannot be taken, e.g. no committee at that organisation. ``accepts(session,
    org_id)``, when given, says whether the target can receive at an organisation, so a form
    offers only places that can take the matter.
    """

    code: str
    label_zh: str
    label_en: str
    receive: Callable[[Any, Referral], ReferralReceipt]
    accepts: Callable[[Any, int], bool] | None = None
    description_zh: str = ""

    def __post_init__(self) -> None:
        if not _CODE.match(self.code):
            raise ValueError(
                f"referral target {self.code!r} must be '<plugin>.<name>' in lower case"
            )
        if not callable(self.receive):
            raise ValueError(f"referral target {self.code!r}: receive must be callable")
