"""drafts: a section's revision (two people editing it) and the earlier sections it came from

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 04:55:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("section", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("derived_from", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("updated_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_section_updated_by_id_user_account"),
            "user_account",
            ["updated_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("section", schema=None) as batch_op:
        batch_op.alter_column("revision", server_default=None)
        batch_op.alter_column("derived_from", server_default=None)


def downgrade():
    with op.batch_alter_table("section", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_section_updated_by_id_user_account"), type_="foreignkey")
        batch_op.drop_column("updated_by_id")
        batch_op.drop_column("updated_at")
        batch_op.drop_column("derived_from")
        batch_op.drop_column("revision")
