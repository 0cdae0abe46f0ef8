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
    __table_args__ = ({"info": {"audit": False}},)

    committee_id: int = Field(foreign_key="mediation_committee.id", primary_key=True)
    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last_serial: int = 0


class MediationCase(SQLModel, table=True):
    """调解案件: one dispute, from registration (登记) to the archived file (结案归档)."""

    __tablename__ = "mediation_case"
    __table_args__ = (
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
    #: A due date could not be computed (its year's holidays unknown): the nightly job retries.
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


class MediationSubsidyLine(SQLModel, table=True):
    """One mediator's line of an approved subsidy sheet (cases by difficulty, yuan)."""

    __tablename__ = "mediation_subsidy_line"

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
    MediationScreeningRound,
    MediationWarning,
    MediationEscalation,
    MediationEvidence,
    MediationHandover,
]
