"""theme analysis runs and embedding cache

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 02:24:50.964152

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "embedding_vector",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("model", sa.String(length=80), nullable=False),
        sa.Column("dimensions", sa.Integer(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_embedding_vector")),
    )
    op.create_table(
        "analysis_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.Column("embedding_model", sa.String(length=80), nullable=True),
        sa.Column("timings", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed')", name=op.f("ck_analysis_run_status_valid")
        ),
        sa.CheckConstraint("progress >= 0 AND progress <= 1", name=op.f("ck_analysis_run_progress_share")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user_account.id"], name=op.f("fk_analysis_run_created_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["consultation_round.id"],
            name=op.f("fk_analysis_run_round_id_consultation_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analysis_run")),
    )
    with op.batch_alter_table("analysis_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_analysis_run_round_id"), ["round_id"], unique=False)

    op.create_table(
        "analysis_campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["analysis_run.id"], name=op.f("fk_analysis_campaign_run_id_analysis_run"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analysis_campaign")),
    )
    with op.batch_alter_table("analysis_campaign", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_analysis_campaign_run_id"), ["run_id"], unique=False)

    op.create_table(
        "analysis_theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["analysis_run.id"], name=op.f("fk_analysis_theme_run_id_analysis_run"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analysis_theme")),
    )
    with op.batch_alter_table("analysis_theme", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_analysis_theme_run_id"), ["run_id"], unique=False)

    op.create_table(
        "analysis_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("note_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sender", sa.String(length=300), nullable=False),
        sa.Column("actor_type", sa.String(length=20), nullable=True),
        sa.Column("section_key", sa.String(length=40), nullable=True),
        sa.Column("section_label", sa.String(length=400), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("uncertain", sa.Boolean(), nullable=False),
        sa.Column("representative_rank", sa.Integer(), nullable=True),
        sa.CheckConstraint("(comment_id IS NULL) <> (note_id IS NULL)", name=op.f("ck_analysis_item_one_subject")),
        sa.CheckConstraint("confidence >= 0 AND confidence <= 1", name=op.f("ck_analysis_item_confidence_share")),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["analysis_campaign.id"],
            name=op.f("fk_analysis_item_campaign_id_analysis_campaign"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comment.id"], name=op.f("fk_analysis_item_comment_id_comment"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["note_id"], ["meeting_note.id"], name=op.f("fk_analysis_item_note_id_meeting_note"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["analysis_run.id"], name=op.f("fk_analysis_item_run_id_analysis_run"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["analysis_theme.id"],
            name=op.f("fk_analysis_item_theme_id_analysis_theme"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analysis_item")),
    )
    with op.batch_alter_table("analysis_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_analysis_item_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_analysis_item_comment_id"), ["comment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_analysis_item_note_id"), ["note_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_analysis_item_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_analysis_item_theme_id"), ["theme_id"], unique=False)


def downgrade():
    with op.batch_alter_table("analysis_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_analysis_item_theme_id"))
        batch_op.drop_index(batch_op.f("ix_analysis_item_run_id"))
        batch_op.drop_index(batch_op.f("ix_analysis_item_note_id"))
        batch_op.drop_index(batch_op.f("ix_analysis_item_comment_id"))
        batch_op.drop_index(batch_op.f("ix_analysis_item_campaign_id"))

    op.drop_table("analysis_item")
    with op.batch_alter_table("analysis_theme", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_analysis_theme_run_id"))

    op.drop_table("analysis_theme")
    with op.batch_alter_table("analysis_campaign", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_analysis_campaign_run_id"))

    op.drop_table("analysis_campaign")
    with op.batch_alter_table("analysis_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_analysis_run_round_id"))

    op.drop_table("analysis_run")
    op.drop_table("embedding_vector")
