"""Dialogue meetings: planning, sign-ups, attendance, notes and next steps.

Facilitators manage the meetings of processes they are assigned to; admins manage all.
Everyone else sees published meetings and published notes only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .. import audit
from ..people.access import Actor, has_role, is_admin
from ..errors import N_, NotAllowed, NotFound, ValidationFailed, msg
from ..people.models import ActorType, Organisation, Role, User
from .models import (
    Attendance,
    Meeting,
    MeetingKind,
    MeetingNote,
    NextStepStatus,
    NoteKind,
    NoteStatus,
    NoteTag,
    Signup,
)
from ..drafts.models import Process, Section
from ..text import normalise_text
from ..timezones import NonexistentLocalTime, local_to_utc

MAX_NOTE_LENGTH = 10_000
MAX_PARTICIPANT_LENGTH = 200


def can_manage(actor: Actor | None, process: Process) -> bool:
    if is_admin(actor):
        return True
    return has_role(actor, Role.FACILITATOR) and any(f.id == actor.id for f in process.facilitators)


def require_manager(actor: Actor | None, process: Process) -> None:
    if not can_manage(actor, process):
        raise NotAllowed(msg(N_("Bara processledare för processen kan ändra dess dialogträffar.")))


def get_meeting(session: Session, actor: Actor | None, meeting_id: int) -> Meeting:
    """A published meeting for anyone; an unpublished one only for those who manage it."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or not meeting.process.is_public and not is_admin(actor):
        raise NotFound(msg(N_("Dialogträffen finns inte.")))
    if not meeting.is_published and not can_manage(actor, meeting.process):
        raise NotFound(msg(N_("Dialogträffen finns inte.")))
    return meeting


