"""module activation per bureau

Revision ID: c0007_modules
Revises: c0004_people
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c0007_modules"
down_revision: str | Sequence[str] | None = "c0004_people"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "module_activation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("plugin", sa.String(length=40), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_module_activation_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_module_activation")),
        sa.UniqueConstraint("org_id", "plugin", name=op.f("uq_module_activation_org_id_plugin")),
    )
    with op.batch_alter_table("module_activation") as batch_op:
        batch_op.create_index(batch_op.f("ix_module_activation_org_id"), ["org_id"])
        batch_op.create_index(batch_op.f("ix_module_activation_plugin"), ["plugin"])


def downgrade() -> None:
    op.drop_table("module_activation")
