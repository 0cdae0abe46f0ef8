"""Risk flags (风险标记: 四史 and 三涉) as a core code list (数据字典).

The flags a subject may carry are declared to the core's dictionary facility, so a bureau
can add a local flag or switch one off for its subtree. A subject stores the chosen codes
comma separated in ``risk_flags``; records entered before the list existed hold free text,
which is shown as it is (an unknown code is its own label).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session

from core.api import N_, CodeEntry, CodeList, UnknownCodeList, code_choices, code_label

CODE_LIST = "corrections.risk_flag"
STORED_MAX = 200


def code_list() -> CodeList:
    return CodeList(
        CODE_LIST,
        "风险标记",
        "Risk flags",
        (
            CodeEntry("drug_history", "吸毒史", "History of drug use", 10),
            CodeEntry("escape_history", "逃脱史", "History of escape", 20),
            CodeEntry("suicide_history", "自杀史", "History of suicide attempts", 30),
            CodeEntry("assault_police", "袭警史", "History of assaulting police", 40),
            CodeEntry("drugs", "涉毒", "Drug-related", 50),
            CodeEntry("gang", "涉黑", "Gang-related", 60),
            CodeEntry("guns", "涉枪", "Gun-related", 70),
        ),
        description_zh="四史（吸毒史、逃脱史、自杀史、袭警史）和三涉（涉毒、涉黑、涉枪）。",
    )


def choices(session: Session, org_id: int | None, locale: str = "zh") -> list[tuple[str, str]]:
    """The flags on at *org_id*, for the intake form's checkboxes."""
    try:
        return code_choices(session, CODE_LIST, org_id, locale)
    except UnknownCodeList:  # a process that never booted the platform
        return [(e.code, e.label_zh) for e in code_list().entries]


def chosen(raw: Any) -> list[str]:
    """The codes a form sent (one value, several, or none), in order, without repeats."""
    values = raw if isinstance(raw, list) else [raw] if raw else []
    return list(dict.fromkeys(str(v).strip() for v in values if str(v).strip()))


def clean(session: Session, raw: Any, org_id: int | None) -> tuple[str, str | None]:
    """The codes to store and, when one is not on at *org_id*, the message for the form."""
    codes = chosen(raw)
    allowed = {code for code, _ in choices(session, org_id)}
    unknown = [c for c in codes if c not in allowed]
    if unknown:
        return "", N_("请从列表中选择风险标记")
    stored = ",".join(codes)
    if len(stored) > STORED_MAX:
        return "", N_("风险标记过多")
    return stored, None


def labels(session: Session, stored: str, org_id: int, locale: str = "zh") -> list[str]:
    """The labels of a subject's stored flags (legacy free text shown as it is)."""
    parts: Iterable[str] = (p.strip() for p in (stored or "").replace("，", ",").split(","))
    return [code_label(session, CODE_LIST, p, org_id, locale) for p in parts if p]
