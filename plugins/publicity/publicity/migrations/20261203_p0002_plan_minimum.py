"""keep the bureau's yearly minimum of events with an approved plan

Revision ID: p0002
Revises: p0001
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "p0002"
down_revision: str | Sequence[str] | None = "p0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("publicity_plan", schema=None) as batch_op:
        batch_op.add_column(sa.Column("minimum", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("publicity_plan", schema=None) as batch_op:
        batch_op.drop_column("minimum")
