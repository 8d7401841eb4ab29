"""Meeting notes and next steps: writing and publishing them, following up next steps, and the dialogue summary.

Those who manage a meeting see its draft notes; everyone else sees published notes only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session, selectinload

from .. import audit
from ..drafts.models import Process, Section
from ..errors import N_, Conflict, NotAllowed, NotFound, ValidationFailed, msg
from ..people.access import Actor, has_role, is_admin
from ..people.models import ActorType, Organisation, Role
from ..text import normalise_text
from .models import Attendance, Meeting, MeetingNote, NextStepStatus, NoteKind, NoteStatus, NoteTag
from .planning import can_manage, get_managed_meeting, meeting_row

__all__ = [
    "MAX_NOTE_LENGTH",
    "DialogueSummary",
    "NoteData",
    "NoteFilter",
    "check_note",
    "current_sections",
    "delete_note",
    "dialogue_summary",
    "is_overdue",
    "notes_of_process",
    "open_next_steps",
    "parse_tags",
    "publish_notes",
    "save_note",
    "update_step_status",
    "visible_notes",
    "write_note",
]

MAX_NOTE_LENGTH = 10_000
MAX_OWNER_NAME_LENGTH = 200  # MeetingNote.owner_name


@dataclass
class NoteData:
    kind: NoteKind | str
    body: str
    section_ids: list[int] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    owner_organisation_id: int | None = None
    owner_name: str | None = None
    due_on: date | None = None
    step_status: NextStepStatus | str | None = None


def parse_tags(text: str) -> list[str]:
    """Free tags typed as "kompetens, pendling; unga" become a clean, unique, sorted list."""
    parts = [" ".join(p.split()).lower() for p in text.replace(";", ",").split(",")]
    return sorted({p[:60] for p in parts if p})


def current_sections(meeting: Meeting) -> dict[int, Section]:
    """The sections of the process's current draft version, by id: the ones a note can be about."""
    from ..drafts.processes import current_version

    version = current_version(meeting.process)
    return {s.id: s for s in version.sections} if version else {}


def check_note(session: Session, data: NoteData, sections: dict[int, Section]) -> dict:
    """What is wrong with a note, by field name (empty when nothing is)."""
    errors: dict = {}
    body = normalise_text(data.body)
    if data.kind not in {k.value for k in NoteKind}:
        errors["kind"] = [msg(N_("Välj vilken sorts anteckning det är."))]
    if not body:
        errors["body"] = [msg(N_("Skriv vad som sades."))]
    elif len(body) > MAX_NOTE_LENGTH:
        errors["body"] = [msg(N_("Anteckningen får vara högst %(max)s tecken."), max=MAX_NOTE_LENGTH)]
    if set(data.section_ids) - set(sections):
        errors["section_ids"] = [msg(N_("Ett valt avsnitt finns inte i det aktuella förslaget."))]
    is_step = data.kind == NoteKind.NEXT_STEP.value
    if is_step and data.step_status and data.step_status not in {s.value for s in NextStepStatus}:
        errors["step_status"] = [msg(N_("Välj en status."))]
    if is_step and data.owner_organisation_id is not None:
        owner = session.get(Organisation, data.owner_organisation_id)
        if owner is None or not owner.approved:
            errors["owner_organisation_id"] = [msg(N_("En vald organisation finns inte i registret."))]
    if is_step and len((data.owner_name or "").strip()) > MAX_OWNER_NAME_LENGTH:
        errors["owner_name"] = [msg(N_("Namnet får vara högst %(max)s tecken."), max=MAX_OWNER_NAME_LENGTH)]
    return errors


