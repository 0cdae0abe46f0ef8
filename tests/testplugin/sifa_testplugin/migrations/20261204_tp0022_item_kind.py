"""testplugin_item: a kind from the plugin's code list and the contact a referral names

Revision ID: tp0022
Revises: tp0013
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "tp0022"
down_revision: str | Sequence[str] | None = "tp0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("testplugin_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("contact", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("testplugin_item", schema=None) as batch_op:
        batch_op.drop_column("contact")
        batch_op.drop_column("kind")
