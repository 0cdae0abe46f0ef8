"""screening rounds: 排查 of communities (half-monthly) and stations (monthly)

Revision ID: m0004
Revises: m0003
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "m0004"
down_revision: str | Sequence[str] | None = "m0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mediation_screening_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=True),
        sa.Column("zero_report", sa.Boolean(), nullable=False),
        sa.Column("disputes_found", sa.Integer(), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("reported_by", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_mediation_screening_round_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_screening_round")),
        sa.UniqueConstraint(
            "org_id", "period_start", name=op.f("uq_mediation_screening_round_org_id_period_start")
        ),
    )
    with op.batch_alter_table("mediation_screening_round") as batch_op:
        batch_op.create_index(batch_op.f("ix_mediation_screening_round_org_id"), ["org_id"])
        batch_op.create_index(
            batch_op.f("ix_mediation_screening_round_period_start"), ["period_start"]
        )


def downgrade() -> None:
    op.drop_table("mediation_screening_round")
