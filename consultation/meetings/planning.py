"""Planning dialogue meetings: who manages them, the meetings themselves, sign-ups, registration and attendance.

Facilitators manage the meetings of processes they are assigned to; admins manage all.
Everyone else sees published meetings only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..collation import swedish_sorted
from ..drafts.models import Process
from ..errors import N_, NotAllowed, NotFound, ValidationFailed, msg
from ..people.access import Actor, has_role, is_admin
from ..people.models import Organisation, Role, User
from ..text import grouped, normalise_text
from ..timezones import local_to_utc_or_error
from .models import Attendance, Meeting, MeetingKind, MeetingNote, Signup

__all__ = [
    "MAX_PARTICIPANT_LENGTH",
    "AttendanceData",
    "MeetingData",
    "can_manage",
    "cancel_signup",
    "get_managed_meeting",
    "get_meeting",
    "list_meetings",
    "local_span",
    "meeting_to_manage",
    "organisations_to_pick",
    "register_attendance",
    "require_manager",
    "save_meeting",
    "set_registration",
    "sign_up",
    "upcoming_meetings",
]

MAX_PARTICIPANT_LENGTH = 200
# Places and participants of one meeting: far above any real meeting, far below what a column holds.
MAX_COUNT = 100_000

T = TypeVar("T")


def can_manage(actor: Actor | None, process: Process) -> bool:
    if is_admin(actor):
        return True
    return has_role(actor, Role.FACILITATOR) and any(f.id == actor.id for f in process.facilitators)


def require_manager(actor: Actor | None, process: Process) -> None:
    if not can_manage(actor, process):
        raise NotAllowed(msg(N_("Bara processledare för processen kan ändra dess dialogträffar.")))


def get_meeting(session: Session, actor: Actor | None, meeting_id: int) -> Meeting:
    """A published meeting for anyone; an unpublished one only for those who manage it."""
    # The meeting's page shows every note with its sections, tags and owner: loaded together, not per note.
    notes = selectinload(Meeting.notes).options(
        selectinload(MeetingNote.sections), selectinload(MeetingNote.tags), selectinload(MeetingNote.owner_organisation)
    )
    attendances = selectinload(Meeting.attendances).selectinload(Attendance.organisation)
    meeting = session.get(Meeting, meeting_id, options=[notes, selectinload(Meeting.signups), attendances])
    if meeting is None or (not meeting.process.is_public and not is_admin(actor)):
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


def meeting_to_manage(session: Session, actor: Actor | None, meeting_id: int) -> Meeting:
    """The meeting as its manage page shows it: the sign-ups with who and for whom, loaded together."""
    signups = selectinload(Meeting.signups).options(selectinload(Signup.user), selectinload(Signup.organisation))
    meeting = session.get(Meeting, meeting_id, options=[signups, selectinload(Meeting.notes)])
    if meeting is None:
        raise NotFound(msg(N_("Dialogträffen finns inte.")))
    require_manager(actor, meeting.process)
    return meeting


def meeting_row(session: Session, model: type[T], row_id: int, meeting: Meeting, missing: str) -> T:
    """A note or document of this meeting; one of another meeting is NotFound, as if it did not exist."""
    row = session.get(model, row_id)
    if row is None or row.meeting_id != meeting.id:
        raise NotFound(msg(missing))
    return row


def organisations_to_pick(session: Session) -> list[Organisation]:
    """The register as the meeting forms offer it: approved organisations only, by name.

    One that registered itself and waits for an admin's approval is not yet in the register.
    """
    return swedish_sorted(
        session.scalars(select(Organisation).where(Organisation.approved.is_(True))), key=lambda o: o.name
    )


def _picked_organisations(session: Session, ids: set[int]) -> list[Organisation]:
    if not ids:
        return []
    query = select(Organisation).where(Organisation.id.in_(ids), Organisation.approved.is_(True))
    return list(session.scalars(query))


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
    starts_at = local_to_utc_or_error(errors, "starts_time", starts_on, starts_time)
    ends_at = local_to_utc_or_error(errors, "ends_time", ends_on or starts_on, ends_time)
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = [msg(N_("Slutdatumet kan inte vara före datumet då träffen börjar."))]
    elif starts_at is not None and ends_at is not None and ends_at <= starts_at:
        errors["ends_time"] = [
            msg(N_("Träffen måste sluta efter att den börjar."))
            if ends_on
            else msg(N_("Träffen måste sluta efter att den börjar. Slutar den efter midnatt? Ange då ett slutdatum."))
        ]
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
    elif data.capacity is not None and data.capacity > MAX_COUNT:
        errors["capacity"] = [msg(N_("Antal platser kan vara högst %(max)s."), max=grouped(MAX_COUNT))]
    facilitators = {f.id for f in process.facilitators}
    if set(data.facilitator_ids) - facilitators:
        errors["facilitator_ids"] = [msg(N_("Bara processens processledare kan leda träffen."))]
    ids = set(data.invited_organisation_ids)
    if len(_picked_organisations(session, ids)) != len(ids):
        errors["invited_organisation_ids"] = [msg(N_("En vald organisation finns inte i registret."))]
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
    meeting.invited_organisations = _picked_organisations(session, set(data.invited_organisation_ids))
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


def sign_up(session: Session, user: User, meeting_id: int, organisation_id: int | None, now: datetime) -> Signup:
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
    organisations = _picked_organisations(session, ids)
    if len(organisations) != len(ids):
        errors["organisation_ids"] = [msg(N_("En vald organisation finns inte i registret."))]
    others = [(" ".join(n.split()), " ".join(a.split())) for n, a in data.others if n.strip()]
    too_long = [
        n
        for n, (name, affiliation) in enumerate(others, start=1)
        if len(name) > MAX_PARTICIPANT_LENGTH or len(affiliation) > MAX_PARTICIPANT_LENGTH
    ]
    if too_long:  # Attendance.participant_name and participant_affiliation
        errors["others"] = [
            msg(
                N_("Namn och organisation får vara högst %(max)s tecken var (rad %(lines)s)."),
                max=MAX_PARTICIPANT_LENGTH,
                lines=", ".join(map(str, too_long[:10])),
            )
        ]
    if data.participant_count is not None and data.participant_count < len(others):
        errors["participant_count"] = [
            msg(N_("Antalet deltagare kan inte vara mindre än antalet namngivna deltagare utanför registret."))
        ]
    if data.participant_count is not None and data.participant_count < 0:
        errors["participant_count"] = [msg(N_("Antalet deltagare kan inte vara negativt."))]
    elif data.participant_count is not None and data.participant_count > MAX_COUNT:
        errors["participant_count"] = [msg(N_("Antalet deltagare kan vara högst %(max)s."), max=grouped(MAX_COUNT))]
    if errors:
        raise ValidationFailed(errors)
    # An organisation that stays keeps its row: a new row for it would be inserted before the old one is
    # deleted, and (meeting, organisation) is unique.
    kept = {a.organisation_id: a for a in meeting.attendances if a.organisation_id in ids}
    meeting.attendances = [
        kept.get(o.id) or Attendance(organisation=o) for o in swedish_sorted(organisations, key=lambda o: o.name)
    ] + [Attendance(participant_name=name, participant_affiliation=affiliation or None) for name, affiliation in others]
    meeting.participant_count = data.participant_count
    session.flush()
    return meeting
