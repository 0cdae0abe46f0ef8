"""staff identity and access: accounts, roles, permissions, grants, sessions

Revision ID: c0003_identity
Revises: c0002_audit
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c0003_identity"
down_revision: str | Sequence[str] | None = "c0002_audit"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sqlmodel.sql.sqltypes.UTCDateTime
TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "permission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", TEXT(length=100), nullable=False),
        sa.Column("label_zh", TEXT(length=100), nullable=False),
        sa.Column("label_en", TEXT(length=100), nullable=False),
        sa.Column("source", TEXT(length=40), nullable=False),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permission")),
        sa.UniqueConstraint("code", name=op.f("uq_permission_code")),
    )
    op.create_table(
        "role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", TEXT(length=64), nullable=False),
        sa.Column("label_zh", TEXT(length=100), nullable=False),
        sa.Column("label_en", TEXT(length=100), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role")),
        sa.UniqueConstraint("code", name=op.f("uq_role_code")),
    )
    op.create_table(
        "role_permission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("permission", TEXT(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["role_id"],
            ["role.id"],
            name=op.f("fk_role_permission_role_id_role"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_permission")),
        sa.UniqueConstraint(
            "role_id", "permission", name=op.f("uq_role_permission_role_id_permission")
        ),
    )
    with op.batch_alter_table("role_permission", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_role_permission_permission"), ["permission"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_role_permission_role_id"), ["role_id"], unique=False)

    op.create_table(
        "staff_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", TEXT(length=64), nullable=False),
        sa.Column("display_name", TEXT(length=100), nullable=False),
        sa.Column("password_hash", TEXT(length=255), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("must_change_password", sa.Boolean(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", UTC_DATETIME(), nullable=True),
        sa.Column("last_login_at", UTC_DATETIME(), nullable=True),
        sa.Column("password_changed_at", UTC_DATETIME(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
        sa.Column("updated_at", UTC_DATETIME(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_staff_account_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_account")),
        sa.UniqueConstraint("username", name=op.f("uq_staff_account_username")),
    )
    with op.batch_alter_table("staff_account", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_account_org_id"), ["org_id"], unique=False)

    op.create_table(
        "role_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("granted_by", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["staff_account.id"],
            name=op.f("fk_role_grant_account_id_staff_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_role_grant_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["role_id"], ["role.id"], name=op.f("fk_role_grant_role_id_role"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_grant")),
        sa.UniqueConstraint(
            "account_id", "role_id", "org_id", name=op.f("uq_role_grant_account_id_role_id_org_id")
        ),
    )
    with op.batch_alter_table("role_grant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_role_grant_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_role_grant_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_role_grant_role_id"), ["role_id"], unique=False)

    op.create_table(
        "staff_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", TEXT(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
        sa.Column("last_seen_at", UTC_DATETIME(), nullable=False),
        sa.Column("ip", TEXT(length=45), nullable=True),
        sa.Column("user_agent", TEXT(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["staff_account.id"],
            name=op.f("fk_staff_session_account_id_staff_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_staff_session_token_hash")),
    )
    with op.batch_alter_table("staff_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_staff_session_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index("ix_staff_session_last_seen_at", ["last_seen_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("staff_session", schema=None) as batch_op:
        batch_op.drop_index("ix_staff_session_last_seen_at")
        batch_op.drop_index(batch_op.f("ix_staff_session_account_id"))
    op.drop_table("staff_session")
    with op.batch_alter_table("role_grant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_grant_role_id"))
        batch_op.drop_index(batch_op.f("ix_role_grant_org_id"))
        batch_op.drop_index(batch_op.f("ix_role_grant_account_id"))
    op.drop_table("role_grant")
    with op.batch_alter_table("staff_account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_account_org_id"))
    op.drop_table("staff_account")
    with op.batch_alter_table("role_permission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_permission_role_id"))
        batch_op.drop_index(batch_op.f("ix_role_permission_permission"))
    op.drop_table("role_permission")
    op.drop_table("role")
    op.drop_table("permission")
