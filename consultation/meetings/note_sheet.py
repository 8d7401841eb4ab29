"""All of a meeting's notes on one sheet: the rows of the template (challenges, opportunities, proposals,
next steps) written and saved together.

A row holds what was typed, as text, so that a refused sheet comes back exactly as it was sent. Saving
checks every row with the rules of one note (`notes.check_note`) and writes all of them or none; a row
whose note someone else changed (or removed) since the sheet was shown is a conflict, never an overwrite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from ..errors import N_, Conflict, ValidationFailed, msg
from ..people.access import Actor
from ..text import normalise_text, parse_id
from .models import Meeting, MeetingNote, NextStepStatus, NoteKind
from .notes import NoteData, check_note, current_sections, parse_tags, publish_notes, write_note
from .planning import get_managed_meeting

__all__ = [
    "MAX_ROWS",
    "NoteRow",
    "NotesChanged",
    "SheetSaved",
    "StoredNote",
    "add_row",
    "blank_row",
    "rows_of",
    "save_note_rows",
]

MAX_ROWS = 200  # per kind: more is not a meeting's notes but a hand-made form
MAX_LIST_LENGTH = 500  # the typed tags and section numbers of one row
_SECTION_SEPARATORS = re.compile(r"[,;\s]+")


@dataclass
class NoteRow:
    """One row of the sheet as typed. `key` names it on the page ("challenge-2") and prefixes its errors."""

    key: str
    kind: str
    body: str = ""
    tags: str = ""
    sections: str = ""  # section numbers, "2, 3.1"
    owner_organisation_id: str = ""
    owner_name: str = ""
    due_on: str = ""
    step_status: str = ""
    note_id: int | None = None
    base_revision: int | None = None
    status: str = ""  # draft or published, shown beside a stored note's row

    @property
    def number(self) -> int:
        """The row's place in its group, from 1, as its key says."""
        return int(self.key.rsplit("-", 1)[1])

    def is_overdue_on(self, today: date) -> bool:
        """A next step, not done, whose day has passed (as typed: a row sent back keeps saying so)."""
        if self.kind != NoteKind.NEXT_STEP.value or self.step_status == NextStepStatus.DONE.value:
            return False
        try:
            return date.fromisoformat(self.due_on.strip()) < today
        except ValueError:
            return False

    def is_blank(self) -> bool:
        typed = (self.body, self.tags, self.sections, self.owner_organisation_id, self.owner_name, self.due_on)
        return not any(value.strip() for value in typed)


@dataclass(frozen=True)
class StoredNote:
    """What a row's note holds now, when someone else changed it while the sheet was open."""

    revision: int | None
    body: str
    removed: bool = False


class NotesChanged(Conflict):
    """Someone else changed or removed notes of the sheet first; `current` says how each stands, by row key."""

    def __init__(self, current: dict[str, StoredNote]):
        self.current = current
        super().__init__(
            msg(
                N_(
                    "Någon annan ändrade %(count)s av anteckningarna medan du skrev. Din text finns kvar: "
                    "jämför med hur de står nu och spara igen."
                ),
                count=len(current),
            )
        )


@dataclass(frozen=True)
class SheetSaved:
    saved: int
    published: int


def blank_row(kind: NoteKind | str, number: int) -> NoteRow:
    kind = NoteKind(kind)
    return NoteRow(
        key=f"{kind.value}-{number}",
        kind=kind.value,
        step_status=NextStepStatus.OPEN.value if kind == NoteKind.NEXT_STEP else "",
    )


def add_row(rows: dict[NoteKind, list[NoteRow]], kind: NoteKind) -> str:
    """One more blank row for a group ("Lägg till rad"), up to MAX_ROWS; the key of its last row, to focus."""
    if len(rows[kind]) < MAX_ROWS:
        rows[kind].append(blank_row(kind, len(rows[kind]) + 1))
    return rows[kind][-1].key


def _row_of(note: MeetingNote, number: int) -> NoteRow:
    return NoteRow(
        key=f"{note.kind}-{number}",
        kind=str(note.kind),
        body=note.body,
        tags=", ".join(t.tag for t in note.tags),
        sections=", ".join(s.number for s in note.sections),
        owner_organisation_id=str(note.owner_organisation_id or ""),
        owner_name=note.owner_name or "",
        due_on=note.due_on.isoformat() if note.due_on else "",
        step_status=str(note.step_status or ""),
        note_id=note.id,
        base_revision=note.revision,
        status=str(note.status),
    )


def rows_of(meeting: Meeting) -> dict[NoteKind, list[NoteRow]]:
    """The sheet as stored: each kind's notes in the order they were written, then one blank row to fill in."""
    sheet: dict[NoteKind, list[NoteRow]] = {}
    for kind in NoteKind:
        notes = [n for n in meeting.notes if n.kind == kind]
        rows = [_row_of(note, number) for number, note in enumerate(notes, start=1)]
        sheet[kind] = [*rows, blank_row(kind, len(rows) + 1)]
    return sheet


