"""The compilation's queries: the analysis it follows, the submitted texts as a reader may see them, who answered.

Only what was submitted is read, never a withdrawn response. With `for_public=True` the rules
of publication apply: private persons without consent are shown without name, and a redacted
comment shows its redacted text. `compilation` builds the per-section and per-theme
compilation from these; the analysis and the public pages read the same texts through them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..collation import sort_key
from ..errors import N_
from ..meetings.models import MeetingNote, NoteStatus
from ..people.models import ActorType
from ..remiss.models import (
    Comment,
    ConsultationRound,
    Invitation,
    InvitationStatus,
    Response,
    ResponseStatus,
)
from ..remiss.reading import actor_type_of
from .models import AnalysisItem, AnalysisRun, Decision, Position, Redaction, RunStatus

WHOLE = "whole"  # the section key of comments on the document as a whole
ANONYMOUS = N_("Privatperson")  # what the public sees instead of a private person's name
NOTE_SOURCE = "dialogue_meeting"


@dataclass
class Entry:
    """One comment or meeting note as the compilation shows it."""

    key: str  # "c<comment id>" or "n<note id>"
    text: str
    sender: str
    anonymous: bool  # the sender is a private person shown without name
    actor_type: str  # an ActorType value, or NOTE_SOURCE
    reference: str = ""
    section_key: str = WHOLE
    section_label: str = ""
    comment_id: int | None = None
    note_id: int | None = None
    response_id: int | None = None
    decision: Decision | None = None
    motivation: str = ""
    redacted: bool = False


@dataclass
class ActorTypeLists:
    """Who was invited, who answered and who declined, for one actor type."""

    actor_type: str
    invited: list[str] = field(default_factory=list)
    answered: list[str] = field(default_factory=list)
    anonymous_answered: int = 0
    declined: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)
    not_answered: list[str] = field(default_factory=list)


# --- the chosen analysis -----------------------------------------------------------------


def chosen_run(session: Session, round_: ConsultationRound, for_public: bool = False) -> AnalysisRun | None:
    """The published run once published; before that, the latest finished run of the round."""
    if round_.compilation_published_at is not None or for_public:
        return session.get(AnalysisRun, round_.published_run_id) if round_.published_run_id else None
    return latest_done_run(session, round_.id)


def latest_done_run(session: Session, round_id: int) -> AnalysisRun | None:
    return session.scalars(
        select(AnalysisRun)
        .where(AnalysisRun.round_id == round_id, AnalysisRun.status == RunStatus.DONE)
        .order_by(AnalysisRun.finished_at.desc(), AnalysisRun.id.desc())
        .limit(1)
    ).first()


# --- texts as the reader may see them ----------------------------------------------------


def published_texts(session: Session, comment_ids: list[int]) -> dict[int, str]:
    """The latest redacted text of each comment that has a redaction."""
    texts: dict[int, str] = {}
    for start in range(0, len(comment_ids), 500):
        chunk = comment_ids[start : start + 500]
        for redaction in session.scalars(
            select(Redaction).where(Redaction.comment_id.in_(chunk)).order_by(Redaction.redacted_at, Redaction.id)
        ):
            texts[redaction.comment_id] = redaction.published_text
    return texts


def is_anonymous(response: Response, for_public: bool) -> bool:
    """A private person is published without name unless they agreed to it when submitting."""
    return for_public and actor_type_of(response) == ActorType.PRIVATE_PERSON and not response.publish_name_consent


def sender_of(response: Response, for_public: bool) -> str:
    if is_anonymous(response, for_public):
        return ANONYMOUS
    if response.organisation is not None:
        return response.organisation.name
    return response.person.name if response.person else ""


def submitted_comments(session: Session, round_id: int) -> list[Comment]:
    """Only what was submitted, and never a withdrawn response."""
    return list(
        session.scalars(
            select(Comment)
            .join(Response)
            .where(
                Response.round_id == round_id,
                Response.status == ResponseStatus.SUBMITTED,
                Response.reference.is_not(None),
                Comment.submitted_body.is_not(None),
            )
            .options(
                selectinload(Comment.response).selectinload(Response.organisation),
                selectinload(Comment.response).selectinload(Response.person),
                selectinload(Comment.section),
            )
            .order_by(Comment.id)
        )
    )


def section_label(section) -> str:
    return section.title if section is not None else ""


def comment_entries(session: Session, round_: ConsultationRound, for_public: bool) -> list[Entry]:
    comments = submitted_comments(session, round_.id)
    redacted = published_texts(session, [c.id for c in comments]) if for_public else {}
    entries = []
    for comment in comments:
        text = redacted.get(comment.id, comment.submitted_body or "")
        if not text.strip():
            continue
        response = comment.response
        entries.append(
            Entry(
                key=f"c{comment.id}",
                text=text,
                sender=sender_of(response, for_public),
                anonymous=is_anonymous(response, for_public),
                actor_type=actor_type_of(response).value,
                reference=response.reference or "",
                section_key=comment.section.key if comment.section else WHOLE,
                section_label=section_label(comment.section),
                comment_id=comment.id,
                response_id=response.id,
                redacted=comment.id in redacted,
            )
        )
    return entries


def note_entries(session: Session, round_: ConsultationRound, items: list[AnalysisItem]) -> list[Entry]:
    """The meeting notes of the chosen run that are still published."""
    note_items = {item.note_id: item for item in items if item.note_id is not None}
    if not note_items:
        return []
    notes = session.scalars(
        select(MeetingNote)
        .where(MeetingNote.id.in_(list(note_items)), MeetingNote.status == NoteStatus.PUBLISHED)
        .options(selectinload(MeetingNote.meeting))
        .order_by(MeetingNote.id)
    )
    entries = []
    for note in notes:
        if note.meeting.process_id != round_.process_id or not (note.body or "").strip():
            continue
        item = note_items[note.id]
        entries.append(
            Entry(
                key=f"n{note.id}",
                text=note.body,
                sender=note.meeting.title,
                anonymous=False,
                actor_type=NOTE_SOURCE,
                section_key=item.section_key or WHOLE,
                section_label=item.section_label,
                note_id=note.id,
            )
        )
    return entries


def attach_positions(session: Session, entries: list[Entry]) -> None:
    comment_ids = [e.comment_id for e in entries if e.comment_id is not None]
    note_ids = [e.note_id for e in entries if e.note_id is not None]
    by_comment: dict[int, Position] = {}
    by_note: dict[int, Position] = {}
    for start in range(0, max(len(comment_ids), len(note_ids)), 500):
        for position in session.scalars(
            select(Position).where(
                Position.comment_id.in_(comment_ids[start : start + 500])
                | Position.note_id.in_(note_ids[start : start + 500])
            )
        ):
            if position.comment_id is not None:
                by_comment[position.comment_id] = position
            else:
                by_note[position.note_id] = position
    for entry in entries:
        found = by_comment.get(entry.comment_id) if entry.comment_id else by_note.get(entry.note_id)
        if found is not None:
            entry.decision, entry.motivation = Decision(found.decision), found.motivation or ""


def invitation_lists(session: Session, round_: ConsultationRound, for_public: bool) -> list[ActorTypeLists]:
    """Per actor type: invited, answered (invited or not), declined with reason, and not answered."""
    by_type: dict[str, ActorTypeLists] = {t.value: ActorTypeLists(t.value) for t in ActorType}
    answered_orgs: set[int] = set()
    for response in session.scalars(
        select(Response)
        .where(
            Response.round_id == round_.id, Response.status == ResponseStatus.SUBMITTED, Response.reference.is_not(None)
        )
        .options(selectinload(Response.organisation), selectinload(Response.person))
    ):
        lists = by_type[actor_type_of(response).value]
        if is_anonymous(response, for_public):
            lists.anonymous_answered += 1
        else:
            lists.answered.append(sender_of(response, for_public))
        if response.organisation_id is not None:
            answered_orgs.add(response.organisation_id)
    for invitation in session.scalars(
        select(Invitation).where(Invitation.round_id == round_.id).options(selectinload(Invitation.organisation))
    ):
        organisation = invitation.organisation
        lists = by_type[ActorType(organisation.actor_type).value]
        lists.invited.append(organisation.name)
        if invitation.status == InvitationStatus.DECLINED:
            lists.declined.append((organisation.name, invitation.decline_reason or ""))
        elif organisation.id not in answered_orgs:
            lists.not_answered.append(organisation.name)
    result = []
    for lists in by_type.values():
        if lists.invited or lists.answered or lists.anonymous_answered:
            lists.invited.sort(key=sort_key)
            lists.answered.sort(key=sort_key)
            lists.declined.sort(key=lambda pair: sort_key(pair[0]))
            lists.not_answered.sort(key=sort_key)
            result.append(lists)
    return result
