"""exports: the export file registry

Revision ID: c0009_exports
Revises: c0008_reminders
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c0009_exports"
down_revision: str | Sequence[str] | None = "c0008_reminders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "export_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("unmasked", sa.Boolean(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("stored_name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("download_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("finished_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_export_file_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["staff_account.id"], name=op.f("fk_export_file_owner_id_staff_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_file")),
    )
    with op.batch_alter_table("export_file") as batch_op:
        batch_op.create_index(batch_op.f("ix_export_file_owner_id"), ["owner_id"])
        batch_op.create_index(batch_op.f("ix_export_file_org_id"), ["org_id"])
        batch_op.create_index(batch_op.f("ix_export_file_status"), ["status"])
        batch_op.create_index(batch_op.f("ix_export_file_run_id"), ["run_id"])
        batch_op.create_index(batch_op.f("ix_export_file_expires_at"), ["expires_at"])


def downgrade() -> None:
    op.drop_table("export_file")
