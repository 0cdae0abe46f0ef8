"""The mediation module's code lists (代码表), each value with its Chinese and English label.

Values are stable (they are stored); labels are what pages, documents and exports show.
Sources: DOMAIN.md §1.2–1.6 and §7.4 (人民调解法, 人民调解工作若干规定 2002).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "AGREEMENT_STATES",
    "LABELS",
    "LOCAL_REFUSAL_REASONS",
    "OPEN_STATES",
    "AgreementForm",
    "ApplicationForm",
    "CaseSource",
    "CaseStatus",
    "ConfirmationStatus",
    "Difficulty",
    "Employment",
    "EscalationStatus",
    "EvidenceCategory",
    "FilingKind",
    "MediatorPosition",
    "MinistryCategory",
    "PartyRole",
    "ReferralMode",
    "RefusalReason",
    "Remedy",
    "Satisfaction",
    "TerminationReason",
    "WarningLevel",
    "choices",
    "label",
]


class CaseStatus(StrEnum):
    """Where a case stands (案件状态), DOMAIN.md §7.2."""

    REGISTERED = "registered"  # 已登记，待受理
    REFUSED = "refused"  # 不予受理
    MEDIATING = "mediating"  # 调解中
    TERMINATED = "terminated"  # 调解终止
    AGREED = "agreed"  # 达成协议，履行中
    PERFORMED = "performed"  # 已履行
    NOT_PERFORMED = "not_performed"  # 未履行（督促中）
    ARCHIVED = "archived"  # 结案归档


#: States in which the case carries a live agreement.
AGREEMENT_STATES = frozenset({CaseStatus.AGREED, CaseStatus.PERFORMED, CaseStatus.NOT_PERFORMED})
#: States in which the committee still has work to do on the case.
OPEN_STATES = frozenset(
    {
        CaseStatus.REGISTERED,
        CaseStatus.MEDIATING,
        CaseStatus.AGREED,
        CaseStatus.PERFORMED,
        CaseStatus.NOT_PERFORMED,
        CaseStatus.TERMINATED,
    }
)


class CaseSource(StrEnum):
    """How the dispute reached the committee (案件来源)."""

    PARTY_APPLICATION = "party_application"  # 当事人申请
    OWN_INITIATIVE = "own_initiative"  # 调委会主动调解
    COURT_REFERRAL = "court_referral"  # 法院委派/委托
    POLICE_TRANSFER = "police_transfer"  # 公安机关移送
    GOVERNMENT_ASSIGNMENT = "government_assignment"  # 政府部门（信访部门）交办
    SERVICE_REFERRAL = "service_referral"  # 公共法律服务机构转来（法律服务诊室、12348）


class ApplicationForm(StrEnum):
    """A party's application is written, or oral and then transcribed and signed."""

    WRITTEN = "written"  # 书面申请
    ORAL = "oral"  # 口头申请


class ReferralMode(StrEnum):
    """A court refers a case before filing it (委派) or after (委托)."""

    BEFORE_FILING = "before_filing"  # 委派
    AFTER_FILING = "after_filing"  # 委托


class PartyRole(StrEnum):
    APPLICANT = "applicant"  # 申请人（一方当事人）
    RESPONDENT = "respondent"  # 被申请人（另一方当事人）
    AGENT = "agent"  # 代理人


class RefusalReason(StrEnum):
    """Grounds for 不予受理: RG2002 art. 22, RTF art. 17, and two local variants."""

    SPECIALISED_BODY = "specialised_body"
    ALREADY_HANDLED = "already_handled"
    PARTY_REFUSES = "party_refuses"
    CRIMINAL_OR_PUBLIC_ORDER = "criminal_or_public_order"


#: Refusal grounds that are local practice, not national rule (a bureau may switch them off).
LOCAL_REFUSAL_REASONS = frozenset({RefusalReason.CRIMINAL_OR_PUBLIC_ORDER})


class TerminationReason(StrEnum):
    """Why mediation ended without agreement (调解终止), RTF arts. 23 and 26."""

    PARTY_REFUSED = "party_refused"  # 当事人拒绝继续调解
    PARTY_WITHDREW = "party_withdrew"  # 当事人撤回申请/要求终止
    NO_AGREEMENT = "no_agreement"  # 经调解未能达成协议
    CONFIRMATION_INVALID = "confirmation_invalid"  # 协议经司法确认无效，当事人另行起诉
    OTHER = "other"  # 其他


