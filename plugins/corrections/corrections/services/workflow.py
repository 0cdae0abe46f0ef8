"""The subject's state machine (矫正对象状态), DOMAIN.md §7.2, written out as one table.

Every change of ``CorrectionsSubject.status`` goes through :func:`move`, so a state the table
does not allow is refused with a message instead of being written.
"""

from __future__ import annotations

from core.api import N_
from corrections.codes import Status
from corrections.errors import IllegalTransition, Message
from corrections.models import CorrectionsSubject

__all__ = ["ACTIONS", "ENDED", "move", "open_statuses"]

S = Status
#: action → (states it may start from, state it leads to)
ACTIONS: dict[str, tuple[frozenset[Status], Status]] = {
    "start_search": (frozenset({S.AWAITING}), S.SEARCHING),  # 未按期报到 → 查找
    "report_in": (frozenset({S.AWAITING, S.SEARCHING}), S.RECEIVED),  # 报到/接收
    "announce": (frozenset({S.RECEIVED}), S.SUPERVISED),  # 入矫宣告
    "lose_contact": (frozenset({S.SUPERVISED}), S.LOST),  # 脱管/失联
    "regain_contact": (frozenset({S.LOST}), S.SUPERVISED),
    "propose": (frozenset({S.SUPERVISED, S.LOST}), S.PROPOSED),  # 提请撤销/收监
    "proposal_refused": (frozenset({S.PROPOSED}), S.SUPERVISED),  # 法院不予撤销
    "release": (frozenset({S.SUPERVISED}), S.RELEASED),  # 解除
    "terminate": (
        frozenset({S.SEARCHING, S.RECEIVED, S.SUPERVISED, S.LOST, S.PROPOSED}),
        S.TERMINATED,
    ),  # 终止
}
ACTION_LABELS = {
    "start_search": N_("启动查找"),
    "report_in": N_("登记报到"),
    "announce": N_("入矫宣告"),
    "lose_contact": N_("登记失联"),
    "regain_contact": N_("恢复联系"),
    "propose": N_("提请撤销/收监"),
    "proposal_refused": N_("法院不予撤销"),
    "release": N_("解除矫正"),
    "terminate": N_("终止矫正"),
}
ENDED = frozenset({S.RELEASED, S.TERMINATED})


def open_statuses() -> list[str]:
    """States in which the subject is still the station's responsibility."""
    return [s.value for s in Status if s not in ENDED]


def move(subject: CorrectionsSubject, action: str) -> None:
    """Apply *action* to the subject's state, or refuse it with the reason."""
    sources, target = ACTIONS[action]
    current = Status(subject.status)
    if current not in sources:
        raise IllegalTransition(
            Message(
                N_("矫正对象当前为“{status}”，不能{action}"),
                status=current,
                action=Message(ACTION_LABELS[action]),
            )
        )
    subject.status = target.value
