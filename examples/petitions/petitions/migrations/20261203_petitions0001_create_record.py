"""create petitions_record

Revision ID: petitions0001
Revises:
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "petitions0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "petitions_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_petitions_record_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petitions_record")),
    )
    with op.batch_alter_table("petitions_record") as batch_op:
        batch_op.create_index(batch_op.f("ix_petitions_record_org_id"), ["org_id"])
        batch_op.create_index(batch_op.f("ix_petitions_record_recorded_on"), ["recorded_on"])


def downgrade() -> None:
    op.drop_table("petitions_record")
