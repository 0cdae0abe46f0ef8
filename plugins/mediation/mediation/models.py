"""The mediation module's tables, all named ``mediation_*``.

Every row carries ``org_id``: the organisation node of the committee it belongs to, so the
core's scoping helper answers "may this user see it" for every table the same way (a
committee hangs under a village, a station or the bureau, so a station sees the committees
and cases of its subtree). Editable records carry ``version`` for optimistic locking.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import Column, Index, Numeric, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from mediation import codes as C
from mediation.codes import CaseStatus, ConfirmationStatus

__all__ = [
    "MediationAgreement",
    "MediationCase",
    "MediationCaseCounter",
    "MediationCaseMediator",
    "MediationCommittee",
    "MediationEscalation",
    "MediationEvidence",
    "MediationFiling",
    "MediationFollowUp",
    "MediationHandover",
    "MediationMediator",
    "MediationParty",
    "MediationPortalRating",
    "MediationSession",
    "MediationSubsidyLine",
    "MediationSubsidySheet",
    "MediationTraining",
    "MediationWarning",
]

MONEY = Numeric(14, 2)


def utcnow() -> datetime:
    return datetime.now(UTC)


# -- registers ----------------------------------------------------------------------------


class MediationCommittee(SQLModel, table=True):
    """人民调解委员会登记: the register entry of one committee.

    The committee itself is an organisation node of type ``mediation_committee`` (its name
    and kind live there); ``org_id`` is that node. ``short_name`` is the committee's word
    in case numbers: ``（2026）前进人调字第12号``.
    """

    __tablename__ = "mediation_committee"
    __label__ = ("人民调解委员会", "Mediation committee")

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", unique=True)
    short_name: str = Field(max_length=20)
    established_on: date | None = None
    address: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=40)
    notes: str | None = Field(default=None, max_length=500)
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class MediationFiling(SQLModel, table=True):
    """备案: the bureau's filing of a committee's establishment or change (RTF art. 10)."""

    __tablename__ = "mediation_filing"
    __label__ = ("调委会备案", "Committee filing")

    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = Field(foreign_key="mediation_committee.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    kind: str = Field(sa_column=Column(String(20), nullable=False))
    filed_on: date
    document_number: str | None = Field(default=None, max_length=60)
    notes: str | None = Field(default=None, max_length=500)
    recorded_by: int | None = None
    created_at: datetime = Field(default_factory=utcnow)


class MediationMediator(SQLModel, table=True):
    """人民调解员: a committee member or a mediator the committee hired (RTF arts. 13–14).

    ``term_start``/``term_end`` are the member's term (three years, RTF art. 9);
    ``account_id`` links the mediator to their staff account, for "my cases".
    """

    __tablename__ = "mediation_mediator"
    __label__ = ("人民调解员", "Mediator")

    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = Field(foreign_key="mediation_committee.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    name: str = Field(max_length=50)
    sex: str | None = Field(default=None, sa_column=Column(String(8)))
    phone: str | None = Field(default=None, max_length=24)
    employment: str = Field(sa_column=Column(String(20), nullable=False))
    position: str = Field(sa_column=Column(String(20), nullable=False))
    term_start: date | None = None
    term_end: date | None = None
    account_id: int | None = Field(default=None, foreign_key="staff_account.id", index=True)
    active: bool = True
    notes: str | None = Field(default=None, max_length=500)
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class MediationTraining(SQLModel, table=True):
    """业务培训: one training a mediator attended (each should attend one a year)."""

    __tablename__ = "mediation_training"
    __label__ = ("业务培训", "Training")

    id: int | None = Field(default=None, primary_key=True)
    mediator_id: int = Field(foreign_key="mediation_mediator.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    held_on: date = Field(index=True)
    title: str = Field(max_length=100)
    organiser: str | None = Field(default=None, max_length=100)
    hours: Decimal | None = Field(default=None, sa_column=Column(Numeric(5, 1)))
    recorded_by: int | None = None
    created_at: datetime = Field(default_factory=utcnow)


# -- cases --------------------------------------------------------------------------------


class MediationCaseCounter(SQLModel, table=True):
    """The last case serial a committee gave in a year: the source of gap-free numbers.

    Advanced only by one atomic ``UPDATE … RETURNING`` inside the intake's transaction, so
    concurrent intakes queue on this row and a rolled-back intake gives its number back.
    Not audited: the case row that receives the number is.
    """

    __tablename__ = "mediation_case_counter"
    __label__ = ("案件编号计数", "Case number counter")
    __table_args__ = ({"info": {"audit": False}},)

    committee_id: int = Field(foreign_key="mediation_committee.id", primary_key=True)
    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last_serial: int = 0


class MediationCase(SQLModel, table=True):
    """调解案件: one dispute, from registration (登记) to the archived file (结案归档)."""

    __tablename__ = "mediation_case"
    __label__ = ("调解案件", "Mediation case")
    __table_args__ = (
        Index("ix_mediation_case_registered", "registered_on", "id"),
        Index("ix_mediation_case_org_registered", "org_id", "registered_on", "id"),
        UniqueConstraint("committee_id", "year", "serial"),
        Index("ix_mediation_case_org_id_status", "org_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    committee_id: int = Field(foreign_key="mediation_committee.id", index=True)
    year: int
    serial: int | None = None
    case_number: str | None = Field(default=None, max_length=60, index=True)
    status: str = Field(
        default=CaseStatus.REGISTERED,
        sa_column=Column(String(20), nullable=False, index=True),
    )
    title: str = Field(max_length=100)
    # how it came in
    source: str = Field(sa_column=Column(String(32), nullable=False))
    application_form: str | None = Field(default=None, sa_column=Column(String(10)))
    application_text: str | None = Field(default=None, sa_column=Column(Text))
    applicant_signed: bool = False
    referral_mode: str | None = Field(default=None, sa_column=Column(String(20)))
    referring_body: str | None = Field(default=None, max_length=100)
    referral_number: str | None = Field(default=None, max_length=60)
    # what it is about
    category_code: str = Field(max_length=4)
    ministry_category: str = Field(sa_column=Column(String(32), nullable=False, index=True))
    description: str = Field(sa_column=Column(Text, nullable=False))
    place: str | None = Field(default=None, max_length=200)
    occurred_on: date | None = None
    amount: Decimal | None = Field(default=None, sa_column=Column(MONEY))
    people_involved: int = 2
    # registration and acceptance
    registered_on: date = Field(index=True)
    registered_by: int | None = None
    accepted_on: date | None = None
    rights_notified_on: date | None = None
    due_on: date | None = None
    refused_on: date | None = None
    refusal_reason: str | None = Field(default=None, sa_column=Column(String(32)))
    refusal_note: str | None = Field(default=None, max_length=500)
    # end of mediation without agreement
    terminated_on: date | None = None
    termination_reason: str | None = Field(default=None, sa_column=Column(String(32)))
    remedies: str | None = Field(default=None, max_length=100)
    termination_note: str | None = Field(default=None, max_length=1000)
    # assessment and file
    difficulty: str | None = Field(default=None, sa_column=Column(String(10)))
    closed_on: date | None = Field(default=None, index=True)
    archived_on: date | None = None
    archived_by: int | None = None
    #: Prevention outcomes the statistics report (DOMAIN.md §1.9): mediation kept the dispute
    #: from turning into a criminal case (防止民间纠纷转化为刑事案件) / from a group petition
    #: (防止群体性上访). Set on a case with an agreement.
    prevented_criminal: bool = Field(default=False, index=True)
    prevented_group_petition: bool = Field(default=False, index=True)
    #: 预警等级 now in force (None: no warning); its history is ``mediation_warning``.
    warning_level: str | None = Field(default=None, sa_column=Column(String(10), index=True))
    #: Set only on rows from before core API 1.3 left without a term; the nightly job fills them.
    deadlines_pending: bool = Field(default=False, index=True)
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    @property
    def remedy_list(self) -> list[str]:
        return [r for r in (self.remedies or "").split(",") if r]


class MediationParty(SQLModel, table=True):
    """当事人: a person of the core registry in a case, as applicant, respondent or agent."""

    __tablename__ = "mediation_party"
    __label__ = ("当事人", "Party")
    __table_args__ = (UniqueConstraint("case_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="mediation_case.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    role: str = Field(sa_column=Column(String(20), nullable=False))
    represents_id: int | None = Field(default=None, foreign_key="mediation_party.id")
    position: int = 0
    created_at: datetime = Field(default_factory=utcnow)


class MediationCaseMediator(SQLModel, table=True):
    """A mediator assigned to a case (RTF art. 19); ``lead`` is the one who answers for it."""

    __tablename__ = "mediation_case_mediator"
    __label__ = ("承办调解员", "Case mediator")
    __table_args__ = (UniqueConstraint("case_id", "mediator_id"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="mediation_case.id", index=True)
    mediator_id: int = Field(foreign_key="mediation_mediator.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    lead: bool = False
    assigned_on: date


class MediationSession(SQLModel, table=True):
    """调解记录: one mediation session — when, who took part, what was said."""

    __tablename__ = "mediation_session"
    __label__ = ("调解记录", "Mediation session")

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="mediation_case.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    held_on: date
    place: str | None = Field(default=None, max_length=200)
    participants: str = Field(max_length=500)
    notes: str = Field(sa_column=Column(Text, nullable=False))
    recorded_by: int | None = None
    created_at: datetime = Field(default_factory=utcnow)


class MediationAgreement(SQLModel, table=True):
    """调解协议 (RTF arts. 28–31), its performance and its judicial confirmation (art. 33).

    A case has at most one live agreement; one the court found invalid is ``superseded``
    when the parties mediate again.
    """

    __tablename__ = "mediation_agreement"
    __label__ = ("调解协议", "Mediation agreement")

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="mediation_case.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    form: str = Field(sa_column=Column(String(10), nullable=False))
    concluded_on: date
    terms: str = Field(sa_column=Column(Text, nullable=False))
    amount: Decimal | None = Field(default=None, sa_column=Column(MONEY))
    performance_method: str = Field(max_length=200)
    performance_deadline: date
    performance_place: str | None = Field(default=None, max_length=200)
    superseded: bool = False
    performed_on: date | None = None
    performance_note: str | None = Field(default=None, max_length=500)
    confirmation_status: str = Field(
        default=ConfirmationStatus.NONE, sa_column=Column(String(10), nullable=False)
    )
    confirmation_applied_on: date | None = None
    confirmation_court: str | None = Field(default=None, max_length=100)
    confirmation_case_number: str | None = Field(default=None, max_length=60)
    confirmation_decided_on: date | None = None
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class MediationFollowUp(SQLModel, table=True):
    """回访记录: a visit after the agreement — performance, satisfaction, new conflict."""

    __tablename__ = "mediation_follow_up"
    __label__ = ("回访记录", "Follow-up")

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="mediation_case.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    visited_on: date
    visited_persons: str = Field(max_length=200)
    visitor: str = Field(max_length=50)
    performance: str = Field(max_length=500)
    satisfaction: str = Field(sa_column=Column(String(12), nullable=False))
    new_conflict: bool = False
    notes: str | None = Field(default=None, max_length=1000)
    recorded_by: int | None = None
    created_at: datetime = Field(default_factory=utcnow)


class MediationWarning(SQLModel, table=True):
    """预警: one change of a case's warning level (raised, lowered or lifted), with why.

    The last row of a case is the warning in force. A raised level must be answered
    (响应/处置) within the level's response time: until then it is a core due item that
    turns red and climbs the tree when late.
    """

    __tablename__ = "mediation_warning"
    __label__ = ("预警", "Warning")

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="mediation_case.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    level: str | None = Field(default=None, sa_column=Column(String(10)))
    previous_level: str | None = Field(default=None, sa_column=Column(String(10)))
    reason: str = Field(max_length=500)
    changed_at: datetime
    changed_by: int | None = None
    respond_by: datetime | None = None
    responded_at: datetime | None = None
    responded_by: int | None = None
    response_note: str | None = Field(default=None, max_length=500)
    version: int = 1


class MediationEscalation(SQLModel, table=True):
    """上报/移交: a case the committee cannot resolve, handed up to a station, the bureau or
    a named department (an organisation node), which must sign for it (签收) in time and
    report back (回告) with the result.

    Scoped by the *receiver* (``__scope_org_attr__``): the receiving organisation reaches
    the escalation — and, while it is open, the case's facts through it — even when the
    case lies outside its subtree; the sender reaches it through the case.
    """

    __tablename__ = "mediation_escalation"
    __label__ = ("上报案件", "Escalation")
    __scope_org_attr__ = "receiver_org_id"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="mediation_case.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    receiver_org_id: int = Field(foreign_key="org_unit.id", index=True)
    status: str = Field(default="pending", sa_column=Column(String(10), nullable=False, index=True))
    reason: str = Field(sa_column=Column(Text, nullable=False))
    escalated_at: datetime
    escalated_by: int | None = None
    sign_by: datetime | None = None
    signed_at: datetime | None = None
    signed_by: int | None = None
    report_by: date | None = None
    reported_at: datetime | None = None
    reported_by: int | None = None
    result: str | None = Field(default=None, sa_column=Column(Text))
    version: int = 1
    updated_at: datetime | None = None


class MediationEvidence(SQLModel, table=True):
    """证据材料: a file of the case file, stored outside the database.

    The bytes live under ``<data_dir>/mediation/evidence/`` with a random name
    (``stored_name``); the row keeps what the user called it, its checked kind, size and
    SHA-256. Deleting removes the file and marks the row (who, when, why), so the audit
    trail still says what was there.
    """

    __tablename__ = "mediation_evidence"
    __label__ = ("证据材料", "Evidence")

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="mediation_case.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    category: str = Field(sa_column=Column(String(20), nullable=False))
    description: str | None = Field(default=None, max_length=200)
    original_name: str = Field(max_length=200)
    stored_name: str = Field(max_length=80, unique=True)
    file_kind: str = Field(sa_column=Column(String(10), nullable=False))
    size: int
    sha256: str = Field(max_length=64)
    uploaded_at: datetime
    uploaded_by: int | None = None
    deleted_at: datetime | None = None
    deleted_by: int | None = None
    delete_reason: str | None = Field(default=None, max_length=200)
    version: int = 1
    updated_at: datetime | None = None


class MediationHandover(SQLModel, table=True):
    """转办: the case handed to another module through the core's referrals (e.g. legal
    aid, ``legal_aid.application``); what the receiver made of it, to link back."""

    __tablename__ = "mediation_handover"
    __label__ = ("转办", "Handover")

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="mediation_case.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    target: str = Field(max_length=60)
    receiver_org_id: int = Field(foreign_key="org_unit.id")
    record_id: int
    url: str = Field(max_length=200)
    label: str = Field(max_length=200)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    sent_at: datetime
    sent_by: int | None = None


# -- subsidies ----------------------------------------------------------------------------


class MediationSubsidySheet(SQLModel, table=True):
    """以案定补 monthly sheet of one committee, as approved: frozen from then on.

    Until a month is approved its sheet is computed live from the cases; approving stores
    the lines and the amounts per case in force that day, so later edits of cases or of
    the bureau's amounts no longer change it.
    """

    __tablename__ = "mediation_subsidy_sheet"
    __label__ = ("以案定补月表", "Subsidy sheet")
    __table_args__ = (UniqueConstraint("committee_id", "month"),)

    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = Field(foreign_key="mediation_committee.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    month: str = Field(max_length=7)
    amount_simple: int
    amount_general: int
    amount_complex: int
    cases: int
    total: int
    approved_on: date
    approved_by: int | None = None
    created_at: datetime = Field(default_factory=utcnow)


class MediationSubsidyClearance(SQLModel, table=True):
    """A reviewer's clearance of one subsidy check finding (以案定补核查), with the reason.

    A finding is identified by its check, its key and the exact cases behind it; when the
    cases behind a key change (another case joins a mediator's busy day), the old clearance
    no longer covers it and the finding is open again.
    """

    __tablename__ = "mediation_subsidy_clearance"
    __label__ = ("以案定补核查结论", "Subsidy check clearance")
    __table_args__ = (UniqueConstraint("committee_id", "month", "check_code", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = Field(foreign_key="mediation_committee.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    month: str = Field(max_length=7)
    check_code: str = Field(max_length=20)
    key: str = Field(max_length=200)
    case_ids: str = Field(max_length=2000)
    reason: str = Field(max_length=500)
    cleared_by: int | None = None
    cleared_on: date
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)


class MediationSubsidyLine(SQLModel, table=True):
    """One mediator's line of an approved subsidy sheet (cases by difficulty, yuan)."""

    __tablename__ = "mediation_subsidy_line"
    __label__ = ("以案定补明细", "Subsidy line")

    id: int | None = Field(default=None, primary_key=True)
    sheet_id: int = Field(foreign_key="mediation_subsidy_sheet.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    mediator_id: int = Field(foreign_key="mediation_mediator.id")
    mediator_name: str = Field(max_length=50)
    simple: int = 0
    general: int = 0
    complex: int = 0
    amount: int = 0


# -- screening ----------------------------------------------------------------------------


class MediationScreeningRound(SQLModel, table=True):
    """排查: one sweep of a community (half a month) or a station (a month) for disputes.

    Opened by the periodic job for every reporting organisation; reported with the number
    of disputes found or as a zero report (零报告, nothing found), which counts as done.
    Until it is reported it is a due item of the core: red after ``period_end``, then
    escalated up the tree.
    """

    __tablename__ = "mediation_screening_round"
    __label__ = ("矛盾纠纷排查", "Screening round")
    __table_args__ = (UniqueConstraint("org_id", "period_start"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    period_start: date = Field(index=True)
    period_end: date
    reported_on: date | None = None
    zero_report: bool = False
    disputes_found: int = 0
    notes: str | None = Field(default=None, max_length=1000)
    reported_by: int | None = None
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime | None = None


class MediationPortalRating(SQLModel, table=True):
    """网上评价: the applicant's rating of the service at the end of an online application,
    counted with the follow-up visits in the satisfaction rate. One per case."""

    __tablename__ = "mediation_portal_rating"
    __label__ = ("网上评价", "Online rating")

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="mediation_case.id", unique=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    rated_on: date = Field(index=True)
    satisfaction: str = Field(sa_column=Column(String(12), nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


MODELS: list[type[SQLModel]] = [
    MediationCommittee,
    MediationFiling,
    MediationMediator,
    MediationTraining,
    MediationCaseCounter,
    MediationCase,
    MediationParty,
    MediationCaseMediator,
    MediationSession,
    MediationAgreement,
    MediationFollowUp,
    MediationSubsidySheet,
    MediationSubsidyLine,
    MediationSubsidyClearance,
    MediationScreeningRound,
    MediationWarning,
    MediationEscalation,
    MediationEvidence,
    MediationHandover,
    MediationPortalRating,
]


#: Names of this module's columns the core does not already name (core.labels).
FIELD_LABELS: dict[str, str] = {
    "accepted_on": "受理日期",
    "amount_complex": "复杂案件补贴",
    "amount_general": "一般案件补贴",
    "amount_simple": "简易案件补贴",
    "applicant_signed": "申请人已签名",
    "application_form": "申请方式",
    "application_text": "申请内容",
    "archived_by": "归档人",
    "archived_on": "归档日期",
    "case_number": "案件编号",
    "cases": "案件数",
    "category_code": "纠纷类型",
    "changed_at": "变更时间",
    "changed_by": "变更人",
    "closed_on": "结案日期",
    "complex": "复杂案件数",
    "concluded_on": "达成日期",
    "confirmation_applied_on": "申请司法确认日期",
    "confirmation_case_number": "司法确认案号",
    "confirmation_court": "司法确认法院",
    "confirmation_decided_on": "司法确认日期",
    "confirmation_status": "司法确认状态",
    "delete_reason": "删除原因",
    "deleted_at": "删除时间",
    "deleted_by": "删除人",
    "difficulty": "难易程度",
    "disputes_found": "排查出纠纷数",
    "employment": "任职方式",
    "escalated_by": "上报人",
    "established_on": "成立日期",
    "file_kind": "材料类型",
    "filed_on": "备案日期",
    "form": "协议形式",
    "general": "一般案件数",
    "label": "名称",
    "last_serial": "最近编号",
    "lead": "主办",
    "mediator_name": "调解员姓名",
    "ministry_category": "部颁纠纷类型",
    "new_conflict": "产生新矛盾",
    "occurred_on": "发生日期",
    "organiser": "组织单位",
    "participants": "参加人",
    "people_involved": "涉及人数",
    "performance": "履行情况",
    "performance_deadline": "履行期限",
    "performance_method": "履行方式",
    "performance_note": "履行说明",
    "performance_place": "履行地点",
    "performed_on": "履行日期",
    "period_end": "期间结束",
    "period_start": "期间开始",
    "prevented_criminal": "防止民转刑",
    "prevented_group_petition": "防止群体性上访",
    "previous_level": "原预警等级",
    "receiver_org_id": "接收机构",
    "record_id": "记录",
    "referral_mode": "委托方式",
    "referral_number": "委托编号",
    "referring_body": "委托单位",
    "refusal_note": "不予受理说明",
    "refused_on": "不予受理日期",
    "registered_by": "登记人",
    "registered_on": "登记日期",
    "remedies": "救济途径",
    "report_by": "报告期限",
    "reported_at": "报告时间",
    "represents_id": "代理的当事人",
    "respond_by": "答复期限",
    "responded_at": "答复时间",
    "responded_by": "答复人",
    "response_note": "答复意见",
    "rights_notified_on": "告知权利义务日期",
    "sent_by": "发送人",
    "serial": "序号",
    "sha256": "文件校验值",
    "sheet_id": "补贴月表",
    "short_name": "简称",
    "sign_by": "签收期限",
    "signed_at": "签收时间",
    "signed_by": "签收人",
    "simple": "简易案件数",
    "superseded": "已被取代",
    "terminated_on": "终止日期",
    "termination_note": "终止说明",
    "terms": "协议内容",
    "visited_persons": "回访对象",
    "visitor": "回访人",
    "warning_level": "预警等级",
    "zero_report": "零报告",
}


def _codes(*lists: type) -> dict[str, tuple[str, str]]:
    """The labels of one or more code lists, for a column that stores their codes."""
    merged: dict[str, tuple[str, str]] = {}
    for code_list in lists:
        merged.update(C.LABELS.get(code_list, {}))
    return merged


#: The columns that store a code of the module's code lists (core.labels).
VALUE_LABELS = {
    "status": _codes(C.CaseStatus, C.EscalationStatus),
    "source": _codes(C.CaseSource),
    "application_form": _codes(C.ApplicationForm),
    "referral_mode": _codes(C.ReferralMode),
    "role": _codes(C.PartyRole),
    "refusal_reason": _codes(C.RefusalReason),
    "termination_reason": _codes(C.TerminationReason),
    "form": _codes(C.AgreementForm),
    "confirmation_status": _codes(C.ConfirmationStatus),
    "difficulty": _codes(C.Difficulty),
    "satisfaction": _codes(C.Satisfaction),
    "employment": _codes(C.Employment),
    "position": _codes(C.MediatorPosition),
    "kind": _codes(C.FilingKind),
    "category": _codes(C.EvidenceCategory),
    "warning_level": _codes(C.WarningLevel),
    "previous_level": _codes(C.WarningLevel),
    "ministry_category": _codes(C.MinistryCategory),
}
