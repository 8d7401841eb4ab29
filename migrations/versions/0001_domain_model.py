"""domain model

Revision ID: 0001
Revises:
Create Date: 2026-11-22 14:10:27.200887

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():

    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("actor_type", sa.String(length=20), nullable=False),
        sa.Column("municipality", sa.String(length=100), nullable=True),
        sa.Column("organisation_number", sa.String(length=11), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("approved", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "actor_type IN ('municipality', 'region', 'agency', 'business', 'academia', 'civil_society', 'private_person', 'other')",
            name=op.f("ck_organisation_actor_type_valid"),
        ),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_organisation_name_not_blank")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("name", name=op.f("uq_organisation_name")),
        sa.UniqueConstraint("organisation_number", name=op.f("uq_organisation_organisation_number")),
    )
    op.create_table(
        "process",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("is_public", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(trim(code)) > 0", name=op.f("ck_process_code_not_blank")),
        sa.CheckConstraint("length(trim(title)) > 0", name=op.f("ck_process_title_not_blank")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_process")),
        sa.UniqueConstraint("code", name=op.f("uq_process_code")),
    )
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("email = lower(email)", name=op.f("ck_user_account_email_lower_case")),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_user_account_name_not_blank")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("email", name=op.f("uq_user_account_email")),
    )
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["process_id"], ["process.id"], name=op.f("fk_document_process_id_process"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_process_id"), ["process_id"], unique=False)

    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("theme", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("location", sa.String(length=300), nullable=False),
        sa.Column("online_url", sa.String(length=500), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("registration_open", sa.Boolean(), nullable=False),
        sa.Column("is_published", sa.Boolean(), nullable=False),
        sa.Column("participant_count", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('dialogue', 'council', 'workshop')", name=op.f("ck_meeting_kind_valid")),
        sa.CheckConstraint("capacity IS NULL OR capacity > 0", name=op.f("ck_meeting_capacity_positive")),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_meeting_ends_after_start")),
        sa.CheckConstraint(
            "participant_count IS NULL OR participant_count >= 0",
            name=op.f("ck_meeting_participant_count_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user_account.id"], name=op.f("fk_meeting_created_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["process_id"], ["process.id"], name=op.f("fk_meeting_process_id_process"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_process_id"), ["process_id"], unique=False)

    op.create_table(
        "membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_membership_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_membership_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership")),
        sa.UniqueConstraint("user_id", "organisation_id", name=op.f("uq_membership_user_id_organisation_id")),
    )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_membership_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "phase",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('analysis_planning', 'dialogue', 'drafting_remiss', 'decision')", name=op.f("ck_phase_kind_valid")
        ),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_phase_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["process_id"], ["process.id"], name=op.f("fk_phase_process_id_process"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phase")),
        sa.UniqueConstraint("process_id", "kind", name=op.f("uq_phase_process_id_kind")),
    )
    op.create_table(
        "process_facilitator",
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["process_id"], ["process.id"], name=op.f("fk_process_facilitator_process_id_process"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_process_facilitator_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("process_id", "user_id", name=op.f("pk_process_facilitator")),
    )
    op.create_table(
        "user_role",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('admin', 'facilitator', 'working_group', 'stakeholder')", name=op.f("ck_user_role_role_valid")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_user_role_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "role", name=op.f("pk_user_role")),
    )
    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("participant_name", sa.String(length=200), nullable=True),
        sa.Column("participant_affiliation", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "(organisation_id IS NULL) <> (participant_name IS NULL)",
            name=op.f("ck_attendance_organisation_or_participant"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_attendance_meeting_id_meeting"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_attendance_organisation_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(
            "uq_attendance_meeting_organisation",
            ["meeting_id", "organisation_id"],
            unique=True,
            sqlite_where=sa.text("organisation_id IS NOT NULL"),
            postgresql_where=sa.text("organisation_id IS NOT NULL"),
        )

    op.create_table(
        "document_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source_filename", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_document_version_number_positive")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_document_version_document_id_document"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_version")),
        sa.UniqueConstraint("document_id", "number", name=op.f("uq_document_version_document_id_number")),
    )
    op.create_table(
        "meeting_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("original_filename", sa.String(length=255), nullable=False),
        sa.Column("stored_name", sa.String(length=80), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("size_bytes >= 0", name=op.f("ck_meeting_document_size_not_negative")),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_document_meeting_id_meeting"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["user_account.id"], name=op.f("fk_meeting_document_uploaded_by_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_document")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_meeting_document_stored_name")),
    )
    with op.batch_alter_table("meeting_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_document_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "meeting_facilitator",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_facilitator_meeting_id_meeting"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_meeting_facilitator_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", "user_id", name=op.f("pk_meeting_facilitator")),
    )
    op.create_table(
        "meeting_invited_organisation",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_invited_organisation_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_meeting_invited_organisation_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", "organisation_id", name=op.f("pk_meeting_invited_organisation")),
    )
    op.create_table(
        "meeting_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("owner_organisation_id", sa.Integer(), nullable=True),
        sa.Column("owner_name", sa.String(length=200), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("step_status", sa.String(length=12), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind = 'next_step' OR (step_status IS NULL AND due_on IS NULL AND owner_organisation_id IS NULL AND owner_name IS NULL)",
            name=op.f("ck_meeting_note_step_fields_only_on_next_steps"),
        ),
        sa.CheckConstraint(
            "kind IN ('challenge', 'opportunity', 'proposal', 'next_step')", name=op.f("ck_meeting_note_kind_valid")
        ),
        sa.CheckConstraint("status IN ('draft', 'published')", name=op.f("ck_meeting_note_status_valid")),
        sa.CheckConstraint(
            "step_status IN ('open', 'in_progress', 'done')", name=op.f("ck_meeting_note_step_status_valid")
        ),
        sa.CheckConstraint("revision >= 1", name=op.f("ck_meeting_note_revision_positive")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user_account.id"], name=op.f("fk_meeting_note_created_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_note_meeting_id_meeting"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["owner_organisation_id"],
            ["organisation.id"],
            name=op.f("fk_meeting_note_owner_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_note")),
    )
    with op.batch_alter_table("meeting_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_note_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "signup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_signup_meeting_id_meeting"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_signup_organisation_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_signup_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signup")),
        sa.UniqueConstraint("meeting_id", "user_id", name=op.f("uq_signup_meeting_id_user_id")),
    )
    op.create_table(
        "consultation_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("introduction", sa.Text(), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("access", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("compilation_published_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("access IN ('open', 'invited')", name=op.f("ck_consultation_round_access_valid")),
        sa.CheckConstraint("closes_at > opens_at", name=op.f("ck_consultation_round_closes_after_opening")),
        sa.ForeignKeyConstraint(
            ["process_id"], ["process.id"], name=op.f("fk_consultation_round_process_id_process"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["document_version.id"], name=op.f("fk_consultation_round_version_id_document_version")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_round")),
    )
    with op.batch_alter_table("consultation_round", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultation_round_process_id"), ["process_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consultation_round_version_id"), ["version_id"], unique=False)

    op.create_table(
        "note_tag",
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=60), nullable=False),
        sa.CheckConstraint("length(trim(tag)) > 0", name=op.f("ck_note_tag_tag_not_blank")),
        sa.ForeignKeyConstraint(
            ["note_id"], ["meeting_note.id"], name=op.f("fk_note_tag_note_id_meeting_note"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("note_id", "tag", name=op.f("pk_note_tag")),
    )
    op.create_table(
        "section",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("heading", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("length(trim(heading)) > 0", name=op.f("ck_section_heading_not_blank")),
        sa.CheckConstraint("level BETWEEN 1 AND 6", name=op.f("ck_section_level_range")),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["document_version.id"],
            name=op.f("fk_section_version_id_document_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_section")),
        sa.UniqueConstraint("version_id", "key", name=op.f("uq_section_version_id_key")),
        sa.UniqueConstraint("version_id", "number", name=op.f("uq_section_version_id_number")),
        sa.UniqueConstraint("version_id", "position", name=op.f("uq_section_version_id_position")),
    )
    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("declined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=True),
        sa.CheckConstraint("status IN ('invited', 'responded', 'declined')", name=op.f("ck_invitation_status_valid")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_invitation_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["consultation_round.id"],
            name=op.f("fk_invitation_round_id_consultation_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation")),
        sa.UniqueConstraint("round_id", "organisation_id", name=op.f("uq_invitation_round_id_organisation_id")),
    )
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invitation_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "note_section",
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["note_id"], ["meeting_note.id"], name=op.f("fk_note_section_note_id_meeting_note"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["section_id"], ["section.id"], name=op.f("fk_note_section_section_id_section"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("note_id", "section_id", name=op.f("pk_note_section")),
    )
    op.create_table(
        "response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=True),
        sa.Column("publish_name_consent", sa.Boolean(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status = 'draft' OR reference IS NOT NULL", name=op.f("ck_response_submitted_has_reference")
        ),
        sa.CheckConstraint("status IN ('draft', 'submitted', 'withdrawn')", name=op.f("ck_response_status_valid")),
        sa.CheckConstraint("(organisation_id IS NULL) <> (person_id IS NULL)", name=op.f("ck_response_one_owner")),
        sa.CheckConstraint("revision >= 1", name=op.f("ck_response_revision_positive")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user_account.id"], name=op.f("fk_response_created_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_response_organisation_id_organisation")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["user_account.id"], name=op.f("fk_response_person_id_user_account")),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["consultation_round.id"],
            name=op.f("fk_response_round_id_consultation_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response")),
        sa.UniqueConstraint("reference", name=op.f("uq_response_reference")),
    )
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.create_index(
            "uq_response_round_organisation",
            ["round_id", "organisation_id"],
            unique=True,
            sqlite_where=sa.text("organisation_id IS NOT NULL"),
            postgresql_where=sa.text("organisation_id IS NOT NULL"),
        )
        batch_op.create_index(
            "uq_response_round_person",
            ["round_id", "person_id"],
            unique=True,
            sqlite_where=sa.text("person_id IS NOT NULL"),
            postgresql_where=sa.text("person_id IS NOT NULL"),
        )

    op.create_table(
        "comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("revision >= 1", name=op.f("ck_comment_revision_positive")),
        sa.ForeignKeyConstraint(
            ["response_id"], ["response.id"], name=op.f("fk_comment_response_id_response"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["section_id"], ["section.id"], name=op.f("fk_comment_section_id_section")),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["user_account.id"], name=op.f("fk_comment_updated_by_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment")),
        sa.UniqueConstraint("response_id", "section_id", name=op.f("uq_comment_response_id_section_id")),
    )
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_comment_section_id"), ["section_id"], unique=False)
        batch_op.create_index(
            "uq_comment_response_whole_document",
            ["response_id"],
            unique=True,
            sqlite_where=sa.text("section_id IS NULL"),
            postgresql_where=sa.text("section_id IS NULL"),
        )

    op.create_table(
        "response_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["response.id"],
            name=op.f("fk_response_submission_response_id_response"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"], ["user_account.id"], name=op.f("fk_response_submission_submitted_by_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response_submission")),
        sa.UniqueConstraint("response_id", "number", name=op.f("uq_response_submission_response_id_number")),
    )
    op.create_table(
        "position",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("note_id", sa.Integer(), nullable=True),
        sa.Column("decision", sa.String(length=15), nullable=False),
        sa.Column("motivation", sa.Text(), nullable=False),
        sa.Column("acted_on_section_key", sa.String(length=40), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "decision IN ('accepted', 'partly', 'not_accepted', 'noted')", name=op.f("ck_position_decision_valid")
        ),
        sa.CheckConstraint("(comment_id IS NULL) <> (note_id IS NULL)", name=op.f("ck_position_one_subject")),
        sa.CheckConstraint("revision >= 1", name=op.f("ck_position_revision_positive")),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comment.id"], name=op.f("fk_position_comment_id_comment"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["user_account.id"], name=op.f("fk_position_decided_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["note_id"], ["meeting_note.id"], name=op.f("fk_position_note_id_meeting_note"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_position")),
        sa.UniqueConstraint("comment_id", name=op.f("uq_position_comment_id")),
        sa.UniqueConstraint("note_id", name=op.f("uq_position_note_id")),
    )


def downgrade():

    op.drop_table("position")
    op.drop_table("response_submission")
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_comment_response_whole_document",
            sqlite_where=sa.text("section_id IS NULL"),
            postgresql_where=sa.text("section_id IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_comment_section_id"))

    op.drop_table("comment")
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_response_round_person",
            sqlite_where=sa.text("person_id IS NOT NULL"),
            postgresql_where=sa.text("person_id IS NOT NULL"),
        )
        batch_op.drop_index(
            "uq_response_round_organisation",
            sqlite_where=sa.text("organisation_id IS NOT NULL"),
            postgresql_where=sa.text("organisation_id IS NOT NULL"),
        )

    op.drop_table("response")
    op.drop_table("note_section")
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitation_organisation_id"))

    op.drop_table("invitation")
    op.drop_table("section")
    op.drop_table("note_tag")
    with op.batch_alter_table("consultation_round", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_round_version_id"))
        batch_op.drop_index(batch_op.f("ix_consultation_round_process_id"))

    op.drop_table("consultation_round")
    op.drop_table("signup")
    with op.batch_alter_table("meeting_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_note_meeting_id"))

    op.drop_table("meeting_note")
    op.drop_table("meeting_invited_organisation")
    op.drop_table("meeting_facilitator")
    with op.batch_alter_table("meeting_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_document_meeting_id"))

    op.drop_table("meeting_document")
    op.drop_table("document_version")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_attendance_meeting_organisation",
            sqlite_where=sa.text("organisation_id IS NOT NULL"),
            postgresql_where=sa.text("organisation_id IS NOT NULL"),
        )

    op.drop_table("attendance")
    op.drop_table("user_role")
    op.drop_table("process_facilitator")
    op.drop_table("phase")
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_organisation_id"))

    op.drop_table("membership")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_process_id"))

    op.drop_table("meeting")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_process_id"))

    op.drop_table("document")
    op.drop_table("user_account")
    op.drop_table("process")
    op.drop_table("organisation")