def get_managed_meeting(session: Session, actor: Actor | None, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(msg(N_("Dialogträffen finns inte.")))
    require_manager(actor, meeting.process)
    return meeting


# --- planning ---------------------------------------------------------------------------


@dataclass
class MeetingData:
    kind: MeetingKind | str
    title: str
    theme: str
    description: str
    starts_at: datetime | None
    ends_at: datetime | None
    location: str = ""
    online_url: str | None = None
    capacity: int | None = None
    facilitator_ids: list[int] = field(default_factory=list)
    invited_organisation_ids: list[int] = field(default_factory=list)
    is_published: bool = False


def local_span(
    starts_on: date, starts_time: time, ends_time: time, ends_on: date | None = None
) -> tuple[datetime, datetime]:
    """A meeting's Stockholm wall-clock start and end as UTC; it ends on its start day unless `ends_on` says otherwise.

    Errors name the form field to correct: a meeting from 22:00 to 01:00 needs the end date of the next day.
    """
    errors: dict = {}

    def moment(day: date, clock: time, name: str) -> datetime | None:
        try:
            return local_to_utc(day, clock)
        except NonexistentLocalTime:
            errors[name] = [msg(N_("Klockslaget finns inte den dagen (sommartid börjar). Välj en annan tid."))]
            return None

    starts_at = moment(starts_on, starts_time, "starts_time")
    ends_at = moment(ends_on or starts_on, ends_time, "ends_time")
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = [msg(N_("Slutdatumet kan inte vara före datumet då träffen börjar."))]
    elif starts_at is not None and ends_at is not None and ends_at <= starts_at:
        errors["ends_time"] = [msg(N_("Träffen måste sluta efter att den börjar.")) if ends_on else
                               msg(N_("Träffen måste sluta efter att den börjar. Slutar den efter midnatt? "
                                      "Ange då ett slutdatum."))]
    if errors:
        raise ValidationFailed(errors)
    return starts_at, ends_at


def _check_meeting(session: Session, process: Process, data: MeetingData) -> dict:
    errors: dict = {}
    if data.kind not in {k.value for k in MeetingKind}:
        errors["kind"] = [msg(N_("Välj vilken sorts träff det är."))]
    if not data.title.strip():
        errors["title"] = [msg(N_("Ange en rubrik för träffen."))]
    if data.starts_at is None:
        errors["starts_on"] = [msg(N_("Ange när träffen börjar."))]
    if data.ends_at is None:
        errors["ends_on"] = [msg(N_("Ange när träffen slutar."))]
    elif data.starts_at is not None and data.ends_at <= data.starts_at:
        errors["ends_on"] = [msg(N_("Träffen måste sluta efter att den börjar."))]
    if data.online_url and not data.online_url.startswith(("https://", "http://")):
        errors["online_url"] = [msg(N_("Länken ska börja med https://."))]
    if data.capacity is not None and data.capacity < 1:
        errors["capacity"] = [msg(N_("Antal platser måste vara minst 1."))]
    facilitators = {f.id for f in process.facilitators}
    if set(data.facilitator_ids) - facilitators:
        errors["facilitator_ids"] = [msg(N_("Bara processens processledare kan leda träffen."))]
    return errors


def save_meeting(
    session: Session, actor: Actor, process_id: int, data: MeetingData, meeting_id: int | None = None
) -> Meeting:
    process = session.get(Process, process_id)
    if process is None:
        raise NotFound(msg(N_("Processen finns inte.")))
    require_manager(actor, process)
    meeting = get_managed_meeting(session, actor, meeting_id) if meeting_id else None
    if meeting is not None and meeting.process_id != process.id:
        raise NotFound(msg(N_("Dialogträffen finns inte.")))
    errors = _check_meeting(session, process, data)
    if errors:
        raise ValidationFailed(errors)
    if meeting is None:
        meeting = Meeting(process=process, created_by_id=getattr(actor, "id", None))
        session.add(meeting)
    meeting.kind = MeetingKind(data.kind)
    meeting.title = " ".join(data.title.split())
    meeting.theme = " ".join(data.theme.split())
    meeting.description = normalise_text(data.description)
    meeting.starts_at, meeting.ends_at = data.starts_at, data.ends_at
    meeting.location = data.location.strip()
    meeting.online_url = (data.online_url or "").strip() or None
    meeting.capacity = data.capacity
    meeting.is_published = data.is_published
    meeting.facilitators = [f for f in process.facilitators if f.id in set(data.facilitator_ids)]
    ids = set(data.invited_organisation_ids)
    meeting.invited_organisations = (
        list(session.scalars(select(Organisation).where(Organisation.id.in_(ids)))) if ids else []
    )
    session.flush()
    return meeting


def list_meetings(session: Session, actor: Actor | None, process: Process) -> list[Meeting]:
    """Published meetings of the process, and unpublished ones for those who manage it."""
    query = select(Meeting).where(Meeting.process_id == process.id).order_by(Meeting.starts_at)
    if not can_manage(actor, process):
        query = query.where(Meeting.is_published.is_(True))
    return list(session.scalars(query))


def upcoming_meetings(session: Session, now: datetime) -> list[Meeting]:
    return list(
        session.scalars(
            select(Meeting)
            .join(Process)
            .where(Meeting.is_published.is_(True), Process.is_public.is_(True), Meeting.ends_at >= now)
            .order_by(Meeting.starts_at)
        )
    )


# --- sign-ups ------------------------------------------------------------------------


def sign_up(
    session: Session, user: User, meeting_id: int, organisation_id: int | None, now: datetime
) -> Signup:
    """A stakeholder signs up, for themself or on behalf of an organisation they belong to."""
    meeting = get_meeting(session, user, meeting_id)
    if not user.has_role(Role.STAKEHOLDER):
        raise NotAllowed(msg(N_("Logga in som aktör för att anmäla dig.")))
    if not meeting.registration_open or meeting.starts_at <= now:
        raise ValidationFailed({"signup": [msg(N_("Anmälan till träffen är stängd."))]})
    if organisation_id is not None and not user.is_member_of(organisation_id):
        raise NotAllowed(msg(N_("Du kan bara anmäla dig för din egen organisation.")))
    existing = next((s for s in meeting.signups if s.user_id == user.id), None)
    if existing is not None:
        existing.organisation_id = organisation_id
        session.flush()
        return existing
    if meeting.capacity is not None and len(meeting.signups) >= meeting.capacity:
        raise ValidationFailed({"signup": [msg(N_("Träffen är fullbokad."))]})
    signup = Signup(meeting=meeting, user=user, organisation_id=organisation_id, created_at=now)
    session.add(signup)
    session.flush()
    return signup


def cancel_signup(session: Session, user: User, meeting_id: int) -> None:
    meeting = get_meeting(session, user, meeting_id)
    for signup in list(meeting.signups):
        if signup.user_id == user.id:
            meeting.signups.remove(signup)
    session.flush()


def set_registration(session: Session, actor: Actor, meeting_id: int, is_open: bool) -> Meeting:
    meeting = get_managed_meeting(session, actor, meeting_id)
    meeting.registration_open = is_open
    session.flush()
    return meeting


# --- attendance ----------------------------------------------------------------------


@dataclass
class AttendanceData:
    organisation_ids: list[int]
    participant_count: int | None
    others: list[tuple[str, str]]  # (name, affiliation) of participants not in the register


def register_attendance(session: Session, actor: Actor, meeting_id: int, data: AttendanceData) -> Meeting:
    """Who came: organisations picked from the register, a head count, and anyone not in the register."""
    meeting = get_managed_meeting(session, actor, meeting_id)
    errors: dict = {}
    ids = set(data.organisation_ids)
    organisations = list(session.scalars(select(Organisation).where(Organisation.id.in_(ids)))) if ids else []
    if len(organisations) != len(ids):
        errors["organisation_ids"] = [msg(N_("En vald organisation finns inte i registret."))]
    others = [(" ".join(n.split()), " ".join(a.split())) for n, a in data.others if n.strip()]
    too_long = [n for n, (name, affiliation) in enumerate(others, start=1)
                if len(name) > MAX_PARTICIPANT_LENGTH or len(affiliation) > MAX_PARTICIPANT_LENGTH]
    if too_long:  # Attendance.participant_name and participant_affiliation
        errors["others"] = [msg(N_("Namn och organisation får vara högst %(max)s tecken var (rad %(lines)s)."),
                                max=MAX_PARTICIPANT_LENGTH, lines=", ".join(map(str, too_long[:10])))]
    if data.participant_count is not None and data.participant_count < len(others):
        errors["participant_count"] = [
            msg(N_("Antalet deltagare kan inte vara mindre än antalet namngivna deltagare utanför registret."))
        ]
    if data.participant_count is not None and data.participant_count < 0:
        errors["participant_count"] = [msg(N_("Antalet deltagare kan inte vara negativt."))]
    if errors:
        raise ValidationFailed(errors)
    meeting.attendances = [Attendance(organisation=o) for o in sorted(organisations, key=lambda o: o.name)] + [
        Attendance(participant_name=name, participant_affiliation=affiliation or None) for name, affiliation in others
    ]
    meeting.participant_count = data.participant_count
    session.flush()
    return meeting


# --- notes ---------------------------------------------------------------------------


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


def _current_sections(meeting: Meeting) -> dict[int, Section]:
    from ..drafts.processes import current_version

    version = current_version(meeting.process)
    return {s.id: s for s in version.sections} if version else {}


def save_note(
    session: Session, actor: Actor, meeting_id: int, data: NoteData,
    note_id: int | None = None, base_revision: int | None = None,
) -> MeetingNote:
    meeting = get_managed_meeting(session, actor, meeting_id)
    note = None
    if note_id is not None:
        note = session.get(MeetingNote, note_id)
        if note is None or note.meeting_id != meeting.id:
            raise NotFound(msg(N_("Anteckningen finns inte.")))
    errors: dict = {}
    body = normalise_text(data.body)
    if data.kind not in {k.value for k in NoteKind}:
        errors["kind"] = [msg(N_("Välj vilken sorts anteckning det är."))]
    if not body:
        errors["body"] = [msg(N_("Skriv vad som sades."))]
    elif len(body) > MAX_NOTE_LENGTH:
        errors["body"] = [msg(N_("Anteckningen får vara högst %(max)s tecken."), max=MAX_NOTE_LENGTH)]
    sections = _current_sections(meeting)
    if set(data.section_ids) - set(sections):
        errors["section_ids"] = [msg(N_("Ett valt avsnitt finns inte i det aktuella förslaget."))]
    is_step = data.kind == NoteKind.NEXT_STEP.value
    if is_step and data.step_status and data.step_status not in {s.value for s in NextStepStatus}:
        errors["step_status"] = [msg(N_("Välj en status."))]
    if errors:
        raise ValidationFailed(errors)
    if note is not None and base_revision is not None and note.revision != base_revision:
        from ..errors import Conflict

        raise Conflict(msg(N_("Någon annan ändrade anteckningen medan du skrev. Ladda om sidan.")))
    if note is None:
        note = MeetingNote(meeting=meeting, created_by_id=getattr(actor, "id", None))
        session.add(note)
    # No flush half-way: a next step turned into another kind must lose its step fields in the same UPDATE
    # (loading the sections would otherwise write the new kind with the old step fields, which the schema refuses).
    with session.no_autoflush:
        note.kind = NoteKind(data.kind)
        note.body = body
        note.sections = [sections[i] for i in sorted(set(data.section_ids))]
        wanted = parse_tags(",".join(data.tags))
        note.tags = [t for t in note.tags if t.tag in wanted] + [
            NoteTag(tag=t) for t in wanted if t not in {x.tag for x in note.tags}
        ]
        note.owner_organisation_id = data.owner_organisation_id if is_step else None
        note.owner_name = ((data.owner_name or "").strip() or None) if is_step else None
        note.due_on = data.due_on if is_step else None
        note.step_status = NextStepStatus(data.step_status or NextStepStatus.OPEN) if is_step else None
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
    note = session.get(MeetingNote, note_id)
    if note is None or note.meeting_id != meeting.id:
        raise NotFound(msg(N_("Anteckningen finns inte.")))
    session.delete(note)
    session.flush()


def visible_notes(meeting: Meeting, actor: Actor | None) -> list[MeetingNote]:
    if can_manage(actor, meeting.process):
        return list(meeting.notes)
    return [n for n in meeting.notes if n.status == NoteStatus.PUBLISHED]


# --- follow-up and reading --------------------------------------------------------------


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
        .options(selectinload(MeetingNote.meeting))
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


def notes_of_process(session: Session, actor: Actor | None, process: Process, filters: NoteFilter = NoteFilter()) -> list[MeetingNote]:
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
    held = [
        m for m in session.scalars(
            select(Meeting)
            .where(Meeting.process_id == process.id, Meeting.is_published.is_(True), Meeting.ends_at < now)
            .order_by(Meeting.starts_at)
        )
    ]
    organisations = {a.organisation for m in held for a in m.attendances if a.organisation is not None}
    return DialogueSummary(
        meetings_held=held,
        organisations_by_type=Counter(ActorType(o.actor_type) for o in organisations),
        organisations=len(organisations),
        participants=sum(m.participant_count or 0 for m in held),
        published_notes=[n for m in held for n in m.notes if n.status == NoteStatus.PUBLISHED],
    )
