"""change of execution place between counties (request, check, hand-over, report) and urgent leaves

Existing transfers were handed over at once within a county: they become ``handed_over`` on
the day they were decided.

Revision ID: corrections0004_moves
Revises: corrections0003_province
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "corrections0004_moves"
down_revision: str | Sequence[str] | None = "corrections0003_province"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("corrections_transfer", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "status",
                sqlmodel.sql.sqltypes.AutoString(length=20),
                nullable=False,
                server_default="handed_over",
            )
        )
        batch_op.add_column(sa.Column("check_due_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("checked_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "check_note",
                sqlmodel.sql.sqltypes.AutoString(length=200),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(sa.Column("handed_over_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("reported_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.create_index(
            batch_op.f("ix_corrections_transfer_status"), ["status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_corrections_transfer_handed_over_on"), ["handed_over_on"], unique=False
        )
    op.execute("UPDATE corrections_transfer SET handed_over_on = decided_on")
    with op.batch_alter_table("corrections_leave", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column(
                "urgent_reason",
                sqlmodel.sql.sqltypes.AutoString(length=200),
                nullable=False,
                server_default="",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("corrections_leave", schema=None) as batch_op:
        batch_op.drop_column("urgent_reason")
        batch_op.drop_column("urgent")
    with op.batch_alter_table("corrections_transfer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrections_transfer_handed_over_on"))
        batch_op.drop_index(batch_op.f("ix_corrections_transfer_status"))
        for name in (
            "version",
            "reported_on",
            "handed_over_on",
            "check_note",
            "checked_on",
            "check_due_on",
            "status",
        ):
            batch_op.drop_column(name)
