"""The desk's time limit, declared as a core deadline rule so a bureau can change it.

Default: the visitor is told within 15 days of receipt whether and how the matter will be
handled (the 15-day period of 《信访工作条例》(2022) for registering and routing a matter,
as this example reads it). Counted in
natural days from the day after receipt, a last day on a rest day rolling to the next
working day (the core's civil rule). Bureaus override it on the deadline-rules page.
"""

from __future__ import annotations

from core.api import DeadlineRule, DeadlineUnit, DueItemKind

ANSWER = "petitions.answer"

DEADLINE_RULES = [
    DeadlineRule(
        ANSWER, 15, DeadlineUnit.NATURAL_DAYS, label_zh="信访事项告知期限", label_en="Answer due"
    )
]

DUE_ITEM_KINDS = [DueItemKind(ANSWER, "信访事项待告知", "Petition awaiting an answer")]
