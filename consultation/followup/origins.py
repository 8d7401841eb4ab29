"""Where an insats came from: a remiss point and the working group's position on it, or a meeting note.

The coordinator makes an insats from a submitted comment of one of the process's rounds (a remiss
point) or from a note of one of its meetings (what a dialogue meeting said, or a council's next
step). The insats keeps the link, so that the follow-up can show what input led to what was done;
a council's commitment keeps its own link (`Commitment.initiative_id`). Who sees how much of the
source follows the source's own rules: the working group reads the remiss point itself, everyone
else sees which round and section it belonged to (and the decision, once the compilation is
published); a note is shown to those who may see it on its meeting's page.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..drafts.adoption import adoption_of
from ..drafts.models import Process
from ..errors import N_, Message, ValidationFailed, msg
from ..meetings.models import MeetingNote
from ..meetings.notes import visible_notes
from ..meetings.planning import can_manage
from ..people.access import Actor, is_admin
from ..remiss.models import Comment, ResponseStatus
from ..remiss.reading import may_read_responses
from ..review.models import Position
from ..text import shortened
from .models import Initiative

EXCERPT = 300


@dataclass(frozen=True)
class OriginChoice:
    """What the coordinator made the insats from: at most one of a comment and a meeting note."""

    comment_id: int | None = None
    note_id: int | None = None

    @property
    def empty(self) -> bool:
        return self.comment_id is None and self.note_id is None


@dataclass(frozen=True)
class Origin:
    """The source itself, checked to belong to the process, with the position taken on it (if any)."""

    comment: Comment | None
    note: MeetingNote | None
    position: Position | None

    @property
    def text(self) -> str:
        return self.comment.submitted_body or self.comment.body if self.comment else self.note.body


def _error(message: Message) -> ValidationFailed:
    return ValidationFailed({"origin": [message]})


def find_origin(session: Session, process: Process, choice: OriginChoice) -> Origin | None:
    """The source the choice names, or a clear error if it is not input of this process."""
    if choice.empty:
        return None
    if choice.comment_id is not None and choice.note_id is not None:
        raise _error(msg(N_("En insats kan komma från en synpunkt eller en anteckning, inte båda.")))
    if choice.comment_id is not None:
        comment = session.get(Comment, choice.comment_id)
        if (
            comment is None
            or comment.response.round.process_id != process.id
            or comment.response.status != ResponseStatus.SUBMITTED
        ):
            raise _error(msg(N_("Synpunkten finns inte bland processens inskickade remissvar.")))
        return _with_position(session, comment, None)
    note = session.get(MeetingNote, choice.note_id)
    if note is None or note.meeting.process_id != process.id:
        raise _error(msg(N_("Anteckningen finns inte bland processens möten.")))
    return _with_position(session, None, note)


def _with_position(session: Session, comment: Comment | None, note: MeetingNote | None) -> Origin:
    """The source with the position taken on it now (one comment or one note has at most one)."""
    subject = Position.comment_id == comment.id if comment is not None else Position.note_id == note.id
    return Origin(comment, note, session.scalar(select(Position).where(subject)))


def may_make_initiatives(session: Session, actor: Actor | None, process: Process) -> bool:
    """Whether "Gör till insats" is offered on the process's remiss points and notes: to the coordinator, once adopted."""
    return is_admin(actor) and adoption_of(session, process) is not None


def set_origin(initiative: Initiative, origin: Origin | None) -> None:
    initiative.source_comment_id = origin.comment.id if origin and origin.comment else None
    initiative.source_note_id = origin.note.id if origin and origin.note else None
    initiative.source_position_id = origin.position.id if origin and origin.position else None


def origin_of(session: Session, initiative: Initiative) -> Origin | None:
    """The stored source of an insats; the position is looked up again, as it may have been taken since."""
    comment = session.get(Comment, initiative.source_comment_id) if initiative.source_comment_id else None
    note = session.get(MeetingNote, initiative.source_note_id) if initiative.source_note_id else None
    if comment is None and note is None:
        return None
    return _with_position(session, comment, note)


@dataclass(frozen=True)
class OriginView:
    """What one reader may see of an insats's source."""

    origin: Origin
    show_text: bool  # the remiss point's or the note's own words
    show_sender: bool  # who wrote the remiss point
    show_position: bool  # the working group's decision and motivation

    @property
    def excerpt(self) -> str:
        return shortened(self.origin.text, EXCERPT)


def coordinator_view(origin: Origin | None) -> OriginView | None:
    """All of the source, for the coordinator's forms (the coordinator reads every remissvar and note)."""
    return OriginView(origin, show_text=True, show_sender=True, show_position=True) if origin else None


def origin_for_reader(session: Session, actor: Actor | None, initiative: Initiative) -> OriginView | None:
    origin = origin_of(session, initiative)
    if origin is None:
        return None
    if origin.comment is not None:
        reader = may_read_responses(actor)
        published = origin.comment.response.round.compilation_published_at is not None
        return OriginView(origin, show_text=reader, show_sender=reader, show_position=reader or published)
    meeting = origin.note.meeting
    visible = meeting.is_published or can_manage(actor, meeting.process)
    if not visible or origin.note not in visible_notes(meeting, actor):
        return None
    return OriginView(origin, show_text=True, show_sender=False, show_position=may_read_responses(actor))
