"""The legal-aid tables (法律援助). Each carries ``legal_aid_`` as prefix and the organisation
it belongs to (the aid centre), so the core's scoping, record guard and audit apply."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, Index, Numeric, UniqueConstraint
from sqlmodel import Field, SQLModel

from legal_aid import codes as C

__all__ = [
    "MODELS",
    "LegalAidAttachment",
    "LegalAidCase",
    "LegalAidComplaint",
    "LegalAidDutyLog",
    "LegalAidDutyShift",
    "LegalAidHandover",
    "LegalAidObjection",
    "LegalAidProgress",
    "LegalAidProvider",
    "LegalAidQualityCheck",
    "LegalAidSubmission",
    "LegalAidSubsidy",
    "LegalAidSubsidyRate",
]


class LegalAidProvider(SQLModel, table=True):
    """法律援助人员名册: a lawyer, legal-service worker or volunteer on a centre's roster."""

    __tablename__ = "legal_aid_provider"
    __label__ = ("法律援助人员", "Legal-aid provider")

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    name: str = Field(max_length=50)
    kind: str = Field(max_length=30)
    practice_number: str | None = Field(default=None, max_length=30, index=True)  # 执业证号
    firm: str | None = Field(default=None, max_length=100)
    relevant_years: int = Field(default=0)  # years of relevant practice (art. 26)
    phone: str | None = Field(default=None, max_length=20)
    account_id: int | None = Field(default=None, foreign_key="staff_account.id")
    active: bool = Field(default=True)
    last_assigned_at: datetime | None = None
    version: int = Field(default=1)
    updated_at: datetime | None = None


