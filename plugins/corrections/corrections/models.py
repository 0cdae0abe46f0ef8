"""The corrections module's tables (prefix ``corrections_``).

Every row carries the organisation it belongs to (``org_id``: the execution station, or the
bureau for aftercare persons received there), so the core's scoping, record guard and audit
apply. Rows about one subject carry ``subject_id`` as well; moving a subject to another station
moves these rows with it (:func:`corrections.services.transfer.change_station`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from corrections import codes as C

__all__ = [
    "MODELS",
    "CorrectionsActivity",
    "CorrectionsAftercare",
    "CorrectionsAssessment",
    "CorrectionsCheckin",
    "CorrectionsEvaluation",
    "CorrectionsHealthReport",
    "CorrectionsLeave",
    "CorrectionsLocation",
    "CorrectionsSanction",
    "CorrectionsSubject",
    "CorrectionsTeamMember",
    "CorrectionsTransfer",
]


class CorrectionsSubject(SQLModel, table=True):
    """社区矫正对象: a person of the registry under one of the four kinds of corrections."""

    __tablename__ = "corrections_subject"
    __label__ = ("社区矫正对象", "Corrections subject")
    __table_args__ = (
        Index("ix_corrections_subject_org_received", "org_id", "documents_received_on", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)  # 执行地司法所
    person_id: int = Field(foreign_key="person.id", index=True)
    subject_type: str = Field(max_length=20)
    offence: str = Field(max_length=100)  # 罪名, as the judgment words it
    offence_type: str = Field(default="", max_length=40, index=True)  # code list: 刑法分则 chapter
    sentence: str = Field(default="", max_length=100)  # 原判刑罚
    deciding_body: str = Field(max_length=100)  # 决定机关
    judgment_number: str = Field(default="", max_length=60)  # 判决/裁定/决定书文号
    notice_number: str = Field(default="", max_length=60)  # 执行通知书文号
    documents_received_on: date = Field(index=True)
    report_due_on: date | None = None
    term_start: date | None = None
    term_end: date | None = Field(default=None, index=True)
    prohibitions: str = Field(default="", max_length=500)  # 禁止令内容
    is_minor: bool = Field(default=False, index=True)
    risk_flags: str = Field(default="", max_length=200)  # 四史/三涉, comma separated
    status: str = Field(default="awaiting", max_length=20, index=True)
    level: str = Field(default="strict", max_length=20)
    level_reason: str = Field(default="", max_length=100)
    intake_mode: str | None = Field(default=None, max_length=20)
    reported_on: date | None = None
    announced_on: date | None = None
    search_started_on: date | None = None
    lost_since: date | None = None
    plan: str = Field(default="", max_length=2000)  # 矫正方案
    plan_review_on: date | None = None
    ended_on: date | None = None
    end_type: str | None = Field(default=None, max_length=30)
    created_on: date | None = None
    version: int = Field(default=1)
    updated_at: datetime | None = None


class CorrectionsAssessment(SQLModel, table=True):
    """调查评估: a pre-sentence assessment commissioned by a court or other deciding body."""

    __tablename__ = "corrections_assessment"
    __label__ = ("调查评估", "Pre-sentence assessment")

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    commissioned_by: str = Field(max_length=100)
    received_on: date
    fast_track: bool = False
    due_on: date | None = None
    completed_on: date | None = None
    opinion: str = Field(default="", max_length=1000)
    version: int = Field(default=1)
    updated_at: datetime | None = None


class CorrectionsTeamMember(SQLModel, table=True):
    """A member of the subject's 矫正小组 (CCL art. 25)."""

    __tablename__ = "corrections_team_member"
    __label__ = ("矫正小组成员", "Team member")

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    subject_id: int = Field(foreign_key="corrections_subject.id", index=True)
    name: str = Field(max_length=50)
    member_type: str = Field(max_length=4)
    sex: str = Field(max_length=8)


