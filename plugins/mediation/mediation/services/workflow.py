"""The case state machine (案件流程), DOMAIN.md §7.2: which action is allowed in which state.

One table says, for every action, the states it may start from; a few actions also depend on
where the judicial confirmation stands. Every service function that changes a case calls
:func:`require` first, so an illegal move is refused with a message naming the case, its
state and the action — before anything is written. Pages ask :func:`allowed_actions` which
buttons to show; the table is the single answer to both questions.

    registered ─accept→ mediating ─agree→ agreed ─performed→ performed ─archive→ archived
        │                   │   ↑            │ └─not_performed→ not_performed ─performed↗
        └refuse→ refused    │   └remediate── (court found the agreement invalid)
                            └terminate→ terminated ─archive→ archived
"""

from __future__ import annotations

from enum import StrEnum

from mediation.codes import (
    AGREEMENT_STATES,
    CaseStatus,
    ConfirmationStatus,
    label,
)
from mediation.errors import IllegalTransition
from mediation.models import MediationAgreement, MediationCase

__all__ = ["ACTION_LABELS", "FROM_STATES", "Action", "allowed_actions", "refusal", "require"]


class Action(StrEnum):
    ACCEPT = "accept"
    REFUSE = "refuse"
    ASSIGN = "assign"
    SESSION = "session"
    AGREE = "agree"
    TERMINATE = "terminate"
    PERFORMED = "performed"
    NOT_PERFORMED = "not_performed"
    FOLLOW_UP = "follow_up"
    APPLY_CONFIRMATION = "apply_confirmation"
    CONFIRMATION_RESULT = "confirmation_result"
    REMEDIATE = "remediate"
    DIFFICULTY = "difficulty"
    PREVENTION = "prevention"
    ARCHIVE = "archive"


ACTION_LABELS: dict[Action, tuple[str, str]] = {
    Action.ACCEPT: ("受理", "accept the case"),
    Action.REFUSE: ("不予受理", "refuse the case"),
    Action.ASSIGN: ("指派调解员", "assign mediators"),
    Action.SESSION: ("记录调解过程", "record a mediation session"),
    Action.AGREE: ("记录调解协议", "record an agreement"),
    Action.TERMINATE: ("终止调解", "terminate mediation"),
    Action.PERFORMED: ("登记协议履行完毕", "record the agreement as performed"),
    Action.NOT_PERFORMED: ("登记协议未履行", "record the agreement as not performed"),
    Action.FOLLOW_UP: ("记录回访", "record a follow-up visit"),
    Action.APPLY_CONFIRMATION: ("登记司法确认申请", "record a judicial confirmation application"),
    Action.CONFIRMATION_RESULT: ("登记司法确认结果", "record the court's confirmation decision"),
    Action.REMEDIATE: ("重新调解", "mediate again"),
    Action.DIFFICULTY: ("评定难易程度", "assess the difficulty"),
    Action.PREVENTION: ("登记防范成效", "record what the mediation prevented"),
    Action.ARCHIVE: ("结案归档", "archive the case"),
}

FROM_STATES: dict[Action, frozenset[CaseStatus]] = {
    Action.ACCEPT: frozenset({CaseStatus.REGISTERED}),
    Action.REFUSE: frozenset({CaseStatus.REGISTERED}),
    Action.ASSIGN: frozenset({CaseStatus.REGISTERED, CaseStatus.MEDIATING}),
    Action.SESSION: frozenset({CaseStatus.MEDIATING}),
    Action.AGREE: frozenset({CaseStatus.MEDIATING}),
    Action.TERMINATE: frozenset({CaseStatus.MEDIATING, *AGREEMENT_STATES}),
    Action.PERFORMED: frozenset({CaseStatus.AGREED, CaseStatus.NOT_PERFORMED}),
    Action.NOT_PERFORMED: frozenset({CaseStatus.AGREED}),
    Action.FOLLOW_UP: AGREEMENT_STATES,
    Action.APPLY_CONFIRMATION: AGREEMENT_STATES,
    Action.CONFIRMATION_RESULT: AGREEMENT_STATES,
    Action.REMEDIATE: AGREEMENT_STATES,
    Action.DIFFICULTY: frozenset({CaseStatus.MEDIATING, CaseStatus.TERMINATED, *AGREEMENT_STATES}),
    Action.PREVENTION: AGREEMENT_STATES,
    Action.ARCHIVE: frozenset(
        {CaseStatus.PERFORMED, CaseStatus.NOT_PERFORMED, CaseStatus.TERMINATED}
    ),
}

