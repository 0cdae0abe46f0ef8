"""calendar: provisional (暂定) deadlines and the 暂定 mark on due items

Revision ID: c0014_calendar_provisional
Revises: c0013_indicators
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c0014_calendar_provisional"
down_revision: str | Sequence[str] | None = "c0013_indicators"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sqlmodel.sql.sqltypes.UTCDateTime
TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "provisional_deadline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plugin", TEXT(length=40), nullable=False),
        sa.Column("entity", TEXT(length=60), nullable=False),
        sa.Column("entity_id", TEXT(length=64), nullable=False),
        sa.Column("key", TEXT(length=80), nullable=False),
        sa.Column("rule_code", TEXT(length=80), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("years", TEXT(length=40), nullable=False),
        sa.Column("label_zh", TEXT(length=100), nullable=False),
        sa.Column("label_en", TEXT(length=100), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("url", TEXT(length=300), nullable=True),
        sa.Column("against_citizen", sa.Boolean(), nullable=False),
        sa.Column("resolved_at", UTC_DATETIME(), nullable=True),
        sa.Column("final_due_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
        sa.Column("updated_at", UTC_DATETIME(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["staff_account.id"],
            name=op.f("fk_provisional_deadline_account_id_staff_account"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_provisional_deadline_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provisional_deadline")),
        sa.UniqueConstraint(
            "plugin",
            "entity",
            "entity_id",
            "key",
            name=op.f("uq_provisional_deadline_plugin_entity_entity_id_key"),
        ),
    )
    with op.batch_alter_table("provisional_deadline") as batch_op:
        batch_op.create_index(batch_op.f("ix_provisional_deadline_org_id"), ["org_id"])
        batch_op.create_index(batch_op.f("ix_provisional_deadline_resolved_at"), ["resolved_at"])
    with op.batch_alter_table("due_item") as batch_op:
        batch_op.add_column(
            sa.Column("provisional_note", TEXT(length=200), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("due_item") as batch_op:
        batch_op.drop_column("provisional_note")
    with op.batch_alter_table("provisional_deadline") as batch_op:
        batch_op.drop_index(batch_op.f("ix_provisional_deadline_resolved_at"))
        batch_op.drop_index(batch_op.f("ix_provisional_deadline_org_id"))
    op.drop_table("provisional_deadline")
