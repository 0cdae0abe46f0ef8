"""What plugins declare and exchange for referrals: plain values, no database.

Kept free of database imports so the plugin host can check declarations while it loads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "HandoverDraft",
    "Referral",
    "ReferralField",
    "ReferralReceipt",
    "ReferralSource",
    "ReferralTarget",
]

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
class ReferralField:
    """Something a target needs from the sender beyond the matter itself, asked for in the
    core's 转办 dialog and passed as ``referral.details[name]`` (a string)."""

    name: str
    label_zh: str
    label_en: str = ""
    required: bool = False
    multiline: bool = False
    max_length: int = 500


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
    #: What the 转办 dialog asks the sender for (``referral.details[field.name]``).
    fields: tuple[ReferralField, ...] = ()
    #: Organisation types that receive it (the dialog's choice of receiving organisation
    #: within the sender's bureau); empty: the sending record's organisation and the ones
    #: above it up to its bureau.
    org_types: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not _CODE.match(self.code):
            raise ValueError(
                f"referral target {self.code!r} must be '<plugin>.<name>' in lower case"
            )
        if not callable(self.receive):
            raise ValueError(f"referral target {self.code!r}: receive must be callable")
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names) or any(n in ("reason", "version") for n in names):
            raise ValueError(f"referral target {self.code!r}: field names must be unique")


@dataclass(frozen=True)
class HandoverDraft:
    """A record about to be handed over, as its plugin describes it to the core dialog.

    ``record`` is the plugin's row (with a ``version``: the core locks it and checks the
    version the page was loaded with); ``org_id`` the record's organisation (its bureau
    bounds where the matter may go); the rest becomes the :class:`Referral`.
    """

    record: Any
    org_id: int
    source_ref: str
    title: str
    description: str
    url: str
    person_ids: tuple[int, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReferralSource:
    """A kind of record a plugin hands over through the core's 转办 dialog (e.g.
    ``mediation.case``).

    ``prepare(session, record_id)`` returns a :class:`HandoverDraft`, or None when there is
    no such record; it raises ``ReferralRefused`` when the record cannot be handed over now
    (archived, say). ``sent(session, record_id, receipt, referral, reason, now)`` keeps the
    sender's own trace of the hand-over (a row linking to ``receipt.url``) and marks the
    record changed, in the same transaction. ``permission`` is what a user needs over the
    record's organisation to hand it over.
    """

    code: str
    label_zh: str
    label_en: str
    permission: str
    prepare: Callable[[Any, int], HandoverDraft | None]
    sent: Callable[..., None]

    def __post_init__(self) -> None:
        if not _CODE.match(self.code):
            raise ValueError(
                f"referral source {self.code!r} must be '<plugin>.<name>' in lower case"
            )
        if not (callable(self.prepare) and callable(self.sent)):
            raise ValueError(f"referral source {self.code!r}: prepare and sent must be callable")
