"""people: outgoing mail kept for a couple of days, to cap mail per recipient, sender and client address

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 01:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outgoing_mail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("recipient_key", sa.String(length=64), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["user_account.id"],
            name=op.f("fk_outgoing_mail_sender_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_mail")),
    )
    with op.batch_alter_table("outgoing_mail", schema=None) as batch_op:
        batch_op.create_index("ix_outgoing_mail_recipient_key_sent_at", ["recipient_key", "sent_at"], unique=False)
        batch_op.create_index("ix_outgoing_mail_sender_id_sent_at", ["sender_id", "sent_at"], unique=False)
        batch_op.create_index("ix_outgoing_mail_address_sent_at", ["address", "sent_at"], unique=False)


def downgrade():
    with op.batch_alter_table("outgoing_mail", schema=None) as batch_op:
        batch_op.drop_index("ix_outgoing_mail_address_sent_at")
        batch_op.drop_index("ix_outgoing_mail_sender_id_sent_at")
        batch_op.drop_index("ix_outgoing_mail_recipient_key_sent_at")
    op.drop_table("outgoing_mail")
