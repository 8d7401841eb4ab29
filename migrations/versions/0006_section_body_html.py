"""drafts: each section's body rendered to sanitised HTML once, stored with it

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 01:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

from consultation.rendering import markdown_to_stored_html

# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_BATCH = 200


def upgrade():
    # Existing rows get "" first, then their body rendered: the pages show only the stored HTML.
    with op.batch_alter_table("section", schema=None) as batch_op:
        batch_op.add_column(sa.Column("body_html", sa.Text(), nullable=False, server_default=""))

    fill_body_html(op.get_bind())


def fill_body_html(connection) -> None:
    """Render every section that has a body (in batches, so a large database never loads at once)."""
    section = sa.table(
        "section", sa.column("id", sa.Integer), sa.column("body", sa.Text), sa.column("body_html", sa.Text)
    )
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(section.c.id, section.c.body)
            .where(section.c.id > last_id, section.c.body != "")
            .order_by(section.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            break
        for row in rows:
            connection.execute(
                section.update().where(section.c.id == row.id).values(body_html=markdown_to_stored_html(row.body))
            )
        last_id = rows[-1].id


def downgrade():
    with op.batch_alter_table("section", schema=None) as batch_op:
        batch_op.drop_column("body_html")
