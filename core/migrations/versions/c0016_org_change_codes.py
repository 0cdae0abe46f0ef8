"""orgs: a change of official division code (代码变更) is kept in the history — issue 23

Revision ID: c0016_org_change_codes
Revises: c0015_code_lists
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c0016_org_change_codes"
down_revision: str | Sequence[str] | None = "c0015_code_lists"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("org_change") as batch:
        batch.add_column(
            sa.Column("old_code", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True)
        )
        batch.add_column(
            sa.Column("new_code", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("org_change") as batch:
        batch.drop_column("new_code")
        batch.drop_column("old_code")
