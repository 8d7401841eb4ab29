"""people: a lock row per account key and client address, so that login attempts are counted one at a time

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 01:10:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_lock",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("touched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_lock")),
    )
    with op.batch_alter_table("login_lock", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_lock_touched_at"), ["touched_at"], unique=False)


def downgrade():
    with op.batch_alter_table("login_lock", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_lock_touched_at"))
    op.drop_table("login_lock")
