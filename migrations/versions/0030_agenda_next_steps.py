"""councils: an agenda point follows up the next steps its meetings' notes recorded

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-04 19:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "agenda_item_next_step",
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_agenda_item_next_step_agenda_item_id_agenda_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["note_id"],
            ["meeting_note.id"],
            name=op.f("fk_agenda_item_next_step_note_id_meeting_note"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("agenda_item_id", "note_id", name=op.f("pk_agenda_item_next_step")),
    )


def downgrade():
    op.drop_table("agenda_item_next_step")
