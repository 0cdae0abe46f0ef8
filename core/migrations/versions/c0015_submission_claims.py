"""submission claims: one-time form tokens that have been used (issue 18)

Revision ID: c0015_submission_claims
Revises: c0015_org_history
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c0015_submission_claims"
down_revision: str | Sequence[str] | None = "c0015_org_history"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "submission_claim",
        sa.Column("nonce", sa.String(length=32), nullable=False),
        sa.Column("claimed_at", UTC_DATETIME(), nullable=False),
        sa.Column("location", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("nonce", name=op.f("pk_submission_claim")),
    )
    op.create_index("ix_submission_claim_claimed_at", "submission_claim", ["claimed_at"])


def downgrade() -> None:
    op.drop_index("ix_submission_claim_claimed_at", table_name="submission_claim")
    op.drop_table("submission_claim")
