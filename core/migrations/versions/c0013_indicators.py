"""indicators: bureau overrides, assessment schemes and frozen results, creation plans, reports

Revision ID: c0013_indicators
Revises: c0009_exports
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c0013_indicators"
down_revision: str | Sequence[str] | None = "c0009_exports"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sqlmodel.sql.sqltypes.UTCDateTime
DECIMAL_TEXT = sa.String(length=32)  # exact decimal text (core.indicators.models.ExactDecimal)


def _index(table: str, *columns: str) -> None:
    with op.batch_alter_table(table) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{table}_{'_'.join(columns)}"), list(columns))


def upgrade() -> None:
    op.create_table(
        "indicator_setting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=80), nullable=False),
        sa.Column("target", DECIMAL_TEXT, nullable=True),
        sa.Column("weight", DECIMAL_TEXT, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTC_DATETIME(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_indicator_setting_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_setting")),
        sa.UniqueConstraint(
            "org_id", "indicator", name=op.f("uq_indicator_setting_org_id_indicator")
        ),
    )
    _index("indicator_setting", "org_id")

    op.create_table(
        "assessment_scheme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("period_type", sa.String(length=10), nullable=False),
        sa.Column("subject_type", sa.String(length=32), nullable=False),
        sa.Column("pass_score", DECIMAL_TEXT, nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
        sa.Column("updated_at", UTC_DATETIME(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_assessment_scheme_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_scheme")),
    )
    _index("assessment_scheme", "org_id")

    op.create_table(
        "assessment_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=80), nullable=False),
        sa.Column("weight", DECIMAL_TEXT, nullable=False),
        sa.Column("rule", sa.String(length=16), nullable=False),
        sa.Column("target", DECIMAL_TEXT, nullable=True),
        sa.Column("zero_value", DECIMAL_TEXT, nullable=True),
        sa.Column("deduction", DECIMAL_TEXT, nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["assessment_scheme.id"],
            name=op.f("fk_assessment_item_scheme_id_assessment_scheme"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_item")),
        sa.UniqueConstraint(
            "scheme_id", "indicator", name=op.f("uq_assessment_item_scheme_id_indicator")
        ),
    )
    _index("assessment_item", "scheme_id")

    op.create_table(
        "assessment_closure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("closed_at", UTC_DATETIME(), nullable=False),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("scheme_snapshot", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["closed_by_id"],
            ["staff_account.id"],
            name=op.f("fk_assessment_closure_closed_by_id_staff_account"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_assessment_closure_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["assessment_scheme.id"],
            name=op.f("fk_assessment_closure_scheme_id_assessment_scheme"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_closure")),
        sa.UniqueConstraint(
            "scheme_id", "period", name=op.f("uq_assessment_closure_scheme_id_period")
        ),
    )
    _index("assessment_closure", "org_id")
    _index("assessment_closure", "scheme_id")

    op.create_table(
        "assessment_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("closure_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("score", DECIMAL_TEXT, nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("reached", sa.Boolean(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["closure_id"],
            ["assessment_closure.id"],
            name=op.f("fk_assessment_result_closure_id_assessment_closure"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_assessment_result_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_result")),
        sa.UniqueConstraint(
            "closure_id", "org_id", name=op.f("uq_assessment_result_closure_id_org_id")
        ),
    )
    _index("assessment_result", "closure_id")
    _index("assessment_result", "org_id")

    op.create_table(
        "creation_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
        sa.Column("updated_at", UTC_DATETIME(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_creation_plan_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["assessment_scheme.id"],
            name=op.f("fk_creation_plan_scheme_id_assessment_scheme"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_creation_plan")),
    )
    _index("creation_plan", "org_id")

    op.create_table(
        "creation_plan_year",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("target_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["creation_plan.id"],
            name=op.f("fk_creation_plan_year_plan_id_creation_plan"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_creation_plan_year")),
        sa.UniqueConstraint("plan_id", "year", name=op.f("uq_creation_plan_year_plan_id_year")),
    )
    _index("creation_plan_year", "plan_id")

    op.create_table(
        "creation_plan_station",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("target_year", sa.Integer(), nullable=True),
        sa.Column("reached_year", sa.Integer(), nullable=True),
        sa.Column("closure_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTC_DATETIME(), nullable=False),
        sa.ForeignKeyConstraint(
            ["closure_id"],
            ["assessment_closure.id"],
            name=op.f("fk_creation_plan_station_closure_id_assessment_closure"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_creation_plan_station_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["creation_plan.id"],
            name=op.f("fk_creation_plan_station_plan_id_creation_plan"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_creation_plan_station")),
        sa.UniqueConstraint(
            "plan_id", "org_id", name=op.f("uq_creation_plan_station_plan_id_org_id")
        ),
    )
    _index("creation_plan_station", "org_id")
    _index("creation_plan_station", "plan_id")

    op.create_table(
        "indicator_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("generated_at", UTC_DATETIME(), nullable=False),
        sa.Column("generated_by_id", sa.Integer(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["generated_by_id"],
            ["staff_account.id"],
            name=op.f("fk_indicator_report_generated_by_id_staff_account"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_indicator_report_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_report")),
        sa.UniqueConstraint(
            "org_id", "period", "kind", name=op.f("uq_indicator_report_org_id_period_kind")
        ),
    )
    _index("indicator_report", "org_id")


def downgrade() -> None:
    for table in (
        "indicator_report",
        "creation_plan_station",
        "creation_plan_year",
        "creation_plan",
        "assessment_result",
        "assessment_closure",
        "assessment_item",
        "assessment_scheme",
        "indicator_setting",
    ):
        op.drop_table(table)
