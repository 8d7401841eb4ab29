"""search: the index of a process's texts, with FTS5 on SQLite and a tsvector with a GIN index on PostgreSQL

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 04:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# Both databases read the same space-separated terms (analysis/search_terms.py), lower-cased
# letters only, so FTS5's unicode61 tokenizer (diacritics kept: "för" is not "for") and
# PostgreSQL's 'simple' configuration split them into the same words.
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(terms, content='search_document', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_document BEGIN "
    "INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_document BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms); END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE OF terms ON search_document BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms); "
    "INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms); END",
]
POSTGRES_TSVECTOR = [
    "ALTER TABLE search_document ADD COLUMN terms_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, terms)) STORED",
    "CREATE INDEX ix_search_document_terms_vector ON search_document USING gin (terms_vector)",
]


def upgrade():
    op.create_table(
        "search_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("note_id", sa.Integer(), nullable=True),
        sa.Column("response_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("section_keys", sa.String(length=400), nullable=False),
        sa.Column("section_label", sa.String(length=400), nullable=False),
        sa.Column("actor_type", sa.String(length=20), nullable=False),
        sa.Column("municipality", sa.String(length=100), nullable=True),
        sa.Column("sender", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("vector_key", sa.String(length=64), nullable=True),
        sa.Column("indexed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comment.id"], name=op.f("fk_search_document_comment_id_comment"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_search_document_meeting_id_meeting"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["note_id"], ["meeting_note.id"], name=op.f("fk_search_document_note_id_meeting_note"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_search_document_organisation_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["process_id"], ["process.id"], name=op.f("fk_search_document_process_id_process"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["response_id"], ["response.id"], name=op.f("fk_search_document_response_id_response"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["consultation_round.id"],
            name=op.f("fk_search_document_round_id_consultation_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_document")),
        sa.UniqueConstraint("key", name=op.f("uq_search_document_key")),
    )
    with op.batch_alter_table("search_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_document_comment_id"), ["comment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_search_document_note_id"), ["note_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_search_document_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_search_document_process_id"), ["process_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_search_document_round_id"), ["round_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_search_document_vector_key"), ["vector_key"], unique=False)
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_FTS if dialect == "sqlite" else POSTGRES_TSVECTOR if dialect == "postgresql" else []:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("search_fts_update", "search_fts_delete", "search_fts_insert"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_table("search_document")
