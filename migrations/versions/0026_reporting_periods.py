"""followup: reporting periods of the annual cycle, the organisations' reports, indicator values and notices

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-03 13:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def _fk(table, column, target, ondelete):
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


STATUSES = "'planned', 'ongoing', 'done', 'paused', 'cancelled'"


def upgrade():
    op.create_table(
        "reporting_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline_on", sa.Date(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reminder_days", sa.JSON(), nullable=False),
        sa.Column("reminder_time", sa.Time(), nullable=False),
        sa.Column("reminders_from", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_reporting_period_name_not_blank")),
        _fk("reporting_period", "process_id", "process", "CASCADE"),
        _fk("reporting_period", "created_by_id", "user_account", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporting_period")),
        sa.UniqueConstraint("process_id", "name", name=op.f("uq_reporting_period_process_id_name")),
    )
    op.create_index(op.f("ix_reporting_period_process_id"), "reporting_period", ["process_id"])
    op.create_table(
        "period_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('draft', 'submitted')", name=op.f("ck_period_report_status_valid")),
        _fk("period_report", "period_id", "reporting_period", "CASCADE"),
        _fk("period_report", "organisation_id", "organisation", "CASCADE"),
        _fk("period_report", "updated_by_id", "user_account", "SET NULL"),
        _fk("period_report", "submitted_by_id", "user_account", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period_report")),
        sa.UniqueConstraint("period_id", "organisation_id", name=op.f("uq_period_report_period_id_organisation_id")),
    )
    op.create_index(op.f("ix_period_report_organisation_id"), "period_report", ["organisation_id"])
    op.create_table(
        "initiative_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(f"status IN ({STATUSES})", name=op.f("ck_initiative_report_status_valid")),
        sa.CheckConstraint("progress BETWEEN 0 AND 100", name=op.f("ck_initiative_report_progress_range")),
        _fk("initiative_report", "report_id", "period_report", "CASCADE"),
        _fk("initiative_report", "initiative_id", "initiative", "CASCADE"),
        _fk("initiative_report", "updated_by_id", "user_account", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiative_report")),
        sa.UniqueConstraint("report_id", "initiative_id", name=op.f("uq_initiative_report_report_id_initiative_id")),
    )
    op.create_index(op.f("ix_initiative_report_initiative_id"), "initiative_report", ["initiative_id"])
    op.create_table(
        "indicator_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        _fk("indicator_value", "indicator_id", "indicator", "CASCADE"),
        _fk("indicator_value", "period_id", "reporting_period", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_value")),
        sa.UniqueConstraint("indicator_id", "period_id", name=op.f("uq_indicator_value_indicator_id_period_id")),
    )
    op.create_index(op.f("ix_indicator_value_period_id"), "indicator_value", ["period_id"])
    op.create_table(
        "period_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("occasion", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('opening', 'reminder', 'resend')", name=op.f("ck_period_notice_kind_valid")),
        sa.CheckConstraint("status IN ('sending', 'sent')", name=op.f("ck_period_notice_status_valid")),
        _fk("period_notice", "period_id", "reporting_period", "CASCADE"),
        _fk("period_notice", "organisation_id", "organisation", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period_notice")),
        sa.UniqueConstraint(
            "period_id", "organisation_id", "occasion", name=op.f("uq_period_notice_period_id_organisation_id_occasion")
        ),
    )
    op.create_index(op.f("ix_period_notice_period_id"), "period_notice", ["period_id"])
    op.create_table(
        "period_occasion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("remind_on", sa.Date(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("period_occasion", "period_id", "reporting_period", "CASCADE"),
        _fk("period_occasion", "job_id", "background_job", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period_occasion")),
        sa.UniqueConstraint("period_id", "remind_on", name=op.f("uq_period_occasion_period_id_remind_on")),
    )


def downgrade():
    op.drop_table("period_occasion")
    op.drop_index(op.f("ix_period_notice_period_id"), table_name="period_notice")
    op.drop_table("period_notice")
    op.drop_index(op.f("ix_indicator_value_period_id"), table_name="indicator_value")
    op.drop_table("indicator_value")
    op.drop_index(op.f("ix_initiative_report_initiative_id"), table_name="initiative_report")
    op.drop_table("initiative_report")
    op.drop_index(op.f("ix_period_report_organisation_id"), table_name="period_report")
    op.drop_table("period_report")
    op.drop_index(op.f("ix_reporting_period_process_id"), table_name="reporting_period")
    op.drop_table("reporting_period")
