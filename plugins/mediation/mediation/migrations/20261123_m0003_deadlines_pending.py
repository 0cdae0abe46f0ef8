"""mark cases whose due dates wait for an unknown year's holiday schedule

Revision ID: m0003
Revises: m0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "m0003"
down_revision: str | Sequence[str] | None = "m0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("mediation_case") as batch_op:
        batch_op.add_column(
            sa.Column("deadlines_pending", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index(
            batch_op.f("ix_mediation_case_deadlines_pending"), ["deadlines_pending"]
        )


def downgrade() -> None:
    with op.batch_alter_table("mediation_case") as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_case_deadlines_pending"))
        batch_op.drop_column("deadlines_pending")
