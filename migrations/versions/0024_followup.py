"""followup: insatser (initiatives) under the adopted version's goal areas, and their indicators

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-03 08:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def _fk(table, column, target, ondelete):
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def upgrade():
    op.create_table(
        "initiative",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("approval", sa.String(length=20), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("source_comment_id", sa.Integer(), nullable=True),
        sa.Column("source_position_id", sa.Integer(), nullable=True),
        sa.Column("source_note_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('planned', 'ongoing', 'done', 'paused', 'cancelled')", name=op.f("ck_initiative_status_valid")
        ),
        sa.CheckConstraint(
            "approval IN ('proposed', 'approved', 'rejected')", name=op.f("ck_initiative_approval_valid")
        ),
        sa.CheckConstraint("progress BETWEEN 0 AND 100", name=op.f("ck_initiative_progress_range")),
        sa.CheckConstraint("length(trim(title)) > 0", name=op.f("ck_initiative_title_not_blank")),
        sa.CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name=op.f("ck_initiative_ends_after_start")
        ),
        _fk("initiative", "process_id", "process", "CASCADE"),
        _fk("initiative", "version_id", "document_version", "CASCADE"),
        _fk("initiative", "organisation_id", "organisation", "CASCADE"),
        _fk("initiative", "proposed_by_id", "user_account", "SET NULL"),
        _fk("initiative", "decided_by_id", "user_account", "SET NULL"),
        _fk("initiative", "source_comment_id", "comment", "SET NULL"),
        _fk("initiative", "source_position_id", "position", "SET NULL"),
        _fk("initiative", "source_note_id", "meeting_note", "SET NULL"),
        _fk("initiative", "updated_by_id", "user_account", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiative")),
    )
    op.create_index(op.f("ix_initiative_process_id"), "initiative", ["process_id"])
    op.create_index(op.f("ix_initiative_organisation_id"), "initiative", ["organisation_id"])
    op.create_table(
        "initiative_section",
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        _fk("initiative_section", "initiative_id", "initiative", "CASCADE"),
        _fk("initiative_section", "section_id", "section", "CASCADE"),
        sa.PrimaryKeyConstraint("initiative_id", "section_id", name=op.f("pk_initiative_section")),
    )
    op.create_table(
        "indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=50), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_indicator_name_not_blank")),
        _fk("indicator", "initiative_id", "initiative", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator")),
    )
    op.create_index(op.f("ix_indicator_initiative_id"), "indicator", ["initiative_id"])


def downgrade():
    op.drop_index(op.f("ix_indicator_initiative_id"), table_name="indicator")
    op.drop_table("indicator")
    op.drop_table("initiative_section")
    op.drop_index(op.f("ix_initiative_organisation_id"), table_name="initiative")
    op.drop_index(op.f("ix_initiative_process_id"), table_name="initiative")
    op.drop_table("initiative")