class LegalAidCase(SQLModel, table=True):
    """One application (申请) or defence notice (通知辩护) from receipt to the closed file."""

    __tablename__ = "legal_aid_case"
    __label__ = ("法律援助案件", "Legal-aid case")
    __table_args__ = (Index("ix_legal_aid_case_org_received", "org_id", "received_at", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    number: str = Field(max_length=40, unique=True)
    status: str = Field(max_length=20, index=True)
    channel: str = Field(max_length=30)
    matter: str = Field(max_length=40)
    service_form: str = Field(max_length=20)
    applicant_id: int = Field(foreign_key="person.id", index=True)
    representative_id: int | None = Field(default=None, foreign_key="person.id")
    representative_relation: str | None = Field(default=None, max_length=30)
    summary: str = Field(max_length=2000)
    economic_situation: str | None = Field(default=None, max_length=1000)
    integrity_pledge: bool = Field(default=False)  # 个人诚信承诺 (art. 41)
    exempt_group: str | None = Field(default=None, max_length=30)  # 免予核查 (art. 42)
    limitation_deadline: date | None = None  # 时效/期限届满日 (art. 44)
    preferred_provider_id: int | None = Field(default=None, foreign_key="legal_aid_provider.id")
    # Receipt; a forwarded application was taken earlier by someone else (art. 39, 24 h).
    received_at: datetime
    received_on: date = Field(index=True)
    taken_at: datetime | None = None
    taken_by: str | None = Field(default=None, max_length=100)
    # Notice cases (通知辩护).
    notifying_authority: str | None = Field(default=None, max_length=100)
    authority_case_number: str | None = Field(default=None, max_length=60)
    # Review (审查), with the one-time request for missing materials pausing the clock.
    review_due: date | None = None
    materials_requested_on: date | None = None
    materials_list: str | None = Field(default=None, max_length=2000)
    materials_due: date | None = None
    materials_supplied_on: date | None = None
    decided_on: date | None = None
    review_on_time: bool | None = None
    refusal_reason: str | None = Field(default=None, max_length=1000)
    advance_aid: bool = Field(default=False)  # 先行援助 (art. 44)
    # Assignment (指派).
    assign_due: date | None = None
    assigned_on: date | None = None
    assign_on_time: bool | None = None
    provider_id: int | None = Field(default=None, foreign_key="legal_aid_provider.id", index=True)
    assignment_mode: str | None = Field(default=None, max_length=20)  # rotation / choice
    # End (办结/终止) and the closing report (结案报告).
    ended_on: date | None = None
    result: str | None = Field(default=None, max_length=500)
    termination_reason: str | None = Field(default=None, max_length=30)
    report_due: date | None = None
    report: str | None = Field(default=None, max_length=4000)
    reported_on: date | None = None
    report_on_time: bool | None = None
    satisfaction: str | None = Field(default=None, max_length=20)
    surveyed_on: date | None = None
    deadlines_pending: bool = Field(default=False)
    version: int = Field(default=1)
    updated_at: datetime | None = None


class LegalAidAttachment(SQLModel, table=True):
    """An uploaded material; the file lives under the data directory, not in the database."""

    __tablename__ = "legal_aid_attachment"
    __label__ = ("申请材料", "Attachment")

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="legal_aid_case.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    kind: str = Field(max_length=30)
    filename: str = Field(max_length=200)
    stored_name: str = Field(max_length=80)
    content_type: str = Field(max_length=60)
    size: int
    uploaded_at: datetime


class LegalAidProgress(SQLModel, table=True):
    """承办进展: what the aid lawyer did and when."""

    __tablename__ = "legal_aid_progress"
    __label__ = ("承办进展", "Progress")

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="legal_aid_case.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    happened_on: date
    note: str = Field(max_length=2000)
    recorded_by: int | None = Field(default=None, foreign_key="staff_account.id")


class LegalAidObjection(SQLModel, table=True):
    """异议: the applicant objects to a refusal or termination; the bureau reviews in 5 days."""

    __tablename__ = "legal_aid_objection"
    __label__ = ("异议", "Objection")

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="legal_aid_case.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    received_on: date
    grounds: str = Field(max_length=2000)
    due: date | None = None
    decided_on: date | None = None
    upheld: bool | None = None
    decision_reason: str | None = Field(default=None, max_length=1000)
    version: int = Field(default=1)
    updated_at: datetime | None = None


class LegalAidHandover(SQLModel, table=True):
    """异地协作: a case handed to another centre, which receives it. The row belongs to the
    receiving centre (``org_id``) so that its staff can open it."""

    __tablename__ = "legal_aid_handover"
    __label__ = ("异地协作", "Handover")

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="legal_aid_case.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    from_org_id: int = Field(foreign_key="org_unit.id")
    sent_on: date
    note: str = Field(max_length=1000)
    received_on: date | None = None
    version: int = Field(default=1)
    updated_at: datetime | None = None


class LegalAidQualityCheck(SQLModel, table=True):
    """质量评估 by one of the art. 59 methods, with a grade."""

    __tablename__ = "legal_aid_quality_check"
    __label__ = ("质量评估", "Quality check")

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="legal_aid_case.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    method: str = Field(max_length=20)
    checked_on: date
    grade: str = Field(max_length=20)
    notes: str = Field(max_length=2000)
    checked_by: int | None = Field(default=None, foreign_key="staff_account.id")


class LegalAidComplaint(SQLModel, table=True):
    """投诉 by the aided person, possibly asking for another lawyer (art. 55)."""

    __tablename__ = "legal_aid_complaint"
    __label__ = ("投诉", "Complaint")

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="legal_aid_case.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    received_on: date
    content: str = Field(max_length=2000)
    wants_change: bool = Field(default=False)
    old_provider_id: int | None = Field(default=None, foreign_key="legal_aid_provider.id")
    new_provider_id: int | None = Field(default=None, foreign_key="legal_aid_provider.id")
    handled_note: str | None = Field(default=None, max_length=1000)


class LegalAidSubsidyRate(SQLModel, table=True):
    """办案补贴标准: yuan per case of a service form and matter group, set by a bureau."""

    __tablename__ = "legal_aid_subsidy_rate"
    __label__ = ("办案补贴标准", "Subsidy rate")
    __table_args__ = (UniqueConstraint("org_id", "service_form", "matter_group"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    service_form: str = Field(max_length=20)
    matter_group: str = Field(max_length=30)
    amount: Decimal = Field(sa_column=Column(Numeric(12, 2), nullable=False))
    version: int = Field(default=1)
    updated_at: datetime | None = None


class LegalAidSubsidy(SQLModel, table=True):
    """办案补贴 of one closed case: computed on closing, adjusted by grade, frozen once approved."""

    __tablename__ = "legal_aid_subsidy"
    __label__ = ("办案补贴", "Case subsidy")
    __table_args__ = (Index("ix_legal_aid_subsidy_org_computed", "org_id", "computed_on", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="legal_aid_case.id", unique=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    provider_id: int | None = Field(default=None, foreign_key="legal_aid_provider.id")
    base_amount: Decimal = Field(sa_column=Column(Numeric(12, 2), nullable=False))
    grade: str | None = Field(default=None, max_length=20)
    factor_percent: int = Field(default=100)
    amount: Decimal = Field(sa_column=Column(Numeric(12, 2), nullable=False))
    computed_on: date
    approved_on: date | None = None
    approved_by: int | None = Field(default=None, foreign_key="staff_account.id")
    version: int = Field(default=1)
    updated_at: datetime | None = None


class LegalAidDutyShift(SQLModel, table=True):
    """值班: a duty lawyer at a court, procuratorate or detention-centre workstation."""

    __tablename__ = "legal_aid_duty_shift"
    __label__ = ("值班律师排班", "Duty shift")

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    workstation: str = Field(max_length=20)
    place: str = Field(max_length=100)
    provider_id: int = Field(foreign_key="legal_aid_provider.id", index=True)
    starts_at: datetime = Field(index=True)
    ends_at: datetime


class LegalAidDutyLog(SQLModel, table=True):
    """值班日志 of one shift."""

    __tablename__ = "legal_aid_duty_log"
    __label__ = ("值班日志", "Duty log")

    id: int | None = Field(default=None, primary_key=True)
    shift_id: int = Field(foreign_key="legal_aid_duty_shift.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    consultations: int = Field(default=0)
    plea_signings: int = Field(default=0)  # 认罪认罚具结书签署在场
    applications_taken: int = Field(default=0)
    notes: str = Field(max_length=2000)


class LegalAidSubmission(SQLModel, table=True):
    """One POST of the public form, keyed by a hash of the client, for the rate limit."""

    __tablename__ = "legal_aid_submission"
    __label__ = ("网上申请", "Online application")

    id: int | None = Field(default=None, primary_key=True)
    client_key: str = Field(max_length=64, index=True)
    at: datetime = Field(index=True)


MODELS = [
    LegalAidProvider,
    LegalAidCase,
    LegalAidAttachment,
    LegalAidProgress,
    LegalAidObjection,
    LegalAidHandover,
    LegalAidQualityCheck,
    LegalAidComplaint,
    LegalAidSubsidyRate,
    LegalAidSubsidy,
    LegalAidDutyShift,
    LegalAidDutyLog,
    LegalAidSubmission,
]


#: Names of this module's columns the core does not already name (core.labels).
FIELD_LABELS: dict[str, str] = {
    "advance_aid": "先行提供法律援助",
    "applicant_id": "申请人",
    "applications_taken": "代为转交申请数",
    "assign_due": "指派期限",
    "assign_on_time": "按期指派",
    "assignment_mode": "指派方式",
    "authority_case_number": "办案机关案号",
    "base_amount": "基本补贴",
    "checked_by": "评估人",
    "checked_on": "评估日期",
    "client_key": "提交来源",
    "computed_on": "核算日期",
    "decision_reason": "决定理由",
    "due": "期限",
    "economic_situation": "经济状况",
    "exempt_group": "免予核查经济困难的情形",
    "factor_percent": "调整比例（%）",
    "grade": "等级",
    "grounds": "理由",
    "handled_note": "处理情况",
    "happened_on": "发生日期",
    "integrity_pledge": "诚信承诺",
    "last_assigned_at": "最近指派时间",
    "limitation_deadline": "时效届满日",
    "materials_due": "补充材料期限",
    "materials_list": "需补充材料",
    "materials_requested_on": "通知补充材料日期",
    "materials_supplied_on": "补齐材料日期",
    "matter_group": "事项类别",
    "method": "评估方式",
    "new_provider_id": "更换后承办人",
    "notifying_authority": "通知机关",
    "number": "编号",
    "old_provider_id": "原承办人",
    "plea_signings": "见证认罪认罚具结",
    "preferred_provider_id": "指定承办人",
    "relevant_years": "相关年度",
    "report": "报告",
    "report_due": "报告期限",
    "report_on_time": "按期报告",
    "representative_id": "代理人",
    "representative_relation": "代理人关系",
    "review_due": "审查期限",
    "review_on_time": "按期审查",
    "sent_on": "发送日期",
    "service_form": "服务形式",
    "shift_id": "值班",
    "surveyed_on": "回访日期",
    "taken_at": "接收时间",
    "taken_by": "接收人",
    "upheld": "异议成立",
    "wants_change": "要求更换承办人",
    "workstation": "工作站",
}


def _codes(*lists: type) -> dict[str, tuple[str, str]]:
    """The labels of one or more code lists, for a column that stores their codes."""
    return {m.value: pair for m, pair in C.LABELS if type(m) in lists}


#: The columns that store a code of the module's code lists (core.labels).
VALUE_LABELS = {
    "status": _codes(C.Status),
    "channel": _codes(C.Channel),
    "matter": _codes(C.Matter),
    "matter_group": _codes(C.MatterGroup),
    "service_form": _codes(C.ServiceForm),
    "exempt_group": _codes(C.ExemptGroup),
    "termination_reason": _codes(C.TerminationReason),
    "satisfaction": _codes(C.Satisfaction),
    "method": _codes(C.QualityMethod),
    "grade": _codes(C.Grade),
    "workstation": _codes(C.Workstation),
}