def _note_data(row: NoteRow, sections_by_number: dict[str, int], errors: dict) -> NoteData:
    """The row read into a note's data; what cannot be read is put in `errors` under the row's key."""
    is_step = row.kind == NoteKind.NEXT_STEP.value
    for name in ("tags", "sections"):
        if len(getattr(row, name)) > MAX_LIST_LENGTH:
            errors[f"{row.key}-{name}"] = [msg(N_("Högst %(max)s tecken."), max=MAX_LIST_LENGTH)]
    numbers = [n for n in _SECTION_SEPARATORS.split(row.sections.strip()) if n]
    unknown = [n for n in numbers if n not in sections_by_number]
    if unknown:
        errors[f"{row.key}-sections"] = [
            msg(N_("Avsnitt %(numbers)s finns inte i det aktuella förslaget."), numbers=", ".join(unknown[:5])[:100])
        ]
    due_on = None
    if is_step and row.due_on.strip():
        try:
            due_on = date.fromisoformat(row.due_on.strip())
        except ValueError:
            errors[f"{row.key}-due_on"] = [msg(N_("Ange datumet som ÅÅÅÅ-MM-DD."))]
    owner = row.owner_organisation_id.strip()
    owner_id = None
    if is_step and owner:
        owner_id = parse_id(owner)
        if owner_id is None:
            errors[f"{row.key}-owner_organisation_id"] = [msg(N_("En vald organisation finns inte i registret."))]
    return NoteData(
        kind=row.kind,
        body=row.body,
        section_ids=[sections_by_number[n] for n in numbers if n in sections_by_number],
        tags=[row.tags],
        owner_organisation_id=owner_id,
        owner_name=row.owner_name if is_step else None,
        due_on=due_on,
        step_status=(row.step_status or None) if is_step else None,
    )


def _unchanged(note: MeetingNote, data: NoteData) -> bool:
    """The row says what the note already says: nothing to write, and nothing to conflict over."""
    same = (
        note.kind == data.kind
        and note.body == normalise_text(data.body)
        and sorted(s.id for s in note.sections) == sorted(set(data.section_ids))
        and [t.tag for t in note.tags] == parse_tags(",".join(data.tags))
    )
    if not same or note.kind != NoteKind.NEXT_STEP:
        return same
    return (note.owner_organisation_id, note.owner_name, note.due_on, note.step_status) == (
        data.owner_organisation_id,
        (data.owner_name or "").strip() or None,
        data.due_on,
        data.step_status or NextStepStatus.OPEN,
    )


def save_note_rows(
    session: Session, actor: Actor, meeting_id: int, rows: list[NoteRow], publish_at: datetime | None = None
) -> SheetSaved:
    """Save every row of the sheet in one go (blank new rows are skipped); with `publish_at`, then publish
    all of the meeting's drafts. Raises ValidationFailed (errors by row key and field) or NotesChanged."""
    meeting = get_managed_meeting(session, actor, meeting_id)
    sections = current_sections(meeting)
    sections_by_number = {s.number: s.id for s in sections.values()}
    notes = {n.id: n for n in meeting.notes}
    errors: dict = {}
    changed: dict[str, StoredNote] = {}
    work: list[tuple[MeetingNote | None, NoteData, dict]] = []
    for row in rows:
        note = notes.get(row.note_id) if row.note_id is not None else None
        if row.note_id is not None and note is None:
            changed[row.key] = StoredNote(None, "", removed=True)
            continue
        if note is None and row.is_blank():
            continue
        # A number the note is already linked to keeps that link, even to a section of an earlier version;
        # any other number is a section of the current draft.
        linked = note.sections if note is not None else []
        allowed = {**sections, **{s.id: s for s in linked}}
        data = _note_data(row, {**sections_by_number, **{s.number: s.id for s in linked}}, errors)
        for name, messages in check_note(session, data, allowed).items():
            errors.setdefault(f"{row.key}-{name}", messages)
        if note is not None and _unchanged(note, data):
            continue
        if note is not None and row.base_revision != note.revision:
            changed[row.key] = StoredNote(note.revision, note.body)
            continue
        work.append((note, data, allowed))
    if errors:
        raise ValidationFailed(errors)
    if changed:
        raise NotesChanged(changed)
    for note, data, allowed in work:
        if note is None:
            note = MeetingNote(meeting=meeting, created_by_id=getattr(actor, "id", None))
            session.add(note)
        write_note(session, note, data, allowed)
    session.flush()
    published = publish_notes(session, actor, meeting_id, [], publish_at) if publish_at is not None else 0
    return SheetSaved(saved=len(work), published=published)
