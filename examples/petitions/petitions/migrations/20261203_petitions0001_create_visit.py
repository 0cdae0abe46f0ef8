"""create petitions_visit

Revision ID: petitions0001
Revises:
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "petitions0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "petitions_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("matter", sa.String(length=500), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("answer", sa.String(length=500), nullable=False),
        sa.Column("overdue", sa.Boolean(), nullable=False),
        sa.Column("referral_target", sa.String(length=60), nullable=True),
        sa.Column("referral_record_id", sa.Integer(), nullable=True),
        sa.Column("referral_url", sa.String(length=200), nullable=True),
        sa.Column("referral_label", sa.String(length=200), nullable=True),
        sa.Column("referred_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_petitions_visit_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_petitions_visit_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petitions_visit")),
        sa.UniqueConstraint("number", name=op.f("uq_petitions_visit_number")),
    )
    with op.batch_alter_table("petitions_visit") as batch_op:
        batch_op.create_index(batch_op.f("ix_petitions_visit_org_id"), ["org_id"])
        batch_op.create_index(batch_op.f("ix_petitions_visit_person_id"), ["person_id"])
        batch_op.create_index(batch_op.f("ix_petitions_visit_visited_on"), ["visited_on"])
        batch_op.create_index(batch_op.f("ix_petitions_visit_overdue"), ["overdue"])


def downgrade() -> None:
    op.drop_table("petitions_visit")
