"""people: ended sessions, so that a plain logout ends one browser's session and not all of them

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 04:15:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "ended_session",
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_ended_session")),
    )
    with op.batch_alter_table("ended_session", schema=None) as batch_op:
        batch_op.create_index("ix_ended_session_ended_at", ["ended_at"], unique=False)


def downgrade():
    with op.batch_alter_table("ended_session", schema=None) as batch_op:
        batch_op.drop_index("ix_ended_session_ended_at")
    op.drop_table("ended_session")
