"""drafts: a version is a draft (utkast) until published, and keeps its own title

Versions that exist already were public the moment they were imported, so they become published
(at the time they were made); each takes the document's present title as its own.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 04:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title", sa.String(length=300), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("status", sa.String(length=20), nullable=False, server_default="published"))
        batch_op.add_column(sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))

    version = sa.table(
        "document_version",
        sa.column("document_id", sa.Integer),
        sa.column("title", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("published_at", sa.DateTime(timezone=True)),
    )
    document = sa.table("document", sa.column("id", sa.Integer), sa.column("title", sa.String))
    op.execute(
        version.update().values(
            title=sa.select(document.c.title).where(document.c.id == version.c.document_id).scalar_subquery(),
            published_at=version.c.created_at,
        )
    )

    # The defaults were for the rows above only: a new version says its title and starts as a draft.
    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.alter_column("title", server_default=None)
        batch_op.alter_column("status", server_default=None)
        batch_op.create_check_constraint(op.f("ck_document_version_status_valid"), "status IN ('draft', 'published')")


def downgrade():
    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_document_version_status_valid"), type_="check")
        batch_op.drop_column("published_at")
        batch_op.drop_column("status")
        batch_op.drop_column("title")
