"""The mediation module's time limits (期限), declared as core deadline rules.

Defaults from DOMAIN.md §7.1; each bureau may override them for its subtree on the
deadline-rules page, and ``core.api.due_date`` applies the override and China's working-day
calendar. A due date that depends on a year whose holiday schedule is not yet known is not
guessed: the services store nothing and the pages say so.
"""

from __future__ import annotations

from core.api import DeadlineRule, DeadlineUnit

__all__ = [
    "CONFIRMATION_WINDOW",
    "DEADLINE_RULES",
    "ESCALATION_REPORT",
    "ESCALATION_SIGN",
    "FOLLOW_UP",
    "TERM",
]

TERM = "mediation.term"
CONFIRMATION_WINDOW = "mediation.confirmation_window"
FOLLOW_UP = "mediation.follow_up"
ESCALATION_SIGN = "mediation.escalation_sign"
ESCALATION_REPORT = "mediation.escalation_report"

DEADLINE_RULES = [
    # M1: "一般在一个月内调结" (RG2002 art. 33), counted from acceptance.
    DeadlineRule(TERM, 1, DeadlineUnit.MONTHS, label_zh="调解期限", label_en="Mediation term"),
    # M2: both parties may apply jointly within 30 days of the agreement (RTF art. 33).
    DeadlineRule(
        CONFIRMATION_WINDOW,
        30,
        DeadlineUnit.NATURAL_DAYS,
        label_zh="司法确认申请期限",
        label_en="Judicial confirmation window",
    ),
    # M4: no national figure; 15 days after the performance deadline is one local practice.
    DeadlineRule(
        FOLLOW_UP,
        15,
        DeadlineUnit.NATURAL_DAYS,
        label_zh="回访期限（自履行期限届满）",
        label_en="Follow-up visit (after the performance deadline)",
    ),
    # No national figure (DOMAIN.md §1.10–1.11: local practice, e.g. feedback within 24 h,
    # complex cases within 5 days): sign within a day, report back within a week.
    DeadlineRule(
        ESCALATION_SIGN,
        24,
        DeadlineUnit.HOURS,
        label_zh="上报案件签收时限",
        label_en="Sign for an escalated case",
    ),
    DeadlineRule(
        ESCALATION_REPORT,
        7,
        DeadlineUnit.NATURAL_DAYS,
        label_zh="上报案件回告时限（自签收）",
        label_en="Report back on an escalated case (from signing)",
    ),
]
