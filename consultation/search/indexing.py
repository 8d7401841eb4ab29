"""Keeping the search index current: what is indexed, and the flush hook that rewrites it.

A text is indexed once the working group may read it: a submitted comment of a response that
is not withdrawn (its submitted text, never a draft), a published meeting note, and a position's
motivation on either. Every flush that writes such a text, its response's status, a note's
sections or a position rewrites the rows of the texts it touched, in the same transaction, so
the index never shows a withdrawn comment or misses an edit. `reindex` rebuilds all of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain

from sqlalchemy import Connection, delete, event, insert, inspect, or_, select
from sqlalchemy.orm import Session

from ..base import utcnow
from ..drafts.models import Section
from ..meetings.models import Meeting, MeetingNote, NoteStatus, note_section
from ..people.models import ActorType, Organisation, User
from ..remiss.models import Comment, ConsultationRound, Response, ResponseStatus
from ..review.compilation_queries import NOTE_SOURCE, WHOLE
from ..review.models import Position
from .models import COMMENT, NOTE, POSITION, SearchDocument

CHUNK = 500  # ids per IN (...): under SQLite's bound-parameter limit


@dataclass(frozen=True)
class Indexer:
    """How a text becomes terms, and the embedding cache key of a text (the analysis's functions)."""

    terms_of: Callable[[str], str]
    vector_key_of: Callable[[str], str | None] = lambda text: None


_indexer: Indexer | None = None


def install(indexer: Indexer) -> None:
    """Keep the index current on every flush of every session, from now on."""
    global _indexer
    _indexer = indexer
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)


def installed() -> Indexer:
    if _indexer is None:
        raise RuntimeError("consultation.search.indexing.install() has not been called")
    return _indexer


# --- what a flush touched ---------------------------------------------------------------------

_WATCHED = {
    Comment: ("submitted_body", "section_id", "response_id"),
    Response: ("status", "reference", "organisation_id", "person_id"),
    MeetingNote: ("body", "status", "sections", "meeting_id"),
    Meeting: ("title", "process_id"),
    Position: ("motivation", "comment_id", "note_id"),
    Organisation: ("name", "actor_type", "municipality"),
}


def _changed(obj, session: Session) -> bool:
    if obj in session.new or obj in session.deleted:
        return True
    attrs = inspect(obj).attrs
    return any(attrs[name].history.has_changes() for name in _WATCHED[type(obj)])


def _after_flush(session: Session, _context) -> None:
    if _indexer is None:
        return
    comments: set[int] = set()
    notes: set[int] = set()
    responses: set[int] = set()
    meetings: set[int] = set()
    organisations: set[int] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        kind = type(obj)
        if kind not in _WATCHED or not _changed(obj, session):
            continue
        if kind is Comment:
            comments.add(obj.id)
        elif kind is MeetingNote:
            notes.add(obj.id)
        elif kind is Response:
            responses.add(obj.id)
        elif kind is Meeting:
            meetings.add(obj.id)
        elif kind is Organisation:
            organisations.add(obj.id)
        elif kind is Position:  # the text it answers, and the one it answered before a change
            attrs = inspect(obj).attrs
            comments.update(i for i in chain(*attrs.comment_id.history) if i is not None)
            notes.update(i for i in chain(*attrs.note_id.history) if i is not None)
    if comments or notes or responses or meetings or organisations:
        connection = session.connection()
        comments |= _ids(
            connection, select(Comment.id).where(Comment.response_id.in_(responses)) if responses else None
        )
        comments |= _ids(
            connection,
            select(Comment.id).join(Response).where(Response.organisation_id.in_(organisations))
            if organisations
            else None,
        )
        notes |= _ids(
            connection, select(MeetingNote.id).where(MeetingNote.meeting_id.in_(meetings)) if meetings else None
        )
        refresh(connection, _indexer, comments, notes)


def _ids(connection: Connection, statement) -> set[int]:
    return set(connection.scalars(statement)) if statement is not None else set()


# --- rewriting rows --------------------------------------------------------------------------


def refresh(connection: Connection, indexer: Indexer, comment_ids: Iterable[int], note_ids: Iterable[int]) -> int:
    """Rewrite the rows of these comments and notes (and of the positions on them); the number written."""
    comment_ids, note_ids = sorted(set(comment_ids)), sorted(set(note_ids))
    written = 0
    for start in range(0, len(comment_ids), CHUNK):
        chunk = comment_ids[start : start + CHUNK]
        connection.execute(delete(SearchDocument).where(SearchDocument.comment_id.in_(chunk)))
        written += _write(connection, list(_comment_rows(connection, indexer, chunk)))
    for start in range(0, len(note_ids), CHUNK):
        chunk = note_ids[start : start + CHUNK]
        connection.execute(delete(SearchDocument).where(SearchDocument.note_id.in_(chunk)))
        written += _write(connection, list(_note_rows(connection, indexer, chunk)))
    return written