#: Actions on an agreement-state case that depend on the judicial confirmation, with the
#: confirmation states they need and the message when it is elsewhere.
_CONFIRMATION_GUARDS: dict[Action, tuple[frozenset[ConfirmationStatus], str, str]] = {
    Action.APPLY_CONFIRMATION: (
        frozenset({ConfirmationStatus.NONE}),
        "该协议已申请过司法确认，不能重复申请",
        "Judicial confirmation has already been applied for",
    ),
    Action.CONFIRMATION_RESULT: (
        frozenset({ConfirmationStatus.APPLIED}),
        "该协议尚未申请司法确认，或法院已作出决定",
        "No confirmation application is pending",
    ),
    Action.REMEDIATE: (
        frozenset({ConfirmationStatus.INVALID}),
        "只有经司法确认无效的协议才能重新调解",
        "Only an agreement the court found invalid can be mediated again",
    ),
    Action.TERMINATE: (
        frozenset({ConfirmationStatus.INVALID}),
        "已达成调解协议的案件不能终止调解（协议经司法确认无效的除外）",
        "A case with an agreement cannot be terminated unless the court found it invalid",
    ),
    Action.ARCHIVE: (
        frozenset({ConfirmationStatus.NONE, ConfirmationStatus.VALID, ConfirmationStatus.INVALID}),
        "司法确认尚无结果，暂不能归档",
        "The judicial confirmation is still pending",
    ),
}


def _number(case: MediationCase) -> str:
    return case.case_number or f"#{case.id}"


def refusal(
    case: MediationCase, action: Action, agreement: MediationAgreement | None
) -> IllegalTransition | None:
    """Why *action* is not allowed on *case* now, or None when it is."""
    status = CaseStatus(case.status)
    action_zh, action_en = ACTION_LABELS[action]
    if status is CaseStatus.ARCHIVED:
        return IllegalTransition(
            f"案件{_number(case)}已结案归档，不能{action_zh}",
            f"Case {_number(case)} is archived; cannot {action_en}",
        )
    if status not in FROM_STATES[action]:
        return IllegalTransition(
            f"案件{_number(case)}当前状态为“{label(CaseStatus, status)}”，不能{action_zh}",
            f"Case {_number(case)} is {label(CaseStatus, status, 'en').lower()}; cannot {action_en}",
        )
    guard = _CONFIRMATION_GUARDS.get(action)
    if guard is not None and status in AGREEMENT_STATES:
        allowed, zh, en = guard
        confirmation = ConfirmationStatus(agreement.confirmation_status if agreement else "none")
        if confirmation not in allowed:
            return IllegalTransition(f"案件{_number(case)}：{zh}", f"Case {_number(case)}: {en}")
    return None


def require(
    case: MediationCase, action: Action, agreement: MediationAgreement | None = None
) -> None:
    """Raise :class:`IllegalTransition` unless *action* is allowed on *case* now."""
    problem = refusal(case, action, agreement)
    if problem is not None:
        raise problem


def allowed_actions(case: MediationCase, agreement: MediationAgreement | None) -> list[Action]:
    """The actions a page may offer on *case*, in the order of the table."""
    return [action for action in Action if refusal(case, action, agreement) is None]
