"""reminders: due items, escalations, notifications, deliveries, addresses

Revision ID: c0008_reminders
Revises: c0005_scheduling
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c0008_reminders"
down_revision: str | Sequence[str] | None = "c0005_scheduling"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = sqlmodel.sql.sqltypes.UTCDateTime
Text = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "due_item_kind_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("kind", Text(length=80), nullable=False),
        sa.Column("lead_minutes", sa.Integer(), nullable=True),
        sa.Column("escalation_minutes", sa.Integer(), nullable=True),
        sa.Column("note", Text(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("updated_at", UTC(), nullable=False),
        sa.CheckConstraint(
            "escalation_minutes IS NULL OR escalation_minutes > 0",
            name=op.f("ck_due_item_kind_override_escalation_positive"),
        ),
        sa.CheckConstraint(
            "lead_minutes IS NULL OR lead_minutes >= 0",
            name=op.f("ck_due_item_kind_override_lead_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_due_item_kind_override_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_due_item_kind_override")),
        sa.UniqueConstraint("org_id", "kind", name=op.f("uq_due_item_kind_override_org_id_kind")),
    )
    with op.batch_alter_table("due_item_kind_override", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_due_item_kind_override_org_id"), ["org_id"], unique=False
        )

    op.create_table(
        "due_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plugin", Text(length=40), nullable=False),
        sa.Column("entity", Text(length=60), nullable=False),
        sa.Column("entity_id", Text(length=64), nullable=False),
        sa.Column("key", Text(length=80), nullable=False),
        sa.Column("kind", Text(length=80), nullable=False),
        sa.Column("title_zh", Text(length=200), nullable=False),
        sa.Column("title_en", Text(length=200), nullable=False),
        sa.Column("url", Text(length=300), nullable=True),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("due_at", UTC(), nullable=False),
        sa.Column("soon_at", UTC(), nullable=False),
        sa.Column("done_at", UTC(), nullable=True),
        sa.Column("done_by", sa.Integer(), nullable=True),
        sa.Column("notified_stage", sa.Integer(), nullable=False),
        sa.Column("escalation_level", sa.Integer(), nullable=True),
        sa.Column("next_escalation_at", UTC(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("updated_at", UTC(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["staff_account.id"], name=op.f("fk_due_item_account_id_staff_account")
        ),
        sa.ForeignKeyConstraint(
            ["done_by"], ["staff_account.id"], name=op.f("fk_due_item_done_by_staff_account")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_due_item_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_due_item")),
        sa.UniqueConstraint(
            "plugin",
            "entity",
            "entity_id",
            "key",
            name=op.f("uq_due_item_plugin_entity_entity_id_key"),
        ),
    )
    with op.batch_alter_table("due_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_due_item_account_id"), ["account_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_due_item_next_escalation_at"), ["next_escalation_at"], unique=False
        )
        batch_op.create_index("ix_due_item_open_due", ["done_at", "due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_due_item_org_id"), ["org_id"], unique=False)

    op.create_table(
        "due_item_escalation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("escalated_at", UTC(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["due_item.id"],
            name=op.f("fk_due_item_escalation_item_id_due_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_due_item_escalation_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_due_item_escalation")),
        sa.UniqueConstraint("item_id", "level", name=op.f("uq_due_item_escalation_item_id_level")),
    )
    with op.batch_alter_table("due_item_escalation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_due_item_escalation_item_id"), ["item_id"], unique=False
        )

    op.create_table(
        "due_item_recipient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("escalation_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["staff_account.id"],
            name=op.f("fk_due_item_recipient_account_id_staff_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["escalation_id"],
            ["due_item_escalation.id"],
            name=op.f("fk_due_item_recipient_escalation_id_due_item_escalation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["due_item.id"],
            name=op.f("fk_due_item_recipient_item_id_due_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_due_item_recipient")),
        sa.UniqueConstraint(
            "item_id", "account_id", name=op.f("uq_due_item_recipient_item_id_account_id")
        ),
    )
    with op.batch_alter_table("due_item_recipient", schema=None) as batch_op:
        batch_op.create_index(
            "ix_due_item_recipient_account_id_item_id", ["account_id", "item_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_due_item_recipient_escalation_id"), ["escalation_id"], unique=False
        )

    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("key", Text(length=120), nullable=False),
        sa.Column("kind", Text(length=40), nullable=False),
        sa.Column("title_zh", Text(length=200), nullable=False),
        sa.Column("title_en", Text(length=200), nullable=False),
        sa.Column("body_zh", sa.Text(), nullable=False),
        sa.Column("body_en", sa.Text(), nullable=False),
        sa.Column("url", Text(length=300), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("read_at", UTC(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["staff_account.id"],
            name=op.f("fk_notification_account_id_staff_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["due_item.id"], name=op.f("fk_notification_item_id_due_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
        sa.UniqueConstraint("account_id", "key", name=op.f("uq_notification_account_id_key")),
    )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.create_index(
            "ix_notification_account_id_read_at", ["account_id", "read_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_notification_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_notification_item_id"), ["item_id"], unique=False)

    op.create_table(
        "notification_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notification_id", sa.Integer(), nullable=False),
        sa.Column("channel", Text(length=60), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", UTC(), nullable=True),
        sa.Column("claimed_at", UTC(), nullable=True),
        sa.Column("sent_at", UTC(), nullable=True),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("updated_at", UTC(), nullable=False),
        sa.ForeignKeyConstraint(
            ["notification_id"],
            ["notification.id"],
            name=op.f("fk_notification_delivery_notification_id_notification"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_delivery")),
        sa.UniqueConstraint(
            "notification_id",
            "channel",
            name=op.f("uq_notification_delivery_notification_id_channel"),
        ),
    )
    with op.batch_alter_table("notification_delivery", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notification_delivery_state"), ["state"], unique=False)

    op.create_table(
        "notification_address",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("channel", Text(length=60), nullable=False),
        sa.Column("address", Text(length=200), nullable=False),
        sa.Column("updated_at", UTC(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["staff_account.id"],
            name=op.f("fk_notification_address_account_id_staff_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_address")),
        sa.UniqueConstraint(
            "account_id", "channel", name=op.f("uq_notification_address_account_id_channel")
        ),
    )


def downgrade() -> None:
    op.drop_table("notification_address")
    with op.batch_alter_table("notification_delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_delivery_state"))
    op.drop_table("notification_delivery")
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_item_id"))
        batch_op.drop_index(batch_op.f("ix_notification_created_at"))
        batch_op.drop_index("ix_notification_account_id_read_at")
    op.drop_table("notification")
    with op.batch_alter_table("due_item_recipient", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_due_item_recipient_escalation_id"))
        batch_op.drop_index("ix_due_item_recipient_account_id_item_id")
    op.drop_table("due_item_recipient")
    with op.batch_alter_table("due_item_escalation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_due_item_escalation_item_id"))
    op.drop_table("due_item_escalation")
    with op.batch_alter_table("due_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_due_item_org_id"))
        batch_op.drop_index("ix_due_item_open_due")
        batch_op.drop_index(batch_op.f("ix_due_item_next_escalation_at"))
        batch_op.drop_index(batch_op.f("ix_due_item_account_id"))
    op.drop_table("due_item")
    with op.batch_alter_table("due_item_kind_override", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_due_item_kind_override_org_id"))
    op.drop_table("due_item_kind_override")
