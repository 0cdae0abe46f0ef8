"""warning levels (预警): the case's level in force and the history of its changes

Revision ID: m0005
Revises: m0004
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "m0005"
down_revision: str | Sequence[str] | None = "m0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mediation_warning",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=True),
        sa.Column("previous_level", sa.String(length=10), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("changed_by", sa.Integer(), nullable=True),
        sa.Column("respond_by", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("responded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("responded_by", sa.Integer(), nullable=True),
        sa.Column("response_note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["mediation_case.id"],
            name=op.f("fk_mediation_warning_case_id_mediation_case"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_mediation_warning_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_warning")),
    )
    with op.batch_alter_table("mediation_warning", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mediation_warning_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mediation_warning_org_id"), ["org_id"], unique=False)

    with op.batch_alter_table("mediation_case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("warning_level", sa.String(length=10), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_mediation_case_warning_level"), ["warning_level"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("mediation_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_case_warning_level"))
        batch_op.drop_column("warning_level")

    with op.batch_alter_table("mediation_warning", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_warning_org_id"))
        batch_op.drop_index(batch_op.f("ix_mediation_warning_case_id"))

    op.drop_table("mediation_warning")