class Remedy(StrEnum):
    """Remedies the parties are told of when mediation fails (RTF art. 26)."""

    ARBITRATION = "arbitration"  # 仲裁
    ADMINISTRATIVE = "administrative"  # 行政途径
    LITIGATION = "litigation"  # 向人民法院起诉


class AgreementForm(StrEnum):
    WRITTEN = "written"  # 书面协议
    ORAL = "oral"  # 口头协议


class ConfirmationStatus(StrEnum):
    """Judicial confirmation of the agreement (司法确认), RTF art. 33."""

    NONE = "none"  # 未申请
    APPLIED = "applied"  # 已申请，待法院决定
    VALID = "valid"  # 确认有效
    INVALID = "invalid"  # 确认无效（驳回）


class Difficulty(StrEnum):
    """How hard the case was; drives the mediator's subsidy (以案定补)."""

    SIMPLE = "simple"  # 简易
    GENERAL = "general"  # 一般
    COMPLEX = "complex"  # 复杂疑难


class Satisfaction(StrEnum):
    SATISFIED = "satisfied"  # 满意
    BASICALLY = "basically"  # 基本满意
    UNSATISFIED = "unsatisfied"  # 不满意


class Employment(StrEnum):
    FULL_TIME = "full_time"  # 专职
    PART_TIME = "part_time"  # 兼职


class MediatorPosition(StrEnum):
    """A mediator's place in the committee (RTF arts. 8, 13)."""

    CHAIR = "chair"  # 主任
    VICE_CHAIR = "vice_chair"  # 副主任
    MEMBER = "member"  # 委员
    HIRED = "hired"  # 聘任调解员


class FilingKind(StrEnum):
    """The bureau's filing record of a committee (备案), RTF art. 10."""

    ESTABLISHMENT = "establishment"  # 设立备案
    CHANGE = "change"  # 变更备案
    DISSOLUTION = "dissolution"  # 撤销备案


class EscalationStatus(StrEnum):
    """Where an escalation (上报/移交) stands."""

    PENDING = "pending"  # 待签收
    SIGNED = "signed"  # 已签收，办理中
    REPORTED = "reported"  # 已回告


class EvidenceCategory(StrEnum):
    """What an uploaded file is in the case file (一案一卷, DOMAIN.md §1.7)."""

    IDENTITY = "identity"  # 当事人身份证明
    POWER_OF_ATTORNEY = "power_of_attorney"  # 授权委托书
    INVESTIGATION = "investigation"  # 调查记录
    EVIDENCE = "evidence"  # 证据材料
    PERFORMANCE = "performance"  # 履行凭证
    CONFIRMATION = "confirmation"  # 司法确认有关材料
    OTHER = "other"  # 其他


class WarningLevel(StrEnum):
    """预警等级 (DOMAIN.md §1.10: no national standard; the bureau chooses which are used).

    Ordered from the most to the least serious; a bureau switches levels on or off and sets
    each one's response time and how far up the tree it is reported (module settings).
    """

    RED = "red"  # 红色预警：立即上报
    ORANGE = "orange"  # 橙色预警：当日处置
    YELLOW = "yellow"  # 黄色预警：就地化解
    BLUE = "blue"  # 蓝色预警（四色方案）


class MinistryCategory(StrEnum):
    """The 司法部 statistics categories (15 incl. 其他), DOMAIN.md §1.8 A."""

    MARRIAGE_FAMILY = "marriage_family"
    NEIGHBOURHOOD = "neighbourhood"
    HOUSING_HOMESTEAD = "housing_homestead"
    CONTRACT = "contract"
    BUSINESS = "business"
    DAMAGES = "damages"
    FOREST_LAND = "forest_land"
    LAND_REQUISITION = "land_requisition"
    ENVIRONMENT = "environment"
    LABOUR = "labour"
    CONSUMER = "consumer"
    MEDICAL = "medical"
    ROAD_TRAFFIC = "road_traffic"
    PROPERTY_MANAGEMENT = "property_management"
    OTHER = "other"