def reindex(session: Session, process_id: int | None = None) -> int:
    """Rebuild the index (of one process, or of all); the number of rows written."""
    indexer = installed()
    connection = session.connection()
    wipe = delete(SearchDocument)
    comments = select(Comment.id).join(Response).join(ConsultationRound)
    notes = select(MeetingNote.id).join(Meeting)
    if process_id is not None:
        wipe = wipe.where(SearchDocument.process_id == process_id)
        comments = comments.where(ConsultationRound.process_id == process_id)
        notes = notes.where(Meeting.process_id == process_id)
    connection.execute(wipe)
    return refresh(connection, indexer, connection.scalars(comments), connection.scalars(notes))


def _write(connection: Connection, rows: list[dict]) -> int:
    if rows:
        connection.execute(insert(SearchDocument), rows)
    return len(rows)


def _row(indexer: Indexer, key: str, source: str, text: str, vector: bool, **values) -> dict:
    return {
        "key": key,
        "source": source,
        "body": text,
        "terms": indexer.terms_of(text),
        "vector_key": indexer.vector_key_of(text) if vector else None,
        "indexed_at": utcnow(),
        "round_id": None,
        "comment_id": None,
        "note_id": None,
        "response_id": None,
        "meeting_id": None,
        "organisation_id": None,
        "municipality": None,
        **values,
    }


def _motivations(connection: Connection, column, ids: list[int]) -> dict[int, str]:
    rows = connection.execute(select(column, Position.motivation).where(column.in_(ids)))
    return {subject: motivation.strip() for subject, motivation in rows if motivation and motivation.strip()}


def _comment_rows(connection: Connection, indexer: Indexer, ids: list[int]):
    rows = connection.execute(
        select(
            Comment.id,
            Comment.submitted_body,
            Comment.response_id,
            Response.round_id,
            ConsultationRound.process_id,
            Response.organisation_id,
            Organisation.name.label("organisation_name"),
            Organisation.actor_type,
            Organisation.municipality,
            User.name.label("person_name"),
            Section.key.label("section_key"),
            Section.number.label("section_number"),
            Section.heading.label("section_heading"),
        )
        .join(Response, Comment.response_id == Response.id)
        .join(ConsultationRound, Response.round_id == ConsultationRound.id)
        .outerjoin(Organisation, Response.organisation_id == Organisation.id)
        .outerjoin(User, Response.person_id == User.id)
        .outerjoin(Section, Comment.section_id == Section.id)
        .where(
            Comment.id.in_(ids),
            Response.status == ResponseStatus.SUBMITTED,
            Response.reference.is_not(None),
            Comment.submitted_body.is_not(None),
        )
    )
    motivations = _motivations(connection, Position.comment_id, ids)
    for row in rows:
        text = (row.submitted_body or "").strip()
        if not text:
            continue
        values = {
            "process_id": row.process_id,
            "round_id": row.round_id,
            "comment_id": row.id,
            "response_id": row.response_id,
            "organisation_id": row.organisation_id,
            "section_keys": f" {row.section_key or WHOLE} ",
            "section_label": f"{row.section_number} {row.section_heading}"[:400] if row.section_key else "",
            "actor_type": row.actor_type or ActorType.PRIVATE_PERSON.value,
            "municipality": row.municipality,
            "sender": (row.organisation_name or row.person_name or "")[:300],
        }
        yield _row(indexer, f"c{row.id}", COMMENT, text, True, **values)
        if row.id in motivations:
            yield _row(indexer, f"pc{row.id}", POSITION, motivations[row.id], False, **values)


def _note_rows(connection: Connection, indexer: Indexer, ids: list[int]):
    rows = connection.execute(
        select(MeetingNote.id, MeetingNote.body, MeetingNote.meeting_id, Meeting.process_id, Meeting.title)
        .join(Meeting, MeetingNote.meeting_id == Meeting.id)
        .where(MeetingNote.id.in_(ids), MeetingNote.status == NoteStatus.PUBLISHED)
    )
    sections: dict[int, list[tuple[str, str]]] = {}
    for note_id, key, number, heading in connection.execute(
        select(note_section.c.note_id, Section.key, Section.number, Section.heading)
        .join(Section, note_section.c.section_id == Section.id)
        .where(note_section.c.note_id.in_(ids))
        .order_by(note_section.c.note_id, Section.id)
    ):
        sections.setdefault(note_id, []).append((key, f"{number} {heading}"))
    motivations = _motivations(connection, Position.note_id, ids)
    for row in rows:
        text = (row.body or "").strip()
        if not text:
            continue
        linked = sections.get(row.id, [])
        keys = list(dict.fromkeys(key for key, _title in linked))
        values = {
            "process_id": row.process_id,
            "note_id": row.id,
            "meeting_id": row.meeting_id,
            "section_keys": (" " + " ".join(keys) + " ")[:400] if keys else "",
            "section_label": linked[0][1][:400] if linked else "",
            "actor_type": NOTE_SOURCE,
            "sender": (row.title or "")[:300],
        }
        yield _row(indexer, f"n{row.id}", NOTE, text, True, **values)
        if row.id in motivations:
            yield _row(indexer, f"pn{row.id}", POSITION, motivations[row.id], False, **values)


def matches_subject(column_comment, column_note):
    """A condition that a row of another table (a position, an analysis item) is about a search row's text."""
    return or_(column_comment == SearchDocument.comment_id, column_note == SearchDocument.note_id)
