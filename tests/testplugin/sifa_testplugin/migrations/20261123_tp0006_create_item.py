"""create testplugin_item

Revision ID: tp0006
Revises: tp0005
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "tp0006"
down_revision: str | Sequence[str] | None = "tp0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "testplugin_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_testplugin_item_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_testplugin_item")),
    )
    with op.batch_alter_table("testplugin_item") as batch_op:
        batch_op.create_index(batch_op.f("ix_testplugin_item_org_id"), ["org_id"])


def downgrade() -> None:
    op.drop_table("testplugin_item")
