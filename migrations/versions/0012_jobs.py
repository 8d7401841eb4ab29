"""jobs: background jobs kept in the database, whichever transport carries them; an analysis run's job

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 04:10:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "background_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("claim_token", sa.String(length=32), nullable=True),
        sa.Column("worker", sa.String(length=120), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("error_detail", sa.Text(), nullable=True),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed')", name=op.f("ck_background_job_status_valid")
        ),
        sa.CheckConstraint("progress >= 0 AND progress <= 1", name=op.f("ck_background_job_progress_share")),
        sa.CheckConstraint("attempts >= 0 AND max_attempts >= 1", name=op.f("ck_background_job_attempts_counted")),
        sa.ForeignKeyConstraint(
            ["started_by_id"],
            ["user_account.id"],
            name=op.f("fk_background_job_started_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_background_job")),
    )
    with op.batch_alter_table("background_job", schema=None) as batch_op:
        batch_op.create_index("ix_background_job_status_id", ["status", "id"], unique=False)
    with op.batch_alter_table("analysis_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("job_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_analysis_run_job_id_background_job"),
            "background_job",
            ["job_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("analysis_run", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_analysis_run_job_id_background_job"), type_="foreignkey")
        batch_op.drop_column("job_id")
    with op.batch_alter_table("background_job", schema=None) as batch_op:
        batch_op.drop_index("ix_background_job_status_id")
    op.drop_table("background_job")
