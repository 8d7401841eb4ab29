"""review: keep the theme the machine put each item in, and how much of that the working group kept

Items already stored have no machine theme (it was not kept); their runs show no agreement until
they are analysed again.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 15:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("analysis_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agreement", sa.JSON(), nullable=True))
    with op.batch_alter_table("analysis_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("machine_theme_id", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("analysis_item", schema=None) as batch_op:
        batch_op.drop_column("machine_theme_id")
    with op.batch_alter_table("analysis_run", schema=None) as batch_op:
        batch_op.drop_column("agreement")
