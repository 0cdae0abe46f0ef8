"""mediation: the applicant's rating of an online application (citizen portal, issue 24)

Revision ID: m0011_portal_rating
Revises: m0011_subsidy_checks
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "m0011_portal_rating"
down_revision: str | Sequence[str] | None = "m0011_subsidy_checks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mediation_portal_rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("rated_on", sa.Date(), nullable=False),
        sa.Column("satisfaction", sa.String(length=12), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["mediation_case.id"],
            name=op.f("fk_mediation_portal_rating_case_id_mediation_case"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_mediation_portal_rating_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_portal_rating")),
        sa.UniqueConstraint("case_id", name=op.f("uq_mediation_portal_rating_case_id")),
    )
    op.create_index(
        op.f("ix_mediation_portal_rating_org_id"), "mediation_portal_rating", ["org_id"]
    )
    op.create_index(
        op.f("ix_mediation_portal_rating_rated_on"), "mediation_portal_rating", ["rated_on"]
    )


def downgrade() -> None:
    op.drop_table("mediation_portal_rating")
