"""letters: a remissvar's original letter and the excerpts its reading proposed (issue 13)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 14:47:30.606827

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "letter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("decision_body", sa.String(length=300), nullable=True),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("decision_paragraph", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("ocr_pages", sa.JSON(), nullable=False),
        sa.Column("declines", sa.Boolean(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('pdf', 'docx', 'odt')", name=op.f("ck_letter_kind_valid")),
        sa.CheckConstraint(
            "status IN ('uploaded', 'reading', 'read', 'failed', 'confirmed')", name=op.f("ck_letter_status_valid")
        ),
        sa.CheckConstraint("size_bytes >= 0", name=op.f("ck_letter_size_not_negative")),
        sa.ForeignKeyConstraint(
            ["job_id"], ["background_job.id"], name=op.f("fk_letter_job_id_background_job"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["response_id"], ["response.id"], name=op.f("fk_letter_response_id_response"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["user_account.id"],
            name=op.f("fk_letter_uploaded_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter")),
    )
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_letter_response_id"), ["response_id"], unique=False)

    op.create_table(
        "letter_excerpt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("paragraph_pages", sa.JSON(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("kind IN ('comment', 'boilerplate')", name=op.f("ck_letter_excerpt_kind_valid")),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comment.id"], name=op.f("fk_letter_excerpt_comment_id_comment"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["letter_id"], ["letter.id"], name=op.f("fk_letter_excerpt_letter_id_letter"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["section_id"], ["section.id"], name=op.f("fk_letter_excerpt_section_id_section")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_excerpt")),
    )
    with op.batch_alter_table("letter_excerpt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_letter_excerpt_comment_id"), ["comment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_letter_excerpt_letter_id"), ["letter_id"], unique=False)


def downgrade():
    with op.batch_alter_table("letter_excerpt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_letter_excerpt_letter_id"))
        batch_op.drop_index(batch_op.f("ix_letter_excerpt_comment_id"))

    op.drop_table("letter_excerpt")
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_letter_response_id"))

    op.drop_table("letter")
