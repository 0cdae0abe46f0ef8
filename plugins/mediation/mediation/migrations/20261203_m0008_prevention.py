"""prevention outcomes (防止民转刑, 防止群体性上访) recorded on the case

Revision ID: m0008
Revises: m0007
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "m0008"
down_revision: str | Sequence[str] | None = "m0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("mediation_case", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("prevented_criminal", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column(
                "prevented_group_petition", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.create_index(
            batch_op.f("ix_mediation_case_prevented_criminal"), ["prevented_criminal"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mediation_case_prevented_group_petition"),
            ["prevented_group_petition"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("mediation_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_case_prevented_group_petition"))
        batch_op.drop_index(batch_op.f("ix_mediation_case_prevented_criminal"))
        batch_op.drop_column("prevented_group_petition")
        batch_op.drop_column("prevented_criminal")
