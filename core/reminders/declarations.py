"""What plugins declare about reminders: kinds of due items (plain values, no database).

Kept free of database and web imports so the plugin host can check declarations while it
loads, before anything else exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

__all__ = ["DEFAULT_ESCALATION_DELAY", "DEFAULT_LEAD_TIME", "DueItemKind"]

DEFAULT_LEAD_TIME = timedelta(days=3)
DEFAULT_ESCALATION_DELAY = timedelta(days=1)
_CODE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$")


@dataclass(frozen=True)
class DueItemKind:
    """A kind of due item (待办类型) with its default timing.

    ``code`` is ``"<plugin>.<kind>"``. ``lead_time``: how long before the due time an item
    turns amber (临期). ``escalation_delay``: how long an overdue item stays with the
    responsible person before it goes to the supervisors, and between the further steps up
    the organisation tree. A bureau may change both for its subtree.
    """

    code: str
    label_zh: str
    label_en: str
    lead_time: timedelta = DEFAULT_LEAD_TIME
    escalation_delay: timedelta = DEFAULT_ESCALATION_DELAY

    def __post_init__(self) -> None:
        if not _CODE.match(self.code):
            raise ValueError(f"due item kind {self.code!r} must be '<plugin>.<kind>' in lower case")
        if self.lead_time < timedelta(0):
            raise ValueError(f"due item kind {self.code!r}: lead_time must not be negative")
        if self.escalation_delay < timedelta(minutes=1):
            raise ValueError(
                f"due item kind {self.code!r}: escalation_delay must be a minute or more"
            )
