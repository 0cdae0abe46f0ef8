"""indicators: maintained aggregates (per indicator, period and organisation) — issue 19

Revision ID: c0014_province_aggregates
Revises: c0014_calendar_provisional
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c0014_province_aggregates"
down_revision: str | Sequence[str] | None = "c0014_calendar_provisional"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "indicator_aggregate",
        sa.Column("indicator", sa.String(length=80), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("numerator", sa.String(length=80), nullable=False),
        sa.Column("denominator", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint(
            "indicator", "period", "org_id", name=op.f("pk_indicator_aggregate")
        ),
    )
    op.create_table(
        "indicator_aggregate_period",
        sa.Column("indicator", sa.String(length=80), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("computed_at", UTC_DATETIME(), nullable=False),
        sa.Column("frozen", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("indicator", "period", name=op.f("pk_indicator_aggregate_period")),
    )
    op.create_table(
        "indicator_catch_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.BigInteger(), nullable=False),
        sa.Column("finished_at", UTC_DATETIME(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_catch_up")),
    )


def downgrade() -> None:
    op.drop_table("indicator_catch_up")
    op.drop_table("indicator_aggregate_period")
    op.drop_table("indicator_aggregate")