LABELS: dict[type[StrEnum], dict[str, tuple[str, str]]] = {
    EscalationStatus: {
        EscalationStatus.PENDING: ("待签收", "Awaiting signature"),
        EscalationStatus.SIGNED: ("已签收·办理中", "Signed for, in hand"),
        EscalationStatus.REPORTED: ("已回告", "Reported back"),
    },
    EvidenceCategory: {
        EvidenceCategory.IDENTITY: ("当事人身份证明", "Identity proof"),
        EvidenceCategory.POWER_OF_ATTORNEY: ("授权委托书", "Power of attorney"),
        EvidenceCategory.INVESTIGATION: ("调查记录", "Investigation record"),
        EvidenceCategory.EVIDENCE: ("证据材料", "Evidence"),
        EvidenceCategory.PERFORMANCE: ("履行凭证（收条、汇款单等）", "Proof of performance"),
        EvidenceCategory.CONFIRMATION: ("司法确认有关材料", "Judicial confirmation papers"),
        EvidenceCategory.OTHER: ("其他材料", "Other"),
    },
    WarningLevel: {
        WarningLevel.RED: ("红色预警", "Red warning"),
        WarningLevel.ORANGE: ("橙色预警", "Orange warning"),
        WarningLevel.YELLOW: ("黄色预警", "Yellow warning"),
        WarningLevel.BLUE: ("蓝色预警", "Blue warning"),
    },
    CaseStatus: {
        CaseStatus.REGISTERED: ("已登记待受理", "Registered"),
        CaseStatus.REFUSED: ("不予受理", "Refused"),
        CaseStatus.MEDIATING: ("调解中", "Mediating"),
        CaseStatus.TERMINATED: ("调解终止", "Terminated"),
        CaseStatus.AGREED: ("达成协议·履行中", "Agreed, performing"),
        CaseStatus.PERFORMED: ("已履行", "Performed"),
        CaseStatus.NOT_PERFORMED: ("未履行·督促中", "Not performed"),
        CaseStatus.ARCHIVED: ("结案归档", "Archived"),
    },
    CaseSource: {
        CaseSource.PARTY_APPLICATION: ("当事人申请", "Party application"),
        CaseSource.OWN_INITIATIVE: ("主动调解", "Committee's own initiative"),
        CaseSource.COURT_REFERRAL: ("法院委派/委托", "Court referral"),
        CaseSource.POLICE_TRANSFER: ("公安机关移送", "Police transfer"),
        CaseSource.GOVERNMENT_ASSIGNMENT: ("政府部门交办", "Government assignment"),
        CaseSource.SERVICE_REFERRAL: ("公共法律服务转来", "Public legal service referral"),
    },
    ApplicationForm: {
        ApplicationForm.WRITTEN: ("书面申请", "Written application"),
        ApplicationForm.ORAL: ("口头申请", "Oral application"),
    },
    ReferralMode: {
        ReferralMode.BEFORE_FILING: ("委派（立案前）", "Referred before filing"),
        ReferralMode.AFTER_FILING: ("委托（立案后）", "Entrusted after filing"),
    },
    PartyRole: {
        PartyRole.APPLICANT: ("申请人", "Applicant"),
        PartyRole.RESPONDENT: ("被申请人", "Respondent"),
        PartyRole.AGENT: ("代理人", "Agent"),
    },
    RefusalReason: {
        RefusalReason.SPECIALISED_BODY: (
            "法律、法规规定只能由专门机关管辖处理，或禁止采用民间调解方式解决的",
            "Only a specialised body may handle it, or the law forbids civil mediation",
        ),
        RefusalReason.ALREADY_HANDLED: (
            "人民法院、公安机关或者其他行政机关已经受理或者解决的",
            "A court, the police or another authority has already accepted or resolved it",
        ),
        RefusalReason.PARTY_REFUSES: (
            "一方当事人明确拒绝调解的",
            "One party clearly refuses mediation",
        ),
        RefusalReason.CRIMINAL_OR_PUBLIC_ORDER: (
            "属于刑事案件或治安案件的（地方规定）",
            "A criminal or public-order matter (local rule)",
        ),
    },
    TerminationReason: {
        TerminationReason.PARTY_REFUSED: ("当事人拒绝继续调解", "A party refused to continue"),
        TerminationReason.PARTY_WITHDREW: ("当事人要求终止调解", "A party asked to end mediation"),
        TerminationReason.NO_AGREEMENT: ("经调解未能达成协议", "No agreement could be reached"),
        TerminationReason.CONFIRMATION_INVALID: (
            "调解协议经司法确认无效",
            "The court found the agreement invalid",
        ),
        TerminationReason.OTHER: ("其他原因", "Other reason"),
    },
    Remedy: {
        Remedy.ARBITRATION: ("申请仲裁", "Arbitration"),
        Remedy.ADMINISTRATIVE: ("通过行政途径解决", "Administrative channels"),
        Remedy.LITIGATION: ("向人民法院提起诉讼", "A lawsuit in court"),
    },
    AgreementForm: {
        AgreementForm.WRITTEN: ("书面协议", "Written agreement"),
        AgreementForm.ORAL: ("口头协议", "Oral agreement"),
    },
    ConfirmationStatus: {
        ConfirmationStatus.NONE: ("未申请司法确认", "No judicial confirmation"),
        ConfirmationStatus.APPLIED: ("司法确认申请中", "Judicial confirmation applied for"),
        ConfirmationStatus.VALID: ("司法确认有效", "Confirmed valid"),
        ConfirmationStatus.INVALID: ("司法确认无效", "Found invalid"),
    },
    Difficulty: {
        Difficulty.SIMPLE: ("简易", "Simple"),
        Difficulty.GENERAL: ("一般", "General"),
        Difficulty.COMPLEX: ("复杂疑难", "Complex"),
    },
    Satisfaction: {
        Satisfaction.SATISFIED: ("满意", "Satisfied"),
        Satisfaction.BASICALLY: ("基本满意", "Basically satisfied"),
        Satisfaction.UNSATISFIED: ("不满意", "Unsatisfied"),
    },
    Employment: {
        Employment.FULL_TIME: ("专职", "Full-time"),
        Employment.PART_TIME: ("兼职", "Part-time"),
    },
    MediatorPosition: {
        MediatorPosition.CHAIR: ("主任", "Chair"),
        MediatorPosition.VICE_CHAIR: ("副主任", "Vice chair"),
        MediatorPosition.MEMBER: ("委员", "Member"),
        MediatorPosition.HIRED: ("聘任调解员", "Hired mediator"),
    },
    FilingKind: {
        FilingKind.ESTABLISHMENT: ("设立备案", "Establishment"),
        FilingKind.CHANGE: ("变更备案", "Change"),
        FilingKind.DISSOLUTION: ("撤销备案", "Dissolution"),
    },
    MinistryCategory: {
        MinistryCategory.MARRIAGE_FAMILY: ("婚姻家庭", "Marriage and family"),
        MinistryCategory.NEIGHBOURHOOD: ("邻里", "Neighbourhood"),
        MinistryCategory.HOUSING_HOMESTEAD: ("房屋宅基地", "Housing and homestead"),
        MinistryCategory.CONTRACT: ("合同", "Contract"),
        MinistryCategory.BUSINESS: ("生产经营", "Production and business"),
        MinistryCategory.DAMAGES: ("损害赔偿", "Damages"),
        MinistryCategory.FOREST_LAND: ("山林土地", "Forest and land"),
        MinistryCategory.LAND_REQUISITION: ("征地拆迁", "Land requisition and demolition"),
        MinistryCategory.ENVIRONMENT: ("环境污染", "Environmental pollution"),
        MinistryCategory.LABOUR: ("劳动争议", "Labour"),
        MinistryCategory.CONSUMER: ("消费", "Consumer"),
        MinistryCategory.MEDICAL: ("医疗", "Medical"),
        MinistryCategory.ROAD_TRAFFIC: ("道路交通事故", "Road traffic accident"),
        MinistryCategory.PROPERTY_MANAGEMENT: ("物业", "Property management"),
        MinistryCategory.OTHER: ("其他", "Other"),
    },
}


def label(kind: type[StrEnum], value: StrEnum | str | None, locale: str = "zh") -> str:
    """The label of *value* in code list *kind*, in *locale*; "—" for no value.

    Labels are looked up per list: several lists share a value (``"written"``, ``"other"``).
    """
    if value is None or value == "":
        return "—"
    pair = LABELS.get(kind, {}).get(str(value))
    if pair is None:
        return str(value)
    return pair[1] if locale == "en" else pair[0]


def choices(kind: type[StrEnum], locale: str = "zh") -> list[tuple[str, str]]:
    """(value, label) pairs of a code list, in declaration order, for a select."""
    return [(member.value, label(kind, member, locale)) for member in kind]
