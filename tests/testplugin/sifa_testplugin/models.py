"""The test plugin's one table."""

from datetime import date

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class TestpluginNote(SQLModel, table=True):
    """A short note; enough to prove models, migrations and pages."""

    __tablename__ = "testplugin_note"
    __label__ = ("测试笔记", "Test note")
    __test__ = False  # not a pytest test class, despite the name

    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(max_length=200)
    version: int = Field(default=1)


class TestpluginSweep(SQLModel, table=True):
    """That the periodic sweep has handled a note: one row per note, ever (the unique key).

    The sweep derives its work from the database (notes without a row here) and writes this
    row in the same transaction as the work, the pattern every periodic job follows.
    """

    __tablename__ = "testplugin_sweep"
    __label__ = ("测试清扫记录", "Test sweep")
    __test__ = False

    id: int | None = Field(default=None, primary_key=True)
    note_id: int = Field(foreign_key="testplugin_note.id", unique=True)
    run_id: int


class TestpluginItem(SQLModel, table=True):
    """A record that belongs to an organisation: proves record scoping on plugin routes."""

    __tablename__ = "testplugin_item"
    __label__ = ("测试条目", "Test item")
    __test__ = False

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    title: str = Field(max_length=100)
    version: int = Field(default=1)
    kind: str | None = Field(default=None, max_length=40)  # code list testplugin.kind
    contact: str | None = Field(default=None, max_length=100)  # from a referral's details


class TestpluginCase(SQLModel, table=True):
    """A dispute case, just enough for indicators: received, closed, where, how well.

    Proves the indicator engine end to end (queries, roll-up, drill-down to records,
    completeness, assessments, reports) before any real service line exists.
    """

    __tablename__ = "testplugin_case"
    __label__ = ("测试案件", "Test case")
    __test__ = False
    __table_args__ = (Index("ix_testplugin_case_org_id_received_on", "org_id", "received_on"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id")
    category: str = Field(default="邻里纠纷", max_length=20)
    received_on: date
    entered_on: date
    due_on: date
    closed_on: date | None = Field(default=None)
    closed_at_community: bool = Field(default=False)
    satisfied: bool | None = Field(default=None)
    days_to_close: int | None = Field(default=None)
    subsidy_fen: int = Field(default=0)


class TestpluginReport(SQLModel, table=True):
    """A report filed for a reporting duty's slot; ``zero`` is a zero report (零报告)."""

    __tablename__ = "testplugin_report"
    __label__ = ("测试报表", "Test report")
    __test__ = False
    __table_args__ = (UniqueConstraint("org_id", "duty", "slot_day"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    duty: str = Field(max_length=20)
    slot_day: date
    submitted_on: date
    zero: bool = Field(default=True)


#: Names of this module's columns the core does not already name (core.labels).
FIELD_LABELS: dict[str, str] = {
    "closed_at_community": "社区结案",
    "closed_on": "结案日期",
    "days_to_close": "结案天数",
    "duty": "报送任务",
    "entered_on": "录入日期",
    "note_id": "笔记",
    "satisfied": "满意",
    "slot_day": "报送期",
    "subsidy_fen": "补贴（分）",
    "zero": "零报告",
}
