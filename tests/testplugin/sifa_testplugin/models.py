"""The test plugin's one table."""

from sqlmodel import Field, SQLModel


class TestpluginNote(SQLModel, table=True):
    """A short note; enough to prove models, migrations and pages."""

    __tablename__ = "testplugin_note"
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
    __test__ = False

    id: int | None = Field(default=None, primary_key=True)
    note_id: int = Field(foreign_key="testplugin_note.id", unique=True)
    run_id: int


class TestpluginItem(SQLModel, table=True):
    """A record that belongs to an organisation: proves record scoping on plugin routes."""

    __tablename__ = "testplugin_item"
    __test__ = False

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    title: str = Field(max_length=100)
    version: int = Field(default=1)