class CorrectionsCheckin(SQLModel, table=True):
    """One scheduled report (报告) and, once done, how it was done."""

    __tablename__ = "corrections_checkin"
    __label__ = ("报告", "Check-in")
    __table_args__ = (UniqueConstraint("subject_id", "due_on"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    subject_id: int = Field(foreign_key="corrections_subject.id", index=True)
    due_on: date = Field(index=True)
    mode: str = Field(max_length=20)
    done_on: date | None = None
    done_mode: str | None = Field(default=None, max_length=20)
    note: str = Field(default="", max_length=200)


class CorrectionsHealthReport(SQLModel, table=True):
    """暂予监外执行: the monthly report on physical condition, and for medical parole the
    hospital check-up every three months (C8, 实施办法 art. 24)."""

    __tablename__ = "corrections_health_report"
    __label__ = ("病情报告", "Health report")
    __table_args__ = (UniqueConstraint("subject_id", "kind", "due_on"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    subject_id: int = Field(foreign_key="corrections_subject.id", index=True)
    kind: str = Field(max_length=20)  # condition | checkup
    due_on: date = Field(index=True)
    submitted_on: date | None = None
    note: str = Field(default="", max_length=200)


class CorrectionsActivity(SQLModel, table=True):
    """Hours of education (教育学习) or public-benefit activity (公益活动) on one day."""

    __tablename__ = "corrections_activity"
    __label__ = ("教育学习和公益活动", "Education or community activity")

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    subject_id: int = Field(foreign_key="corrections_subject.id", index=True)
    kind: str = Field(max_length=20)  # study | service
    on: date
    hours: float


class CorrectionsEvaluation(SQLModel, table=True):
    """The monthly assessment (月度考核) of a subject."""

    __tablename__ = "corrections_evaluation"
    __label__ = ("月度考核", "Monthly evaluation")
    __table_args__ = (UniqueConstraint("subject_id", "month"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    subject_id: int = Field(foreign_key="corrections_subject.id", index=True)
    month: date  # first day of the month
    passed: bool
    note: str = Field(default="", max_length=500)


class CorrectionsLeave(SQLModel, table=True):
    """外出请假: a leave of the city or county, routed by its length (C5, C6)."""

    __tablename__ = "corrections_leave"
    __label__ = ("外出请假", "Leave")

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    subject_id: int = Field(foreign_key="corrections_subject.id", index=True)
    frequent: bool = False  # 经常性跨市县活动 (one approval for six months)
    destination: str = Field(max_length=100)
    reason: str = Field(max_length=200)
    start_on: date
    end_on: date = Field(index=True)
    days: int
    route: str = Field(max_length=20)
    status: str = Field(default="pending", max_length=20, index=True)
    urgent: bool = False  # applied late (less than the notice days ahead) for an urgent reason
    urgent_reason: str = Field(default="", max_length=200)
    decided_on: date | None = None
    decided_by: str = Field(default="", max_length=50)
    returned_on: date | None = None
    version: int = Field(default=1)
    updated_at: datetime | None = None


class CorrectionsTransfer(SQLModel, table=True):
    """变更执行地: the file moves from one station to another (C7).

    Within a county it is handed over at once. Between counties it is a request of the
    sending body (``requested``), checked by the receiving one within the legal time
    (``accepted``/``refused``), then handed over (``handed_over``, the day responsibility
    passes); the subject reports at the new station within 7 days (``reported_on``).
    """

    __tablename__ = "corrections_transfer"
    __label__ = ("变更执行地", "Transfer")

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)  # the receiving station
    subject_id: int = Field(foreign_key="corrections_subject.id", index=True)
    from_org_id: int = Field(foreign_key="org_unit.id")
    decided_on: date
    report_due_on: date | None = None
    reason: str = Field(default="", max_length=200)
    status: str = Field(default="handed_over", max_length=20, index=True)
    check_due_on: date | None = None
    checked_on: date | None = None
    check_note: str = Field(default="", max_length=200)
    handed_over_on: date | None = Field(default=None, index=True)
    reported_on: date | None = None
    version: int = Field(default=1)


class CorrectionsSanction(SQLModel, table=True):
    """奖惩: praise, admonition, warning, or a proposal to the police or the court."""

    __tablename__ = "corrections_sanction"
    __label__ = ("奖惩", "Reward or sanction")

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    subject_id: int = Field(foreign_key="corrections_subject.id", index=True)
    kind: str = Field(max_length=30)
    facts: str = Field(max_length=1000)  # 司法所调查的事实
    decided_on: date = Field(index=True)
    decided_by: str = Field(default="", max_length=50)
    court_due_on: date | None = None
    court_decided_on: date | None = None
    court_upheld: bool | None = None


class CorrectionsLocation(SQLModel, table=True):
    """电子定位: one approval (≤3 months) on one of the five grounds of CCL art. 29."""

    __tablename__ = "corrections_location"
    __label__ = ("电子定位", "Electronic location")

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    subject_id: int = Field(foreign_key="corrections_subject.id", index=True)
    ground: str = Field(max_length=30)
    approved_by: str = Field(max_length=50)  # 县级司法行政部门负责人
    approved_on: date
    start_on: date
    end_on: date = Field(index=True)
    active: bool = Field(default=True, index=True)
    switched_off_on: date | None = None
    provider: str = Field(default="corrections.simulated", max_length=40)
    fence_lat: float | None = None
    fence_lon: float | None = None
    fence_radius_m: float | None = None


class CorrectionsAftercare(SQLModel, table=True):
    """安置帮教对象: a person released from prison or from corrections, for the aftercare term."""

    __tablename__ = "corrections_aftercare"
    __label__ = ("安置帮教对象", "Aftercare person")
    __table_args__ = (Index("ix_corrections_aftercare_org_release", "org_id", "release_on", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    subject_id: int | None = Field(default=None, foreign_key="corrections_subject.id")
    source: str = Field(max_length=20)  # prison | corrections
    released_by: str = Field(default="", max_length=100)  # 监狱/看守所 or 县社区矫正机构
    release_on: date = Field(index=True)
    notice_on: date | None = None
    category: str = Field(default="02", max_length=4)
    must_escort: bool = False  # 必接必送
    status: str = Field(default="notified", max_length=20, index=True)
    verified_on: date | None = None
    handover_mode: str | None = Field(default=None, max_length=4)
    handed_over_on: date | None = None
    resettlement: str | None = Field(default=None, max_length=4)
    term_end: date | None = None
    exit_reason: str = Field(default="", max_length=50)
    reoffended: bool = False
    exited_on: date | None = None
    version: int = Field(default=1)
    updated_at: datetime | None = None


MODELS = [
    CorrectionsSubject,
    CorrectionsAssessment,
    CorrectionsTeamMember,
    CorrectionsCheckin,
    CorrectionsHealthReport,
    CorrectionsActivity,
    CorrectionsEvaluation,
    CorrectionsLeave,
    CorrectionsTransfer,
    CorrectionsSanction,
    CorrectionsLocation,
    CorrectionsAftercare,
]


#: Names of this module's columns the core does not already name (core.labels).
FIELD_LABELS: dict[str, str] = {
    "announced_on": "宣告日期",
    "commissioned_by": "委托机关",
    "completed_on": "完成日期",
    "court_decided_on": "法院裁定日期",
    "court_due_on": "法院裁定期限",
    "court_upheld": "法院裁定维持",
    "deciding_body": "决定机关",
    "destination": "目的地",
    "documents_received_on": "收到法律文书日期",
    "done_mode": "完成方式",
    "done_on": "完成日期",
    "end_on": "结束日期",
    "end_type": "解矫类型",
    "exit_reason": "退出原因",
    "exited_on": "退出日期",
    "facts": "事实",
    "fast_track": "速裁程序",
    "fence_lat": "电子围栏纬度",
    "fence_lon": "电子围栏经度",
    "fence_radius_m": "电子围栏半径（米）",
    "frequent": "经常性",
    "ground": "理由",
    "handed_over_on": "交接日期",
    "handover_mode": "交接方式",
    "intake_mode": "报到方式",
    "is_minor": "未成年人",
    "judgment_number": "判决书编号",
    "level_reason": "管理等级理由",
    "lost_since": "失去联系时间",
    "member_type": "成员类型",
    "mode": "方式",
    "must_escort": "须押送",
    "notice_number": "通知书编号",
    "notice_on": "通知日期",
    "offence": "罪名",
    "on": "日期",
    "passed": "合格",
    "plan": "矫正方案",
    "plan_review_on": "方案复查日期",
    "prohibitions": "禁止令",
    "provider": "定位服务",
    "release_on": "释放日期",
    "released_by": "释放单位",
    "reoffended": "重新犯罪",
    "resettlement": "安置情况",
    "returned_on": "返回日期",
    "risk_flags": "风险提示",
    "route": "路线",
    "search_started_on": "开始查找日期",
    "sentence": "刑罚",
    "switched_off_on": "解除日期",
    "verified_on": "核实日期",
}


def _codes(*lists: type[C.StrEnum]) -> dict[str, tuple[str, str]]:
    """The labels of one or more code lists, for a column that stores their codes (lists
    sharing a code, "01", are given to different columns)."""
    return {m.value: (C.label(m, "zh"), C.label(m, "en")) for enum in lists for m in enum}


#: The columns that store a code of the module's code lists (core.labels).
VALUE_LABELS = {
    "subject_type": _codes(C.SubjectType),
    "status": _codes(C.Status, C.LeaveStatus, C.AftercareStatus),
    "level": _codes(C.Level),
    "intake_mode": _codes(C.IntakeMode),
    "end_type": _codes(C.EndType),
    "member_type": _codes(C.MemberType),
    "mode": _codes(C.CheckinMode),
    "done_mode": _codes(C.CheckinMode),
    "route": _codes(C.LeaveRoute),
    "ground": _codes(C.LocationGround),
    "category": _codes(C.AftercareCategory),
    "handover_mode": _codes(C.HandoverMode),
    "resettlement": _codes(C.Resettlement),
}
