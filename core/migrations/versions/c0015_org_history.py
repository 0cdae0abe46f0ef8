"""orgs: history of the tree (moves, renames, merges with their effective dates) — issue 23

Revision ID: c0015_org_history
Revises: c0015_portal
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c0015_org_history"
down_revision: str | Sequence[str] | None = "c0015_portal"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "org_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("from_parent_id", sa.Integer(), nullable=True),
        sa.Column("to_parent_id", sa.Integer(), nullable=True),
        sa.Column("successor_id", sa.Integer(), nullable=True),
        sa.Column("old_name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("new_name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_parent_id"], ["org_unit.id"], name=op.f("fk_org_change_from_parent_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_org_change_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["successor_id"], ["org_unit.id"], name=op.f("fk_org_change_successor_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["to_parent_id"], ["org_unit.id"], name=op.f("fk_org_change_to_parent_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_change")),
    )
    with op.batch_alter_table("org_change") as batch:
        batch.create_index("ix_org_change_effective", ["effective_on", "id"], unique=False)
        batch.create_index(batch.f("ix_org_change_org_id"), ["org_id"], unique=False)
        batch.create_index(batch.f("ix_org_change_successor_id"), ["successor_id"], unique=False)


def downgrade() -> None:
    op.drop_table("org_change")