def write_note(session: Session, note: MeetingNote, data: NoteData, sections: dict[int, Section]) -> None:
    """Put checked data on the note (new or stored)."""
    is_step = data.kind == NoteKind.NEXT_STEP.value
    # No flush half-way: a next step turned into another kind must lose its step fields in the same UPDATE
    # (loading the sections would otherwise write the new kind with the old step fields, which the schema refuses).
    with session.no_autoflush:
        note.kind = NoteKind(data.kind)
        note.body = normalise_text(data.body)
        note.sections = [sections[i] for i in sorted(set(data.section_ids))]
        wanted = parse_tags(",".join(data.tags))
        note.tags = [t for t in note.tags if t.tag in wanted] + [
            NoteTag(tag=t) for t in wanted if t not in {x.tag for x in note.tags}
        ]
        note.owner_organisation_id = data.owner_organisation_id if is_step else None
        note.owner_name = ((data.owner_name or "").strip() or None) if is_step else None
        note.due_on = data.due_on if is_step else None
        note.step_status = NextStepStatus(data.step_status or NextStepStatus.OPEN) if is_step else None


def save_note(
    session: Session,
    actor: Actor,
    meeting_id: int,
    data: NoteData,
    note_id: int | None = None,
    base_revision: int | None = None,
) -> MeetingNote:
    meeting = get_managed_meeting(session, actor, meeting_id)
    note = None
    if note_id is not None:
        note = meeting_row(session, MeetingNote, note_id, meeting, N_("Anteckningen finns inte."))
    sections = current_sections(meeting)
    errors = check_note(session, data, sections)
    if errors:
        raise ValidationFailed(errors)
    if note is not None and base_revision is not None and note.revision != base_revision:
        raise Conflict(msg(N_("Någon annan ändrade anteckningen medan du skrev. Ladda om sidan.")))
    if note is None:
        note = MeetingNote(meeting=meeting, created_by_id=getattr(actor, "id", None))
        session.add(note)
    write_note(session, note, data, sections)
    session.flush()
    return note


def publish_notes(session: Session, actor: Actor, meeting_id: int, note_ids: list[int], now: datetime) -> int:
    """Publish the chosen draft notes (all drafts when none are chosen); returns how many."""
    meeting = get_managed_meeting(session, actor, meeting_id)
    chosen = set(note_ids)
    count, published = 0, []
    for note in meeting.notes:
        if note.status == NoteStatus.DRAFT and (not chosen or note.id in chosen):
            note.status = NoteStatus.PUBLISHED
            note.published_at = now
            count += 1
            published.append(note.id)
    session.flush()
    if published:
        audit.record(session, audit.Action.NOTES_PUBLISHED, actor, meeting, {"note_ids": published}, now=now)
    return count


def delete_note(session: Session, actor: Actor, meeting_id: int, note_id: int) -> None:
    meeting = get_managed_meeting(session, actor, meeting_id)
    note = meeting_row(session, MeetingNote, note_id, meeting, N_("Anteckningen finns inte."))
    session.delete(note)
    session.flush()


def visible_notes(meeting: Meeting, actor: Actor | None) -> list[MeetingNote]:
    if can_manage(actor, meeting.process):
        return list(meeting.notes)
    return [n for n in meeting.notes if n.status == NoteStatus.PUBLISHED]


# --- follow-up and reading --------------------------------------------------------------


def is_overdue(note: MeetingNote, today: date) -> bool:
    """A next step not done by the day it was due (in Stockholm)."""
    return (
        note.kind == NoteKind.NEXT_STEP
        and note.due_on is not None
        and note.due_on < today
        and note.step_status != NextStepStatus.DONE
    )


def update_step_status(
    session: Session, actor: Actor, meeting_id: int, note_id: int, status: str, base_revision: int | None
) -> MeetingNote:
    """Set a next step's status from the list of open next steps, without opening the note."""
    meeting = get_managed_meeting(session, actor, meeting_id)
    note = meeting_row(session, MeetingNote, note_id, meeting, N_("Anteckningen finns inte."))
    if note.kind != NoteKind.NEXT_STEP:
        raise NotFound(msg(N_("Anteckningen finns inte.")))
    if status not in {s.value for s in NextStepStatus}:
        raise ValidationFailed({"step_status": [msg(N_("Välj en status."))]})
    if base_revision is not None and note.revision != base_revision:
        raise Conflict(msg(N_("Någon annan ändrade nästa steg medan du hade listan öppen. Ladda om sidan.")))
    note.step_status = NextStepStatus(status)
    session.flush()
    return note


