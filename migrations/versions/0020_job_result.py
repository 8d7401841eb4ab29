"""jobs: what a finished job reports (e.g. how many invitations went out, and to whom not), for its page

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 14:45:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("background_job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("result", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("background_job", schema=None) as batch_op:
        batch_op.drop_column("result")
