"""evidence files (证据材料): uploads stored outside the database under random names

Revision ID: m0007
Revises: m0006
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "m0007"
down_revision: str | Sequence[str] | None = "m0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mediation_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("original_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("stored_name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("file_kind", sa.String(length=10), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("uploaded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("deleted_by", sa.Integer(), nullable=True),
        sa.Column("delete_reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["mediation_case.id"],
            name=op.f("fk_mediation_evidence_case_id_mediation_case"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_mediation_evidence_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_evidence")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_mediation_evidence_stored_name")),
    )
    with op.batch_alter_table("mediation_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mediation_evidence_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mediation_evidence_org_id"), ["org_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mediation_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_evidence_org_id"))
        batch_op.drop_index(batch_op.f("ix_mediation_evidence_case_id"))

    op.drop_table("mediation_evidence")
