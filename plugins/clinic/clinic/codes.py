"""Code lists of the clinic module with their Chinese and English labels."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "CATEGORIES",
    "REFERRAL_OF",
    "HomeVisitStatus",
    "Outcome",
    "PanelRole",
    "PanelStatus",
    "ProviderKind",
    "ServiceKind",
    "SessionStatus",
    "SwapStatus",
    "choices",
    "dispute_code",
    "label",
]


class ProviderKind(StrEnum):
    LAWYER = "lawyer"
    LEGAL_WORKER = "legal_worker"


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


class Outcome(StrEnum):
    ANSWERED = "answered"
    MEDIATION = "mediation"
    LEGAL_AID = "legal_aid"
    LITIGATION = "litigation"
    ELSEWHERE = "elsewhere"


class SwapStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class HomeVisitStatus(StrEnum):
    REQUESTED = "requested"
    ASSIGNED = "assigned"
    DONE = "done"
    CANCELLED = "cancelled"


class PanelStatus(StrEnum):
    OPEN = "open"
    CONCLUDED = "concluded"


class PanelRole(StrEnum):
    LAWYER = "lawyer"
    SCHOLAR = "scholar"
    JUDICIAL = "judicial"


class ServiceKind(StrEnum):
    ON_SITE = "on_site"
    LECTURE = "lecture"
    REMOTE = "remote"


LABELS: dict[str, tuple[str, str]] = {
    ProviderKind.LAWYER: ("律师", "Lawyer"),
    ProviderKind.LEGAL_WORKER: ("基层法律服务工作者", "Legal-service worker"),
    SessionStatus.SCHEDULED: ("待接诊", "Scheduled"),
    SessionStatus.HELD: ("已接诊", "Held"),
    SessionStatus.NO_SHOW: ("未到岗", "No-show"),
    SessionStatus.CANCELLED: ("已取消", "Cancelled"),
    Outcome.ANSWERED: ("当场解答", "Answered"),
    Outcome.MEDIATION: ("转人民调解", "Referred to mediation"),
    Outcome.LEGAL_AID: ("申请法律援助", "Legal-aid application"),
    Outcome.LITIGATION: ("诉讼指引", "Litigation advice"),
    Outcome.ELSEWHERE: ("转其他部门", "Referred elsewhere"),
    SwapStatus.PENDING: ("待审批", "Pending"),
    SwapStatus.APPROVED: ("已批准", "Approved"),
    SwapStatus.REJECTED: ("已驳回", "Rejected"),
    HomeVisitStatus.REQUESTED: ("待派员", "Requested"),
    HomeVisitStatus.ASSIGNED: ("已派员", "Assigned"),
    HomeVisitStatus.DONE: ("已巡诊", "Done"),
    HomeVisitStatus.CANCELLED: ("已取消", "Cancelled"),
    PanelStatus.OPEN: ("会诊中", "Open"),
    PanelStatus.CONCLUDED: ("已出具意见", "Opinion given"),
    PanelRole.LAWYER: ("律师", "Lawyer"),
    PanelRole.SCHOLAR: ("法学专家", "Scholar"),
    PanelRole.JUDICIAL: ("司法工作人员", "Judicial staff"),
    ServiceKind.ON_SITE: ("驻村服务", "On site"),
    ServiceKind.LECTURE: ("法治讲座", "Lecture"),
    ServiceKind.REMOTE: ("远程服务", "Remote"),
}

#: Topic categories of a consultation (咨询类别), the common 12348 hotline headings.
CATEGORIES: dict[str, tuple[str, str]] = {
    "marriage": ("婚姻家庭", "Marriage and family"),
    "inheritance": ("继承", "Inheritance"),
    "land": ("土地承包与宅基地", "Land and homesteads"),
    "labour": ("劳动与工资", "Labour and wages"),
    "contract": ("合同与借贷", "Contracts and loans"),
    "tort": ("损害赔偿", "Damages"),
    "neighbour": ("邻里纠纷", "Neighbours"),
    "traffic": ("道路交通", "Road traffic"),
    "consumer": ("消费维权", "Consumers"),
    "administrative": ("行政事务", "Administrative matters"),
    "criminal": ("刑事", "Criminal"),
    "other": ("其他", "Other"),
}

#: Outcomes that hand the matter to another module, and the referral target they use.
REFERRAL_OF: dict[str, str] = {
    Outcome.MEDIATION: "mediation.dispute",
    Outcome.LEGAL_AID: "legal_aid.application",
}


def label(code: str | None, locale: str = "zh") -> str:
    if code is None:
        return "—"
    found = LABELS.get(code) or CATEGORIES.get(code)
    if found is None:
        return code
    return found[1] if locale == "en" else found[0]


def choices(enum: type[StrEnum], locale: str = "zh") -> list[tuple[str, str]]:
    return [(member.value, label(member.value, locale)) for member in enum]


#: The 综治 dispute code (two-level list the mediation module keeps) a referred
#: consultation of each category is registered under.
#: Keywords of the question that name the dispute more precisely than the consultation's
#: heading: "土地承包与宅基地" covers both 0901 and 0902, and a neighbours' quarrel over a
#: wall is 0202 (相邻土地建筑利用), not "other". First match wins.
DISPUTE_KEYWORDS: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "land": (
        (("宅基地", "房基", "院墙", "地基"), "0902"),
        (("承包", "责任田", "流转"), "0901"),
        (("山林", "林地", "矿"), "0903"),
        (("水域", "水利", "鱼塘", "水塘"), "0904"),
    ),
    "neighbour": (
        (("宅基地", "院墙", "地基", "建房", "盖房", "界址"), "0202"),
        (("排水", "用水", "通行", "通风", "采光", "走道"), "0201"),
        (("噪音", "污染", "油烟", "异味"), "0203"),
    ),
    "marriage": ((("抚养", "赡养", "监护", "抚养费"), "0102"), (("分家", "继承"), "0103")),
    "contract": ((("借款", "借钱", "欠款", "借贷", "担保"), "0804"), (("租", "买卖房"), "0602")),
}

DISPUTE_CODE_OF: dict[str, str] = {
    "marriage": "0101",
    "inheritance": "0103",
    "land": "0999",  # 其他土地及资源权属纠纷, unless the question says which (DISPUTE_KEYWORDS)
    "labour": "0701",
    "contract": "0699",
    "tort": "0599",
    "neighbour": "0299",
    "traffic": "0503",
    "consumer": "0601",
    "administrative": "1099",
    "criminal": "1099",
    "other": "1099",
}


def dispute_code(category: str, question: str) -> str:
    """The mediation dispute code (两级纠纷分类) for a consultation handed to mediation."""
    for words, code in DISPUTE_KEYWORDS.get(category, ()):
        if any(word in question for word in words):
            return code
    return DISPUTE_CODE_OF.get(category, "1099")