def open_next_steps(session: Session, actor: Actor | None, process: Process) -> list[MeetingNote]:
    """Next steps not yet done, across the process's meetings, earliest due first."""
    query = (
        select(MeetingNote)
        .join(Meeting)
        .where(
            Meeting.process_id == process.id,
            MeetingNote.kind == NoteKind.NEXT_STEP,
            MeetingNote.step_status != NextStepStatus.DONE,
        )
        .options(selectinload(MeetingNote.meeting), selectinload(MeetingNote.owner_organisation))
    )
    if not can_manage(actor, process):
        query = query.where(MeetingNote.status == NoteStatus.PUBLISHED, Meeting.is_published.is_(True))
    notes = list(session.scalars(query))
    return sorted(notes, key=lambda n: (n.due_on is None, n.due_on or date.max, n.id))


@dataclass(frozen=True)
class NoteFilter:
    meeting_id: int | None = None
    kind: NoteKind | None = None
    section_id: int | None = None
    tag: str | None = None


def notes_of_process(
    session: Session, actor: Actor | None, process: Process, filters: NoteFilter = NoteFilter()
) -> list[MeetingNote]:
    """The working group's list: every published note of the process (managers also see drafts)."""
    if not (is_admin(actor) or has_role(actor, Role.WORKING_GROUP) or can_manage(actor, process)):
        raise NotAllowed(msg(N_("Bara arbetsgruppen, processledare och samordnare kan lista alla anteckningar.")))
    query = (
        select(MeetingNote)
        .join(Meeting)
        .where(Meeting.process_id == process.id)
        .options(selectinload(MeetingNote.meeting), selectinload(MeetingNote.tags), selectinload(MeetingNote.sections))
        .order_by(Meeting.starts_at, MeetingNote.id)
    )
    if not can_manage(actor, process):
        query = query.where(MeetingNote.status == NoteStatus.PUBLISHED)
    if filters.meeting_id:
        query = query.where(MeetingNote.meeting_id == filters.meeting_id)
    if filters.kind:
        query = query.where(MeetingNote.kind == filters.kind)
    if filters.section_id:
        query = query.where(MeetingNote.sections.any(Section.id == filters.section_id))
    if filters.tag:
        query = query.where(MeetingNote.tags.any(NoteTag.tag == filters.tag.lower()))
    return list(session.scalars(query))


@dataclass
class DialogueSummary:
    meetings_held: list[Meeting]
    organisations_by_type: Counter
    organisations: int
    participants: int
    published_notes: list[MeetingNote]


def dialogue_summary(session: Session, process: Process, now: datetime) -> DialogueSummary:
    """For the process page: meetings held, who took part (by actor type), and the published notes."""
    held = list(
        session.scalars(
            select(Meeting)
            .where(Meeting.process_id == process.id, Meeting.is_published.is_(True), Meeting.ends_at < now)
            .order_by(Meeting.starts_at)
            .options(selectinload(Meeting.notes))
        )
    )
    # Counted in the database: loading every attendance and its organisation cost a query per attendance.
    by_type = session.execute(
        select(Organisation.actor_type, func.count(distinct(Organisation.id)))
        .join(Attendance, Attendance.organisation_id == Organisation.id)
        .where(Attendance.meeting_id.in_([m.id for m in held]))
        .group_by(Organisation.actor_type)
    ).all()
    organisations_by_type = Counter({ActorType(actor_type): count for actor_type, count in by_type})
    return DialogueSummary(
        meetings_held=held,
        organisations_by_type=organisations_by_type,
        organisations=sum(organisations_by_type.values()),
        participants=sum(m.participant_count or 0 for m in held),
        published_notes=[n for m in held for n in m.notes if n.status == NoteStatus.PUBLISHED],
    )
