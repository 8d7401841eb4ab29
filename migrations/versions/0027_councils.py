"""councils: standing bodies, their meetings' agendas by goal area and commitments

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-03 13:07:07.408329

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "council",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("convenor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('regional', 'larger', 'strategic')", name=op.f("ck_council_kind_valid")),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_council_name_not_blank")),
        sa.ForeignKeyConstraint(
            ["convenor_id"], ["user_account.id"], name=op.f("fk_council_convenor_id_user_account"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["process_id"], ["process.id"], name=op.f("fk_council_process_id_process"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council")),
        sa.UniqueConstraint("process_id", "name", name=op.f("uq_council_process_id_name")),
    )
    with op.batch_alter_table("council", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_process_id"), ["process_id"], unique=False)

    op.create_table(
        "council_meeting",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("agenda_published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("agenda_published_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agenda_published_by_id"],
            ["user_account.id"],
            name=op.f("fk_council_meeting_agenda_published_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["council_id"], ["council.id"], name=op.f("fk_council_meeting_council_id_council"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_council_meeting_meeting_id_meeting"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_council_meeting")),
    )
    with op.batch_alter_table("council_meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_meeting_council_id"), ["council_id"], unique=False)

    op.create_table(
        "council_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(organisation_id IS NULL) <> (user_id IS NULL)", name=op.f("ck_council_member_organisation_or_person")
        ),
        sa.ForeignKeyConstraint(
            ["council_id"], ["council.id"], name=op.f("fk_council_member_council_id_council"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_council_member_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_council_member_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_member")),
        sa.UniqueConstraint("council_id", "organisation_id", name=op.f("uq_council_member_council_id_organisation_id")),
        sa.UniqueConstraint("council_id", "user_id", name=op.f("uq_council_member_council_id_user_id")),
    )
    with op.batch_alter_table("council_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_member_council_id"), ["council_id"], unique=False)

    op.create_table(
        "agenda_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("goal_area_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("minutes_updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("length(trim(title)) > 0", name=op.f("ck_agenda_item_title_not_blank")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_agenda_item_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["goal_area_id"], ["section.id"], name=op.f("fk_agenda_item_goal_area_id_section"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["council_meeting.meeting_id"],
            name=op.f("fk_agenda_item_meeting_id_council_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_item")),
    )
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_item_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "agenda_item_section",
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_agenda_item_section_agenda_item_id_agenda_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["section_id"], ["section.id"], name=op.f("fk_agenda_item_section_section_id_section"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("agenda_item_id", "section_id", name=op.f("pk_agenda_item_section")),
    )
    op.create_table(
        "agenda_item_initiative",
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_agenda_item_initiative_agenda_item_id_agenda_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiative.id"],
            name=op.f("fk_agenda_item_initiative_initiative_id_initiative"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("agenda_item_id", "initiative_id", name=op.f("pk_agenda_item_initiative")),
    )
    op.create_table(
        "commitment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column("owner_organisation_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('open', 'in_progress', 'done')", name=op.f("ck_commitment_status_valid")),
        sa.CheckConstraint("length(trim(text)) > 0", name=op.f("ck_commitment_text_not_blank")),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_commitment_agenda_item_id_agenda_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_commitment_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiative.id"],
            name=op.f("fk_commitment_initiative_id_initiative"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_organisation_id"],
            ["organisation.id"],
            name=op.f("fk_commitment_owner_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment")),
        sa.UniqueConstraint("initiative_id", name=op.f("uq_commitment_initiative_id")),
    )
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commitment_agenda_item_id"), ["agenda_item_id"], unique=False)


def downgrade():
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_agenda_item_id"))

    op.drop_table("commitment")
    op.drop_table("agenda_item_initiative")
    op.drop_table("agenda_item_section")
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_item_meeting_id"))

    op.drop_table("agenda_item")
    with op.batch_alter_table("council_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_member_council_id"))

    op.drop_table("council_member")
    with op.batch_alter_table("council_meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_meeting_council_id"))

    op.drop_table("council_meeting")
    with op.batch_alter_table("council", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_process_id"))

    op.drop_table("council")
