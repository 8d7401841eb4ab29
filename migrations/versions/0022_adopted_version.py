"""drafts: the adopted version (antagen version), one per process, with the decision behind it

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 15:15:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "adoption",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(length=200), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("length(trim(body)) > 0", name=op.f("ck_adoption_body_not_blank")),
        sa.CheckConstraint("length(trim(reference)) > 0", name=op.f("ck_adoption_reference_not_blank")),
        sa.ForeignKeyConstraint(
            ["process_id"], ["process.id"], name=op.f("fk_adoption_process_id_process"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["document_version.id"],
            name=op.f("fk_adoption_version_id_document_version"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_adoption_recorded_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adoption")),
        sa.UniqueConstraint("process_id", name=op.f("uq_adoption_process_id")),
        sa.UniqueConstraint("version_id", name=op.f("uq_adoption_version_id")),
    )


def downgrade():
    op.drop_table("adoption")
