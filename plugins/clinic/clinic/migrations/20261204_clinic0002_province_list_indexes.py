"""indexes that match the lists' filter and order (issue 19: lists that do not grow with the data)

Each list filters by the user's organisations and orders newest first; an index on
(org_id, order column, id) lets the database read one page in order instead of sorting
every row in scope.

Revision ID: clinic0002_province
Revises: clinic0001
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

revision: str = "clinic0002_province"
down_revision: str | Sequence[str] | None = "clinic0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_clinic_home_visit_org_requested",
        "clinic_home_visit",
        ["org_id", "requested_on", "id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_clinic_home_visit_org_requested", table_name="clinic_home_visit")
