"""escalations (上报/移交): signed for (签收) and reported back (回告) by the receiver

Revision ID: m0006
Revises: m0005
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "m0006"
down_revision: str | Sequence[str] | None = "m0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mediation_escalation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("receiver_org_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("escalated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("escalated_by", sa.Integer(), nullable=True),
        sa.Column("sign_by", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("signed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("signed_by", sa.Integer(), nullable=True),
        sa.Column("report_by", sa.Date(), nullable=True),
        sa.Column("reported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("reported_by", sa.Integer(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["mediation_case.id"],
            name=op.f("fk_mediation_escalation_case_id_mediation_case"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_mediation_escalation_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["receiver_org_id"],
            ["org_unit.id"],
            name=op.f("fk_mediation_escalation_receiver_org_id_org_unit"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_escalation")),
    )
    with op.batch_alter_table("mediation_escalation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mediation_escalation_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mediation_escalation_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mediation_escalation_receiver_org_id"), ["receiver_org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mediation_escalation_status"), ["status"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("mediation_escalation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_escalation_status"))
        batch_op.drop_index(batch_op.f("ix_mediation_escalation_receiver_org_id"))
        batch_op.drop_index(batch_op.f("ix_mediation_escalation_org_id"))
        batch_op.drop_index(batch_op.f("ix_mediation_escalation_case_id"))

    op.drop_table("mediation_escalation")
