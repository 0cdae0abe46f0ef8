"""The legal-aid tables (法律援助). Each carries ``legal_aid_`` as prefix and the organisation
it belongs to (the aid centre), so the core's scoping, record guard and audit apply."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, Numeric, UniqueConstraint
from sqlmodel import Field, SQLModel

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

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="legal_aid_case.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    happened_on: date
    note: str = Field(max_length=2000)
    recorded_by: int | None = Field(default=None, foreign_key="staff_account.id")


class LegalAidObjection(SQLModel, table=True):
    """异议: the applicant objects to a refusal or termination; the bureau reviews in 5 days."""

    __tablename__ = "legal_aid_objection"

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
