"""Legal aid's time limits as core deadline rules (DOMAIN.md §7.1, L1–L7).

Each bureau may change a rule's amount and unit (natural days, rolled past rest days — the
default — or working days) on the core's deadline-rules page; ``core.api.due_date`` applies
the nearest override and the working-day calendar.
"""

from __future__ import annotations

from core.api import DeadlineRule, DeadlineUnit

__all__ = [
    "ASSIGN",
    "DEADLINE_RULES",
    "FORWARD",
    "MATERIALS",
    "NOTICE_ASSIGN",
    "OBJECTION",
    "REPORT",
    "REVIEW",
]

REVIEW = "legal_aid.review"
MATERIALS = "legal_aid.materials"
ASSIGN = "legal_aid.assign"
NOTICE_ASSIGN = "legal_aid.notice_assign"
FORWARD = "legal_aid.forward"
OBJECTION = "legal_aid.objection"
REPORT = "legal_aid.report"

DEADLINE_RULES = [
    # L1: 7 days from receipt (art. 43); unit unsure in the 2023 rule, hence configurable.
    DeadlineRule(
        REVIEW,
        7,
        DeadlineUnit.NATURAL_DAYS,
        label_zh="法律援助审查决定期限",
        label_en="Legal aid: review and decide",
    ),
    # Art. 43 names no figure for supplying materials; 15 days is local practice (unsure).
    DeadlineRule(
        MATERIALS,
        15,
        DeadlineUnit.NATURAL_DAYS,
        label_zh="法律援助补充材料期限",
        label_en="Legal aid: supplying missing materials",
    ),
    # L2: 3 days from the decision to grant (art. 43).
    DeadlineRule(
        ASSIGN,
        3,
        DeadlineUnit.NATURAL_DAYS,
        label_zh="法律援助指派期限",
        label_en="Legal aid: assign after granting",
    ),
    # L3: 3 days from receiving a defence notice (art. 36).
    DeadlineRule(
        NOTICE_ASSIGN,
        3,
        DeadlineUnit.NATURAL_DAYS,
        label_zh="通知辩护指派期限",
        label_en="Legal aid: assign on a defence notice",
    ),
    # L4: 24 hours to pass a detained person's application on (art. 39).
    DeadlineRule(
        FORWARD,
        24,
        DeadlineUnit.HOURS,
        label_zh="法律援助申请转交期限",
        label_en="Legal aid: forward an application",
    ),
    # L5: the bureau reviews an objection within 5 days (art. 49).
    DeadlineRule(
        OBJECTION,
        5,
        DeadlineUnit.NATURAL_DAYS,
        label_zh="法律援助异议审查期限",
        label_en="Legal aid: review an objection",
    ),
    # L7: closing materials "promptly" (art. 50); 30 days in many local rules (unsure).
    DeadlineRule(
        REPORT,
        30,
        DeadlineUnit.NATURAL_DAYS,
        label_zh="法律援助结案材料提交期限",
        label_en="Legal aid: closing report",
    ),
]
