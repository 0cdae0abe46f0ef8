"""add corrections_health_report: the 暂予监外执行 condition reports and check-ups (C8)

Revision ID: corrections0002
Revises: corrections0001
Create Date: 2026-12-03 14:25:02.447571
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "corrections0002"
down_revision: str | Sequence[str] | None = "corrections0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "corrections_health_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_corrections_health_report_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["corrections_subject.id"],
            name=op.f("fk_corrections_health_report_subject_id_corrections_subject"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections_health_report")),
        sa.UniqueConstraint(
            "subject_id",
            "kind",
            "due_on",
            name=op.f("uq_corrections_health_report_subject_id_kind_due_on"),
        ),
    )
    with op.batch_alter_table("corrections_health_report", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corrections_health_report_due_on"), ["due_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_corrections_health_report_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_corrections_health_report_subject_id"), ["subject_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("corrections_health_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrections_health_report_subject_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_health_report_org_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_health_report_due_on"))

    op.drop_table("corrections_health_report")
