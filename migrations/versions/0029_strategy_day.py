"""meetings: the yearly strategy day is a kind of meeting, shown in the follow-up's årshjul

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-03 14:40:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_meeting_kind_valid"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_meeting_kind_valid"), "kind IN ('dialogue', 'council', 'workshop', 'strategy')"
        )


def downgrade():
    # Before 0029 a strategy day could only be written down as a council meeting.
    op.execute("UPDATE meeting SET kind = 'council' WHERE kind = 'strategy'")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_meeting_kind_valid"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_meeting_kind_valid"), "kind IN ('dialogue', 'council', 'workshop')"
        )
