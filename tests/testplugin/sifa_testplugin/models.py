"""The test plugin's one table."""

from sqlmodel import Field, SQLModel


class TestpluginNote(SQLModel, table=True):
    """A short note; enough to prove models, migrations and pages."""

    __tablename__ = "testplugin_note"

    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(max_length=200)
    version: int = Field(default=1)
