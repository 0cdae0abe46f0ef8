"""people registry

Revision ID: c0004_people
Revises: c0003_identity
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c0004_people"
down_revision: str | Sequence[str] | None = "c0003_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PATTERN_OPS = "text_pattern_ops"  # PostgreSQL: lets LIKE 'abc%' use the index


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("id_type", sa.String(length=20), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=True),
        sa.Column("document_type", sa.String(length=32), nullable=True),
        sa.Column("document_number", sa.String(length=40), nullable=True),
        sa.Column("no_id_reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("sex", sa.String(length=8), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("phone", sa.String(length=24), nullable=True),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("ethnicity", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("pinyin_initials", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("full_pinyin", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_person_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_phone"), ["phone"], unique=False)
        batch_op.create_index(
            "ix_person_pinyin_initials",
            ["pinyin_initials"],
            unique=False,
            postgresql_ops={"pinyin_initials": PATTERN_OPS},
        )
        batch_op.create_index(
            "ix_person_full_pinyin",
            ["full_pinyin"],
            unique=False,
            postgresql_ops={"full_pinyin": PATTERN_OPS},
        )
        # Unique only where present: NULLs never collide, on SQLite and PostgreSQL alike.
        batch_op.create_index("uq_person_id_number", ["id_number"], unique=True)
        batch_op.create_index(
            "uq_person_document", ["document_number", "document_type"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("uq_person_document")
        batch_op.drop_index("uq_person_id_number")
        batch_op.drop_index("ix_person_full_pinyin")
        batch_op.drop_index("ix_person_pinyin_initials")
        batch_op.drop_index(batch_op.f("ix_person_phone"))
        batch_op.drop_index(batch_op.f("ix_person_org_id"))
        batch_op.drop_index(batch_op.f("ix_person_name"))

    op.drop_table("person")
