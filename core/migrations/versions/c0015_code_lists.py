"""code lists: bureau-level entries of plugin-declared code lists — issue 22

Revision ID: c0015_code_lists
Revises: c0015_submission_claims
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c0015_code_lists"
down_revision: str | Sequence[str] | None = "c0015_submission_claims"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "code_list_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_code", sa.String(length=64), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label_zh", sa.String(length=100), nullable=False),
        sa.Column("label_en", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
        sa.Column("updated_at", UTC_DATETIME(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_code_list_entry_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_code_list_entry")),
        sa.UniqueConstraint(
            "list_code", "org_id", "code", name=op.f("uq_code_list_entry_list_code_org_id_code")
        ),
    )
    with op.batch_alter_table("code_list_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_code_list_entry_list_code"), ["list_code"])
        batch_op.create_index(batch_op.f("ix_code_list_entry_org_id"), ["org_id"])


def downgrade() -> None:
    with op.batch_alter_table("code_list_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_code_list_entry_org_id"))
        batch_op.drop_index(batch_op.f("ix_code_list_entry_list_code"))
    op.drop_table("code_list_entry")
