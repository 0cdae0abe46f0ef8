"""create testplugin_case and testplugin_report (the indicator engine's test data)

Revision ID: tp0013
Revises: tp0006
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "tp0013"
down_revision: str | Sequence[str] | None = "tp0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "testplugin_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("entered_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closed_at_community", sa.Boolean(), nullable=False),
        sa.Column("satisfied", sa.Boolean(), nullable=True),
        sa.Column("days_to_close", sa.Integer(), nullable=True),
        sa.Column("subsidy_fen", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_testplugin_case_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_testplugin_case")),
    )
    with op.batch_alter_table("testplugin_case") as batch_op:
        batch_op.create_index("ix_testplugin_case_org_id_received_on", ["org_id", "received_on"])
    op.create_table(
        "testplugin_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("duty", sa.String(length=20), nullable=False),
        sa.Column("slot_day", sa.Date(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("zero", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_testplugin_report_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_testplugin_report")),
        sa.UniqueConstraint(
            "org_id", "duty", "slot_day", name=op.f("uq_testplugin_report_org_id_duty_slot_day")
        ),
    )
    with op.batch_alter_table("testplugin_report") as batch_op:
        batch_op.create_index(batch_op.f("ix_testplugin_report_org_id"), ["org_id"])


def downgrade() -> None:
    op.drop_table("testplugin_report")
    op.drop_table("testplugin_case")
