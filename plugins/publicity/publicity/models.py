"""The 普法 tables. Each carries the plugin's name as prefix and the organisation it belongs
to (``org_id``), so the core's scoping, record guard and audit apply without code here."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from publicity.codes import LABELS

__all__ = [
    "MODELS",
    "PublicityBackbone",
    "PublicityBackboneLog",
    "PublicityCultureSite",
    "PublicityEvaluation",
    "PublicityEvent",
    "PublicityKeyDate",
    "PublicityModelVillage",
    "PublicityPhoto",
    "PublicityPlan",
    "PublicityUnit",
]


class PublicityUnit(SQLModel, table=True):
    """普法责任单位: a body with publicity duties (谁执法谁普法), attached to an org node.

    ``laws`` is its 普法责任清单, one law per line. ``yearly_target`` overrides the bureau's
    default minimum of events a year when set.
    """

    __tablename__ = "publicity_unit"
    __label__ = ("普法责任单位", "Publicity unit")

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    name: str = Field(max_length=100)
    kind: str = Field(max_length=20)
    laws: str = Field(default="", max_length=4000)
    contact: str = Field(default="", max_length=100)
    yearly_target: int | None = None
    active: bool = Field(default=True)
    version: int = Field(default=1)
    updated_at: datetime | None = None


class PublicityPlan(SQLModel, table=True):
    """年度普法计划 of one unit: events per quarter, themes, audiences; approved by the bureau."""

    __tablename__ = "publicity_plan"
    __label__ = ("年度普法计划", "Annual publicity plan")
    __table_args__ = (UniqueConstraint("unit_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    unit_id: int = Field(foreign_key="publicity_unit.id", index=True)
    year: int = Field(index=True)
    plan_period: str = Field(default="", max_length=40)  # 八五, 九五 … data, not code
    q1: int = Field(default=0)
    q2: int = Field(default=0)
    q3: int = Field(default=0)
    q4: int = Field(default=0)
    themes: str = Field(default="", max_length=2000)
    audiences: str = Field(default="", max_length=500)
    laws: str = Field(default="", max_length=4000)
    status: str = Field(default="draft", max_length=20, index=True)
    submitted_on: date | None = None
    submitted_by: int | None = None
    reviewed_on: date | None = None
    reviewed_by: int | None = None
    review_note: str = Field(default="", max_length=500)
    minimum: int | None = None  # the bureau's yearly minimum when the plan was approved
    version: int = Field(default=1)
    updated_at: datetime | None = None

    @property
    def total(self) -> int:
        return self.q1 + self.q2 + self.q3 + self.q4

    def quarter_target(self, quarter: int) -> int:
        return int(getattr(self, f"q{quarter}"))


class PublicityEvent(SQLModel, table=True):
    """普法活动: one event a unit held, with the figures reports count (DOMAIN.md §4.5)."""

    __tablename__ = "publicity_event"
    __label__ = ("普法活动", "Publicity event")
    __table_args__ = (Index("ix_publicity_event_org_held", "org_id", "held_on", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)  # where it was held
    unit_id: int = Field(foreign_key="publicity_unit.id", index=True)
    plan_id: int | None = Field(default=None, foreign_key="publicity_plan.id", index=True)
    title: str = Field(max_length=120)
    held_on: date = Field(index=True)
    time_text: str = Field(default="", max_length=40)
    place: str = Field(default="", max_length=120)
    theme: str = Field(default="", max_length=120)
    laws: str = Field(default="", max_length=1000)
    audience: str = Field(default="", max_length=120)
    format: str = Field(max_length=20)
    attendance: int = Field(default=0)
    consultations: int = Field(default=0)
    materials: int = Field(default=0)
    displays: int = Field(default=0)
    online_reads: int = Field(default=0)
    satisfaction: int | None = None  # percent, 0–100
    key_date: str = Field(default="", max_length=60)
    assistant_key: str | None = Field(default=None, max_length=80)
    assistant_name: str = Field(default="", max_length=60)
    assistant_hours: float | None = None
    notes: str = Field(default="", max_length=2000)
    version: int = Field(default=1)
    updated_at: datetime | None = None


class PublicityPhoto(SQLModel, table=True):
    """A photo of an event; the file lives in the data directory, never in the database."""

    __tablename__ = "publicity_photo"
    __label__ = ("活动照片", "Event photo")

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    event_id: int = Field(foreign_key="publicity_event.id", index=True)
    stored_name: str = Field(max_length=80, unique=True)
    original_name: str = Field(default="", max_length=200)
    content_type: str = Field(max_length=40)
    size: int
    width: int
    height: int
    uploaded_at: datetime
    uploaded_by: int | None = None


class PublicityEvaluation(SQLModel, table=True):
    """年终考核 of a plan: the unit's self-report, the evaluator's score, a third party's."""

    __tablename__ = "publicity_evaluation"
    __label__ = ("年终考核", "Year-end evaluation")

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    plan_id: int = Field(foreign_key="publicity_plan.id", unique=True)
    self_report: str = Field(default="", max_length=4000)
    self_score: int | None = None
    score: int | None = None
    comment: str = Field(default="", max_length=2000)
    third_party: str = Field(default="", max_length=120)
    third_party_score: int | None = None
    third_party_note: str = Field(default="", max_length=2000)
    evaluated_on: date | None = None
    evaluated_by: int | None = None
    version: int = Field(default=1)
    updated_at: datetime | None = None


