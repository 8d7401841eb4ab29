"""The search index: one row per searchable text of a process, with the terms it is found by."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, UTCDateTime, utcnow

COMMENT, NOTE, POSITION = "comment", "note", "position"

# What each database adds to the table for full-text matching, made by migration 0011 only on
# that database and so absent from the models: SQLite's FTS5 table (external content, kept by
# triggers) and PostgreSQL's generated tsvector column with its GIN index. tests/test_schema.py
# and migrations/env.py leave these names out of the comparison with the models.
FTS_TABLE = "search_fts"
TSVECTOR_COLUMN = "terms_vector"
TSVECTOR_INDEX = "ix_search_document_terms_vector"


def dialect_only(name: str | None) -> bool:
    """Whether a table, column or index name is one of the database-specific search objects."""
    return bool(name) and (name.startswith(FTS_TABLE) or name in {TSVECTOR_COLUMN, TSVECTOR_INDEX})


class SearchDocument(Base):
    """A comment, a meeting note or a position's motivation as the working group searches it.

    `comment_id` or `note_id` names the text the row is about (for a position: the comment or
    note it answers), so that the filters on positions and themes read the same for all three.
    """

    __tablename__ = "search_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(20), unique=True)  # "c12", "n5", "pc12", "pn5"
    source: Mapped[str] = mapped_column(String(10))  # COMMENT, NOTE or POSITION
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("consultation_round.id", ondelete="CASCADE"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"), index=True)
    note_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_note.id", ondelete="CASCADE"), index=True)
    response_id: Mapped[int | None] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"), index=True)
    # Section keys between spaces (" 2.1 3 "), "whole" for the document as a whole; a note may name several.
    section_keys: Mapped[str] = mapped_column(String(400), default="")
    section_label: Mapped[str] = mapped_column(String(400), default="")
    actor_type: Mapped[str] = mapped_column(String(20))
    municipality: Mapped[str | None] = mapped_column(String(100))
    sender: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text)
    terms: Mapped[str] = mapped_column(Text)
    # The embedding cache's key for this text (analysis.embed.text_key), for "Liknande texter".
    vector_key: Mapped[str | None] = mapped_column(String(64), index=True)
    indexed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
