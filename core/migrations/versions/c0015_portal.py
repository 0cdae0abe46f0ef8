"""portal: citizen applications, one-time codes, rate-limit attempts, dev SMS outbox — issue 24

Revision ID: c0015_portal
Revises: c0014_province_aggregates
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c0015_portal"
down_revision: str | Sequence[str] | None = "c0014_province_aggregates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "portal_application",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=80), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("phone_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
        sa.Column("notified_state", sa.String(length=100), nullable=True),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_portal_application_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_application")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_portal_application_token_hash")),
    )
    for column in ("kind", "record_id", "org_id", "phone_key", "created_at"):
        op.create_index(
            op.f(f"ix_portal_application_{column}"), "portal_application", [column], unique=False
        )
    op.create_table(
        "portal_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
        sa.Column("expires_at", UTC_DATETIME(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("used_at", UTC_DATETIME(), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["portal_application.id"],
            name=op.f("fk_portal_code_application_id_portal_application"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_code")),
    )
    op.create_index(
        op.f("ix_portal_code_application_id"), "portal_code", ["application_id"], unique=False
    )
    op.create_table(
        "portal_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("at", UTC_DATETIME(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_attempt")),
    )
    op.create_index(op.f("ix_portal_attempt_key"), "portal_attempt", ["key"], unique=False)
    op.create_index(op.f("ix_portal_attempt_at"), "portal_attempt", ["at"], unique=False)
    op.create_table(
        "portal_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("at", UTC_DATETIME(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_outbox")),
    )
    op.create_index(op.f("ix_portal_outbox_at"), "portal_outbox", ["at"], unique=False)


def downgrade() -> None:
    op.drop_table("portal_outbox")
    op.drop_table("portal_attempt")
    op.drop_table("portal_code")
    op.drop_table("portal_application")
