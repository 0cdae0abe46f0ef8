"""subsidy checks: a reviewer's clearance of each 以案定补 finding, with the reason

Revision ID: m0011_subsidy_checks
Revises: m0010_province
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "m0011_subsidy_checks"
down_revision: str | Sequence[str] | None = "m0010_province"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mediation_subsidy_clearance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("month", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column("check_code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("case_ids", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("cleared_by", sa.Integer(), nullable=True),
        sa.Column("cleared_on", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["mediation_committee.id"],
            name=op.f("fk_mediation_subsidy_clearance_committee_id_mediation_committee"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_unit.id"],
            name=op.f("fk_mediation_subsidy_clearance_org_id_org_unit"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_subsidy_clearance")),
        sa.UniqueConstraint(
            "committee_id",
            "month",
            "check_code",
            "key",
            name=op.f("uq_mediation_subsidy_clearance_committee_id_month_check_code_key"),
        ),
    )
    with op.batch_alter_table("mediation_subsidy_clearance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mediation_subsidy_clearance_committee_id"),
            ["committee_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_mediation_subsidy_clearance_org_id"), ["org_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("mediation_subsidy_clearance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_subsidy_clearance_org_id"))
        batch_op.drop_index(batch_op.f("ix_mediation_subsidy_clearance_committee_id"))
    op.drop_table("mediation_subsidy_clearance")
