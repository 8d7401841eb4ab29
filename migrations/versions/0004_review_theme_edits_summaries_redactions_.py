"""review: theme edits, summaries, redactions, published run

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 03:17:24.893803

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    # New NOT NULL columns on tables that may hold rows get a server default for those rows.
    op.create_table(
        "section_summary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("section_key", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["consultation_round.id"],
            name=op.f("fk_section_summary_round_id_consultation_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["user_account.id"], name=op.f("fk_section_summary_updated_by_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_section_summary")),
        sa.UniqueConstraint("round_id", "section_key", name=op.f("uq_section_summary_round_id_section_key")),
    )
    op.create_table(
        "theme_edit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=12), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undone_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "action IN ('rename', 'merge', 'split', 'move', 'off_topic', 'on_topic')",
            name=op.f("ck_theme_edit_action_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["analysis_run.id"], name=op.f("fk_theme_edit_run_id_analysis_run"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["undone_by_id"], ["user_account.id"], name=op.f("fk_theme_edit_undone_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], name=op.f("fk_theme_edit_user_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_theme_edit")),
    )
    with op.batch_alter_table("theme_edit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_theme_edit_run_id"), ["run_id"], unique=False)

    op.create_table(
        "redaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("original_text", sa.Text(), nullable=False),
        sa.Column("published_text", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("redacted_by_id", sa.Integer(), nullable=True),
        sa.Column("redacted_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(trim(reason)) > 0", name=op.f("ck_redaction_reason_given")),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comment.id"], name=op.f("fk_redaction_comment_id_comment"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["redacted_by_id"], ["user_account.id"], name=op.f("fk_redaction_redacted_by_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redaction")),
    )
    with op.batch_alter_table("redaction", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_redaction_comment_id"), ["comment_id"], unique=False)

    with op.batch_alter_table("analysis_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("placed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("off_topic", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("is_new", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_foreign_key(
            batch_op.f("fk_analysis_item_placed_by_id_user_account"), "user_account", ["placed_by_id"], ["id"]
        )

    with op.batch_alter_table("analysis_theme", schema=None) as batch_op:
        batch_op.add_column(sa.Column("named_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("previous_theme_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("summary", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("summary_revision", sa.Integer(), nullable=False, server_default="1"))
        batch_op.create_foreign_key(
            batch_op.f("fk_analysis_theme_previous_theme_id_analysis_theme"),
            "analysis_theme",
            ["previous_theme_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_analysis_theme_named_by_id_user_account"), "user_account", ["named_by_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_analysis_theme_merged_into_id_analysis_theme"),
            "analysis_theme",
            ["merged_into_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("consultation_round", schema=None) as batch_op:
        batch_op.add_column(sa.Column("published_run_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_consultation_round_published_run_id_analysis_run"),
            "analysis_run",
            ["published_run_id"],
            ["id"],
            ondelete="SET NULL",
            use_alter=True,
        )


def downgrade():
    with op.batch_alter_table("consultation_round", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_consultation_round_published_run_id_analysis_run"), type_="foreignkey")
        batch_op.drop_column("published_run_id")

    with op.batch_alter_table("analysis_theme", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_analysis_theme_merged_into_id_analysis_theme"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_analysis_theme_named_by_id_user_account"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_analysis_theme_previous_theme_id_analysis_theme"), type_="foreignkey")
        batch_op.drop_column("summary_revision")
        batch_op.drop_column("summary")
        batch_op.drop_column("merged_into_id")
        batch_op.drop_column("previous_theme_id")
        batch_op.drop_column("named_by_id")

    with op.batch_alter_table("analysis_item", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_analysis_item_placed_by_id_user_account"), type_="foreignkey")
        batch_op.drop_column("is_new")
        batch_op.drop_column("off_topic")
        batch_op.drop_column("placed_by_id")

    with op.batch_alter_table("redaction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_redaction_comment_id"))

    op.drop_table("redaction")
    with op.batch_alter_table("theme_edit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_theme_edit_run_id"))

    op.drop_table("theme_edit")
    op.drop_table("section_summary")
