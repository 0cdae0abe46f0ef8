"""create clinic tables

Revision ID: clinic0001
Revises:
Create Date: 2026-12-03 13:32:03.537682
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "clinic0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "clinic_panel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("matter", sa.Text(), nullable=False),
        sa.Column("meeting_on", sa.Date(), nullable=True),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("opinion", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_clinic_panel_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_panel")),
    )
    with op.batch_alter_table("clinic_panel", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clinic_panel_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_clinic_panel_status"), ["status"], unique=False)

    op.create_table(
        "clinic_provider",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("firm", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("practice_number", sa.String(length=30), nullable=False),
        sa.Column("practice_years", sa.Integer(), nullable=False),
        sa.Column("specialties", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("languages", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("max_sessions_per_month", sa.Integer(), nullable=False),
        sa.Column("ical_token", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_clinic_provider_org_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_provider")),
        sa.UniqueConstraint("ical_token", name=op.f("uq_clinic_provider_ical_token")),
        sa.UniqueConstraint("practice_number", name=op.f("uq_clinic_provider_practice_number")),
    )
    with op.batch_alter_table("clinic_provider", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_clinic_provider_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_clinic_provider_org_id"), ["org_id"], unique=False)

    op.create_table(
        "clinic_adviser_assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_clinic_adviser_assignment_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["clinic_provider.id"],
            name=op.f("fk_clinic_adviser_assignment_provider_id_clinic_provider"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_adviser_assignment")),
        sa.UniqueConstraint("org_id", name=op.f("uq_clinic_adviser_assignment_org_id")),
    )
    with op.batch_alter_table("clinic_adviser_assignment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_clinic_adviser_assignment_provider_id"), ["provider_id"], unique=False
        )

    op.create_table(
        "clinic_assist",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("event_title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_clinic_assist_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["clinic_provider.id"],
            name=op.f("fk_clinic_assist_provider_id_clinic_provider"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_assist")),
        sa.UniqueConstraint(
            "provider_id", "event_id", name=op.f("uq_clinic_assist_provider_id_event_id")
        ),
    )
    with op.batch_alter_table("clinic_assist", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clinic_assist_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_clinic_assist_provider_id"), ["provider_id"], unique=False
        )

    op.create_table(
        "clinic_home_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("matter", sa.Text(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.Column("planned_on", sa.Date(), nullable=True),
        sa.Column("visited_on", sa.Date(), nullable=True),
        sa.Column("hours", sa.Float(), nullable=True),
        sa.Column("record", sa.Text(), nullable=True),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_clinic_home_visit_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_clinic_home_visit_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["clinic_provider.id"],
            name=op.f("fk_clinic_home_visit_provider_id_clinic_provider"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_home_visit")),
    )
    with op.batch_alter_table("clinic_home_visit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clinic_home_visit_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_clinic_home_visit_status"), ["status"], unique=False)

    op.create_table(
        "clinic_panel_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("affiliation", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_clinic_panel_member_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["panel_id"],
            ["clinic_panel.id"],
            name=op.f("fk_clinic_panel_member_panel_id_clinic_panel"),
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["clinic_provider.id"],
            name=op.f("fk_clinic_panel_member_provider_id_clinic_provider"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_panel_member")),
    )
    with op.batch_alter_table("clinic_panel_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clinic_panel_member_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_clinic_panel_member_panel_id"), ["panel_id"], unique=False
        )

    op.create_table(
        "clinic_room",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("sessions_per_month", sa.Integer(), nullable=False),
        sa.Column("preferred_weekday", sa.Integer(), nullable=True),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=False),
        sa.Column("usual_provider_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_clinic_room_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["usual_provider_id"],
            ["clinic_provider.id"],
            name=op.f("fk_clinic_room_usual_provider_id_clinic_provider"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_room")),
    )
    with op.batch_alter_table("clinic_room", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clinic_room_org_id"), ["org_id"], unique=False)

    op.create_table(
        "clinic_service_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_clinic_service_entry_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["clinic_provider.id"],
            name=op.f("fk_clinic_service_entry_provider_id_clinic_provider"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_service_entry")),
    )
    with op.batch_alter_table("clinic_service_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clinic_service_entry_day"), ["day"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_clinic_service_entry_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_clinic_service_entry_provider_id"), ["provider_id"], unique=False
        )

    op.create_table(
        "clinic_unavailability",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_clinic_unavailability_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["clinic_provider.id"],
            name=op.f("fk_clinic_unavailability_provider_id_clinic_provider"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_unavailability")),
        sa.UniqueConstraint(
            "provider_id", "day", name=op.f("uq_clinic_unavailability_provider_id_day")
        ),
    )
    with op.batch_alter_table("clinic_unavailability", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_clinic_unavailability_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_clinic_unavailability_provider_id"), ["provider_id"], unique=False
        )

    op.create_table(
        "clinic_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("checked_in_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("checked_out_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["clinic_id"], ["clinic_room.id"], name=op.f("fk_clinic_session_clinic_id_clinic_room")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_clinic_session_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["clinic_provider.id"],
            name=op.f("fk_clinic_session_provider_id_clinic_provider"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_session")),
        sa.UniqueConstraint("clinic_id", "day", name=op.f("uq_clinic_session_clinic_id_day")),
    )
    with op.batch_alter_table("clinic_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_clinic_session_clinic_id"), ["clinic_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_clinic_session_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_clinic_session_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_clinic_session_provider_id"), ["provider_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_clinic_session_status"), ["status"], unique=False)

    op.create_table(
        "clinic_consultation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("advice", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("referral_target", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("referral_record_id", sa.Integer(), nullable=True),
        sa.Column("referral_url", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("referral_label", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_clinic_consultation_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_clinic_consultation_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["clinic_session.id"],
            name=op.f("fk_clinic_consultation_session_id_clinic_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_consultation")),
    )
    with op.batch_alter_table("clinic_consultation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clinic_consultation_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_clinic_consultation_outcome"), ["outcome"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_clinic_consultation_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "clinic_swap_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("from_provider_id", sa.Integer(), nullable=False),
        sa.Column("to_provider_id", sa.Integer(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_provider_id"],
            ["clinic_provider.id"],
            name=op.f("fk_clinic_swap_request_from_provider_id_clinic_provider"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_unit.id"], name=op.f("fk_clinic_swap_request_org_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["clinic_session.id"],
            name=op.f("fk_clinic_swap_request_session_id_clinic_session"),
        ),
        sa.ForeignKeyConstraint(
            ["to_provider_id"],
            ["clinic_provider.id"],
            name=op.f("fk_clinic_swap_request_to_provider_id_clinic_provider"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_swap_request")),
    )
    with op.batch_alter_table("clinic_swap_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clinic_swap_request_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_clinic_swap_request_session_id"), ["session_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_clinic_swap_request_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("clinic_swap_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clinic_swap_request_status"))
        batch_op.drop_index(batch_op.f("ix_clinic_swap_request_session_id"))
        batch_op.drop_index(batch_op.f("ix_clinic_swap_request_org_id"))

    op.drop_table("clinic_swap_request")
    with op.batch_alter_table("clinic_consultation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clinic_consultation_session_id"))
        batch_op.drop_index(batch_op.f("ix_clinic_consultation_outcome"))
        batch_op.drop_index(batch_op.f("ix_clinic_consultation_org_id"))

    op.drop_table("clinic_consultation")
    with op.batch_alter_table("clinic_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clinic_session_status"))
        batch_op.drop_index(batch_op.f("ix_clinic_session_provider_id"))
        batch_op.drop_index(batch_op.f("ix_clinic_session_org_id"))
        batch_op.drop_index(batch_op.f("ix_clinic_session_day"))
        batch_op.drop_index(batch_op.f("ix_clinic_session_clinic_id"))

    op.drop_table("clinic_session")
    with op.batch_alter_table("clinic_unavailability", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clinic_unavailability_provider_id"))
        batch_op.drop_index(batch_op.f("ix_clinic_unavailability_org_id"))

    op.drop_table("clinic_unavailability")
    with op.batch_alter_table("clinic_service_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clinic_service_entry_provider_id"))
        batch_op.drop_index(batch_op.f("ix_clinic_service_entry_org_id"))
        batch_op.drop_index(batch_op.f("ix_clinic_service_entry_day"))

    op.drop_table("clinic_service_entry")
    with op.batch_alter_table("clinic_room", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clinic_room_org_id"))

    op.drop_table("clinic_room")
    with op.batch_alter_table("clinic_panel_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clinic_panel_member_panel_id"))
        batch_op.drop_index(batch_op.f("ix_clinic_panel_member_org_id"))

    op.drop_table("clinic_panel_member")
    with op.batch_alter_table("clinic_home_visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clinic_home_visit_status"))
        batch_op.drop_index(batch_op.f("ix_clinic_home_visit_org_id"))

    op.drop_table("clinic_home_visit")
    with op.batch_alter_table("clinic_assist", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clinic_assist_provider_id"))
        batch_op.drop_index(batch_op.f("ix_clinic_assist_org_id"))

    op.drop_table("clinic_assist")
    with op.batch_alter_table("clinic_adviser_assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clinic_adviser_assignment_provider_id"))

    op.drop_table("clinic_adviser_assignment")
    with op.batch_alter_table("clinic_provider", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clinic_provider_org_id"))
        batch_op.drop_index(batch_op.f("ix_clinic_provider_account_id"))

    op.drop_table("clinic_provider")
    with op.batch_alter_table("clinic_panel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clinic_panel_status"))
        batch_op.drop_index(batch_op.f("ix_clinic_panel_org_id"))

    op.drop_table("clinic_panel")
