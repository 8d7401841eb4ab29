"""remiss: a round's reminder schedule, the occasions queued as jobs, and a reminder's sending status

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 14:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "reminder_schedule",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("days_before", sa.JSON(), nullable=False),
        sa.Column("local_time", sa.Time(), nullable=False),
        sa.Column("active_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["consultation_round.id"],
            name=op.f("fk_reminder_schedule_round_id_consultation_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["user_account.id"],
            name=op.f("fk_reminder_schedule_updated_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("round_id", name=op.f("pk_reminder_schedule")),
    )
    op.create_table(
        "reminder_occasion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("remind_on", sa.Date(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("retry_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["consultation_round.id"],
            name=op.f("fk_reminder_occasion_round_id_consultation_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["background_job.id"],
            name=op.f("fk_reminder_occasion_job_id_background_job"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_occasion")),
        sa.UniqueConstraint("round_id", "remind_on", name=op.f("uq_reminder_occasion_round_id_remind_on")),
    )
    # Reminders sent before this revision were all sent (the command recorded them as it sent).
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=10), nullable=False, server_default="sent"))
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.alter_column("status", server_default=None)
        batch_op.create_check_constraint(op.f("ck_reminder_status_valid"), "status IN ('sending', 'sent')")


def downgrade():
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_reminder_status_valid"), type_="check")
        batch_op.drop_column("status")
    op.drop_table("reminder_occasion")
    op.drop_table("reminder_schedule")
