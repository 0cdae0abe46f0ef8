"""create the mediation tables: registers, cases and what hangs off them

Revision ID: m0001
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "m0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mediation_committee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("short_name", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("established_on", sa.Date(), nullable=True),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_mediation_committee_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_committee")),
        sa.UniqueConstraint("org_id", name=op.f("uq_mediation_committee_org_id")),
    )
    op.create_table(
        "mediation_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=True),
        sa.Column("case_number", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("application_form", sa.String(length=10), nullable=True),
        sa.Column("application_text", sa.Text(), nullable=True),
        sa.Column("applicant_signed", sa.Boolean(), nullable=False),
        sa.Column("referral_mode", sa.String(length=20), nullable=True),
        sa.Column("referring_body", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("referral_number", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("category_code", sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
        sa.Column("ministry_category", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=True),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("people_involved", sa.Integer(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("registered_by", sa.Integer(), nullable=True),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("rights_notified_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("refused_on", sa.Date(), nullable=True),
        sa.Column("refusal_reason", sa.String(length=32), nullable=True),
        sa.Column("refusal_note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("terminated_on", sa.Date(), nullable=True),
        sa.Column("termination_reason", sa.String(length=32), nullable=True),
        sa.Column("remedies", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("termination_note", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("difficulty", sa.String(length=10), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("archived_on", sa.Date(), nullable=True),
        sa.Column("archived_by", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["mediation_committee.id"],
            name=op.f("fk_mediation_case_committee_id_mediation_committee"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_mediation_case_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_case")),
        sa.UniqueConstraint(
            "committee_id",
            "year",
            "serial",
            name=op.f("uq_mediation_case_committee_id_year_serial"),
        ),
    )
    with op.batch_alter_table("mediation_case", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mediation_case_case_number"), ["case_number"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mediation_case_closed_on"), ["closed_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mediation_case_committee_id"), ["committee_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mediation_case_ministry_category"), ["ministry_category"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mediation_case_org_id"), ["org_id"], unique=False)
        batch_op.create_index("ix_mediation_case_org_id_status", ["org_id", "status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_mediation_case_registered_on"), ["registered_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mediation_case_status"), ["status"], unique=False)

    op.create_table(
        "mediation_case_counter",
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_serial", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["mediation_committee.id"],
            name=op.f("fk_mediation_case_counter_committee_id_mediation_committee"),
        ),
        sa.PrimaryKeyConstraint("committee_id", "year", name=op.f("pk_mediation_case_counter")),
    )
    op.create_table(
        "mediation_filing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("document_number", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["mediation_committee.id"],
            name=op.f("fk_mediation_filing_committee_id_mediation_committee"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_mediation_filing_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_filing")),
    )
    with op.batch_alter_table("mediation_filing", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mediation_filing_committee_id"), ["committee_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mediation_filing_org_id"), ["org_id"], unique=False)

    op.create_table(
        "mediation_mediator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("sex", sa.String(length=8), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.Column("employment", sa.String(length=20), nullable=False),
        sa.Column("position", sa.String(length=20), nullable=False),
        sa.Column("term_start", sa.Date(), nullable=True),
        sa.Column("term_end", sa.Date(), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["staff_account.id"],
            name=op.f("fk_mediation_mediator_account_id_staff_account"),
        ),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["mediation_committee.id"],
            name=op.f("fk_mediation_mediator_committee_id_mediation_committee"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_mediation_mediator_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_mediator")),
    )
    with op.batch_alter_table("mediation_mediator", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mediation_mediator_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mediation_mediator_committee_id"), ["committee_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mediation_mediator_org_id"), ["org_id"], unique=False)

    op.create_table(
        "mediation_agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=10), nullable=False),
        sa.Column("concluded_on", sa.Date(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column(
            "performance_method", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False
        ),
        sa.Column("performance_deadline", sa.Date(), nullable=False),
        sa.Column("performance_place", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("superseded", sa.Boolean(), nullable=False),
        sa.Column("performed_on", sa.Date(), nullable=True),
        sa.Column("performance_note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("confirmation_status", sa.String(length=10), nullable=False),
        sa.Column("confirmation_applied_on", sa.Date(), nullable=True),
        sa.Column(
            "confirmation_court", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True
        ),
        sa.Column(
            "confirmation_case_number", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True
        ),
        sa.Column("confirmation_decided_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["mediation_case.id"],
            name=op.f("fk_mediation_agreement_case_id_mediation_case"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_mediation_agreement_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_agreement")),
    )
    with op.batch_alter_table("mediation_agreement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mediation_agreement_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mediation_agreement_org_id"), ["org_id"], unique=False)

    op.create_table(
        "mediation_case_mediator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("mediator_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("lead", sa.Boolean(), nullable=False),
        sa.Column("assigned_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["mediation_case.id"],
            name=op.f("fk_mediation_case_mediator_case_id_mediation_case"),
        ),
        sa.ForeignKeyConstraint(
            ["mediator_id"],
            ["mediation_mediator.id"],
            name=op.f("fk_mediation_case_mediator_mediator_id_mediation_mediator"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_mediation_case_mediator_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_case_mediator")),
        sa.UniqueConstraint(
            "case_id", "mediator_id", name=op.f("uq_mediation_case_mediator_case_id_mediator_id")
        ),
    )
    with op.batch_alter_table("mediation_case_mediator", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mediation_case_mediator_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mediation_case_mediator_mediator_id"), ["mediator_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mediation_case_mediator_org_id"), ["org_id"], unique=False
        )

    op.create_table(
        "mediation_follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("visited_persons", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("visitor", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("performance", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("satisfaction", sa.String(length=12), nullable=False),
        sa.Column("new_conflict", sa.Boolean(), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["mediation_case.id"],
            name=op.f("fk_mediation_follow_up_case_id_mediation_case"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_mediation_follow_up_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_follow_up")),
    )
    with op.batch_alter_table("mediation_follow_up", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mediation_follow_up_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mediation_follow_up_org_id"), ["org_id"], unique=False)

    op.create_table(
        "mediation_party",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("represents_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["mediation_case.id"],
            name=op.f("fk_mediation_party_case_id_mediation_case"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_mediation_party_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_mediation_party_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["represents_id"],
            ["mediation_party.id"],
            name=op.f("fk_mediation_party_represents_id_mediation_party"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_party")),
        sa.UniqueConstraint(
            "case_id", "person_id", name=op.f("uq_mediation_party_case_id_person_id")
        ),
    )
    with op.batch_alter_table("mediation_party", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mediation_party_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mediation_party_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_mediation_party_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "mediation_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("participants", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["mediation_case.id"],
            name=op.f("fk_mediation_session_case_id_mediation_case"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_mediation_session_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_session")),
    )
    with op.batch_alter_table("mediation_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mediation_session_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mediation_session_org_id"), ["org_id"], unique=False)

    op.create_table(
        "mediation_training",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mediator_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("organiser", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("hours", sa.Numeric(precision=5, scale=1), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mediator_id"],
            ["mediation_mediator.id"],
            name=op.f("fk_mediation_training_mediator_id_mediation_mediator"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_mediation_training_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_training")),
    )
    with op.batch_alter_table("mediation_training", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mediation_training_held_on"), ["held_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mediation_training_mediator_id"), ["mediator_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mediation_training_org_id"), ["org_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mediation_training", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_training_org_id"))
        batch_op.drop_index(batch_op.f("ix_mediation_training_mediator_id"))
        batch_op.drop_index(batch_op.f("ix_mediation_training_held_on"))

    op.drop_table("mediation_training")
    with op.batch_alter_table("mediation_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_session_org_id"))
        batch_op.drop_index(batch_op.f("ix_mediation_session_case_id"))

    op.drop_table("mediation_session")
    with op.batch_alter_table("mediation_party", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_party_person_id"))
        batch_op.drop_index(batch_op.f("ix_mediation_party_org_id"))
        batch_op.drop_index(batch_op.f("ix_mediation_party_case_id"))

    op.drop_table("mediation_party")
    with op.batch_alter_table("mediation_follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_follow_up_org_id"))
        batch_op.drop_index(batch_op.f("ix_mediation_follow_up_case_id"))

    op.drop_table("mediation_follow_up")
    with op.batch_alter_table("mediation_case_mediator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_case_mediator_org_id"))
        batch_op.drop_index(batch_op.f("ix_mediation_case_mediator_mediator_id"))
        batch_op.drop_index(batch_op.f("ix_mediation_case_mediator_case_id"))

    op.drop_table("mediation_case_mediator")
    with op.batch_alter_table("mediation_agreement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_agreement_org_id"))
        batch_op.drop_index(batch_op.f("ix_mediation_agreement_case_id"))

    op.drop_table("mediation_agreement")
    with op.batch_alter_table("mediation_mediator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_mediator_org_id"))
        batch_op.drop_index(batch_op.f("ix_mediation_mediator_committee_id"))
        batch_op.drop_index(batch_op.f("ix_mediation_mediator_account_id"))

    op.drop_table("mediation_mediator")
    with op.batch_alter_table("mediation_filing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_filing_org_id"))
        batch_op.drop_index(batch_op.f("ix_mediation_filing_committee_id"))

    op.drop_table("mediation_filing")
    op.drop_table("mediation_case_counter")
    with op.batch_alter_table("mediation_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_case_status"))
        batch_op.drop_index(batch_op.f("ix_mediation_case_registered_on"))
        batch_op.drop_index("ix_mediation_case_org_id_status")
        batch_op.drop_index(batch_op.f("ix_mediation_case_org_id"))
        batch_op.drop_index(batch_op.f("ix_mediation_case_ministry_category"))
        batch_op.drop_index(batch_op.f("ix_mediation_case_committee_id"))
        batch_op.drop_index(batch_op.f("ix_mediation_case_closed_on"))
        batch_op.drop_index(batch_op.f("ix_mediation_case_case_number"))

    op.drop_table("mediation_case")
    op.drop_table("mediation_committee")
