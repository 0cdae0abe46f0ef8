"""create the corrections tables: subjects and their supervision, leave, sanctions,
electronic location, and aftercare persons

Revision ID: corrections0001
Revises:
Create Date: 2026-12-03 13:37:29.222965
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "corrections0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "corrections_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("commissioned_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("fast_track", sa.Boolean(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("opinion", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_corrections_assessment_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_corrections_assessment_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections_assessment")),
    )
    with op.batch_alter_table("corrections_assessment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corrections_assessment_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_corrections_assessment_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "corrections_subject",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("subject_type", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("offence", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("sentence", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("deciding_body", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("judgment_number", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("notice_number", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("documents_received_on", sa.Date(), nullable=False),
        sa.Column("report_due_on", sa.Date(), nullable=True),
        sa.Column("term_start", sa.Date(), nullable=True),
        sa.Column("term_end", sa.Date(), nullable=True),
        sa.Column("prohibitions", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("is_minor", sa.Boolean(), nullable=False),
        sa.Column("risk_flags", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("level_reason", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("intake_mode", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("reported_on", sa.Date(), nullable=True),
        sa.Column("announced_on", sa.Date(), nullable=True),
        sa.Column("search_started_on", sa.Date(), nullable=True),
        sa.Column("lost_since", sa.Date(), nullable=True),
        sa.Column("plan", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("plan_review_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_type", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("created_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_corrections_subject_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_corrections_subject_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections_subject")),
    )
    with op.batch_alter_table("corrections_subject", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corrections_subject_documents_received_on"),
            ["documents_received_on"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_corrections_subject_is_minor"), ["is_minor"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_corrections_subject_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_corrections_subject_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_corrections_subject_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_corrections_subject_term_end"), ["term_end"], unique=False
        )

    op.create_table(
        "corrections_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_corrections_activity_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["corrections_subject.id"],
            name=op.f("fk_corrections_activity_subject_id_corrections_subject"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections_activity")),
    )
    with op.batch_alter_table("corrections_activity", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corrections_activity_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_corrections_activity_subject_id"), ["subject_id"], unique=False
        )

    op.create_table(
        "corrections_aftercare",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("released_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("release_on", sa.Date(), nullable=False),
        sa.Column("notice_on", sa.Date(), nullable=True),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
        sa.Column("must_escort", sa.Boolean(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("verified_on", sa.Date(), nullable=True),
        sa.Column("handover_mode", sqlmodel.sql.sqltypes.AutoString(length=4), nullable=True),
        sa.Column("handed_over_on", sa.Date(), nullable=True),
        sa.Column("resettlement", sqlmodel.sql.sqltypes.AutoString(length=4), nullable=True),
        sa.Column("term_end", sa.Date(), nullable=True),
        sa.Column("exit_reason", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("reoffended", sa.Boolean(), nullable=False),
        sa.Column("exited_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_corrections_aftercare_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_corrections_aftercare_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["corrections_subject.id"],
            name=op.f("fk_corrections_aftercare_subject_id_corrections_subject"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections_aftercare")),
    )
    with op.batch_alter_table("corrections_aftercare", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corrections_aftercare_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_corrections_aftercare_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_corrections_aftercare_release_on"), ["release_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_corrections_aftercare_status"), ["status"], unique=False
        )

    op.create_table(
        "corrections_checkin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("mode", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("done_mode", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_corrections_checkin_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["corrections_subject.id"],
            name=op.f("fk_corrections_checkin_subject_id_corrections_subject"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections_checkin")),
        sa.UniqueConstraint(
            "subject_id", "due_on", name=op.f("uq_corrections_checkin_subject_id_due_on")
        ),
    )
    with op.batch_alter_table("corrections_checkin", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_corrections_checkin_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_corrections_checkin_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_corrections_checkin_subject_id"), ["subject_id"], unique=False
        )

    op.create_table(
        "corrections_evaluation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_corrections_evaluation_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["corrections_subject.id"],
            name=op.f("fk_corrections_evaluation_subject_id_corrections_subject"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections_evaluation")),
        sa.UniqueConstraint(
            "subject_id", "month", name=op.f("uq_corrections_evaluation_subject_id_month")
        ),
    )
    with op.batch_alter_table("corrections_evaluation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corrections_evaluation_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_corrections_evaluation_subject_id"), ["subject_id"], unique=False
        )

    op.create_table(
        "corrections_leave",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("frequent", sa.Boolean(), nullable=False),
        sa.Column("destination", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("route", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_corrections_leave_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["corrections_subject.id"],
            name=op.f("fk_corrections_leave_subject_id_corrections_subject"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections_leave")),
    )
    with op.batch_alter_table("corrections_leave", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_corrections_leave_end_on"), ["end_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_corrections_leave_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_corrections_leave_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_corrections_leave_subject_id"), ["subject_id"], unique=False
        )

    op.create_table(
        "corrections_location",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("ground", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("approved_by", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("switched_off_on", sa.Date(), nullable=True),
        sa.Column("provider", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("fence_lat", sa.Float(), nullable=True),
        sa.Column("fence_lon", sa.Float(), nullable=True),
        sa.Column("fence_radius_m", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_corrections_location_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["corrections_subject.id"],
            name=op.f("fk_corrections_location_subject_id_corrections_subject"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections_location")),
    )
    with op.batch_alter_table("corrections_location", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corrections_location_active"), ["active"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_corrections_location_end_on"), ["end_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_corrections_location_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_corrections_location_subject_id"), ["subject_id"], unique=False
        )

    op.create_table(
        "corrections_sanction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("facts", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("court_due_on", sa.Date(), nullable=True),
        sa.Column("court_decided_on", sa.Date(), nullable=True),
        sa.Column("court_upheld", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_corrections_sanction_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["corrections_subject.id"],
            name=op.f("fk_corrections_sanction_subject_id_corrections_subject"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections_sanction")),
    )
    with op.batch_alter_table("corrections_sanction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corrections_sanction_decided_on"), ["decided_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_corrections_sanction_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_corrections_sanction_subject_id"), ["subject_id"], unique=False
        )

    op.create_table(
        "corrections_team_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("member_type", sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
        sa.Column("sex", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_corrections_team_member_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["corrections_subject.id"],
            name=op.f("fk_corrections_team_member_subject_id_corrections_subject"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections_team_member")),
    )
    with op.batch_alter_table("corrections_team_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corrections_team_member_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_corrections_team_member_subject_id"), ["subject_id"], unique=False
        )

    op.create_table(
        "corrections_transfer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("from_org_id", sa.Integer(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("report_due_on", sa.Date(), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_org_id"],
            ["org_unit.id"],
            name=op.f("fk_corrections_transfer_from_org_id_org_unit"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_corrections_transfer_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["corrections_subject.id"],
            name=op.f("fk_corrections_transfer_subject_id_corrections_subject"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections_transfer")),
    )
    with op.batch_alter_table("corrections_transfer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corrections_transfer_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_corrections_transfer_subject_id"), ["subject_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("corrections_transfer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrections_transfer_subject_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_transfer_org_id"))

    op.drop_table("corrections_transfer")
    with op.batch_alter_table("corrections_team_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrections_team_member_subject_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_team_member_org_id"))

    op.drop_table("corrections_team_member")
    with op.batch_alter_table("corrections_sanction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrections_sanction_subject_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_sanction_org_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_sanction_decided_on"))

    op.drop_table("corrections_sanction")
    with op.batch_alter_table("corrections_location", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrections_location_subject_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_location_org_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_location_end_on"))
        batch_op.drop_index(batch_op.f("ix_corrections_location_active"))

    op.drop_table("corrections_location")
    with op.batch_alter_table("corrections_leave", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrections_leave_subject_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_leave_status"))
        batch_op.drop_index(batch_op.f("ix_corrections_leave_org_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_leave_end_on"))

    op.drop_table("corrections_leave")
    with op.batch_alter_table("corrections_evaluation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrections_evaluation_subject_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_evaluation_org_id"))

    op.drop_table("corrections_evaluation")
    with op.batch_alter_table("corrections_checkin", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrections_checkin_subject_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_checkin_org_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_checkin_due_on"))

    op.drop_table("corrections_checkin")
    with op.batch_alter_table("corrections_aftercare", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrections_aftercare_status"))
        batch_op.drop_index(batch_op.f("ix_corrections_aftercare_release_on"))
        batch_op.drop_index(batch_op.f("ix_corrections_aftercare_person_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_aftercare_org_id"))

    op.drop_table("corrections_aftercare")
    with op.batch_alter_table("corrections_activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrections_activity_subject_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_activity_org_id"))

    op.drop_table("corrections_activity")
    with op.batch_alter_table("corrections_subject", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrections_subject_term_end"))
        batch_op.drop_index(batch_op.f("ix_corrections_subject_status"))
        batch_op.drop_index(batch_op.f("ix_corrections_subject_person_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_subject_org_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_subject_is_minor"))
        batch_op.drop_index(batch_op.f("ix_corrections_subject_documents_received_on"))

    op.drop_table("corrections_subject")
    with op.batch_alter_table("corrections_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrections_assessment_person_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_assessment_org_id"))

    op.drop_table("corrections_assessment")
