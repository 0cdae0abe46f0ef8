"""subsidy sheets: approved monthly 以案定补 sheets and their lines

Revision ID: m0002
Revises: m0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "m0002"
down_revision: str | Sequence[str] | None = "m0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mediation_subsidy_sheet",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("month", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column("amount_simple", sa.Integer(), nullable=False),
        sa.Column("amount_general", sa.Integer(), nullable=False),
        sa.Column("amount_complex", sa.Integer(), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["mediation_committee.id"],
            name=op.f("fk_mediation_subsidy_sheet_committee_id_mediation_committee"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_mediation_subsidy_sheet_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_subsidy_sheet")),
        sa.UniqueConstraint(
            "committee_id", "month", name=op.f("uq_mediation_subsidy_sheet_committee_id_month")
        ),
    )
    with op.batch_alter_table("mediation_subsidy_sheet", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mediation_subsidy_sheet_committee_id"), ["committee_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mediation_subsidy_sheet_org_id"), ["org_id"], unique=False
        )

    op.create_table(
        "mediation_subsidy_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sheet_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("mediator_id", sa.Integer(), nullable=False),
        sa.Column("mediator_name", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("simple", sa.Integer(), nullable=False),
        sa.Column("general", sa.Integer(), nullable=False),
        sa.Column("complex", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mediator_id"],
            ["mediation_mediator.id"],
            name=op.f("fk_mediation_subsidy_line_mediator_id_mediation_mediator"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_mediation_subsidy_line_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["sheet_id"],
            ["mediation_subsidy_sheet.id"],
            name=op.f("fk_mediation_subsidy_line_sheet_id_mediation_subsidy_sheet"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_subsidy_line")),
    )
    with op.batch_alter_table("mediation_subsidy_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mediation_subsidy_line_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mediation_subsidy_line_sheet_id"), ["sheet_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("mediation_subsidy_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_subsidy_line_sheet_id"))
        batch_op.drop_index(batch_op.f("ix_mediation_subsidy_line_org_id"))

    op.drop_table("mediation_subsidy_line")
    with op.batch_alter_table("mediation_subsidy_sheet", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_subsidy_sheet_org_id"))
        batch_op.drop_index(batch_op.f("ix_mediation_subsidy_sheet_committee_id"))

    op.drop_table("mediation_subsidy_sheet")
