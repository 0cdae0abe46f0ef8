"""The corrections module's time limits, declared as core deadline rules (DOMAIN.md §7.1).

Each bureau may override them on the deadline-rules page; ``core.api.due_date`` applies the
override and China's working-day calendar.
"""

from __future__ import annotations

from core.api import DeadlineRule, DeadlineUnit

__all__ = [
    "ASSESSMENT",
    "ASSESSMENT_FAST",
    "COURT_DECISION",
    "DEADLINE_RULES",
    "MOVE_CHECK",
    "MOVE_REPORT",
    "REPORT_IN",
]

REPORT_IN = "corrections.report_in"
ASSESSMENT = "corrections.assessment"
ASSESSMENT_FAST = "corrections.assessment_fast"
COURT_DECISION = "corrections.court_decision"
MOVE_REPORT = "corrections.move_report"
MOVE_CHECK = "corrections.move_check"

DEADLINE_RULES = [
    # C2/C3: report in (or be transferred) within 10 days (CCL art. 21); we count from the
    # receipt of the legal documents, the day the executing body can act.
    DeadlineRule(
        REPORT_IN, 10, DeadlineUnit.NATURAL_DAYS, label_zh="报到期限", label_en="Report-in"
    ),
    # C4: 调查评估 10 working days, 速裁 5 (实施办法 art. 14).
    DeadlineRule(
        ASSESSMENT, 10, DeadlineUnit.WORKING_DAYS, label_zh="调查评估期限", label_en="Assessment"
    ),
    DeadlineRule(
        ASSESSMENT_FAST,
        5,
        DeadlineUnit.WORKING_DAYS,
        label_zh="调查评估期限（速裁）",
        label_en="Assessment (fast track)",
    ),
    # C10: the court decides a revocation or 收监 proposal within 30 days (CCL arts. 47–49).
    DeadlineRule(
        COURT_DECISION,
        30,
        DeadlineUnit.NATURAL_DAYS,
        label_zh="法院裁定期限（提请撤销/收监）",
        label_en="Court decision on a proposal",
    ),
    # C7: report to the new execution place within 7 days of the decision.
    DeadlineRule(
        MOVE_REPORT,
        7,
        DeadlineUnit.NATURAL_DAYS,
        label_zh="变更执行地报到期限",
        label_en="Move report",
    ),
    # C7: the receiving county checks a change of execution place and answers within about
    # 5 days (2020 实施办法, DOMAIN.md §2.7: **unsure**) — a bureau edits it here.
    DeadlineRule(
        MOVE_CHECK,
        5,
        DeadlineUnit.NATURAL_DAYS,
        label_zh="变更执行地核实期限（新执行地）",
        label_en="Check of a move by the receiving county",
    ),
]
