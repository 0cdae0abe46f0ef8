"""create testplugin_sweep (the periodic job's bookkeeping)

Revision ID: tp0005
Revises: tp0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "tp0005"
down_revision: str | Sequence[str] | None = "tp0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "testplugin_sweep",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["note_id"],
            ["testplugin_note.id"],
            name=op.f("fk_testplugin_sweep_note_id_testplugin_note"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_testplugin_sweep")),
        sa.UniqueConstraint("note_id", name=op.f("uq_testplugin_sweep_note_id")),
    )


def downgrade() -> None:
    op.drop_table("testplugin_sweep")
