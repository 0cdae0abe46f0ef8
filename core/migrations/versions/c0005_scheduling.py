"""scheduling: job runs, holiday overrides, deadline rule overrides

Revision ID: c0005_scheduling
Revises: c0007_modules
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c0005_scheduling"
down_revision: str | Sequence[str] | None = "c0007_modules"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("slot", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("token", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("progress_done", sa.Integer(), nullable=True),
        sa.Column("progress_total", sa.Integer(), nullable=True),
        sa.Column("progress_note", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("enqueued_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("heartbeat_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("finished_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_run")),
        sa.UniqueConstraint("job_name", "slot", name=op.f("uq_job_run_job_name_slot")),
    )
    with op.batch_alter_table("job_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_run_status"), ["status"], unique=False)

    op.create_table(
        "holiday_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("is_workday", sa.Boolean(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holiday_override")),
        sa.UniqueConstraint("day", name=op.f("uq_holiday_override_day")),
    )

    op.create_table(
        "holiday_year",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_holiday_year")),
    )

    op.create_table(
        "deadline_rule_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("rule_code", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("start_day_counts", sa.Boolean(), nullable=False),
        sa.Column("roll_past_rest_days", sa.Boolean(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_deadline_rule_override_amount_positive")),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_deadline_rule_override_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadline_rule_override")),
        sa.UniqueConstraint(
            "org_id", "rule_code", name=op.f("uq_deadline_rule_override_org_id_rule_code")
        ),
    )
    with op.batch_alter_table("deadline_rule_override", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_deadline_rule_override_org_id"), ["org_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("deadline_rule_override", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadline_rule_override_org_id"))
    op.drop_table("deadline_rule_override")
    op.drop_table("holiday_year")
    op.drop_table("holiday_override")
    with op.batch_alter_table("job_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_run_status"))
    op.drop_table("job_run")