class PublicityKeyDate(SQLModel, table=True):
    """A bureau's own publicity date (the national ones are defaults in code, see keydates)."""

    __tablename__ = "publicity_key_date"
    __label__ = ("普法重要节点", "Key publicity date")

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    name: str = Field(max_length=60)
    month: int
    day: int
    days: int = Field(default=1)  # length of the campaign (a week = 7)
    theme: str = Field(default="", max_length=120)
    laws: str = Field(default="", max_length=500)
    active: bool = Field(default=True)
    version: int = Field(default=1)
    updated_at: datetime | None = None


class PublicityBackbone(SQLModel, table=True):
    """法律明白人 of an administrative village (``org_id`` is the village)."""

    __tablename__ = "publicity_backbone"
    __label__ = ("法律明白人", "Legal backbone")

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    name: str = Field(max_length=40)
    role: str = Field(max_length=20)
    background: str = Field(default="", max_length=40)  # 村干部, 人民调解员, 网格员, 五老 …
    phone: str = Field(default="", max_length=20)
    appointed_on: date | None = None
    active: bool = Field(default=True, index=True)
    version: int = Field(default=1)
    updated_at: datetime | None = None


class PublicityBackboneLog(SQLModel, table=True):
    """A training a backbone attended, or an activity they did."""

    __tablename__ = "publicity_backbone_log"
    __label__ = ("法律明白人培训和活动", "Backbone training or activity")

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    backbone_id: int = Field(foreign_key="publicity_backbone.id", index=True)
    kind: str = Field(max_length=20)
    held_on: date
    summary: str = Field(max_length=300)
    hours: float | None = None


class PublicityCultureSite(SQLModel, table=True):
    """法治文化阵地 of a village (square, park, corridor, board …)."""

    __tablename__ = "publicity_culture_site"
    __label__ = ("法治文化阵地", "Rule-of-law culture site")

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    name: str = Field(max_length=100)
    kind: str = Field(max_length=20)
    opened_on: date | None = None
    version: int = Field(default=1)
    updated_at: datetime | None = None


class PublicityModelVillage(SQLModel, table=True):
    """民主法治示范村(社区) status of a village, with its review dates."""

    __tablename__ = "publicity_model_village"
    __label__ = ("民主法治示范村（社区）", "Model village")

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", unique=True)
    level: str = Field(max_length=20)
    awarded_on: date | None = None
    last_review_on: date | None = None
    next_review_on: date | None = None
    revoked: bool = Field(default=False)
    note: str = Field(default="", max_length=500)
    version: int = Field(default=1)
    updated_at: datetime | None = None


MODELS = [
    PublicityUnit,
    PublicityPlan,
    PublicityEvent,
    PublicityPhoto,
    PublicityEvaluation,
    PublicityKeyDate,
    PublicityBackbone,
    PublicityBackboneLog,
    PublicityCultureSite,
    PublicityModelVillage,
]


#: Names of this module's columns the core does not already name (core.labels).
FIELD_LABELS: dict[str, str] = {
    "appointed_on": "聘任日期",
    "assistant_hours": "助诊时长（小时）",
    "assistant_key": "助诊人员",
    "assistant_name": "助诊人员姓名",
    "attendance": "参加人数",
    "audience": "对象",
    "audiences": "对象",
    "awarded_on": "命名日期",
    "backbone_id": "法律明白人",
    "background": "基本情况",
    "displays": "展板数",
    "evaluated_by": "考核人",
    "evaluated_on": "考核日期",
    "height": "高度",
    "key_date": "重要节点",
    "last_review_on": "上次复核日期",
    "laws": "普法责任清单",
    "materials": "发放资料数",
    "minimum": "年度最低活动数",
    "next_review_on": "下次复核日期",
    "online_reads": "网上阅读量",
    "opened_on": "建成日期",
    "plan_period": "五年规划",
    "q1": "一季度",
    "q2": "二季度",
    "q3": "三季度",
    "q4": "四季度",
    "review_note": "审核意见",
    "reviewed_by": "审核人",
    "reviewed_on": "审核日期",
    "revoked": "已撤销",
    "self_report": "自评报告",
    "self_score": "自评分",
    "theme": "主题",
    "themes": "主题",
    "third_party": "第三方评估机构",
    "third_party_note": "第三方评估意见",
    "third_party_score": "第三方评分",
    "time_text": "时间",
    "unit_id": "责任单位",
    "width": "宽度",
    "yearly_target": "年度活动目标",
}


#: The columns that store a code of the module's code lists (core.labels).
VALUE_LABELS = {column: LABELS for column in ("format", "kind", "role", "status", "level")}
