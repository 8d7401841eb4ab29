"""review: a large compilation's Word file, built by a background job and kept per state of its content

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03 08:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "compilation_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("variant", sa.String(length=40), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["consultation_round.id"],
            name=op.f("fk_compilation_file_round_id_consultation_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["background_job.id"],
            name=op.f("fk_compilation_file_job_id_background_job"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compilation_file")),
        sa.UniqueConstraint("round_id", "variant", "digest", name=op.f("uq_compilation_file_round_id_variant_digest")),
    )
    with op.batch_alter_table("compilation_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_compilation_file_round_id"), ["round_id"], unique=False)


def downgrade():
    with op.batch_alter_table("compilation_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_compilation_file_round_id"))
    op.drop_table("compilation_file")
