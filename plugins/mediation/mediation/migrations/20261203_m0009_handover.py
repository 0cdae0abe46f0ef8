"""handovers (转办): cases handed to another module through the core's referrals

Revision ID: m0009
Revises: m0008
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "m0009"
down_revision: str | Sequence[str] | None = "m0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mediation_handover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("target", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("receiver_org_id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("sent_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["mediation_case.id"],
            name=op.f("fk_mediation_handover_case_id_mediation_case"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_mediation_handover_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["receiver_org_id"],
            ["org_unit.id"],
            name=op.f("fk_mediation_handover_receiver_org_id_org_unit"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_handover")),
    )
    with op.batch_alter_table("mediation_handover", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mediation_handover_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mediation_handover_org_id"), ["org_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mediation_handover", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_handover_org_id"))
        batch_op.drop_index(batch_op.f("ix_mediation_handover_case_id"))

    op.drop_table("mediation_handover")
