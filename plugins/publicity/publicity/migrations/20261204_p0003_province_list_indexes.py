"""indexes that match the lists' filter and order (issue 19: lists that do not grow with the data)

Each list filters by the user's organisations and orders newest first; an index on
(org_id, order column, id) lets the database read one page in order instead of sorting
every row in scope.

Revision ID: p0003_province
Revises: p0002
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

revision: str = "p0003_province"
down_revision: str | Sequence[str] | None = "p0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_publicity_event_org_held", "publicity_event", ["org_id", "held_on", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_publicity_event_org_held", table_name="publicity_event")
