"""remiss: a remissvar registered by the coordinator from a letter received by e-mail or post

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-03 08:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.add_column(sa.Column("received_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("diarienummer", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("registered_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("registered_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_response_registered_by_id_user_account"),
            "user_account",
            ["registered_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_response_registered_has_received_on"),
            "registered_at IS NULL OR received_on IS NOT NULL",
        )


def downgrade():
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_response_registered_has_received_on"), type_="check")
        batch_op.drop_constraint(batch_op.f("fk_response_registered_by_id_user_account"), type_="foreignkey")
        batch_op.drop_column("registered_at")
        batch_op.drop_column("registered_by_id")
        batch_op.drop_column("diarienummer")
        batch_op.drop_column("received_on")
