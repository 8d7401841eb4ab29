"""review: the analysis's own summary of a theme (sentences quoted from its texts)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 15:05:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    # Runs made before this revision have no sentences: an empty list, which the pages skip.
    with op.batch_alter_table("analysis_theme", schema=None) as batch_op:
        batch_op.add_column(sa.Column("gist", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("analysis_theme", schema=None) as batch_op:
        batch_op.alter_column("gist", server_default=None)


def downgrade():
    with op.batch_alter_table("analysis_theme", schema=None) as batch_op:
        batch_op.drop_column("gist")
