"""indexes that match the lists' filter and order (issue 19: lists that do not grow with the data)

Each list filters by the user's organisations and orders newest first; an index on
(org_id, order column, id) lets the database read one page in order instead of sorting
every row in scope.

Revision ID: la0002_province
Revises: la0001
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

revision: str = "la0002_province"
down_revision: str | Sequence[str] | None = "la0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_legal_aid_case_org_received",
        "legal_aid_case",
        ["org_id", "received_at", "id"],
        unique=False,
    )
    op.create_index(
        "ix_legal_aid_subsidy_org_computed",
        "legal_aid_subsidy",
        ["org_id", "computed_on", "id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_legal_aid_subsidy_org_computed", table_name="legal_aid_subsidy")
    op.drop_index("ix_legal_aid_case_org_received", table_name="legal_aid_case")
