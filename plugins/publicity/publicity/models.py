"""The 普法 tables. Each carries the plugin's name as prefix and the organisation it belongs
to (``org_id``), so the core's scoping, record guard and audit apply without code here."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

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
