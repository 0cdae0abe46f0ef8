"""indexes that match the lists' filter and order (issue 19: lists that do not grow with the data)

Each list filters by the user's organisations and orders newest first; an index on
(org_id, order column, id) lets the database read one page in order instead of sorting
every row in scope.

Revision ID: corrections0003_province
Revises: corrections0002
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

revision: str = "corrections0003_province"
down_revision: str | Sequence[str] | None = "corrections0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_corrections_subject_org_received",
        "corrections_subject",
        ["org_id", "documents_received_on", "id"],
        unique=False,
    )
    op.create_index(
        "ix_corrections_aftercare_org_release",
        "corrections_aftercare",
        ["org_id", "release_on", "id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_corrections_aftercare_org_release", table_name="corrections_aftercare")
    op.drop_index("ix_corrections_subject_org_received", table_name="corrections_subject")
