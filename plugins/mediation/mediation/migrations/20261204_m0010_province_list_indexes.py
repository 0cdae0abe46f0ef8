"""indexes that match the lists' filter and order (issue 19: lists that do not grow with the data)

Each list filters by the user's organisations and orders newest first; an index on
(org_id, order column, id) lets the database read one page in order instead of sorting
every row in scope.

Revision ID: m0010_province
Revises: m0009
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

revision: str = "m0010_province"
down_revision: str | Sequence[str] | None = "m0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_mediation_case_org_registered",
        "mediation_case",
        ["org_id", "registered_on", "id"],
        unique=False,
    )
    op.create_index(
        "ix_mediation_case_registered", "mediation_case", ["registered_on", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_mediation_case_registered", table_name="mediation_case")
    op.drop_index("ix_mediation_case_org_registered", table_name="mediation_case")
