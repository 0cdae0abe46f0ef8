"""Code lists of legal aid (法律援助), seeded from 法律援助法 (DOMAIN.md §3, §7.4).

Each list is a ``StrEnum`` whose values are stable (stored in the database) with a Chinese and
an English label. :func:`label` picks the label for a locale.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "CLOSED_STATES",
    "LABELS",
    "LIFE_OR_DEATH",
    "NOTICE_MATTERS",
    "Channel",
    "ExemptGroup",
    "Grade",
    "Matter",
    "MatterGroup",
    "ProviderKind",
    "QualityMethod",
    "Satisfaction",
    "ServiceForm",
    "Status",
    "TerminationReason",
    "Workstation",
    "choices",
    "group_of",
    "label",
]


class Channel(StrEnum):
    """申请渠道 (art. 23, 39)."""

    WINDOW = "window"
    HOTLINE = "hotline_12348"
    ONLINE = "online"
    WORKSTATION = "workstation"
    DUTY_LAWYER = "duty_lawyer"
    POLICE = "transfer_police"
    PROCURATORATE = "transfer_procuratorate"
    COURT = "transfer_court"
    MAIL = "mail"
    HOME_VISIT = "home_visit"
    NOTICE = "notice"  # 通知辩护: no application at all
    REFERRAL = "referral"  # handed over by another module


#: Channels whose application was taken by someone else and must be passed on within 24 h.
FORWARDED_CHANNELS = frozenset(
    {Channel.DUTY_LAWYER, Channel.POLICE, Channel.PROCURATORATE, Channel.COURT}
)


class MatterGroup(StrEnum):
    CRIMINAL_APPLICATION = "criminal_application"
    CRIMINAL_NOTICE = "criminal_notice"
    CIVIL = "civil"
    NO_HARDSHIP = "no_hardship"
    RETRIAL = "retrial"


class Matter(StrEnum):
    """法援事项: criminal on application (arts. 24, 29), on notice (art. 25, 28), civil and
    administrative (art. 31), without hardship test (art. 32), complaints/retrials (art. 33)."""

    CRIM_SUSPECT = "crim_suspect"
    CRIM_VICTIM = "crim_victim"
    NOTICE_MINOR = "notice_minor"
    NOTICE_DISABLED = "notice_disabled"
    NOTICE_INCAPABLE = "notice_incapable"
    NOTICE_LIFE_DEATH = "notice_life_death"
    NOTICE_DEATH_REVIEW = "notice_death_review"
    NOTICE_ABSENTIA = "notice_absentia"
    NOTICE_OTHER = "notice_other"
    STATE_COMPENSATION = "civil_state_compensation"
    SOCIAL_INSURANCE = "civil_social_insurance"
    PENSION = "civil_pension"
    MAINTENANCE = "civil_maintenance"
    WAGES = "civil_wages"
    CAPACITY = "civil_capacity"
    PERSONAL_INJURY = "civil_personal_injury"
    ENVIRONMENT = "civil_environment"
    CIVIL_OTHER = "civil_other"
    HERO = "free_hero"
    RESCUER = "free_rescuer"
    ACQUITTAL_COMPENSATION = "free_acquittal_compensation"
    DOMESTIC_VIOLENCE = "free_domestic_violence"
    FREE_OTHER = "free_other"
    RETRIAL = "retrial"


def group_of(matter: Matter | str) -> MatterGroup:
    value = str(matter)
    if value.startswith("notice_"):
        return MatterGroup.CRIMINAL_NOTICE
    if value.startswith("crim_"):
        return MatterGroup.CRIMINAL_APPLICATION
    if value.startswith("civil_"):
        return MatterGroup.CIVIL
    if value.startswith("free_"):
        return MatterGroup.NO_HARDSHIP
    return MatterGroup.RETRIAL


NOTICE_MATTERS = tuple(m for m in Matter if group_of(m) is MatterGroup.CRIMINAL_NOTICE)
APPLICATION_MATTERS = tuple(m for m in Matter if group_of(m) is not MatterGroup.CRIMINAL_NOTICE)
#: Art. 26: life imprisonment or death needs a lawyer with ≥ 3 years of relevant practice.
LIFE_OR_DEATH = frozenset({Matter.NOTICE_LIFE_DEATH, Matter.NOTICE_DEATH_REVIEW})


class ExemptGroup(StrEnum):
    """免予核查经济困难 (art. 42)."""

    NO_INCOME = "no_income"
    ASSISTANCE = "assistance"
    MIGRANT_WAGES = "migrant_wages"
    OTHER = "other"


class ServiceForm(StrEnum):
    """法律援助服务形式 (art. 22)."""

    ADVICE = "advice"
    DOCUMENTS = "documents"
    CRIMINAL = "criminal"
    LITIGATION = "litigation"
    DUTY = "duty"
    LABOUR = "labour"
    OTHER = "other"


class Status(StrEnum):
    APPLIED = "applied"
    MATERIALS = "materials"
    WITHDRAWN = "withdrawn"
    GRANTED = "granted"
    REFUSED = "refused"
    ASSIGNED = "assigned"
    TERMINATED = "terminated"
    CLOSED = "closed"


CLOSED_STATES = frozenset({Status.WITHDRAWN, Status.REFUSED, Status.TERMINATED, Status.CLOSED})


class TerminationReason(StrEnum):
    """法援终止原因 (art. 48)."""

    DECEPTION = "deception"
    CONCEALMENT = "concealment"
    ILLEGAL_USE = "illegal_use"
    FINANCES_CHANGED = "finances_changed"
    CASE_ENDED = "case_ended"
    OWN_LAWYER = "own_lawyer"
    REQUESTED = "requested"
    OTHER = "other"


class ProviderKind(StrEnum):
    LAWYER = "lawyer"
    LEGAL_SERVICE_WORKER = "legal_service_worker"
    VOLUNTEER = "volunteer"


class QualityMethod(StrEnum):
    """Art. 59."""

    HEARING = "hearing"
    FILE = "file"
    COURT = "court"
    VISIT = "visit"


class Grade(StrEnum):
    EXCELLENT = "excellent"
    GOOD = "good"
    PASS = "pass"
    FAIL = "fail"


class Satisfaction(StrEnum):
    SATISFIED = "satisfied"
    BASIC = "basic"
    UNSATISFIED = "unsatisfied"


class Workstation(StrEnum):
    COURT = "court"
    PROCURATORATE = "procuratorate"
    DETENTION = "detention"


LABELS: tuple[tuple[StrEnum, tuple[str, str]], ...] = (
    (Channel.WINDOW, ("窗口申请", "Service window")),
    (Channel.HOTLINE, ("12348热线", "12348 hotline")),
    (Channel.ONLINE, ("网上申请", "Online")),
    (Channel.WORKSTATION, ("工作站/联络点", "Workstation")),
    (Channel.DUTY_LAWYER, ("值班律师转交", "Duty lawyer")),
    (Channel.POLICE, ("公安机关转交", "Transferred by police")),
    (Channel.PROCURATORATE, ("检察院转交", "Transferred by procuratorate")),
    (Channel.COURT, ("法院转交", "Transferred by court")),
    (Channel.MAIL, ("邮寄申请", "Mail")),
    (Channel.HOME_VISIT, ("上门受理", "Home visit")),
    (Channel.NOTICE, ("通知辩护", "Defence notice")),
    (Channel.REFERRAL, ("其他模块转办", "Referral")),
    (MatterGroup.CRIMINAL_APPLICATION, ("刑事（依申请）", "Criminal, on application")),
    (MatterGroup.CRIMINAL_NOTICE, ("刑事（通知辩护）", "Criminal, on notice")),
    (MatterGroup.CIVIL, ("民事、行政（须经济困难）", "Civil/administrative")),
    (MatterGroup.NO_HARDSHIP, ("不受经济困难条件限制", "No hardship test")),
    (MatterGroup.RETRIAL, ("申诉、再审", "Complaint/retrial")),
    (Matter.CRIM_SUSPECT, ("犯罪嫌疑人、被告人因经济困难等申请", "Suspect/defendant applies")),
    (Matter.CRIM_VICTIM, ("被害人、自诉人、附带民事诉讼原告人申请", "Victim applies")),
    (Matter.NOTICE_MINOR, ("未成年人", "Minor")),
    (Matter.NOTICE_DISABLED, ("视力、听力、言语残疾人", "Blind, deaf or mute")),
    (Matter.NOTICE_INCAPABLE, ("不能完全辨认自己行为的成年人", "Adult unable to understand")),
    (Matter.NOTICE_LIFE_DEATH, ("可能被判处无期徒刑、死刑", "Facing life or death")),
    (Matter.NOTICE_DEATH_REVIEW, ("死刑复核案件被告人", "Death-penalty review")),
    (Matter.NOTICE_ABSENTIA, ("缺席审判", "Tried in absentia")),
    (Matter.NOTICE_OTHER, ("法律规定的其他人员（含强制医疗）", "Other by law")),
    (Matter.STATE_COMPENSATION, ("依法请求国家赔偿", "State compensation")),
    (Matter.SOCIAL_INSURANCE, ("请求给予社会保险待遇或者社会救助", "Social insurance/assistance")),
    (Matter.PENSION, ("请求发给抚恤金", "Pension")),
    (Matter.MAINTENANCE, ("请求给付赡养费、抚养费、扶养费", "Maintenance")),
    (Matter.WAGES, ("请求确认劳动关系或者支付劳动报酬", "Employment or wages")),
    (Matter.CAPACITY, ("请求认定公民无民事行为能力或者限制民事行为能力", "Capacity")),
    (Matter.PERSONAL_INJURY, ("请求工伤、交通、食品药品、医疗事故人身损害赔偿", "Personal injury")),
    (Matter.ENVIRONMENT, ("请求环境污染、生态破坏损害赔偿", "Environmental damage")),
    (Matter.CIVIL_OTHER, ("法律、法规、规章规定的其他情形", "Other civil matter")),
    (Matter.HERO, ("英雄烈士近亲属维护人格权益", "Hero's or martyr's relatives")),
    (Matter.RESCUER, ("因见义勇为行为主张相关民事权益", "Rescuer")),
    (Matter.ACQUITTAL_COMPENSATION, ("再审改判无罪请求国家赔偿", "Acquitted on retrial")),
    (
        Matter.DOMESTIC_VIOLENCE,
        ("遭受虐待、遗弃或者家庭暴力的受害人", "Abuse or domestic violence"),
    ),
    (Matter.FREE_OTHER, ("法律、法规、规章规定的其他情形（免经济困难）", "Other (no test)")),
    (Matter.RETRIAL, ("申诉、再审案件", "Complaint or retrial")),
    (ExemptGroup.NO_INCOME, ("无固定生活来源的未成年人、老年人、残疾人", "No fixed income")),
    (ExemptGroup.ASSISTANCE, ("社会救助、司法救助或者优抚对象", "Assistance recipient")),
    (ExemptGroup.MIGRANT_WAGES, ("申请支付劳动报酬或者工伤赔偿的农民工", "Migrant worker")),
    (ExemptGroup.OTHER, ("法律、法规、规章规定的其他人员", "Other by law")),
    (ServiceForm.ADVICE, ("法律咨询", "Advice")),
    (ServiceForm.DOCUMENTS, ("代拟法律文书", "Drafting documents")),
    (ServiceForm.CRIMINAL, ("刑事辩护与代理", "Criminal defence")),
    (ServiceForm.LITIGATION, ("民事、行政诉讼代理", "Litigation agency")),
    (ServiceForm.DUTY, ("值班律师法律帮助", "Duty lawyer help")),
    (ServiceForm.LABOUR, ("劳动争议调解与仲裁代理", "Labour arbitration")),
    (ServiceForm.OTHER, ("其他形式", "Other")),
    (Status.APPLIED, ("待审查", "Under review")),
    (Status.MATERIALS, ("补充材料中", "Awaiting materials")),
    (Status.WITHDRAWN, ("视为撤回", "Treated as withdrawn")),
    (Status.GRANTED, ("待指派", "Awaiting assignment")),
    (Status.REFUSED, ("不予援助", "Refused")),
    (Status.ASSIGNED, ("承办中", "In hand")),
    (Status.TERMINATED, ("终止援助", "Terminated")),
    (Status.CLOSED, ("已结案", "Closed")),
    (
        TerminationReason.DECEPTION,
        ("以欺骗或者其他不正当手段获得法律援助", "Obtained by deception"),
    ),
    (TerminationReason.CONCEALMENT, ("故意隐瞒重要事实或者提供虚假证据", "Hid facts")),
    (TerminationReason.ILLEGAL_USE, ("利用法律援助从事违法活动", "Used for illegal activity")),
    (TerminationReason.FINANCES_CHANGED, ("经济状况发生变化，不再符合条件", "Finances changed")),
    (TerminationReason.CASE_ENDED, ("案件终止审理或者已经被撤销", "Case ended or withdrawn")),
    (TerminationReason.OWN_LAWYER, ("受援人自行委托律师或者其他代理人", "Own lawyer hired")),
    (TerminationReason.REQUESTED, ("受援人有正当理由要求终止", "Requested by the aided person")),
    (TerminationReason.OTHER, ("法律法规规定的其他情形", "Other by law")),
    (ProviderKind.LAWYER, ("律师", "Lawyer")),
    (ProviderKind.LEGAL_SERVICE_WORKER, ("基层法律服务工作者", "Legal-service worker")),
    (ProviderKind.VOLUNTEER, ("法律援助志愿者", "Volunteer")),
    (QualityMethod.HEARING, ("旁听庭审", "Hearing observation")),
    (QualityMethod.FILE, ("检查案卷", "File inspection")),
    (QualityMethod.COURT, ("征询司法机关意见", "Asking the court")),
    (QualityMethod.VISIT, ("回访受援人", "Follow-up visit")),
    (Grade.EXCELLENT, ("优秀", "Excellent")),
    (Grade.GOOD, ("良好", "Good")),
    (Grade.PASS, ("合格", "Pass")),
    (Grade.FAIL, ("不合格", "Fail")),
    (Satisfaction.SATISFIED, ("满意", "Satisfied")),
    (Satisfaction.BASIC, ("基本满意", "Basically satisfied")),
    (Satisfaction.UNSATISFIED, ("不满意", "Unsatisfied")),
    (Workstation.COURT, ("法院工作站", "Court workstation")),
    (Workstation.PROCURATORATE, ("检察院工作站", "Procuratorate workstation")),
    (Workstation.DETENTION, ("看守所工作站", "Detention-centre workstation")),
)


_BY_LIST: dict[tuple[str, str], tuple[str, str]] = {
    (type(code).__name__, code.value): pair for code, pair in LABELS
}


def label(codes: type[StrEnum], value: object, locale: str = "zh") -> str:
    """The label of a code of the list *codes* (its raw value if unknown)."""
    if value is None or value == "":
        return "—"
    pair = _BY_LIST.get((codes.__name__, str(value)))
    if pair is None:
        return str(value)
    return pair[1] if locale == "en" else pair[0]


def choices(codes: type[StrEnum], locale: str = "zh") -> list[tuple[str, str]]:
    """``(value, label)`` of every code of a list, for a select."""
    return [(code.value, label(codes, code, locale)) for code in codes]
