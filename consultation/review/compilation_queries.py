"""The compilation's queries: the analysis it follows, the submitted texts as a reader may see them, who answered.

Only what was submitted is read, never a withdrawn response. With `for_public=True` the rules
of publication apply: private persons without consent are shown without name, and a redacted
comment shows its redacted text. `compilation` builds the per-section and per-theme
compilation from these; the analysis and the public pages read the same texts through them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, selectinload

from ..collation import sort_key
from ..drafts.models import Section
from ..errors import N_
from ..letters.models import Letter, LetterStatus
from ..meetings.models import MeetingNote, NoteStatus
from ..people.models import ActorType, Organisation, User
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
    stance: str = ""  # support, oppose, change or neutral when the compilation groups a theme by stance


@dataclass
class ActorTypeLists:
    """Who was invited, who answered and who declined, for one actor type."""

    actor_type: str
    invited: list[str] = field(default_factory=list)
    answered: list[str] = field(default_factory=list)
    anonymous_answered: int = 0
    as_letter: set[str] = field(default_factory=set)  # those of `answered` whose response came as a letter
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


def submitted_comments_query(round_id: int):
    """The round's submitted comments, never a withdrawn response's: a query to narrow or load further."""
    return (
        select(Comment)
        .join(Response)
        .where(
            Response.round_id == round_id,
            Response.status == ResponseStatus.SUBMITTED,
            Response.reference.is_not(None),
            Comment.submitted_body.is_not(None),
        )
    )


def submitted_comments(session: Session, round_id: int) -> list[Comment]:
    """Only what was submitted, and never a withdrawn response."""
    return list(
        session.scalars(
            submitted_comments_query(round_id)
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


def _submitted_comment_rows(session: Session, round_id: int):
    """The submitted comments of a round with their sender and section, as plain rows in one query.

    The compilation shows hundreds of comments; loading them as objects with their responses,
    organisations, persons and sections took four queries and most of the page's time."""
    person = aliased(User)
    return session.execute(
        select(
            Comment.id,
            Comment.submitted_body,
            Response.id.label("response_id"),
            Response.reference,
            Response.publish_name_consent,
            Response.organisation_id,
            Organisation.name.label("organisation_name"),
            Organisation.actor_type,
            person.name.label("person_name"),
            Section.key.label("section_key"),
            Section.number.label("section_number"),
            Section.heading.label("section_heading"),
        )
        .join(Response, Comment.response_id == Response.id)
        .outerjoin(Organisation, Response.organisation_id == Organisation.id)
        .outerjoin(person, Response.person_id == person.id)
        .outerjoin(Section, Comment.section_id == Section.id)
        .where(
            Response.round_id == round_id,
            Response.status == ResponseStatus.SUBMITTED,
            Response.reference.is_not(None),
            Comment.submitted_body.is_not(None),
        )
        .order_by(Comment.id)
    ).all()


def _sender_of_row(row, for_public: bool) -> tuple[str, bool, ActorType]:
    """(sender, anonymous, actor type) of a row, by the rules of `sender_of` and `is_anonymous`."""
    actor_type = ActorType(row.actor_type) if row.organisation_id is not None else ActorType.PRIVATE_PERSON
    if for_public and actor_type == ActorType.PRIVATE_PERSON and not row.publish_name_consent:
        return ANONYMOUS, True, actor_type
    if row.organisation_id is not None:
        return row.organisation_name, False, actor_type
    return row.person_name or "", False, actor_type


def comment_entries(session: Session, round_: ConsultationRound, for_public: bool) -> list[Entry]:
    rows = _submitted_comment_rows(session, round_.id)
    redacted = published_texts(session, [r.id for r in rows]) if for_public else {}
    entries = []
    for row in rows:
        text = redacted.get(row.id, row.submitted_body or "")
        if not text.strip():
            continue
        sender, anonymous, actor_type = _sender_of_row(row, for_public)
        entries.append(
            Entry(
                key=f"c{row.id}",
                text=text,
                sender=sender,
                anonymous=anonymous,
                actor_type=actor_type.value,
                reference=row.reference or "",
                section_key=row.section_key if row.section_key is not None else WHOLE,
                section_label=f"{row.section_number} {row.section_heading}" if row.section_key is not None else "",
                comment_id=row.id,
                response_id=row.response_id,
                redacted=row.id in redacted,
            )
        )
    return entries


def note_entries(session: Session, round_: ConsultationRound, items: list[AnalysisItem]) -> list[Entry]:
    """The meeting notes of the chosen run that are still published; `items` may be rows of their columns."""
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
    by_comment: dict[int, tuple] = {}
    by_note: dict[int, tuple] = {}
    for start in range(0, max(len(comment_ids), len(note_ids)), 500):
        for comment_id, note_id, decision, motivation in session.execute(
            select(Position.comment_id, Position.note_id, Position.decision, Position.motivation).where(
                Position.comment_id.in_(comment_ids[start : start + 500])
                | Position.note_id.in_(note_ids[start : start + 500])
            )
        ):
            if comment_id is not None:
                by_comment[comment_id] = (decision, motivation)
            else:
                by_note[note_id] = (decision, motivation)
    for entry in entries:
        found = by_comment.get(entry.comment_id) if entry.comment_id else by_note.get(entry.note_id)
        if found is not None:
            entry.decision, entry.motivation = Decision(found[0]), found[1] or ""


def invitation_lists(session: Session, round_: ConsultationRound, for_public: bool) -> list[ActorTypeLists]:
    """Per actor type: invited, answered (invited or not), declined with reason, and not answered."""
    by_type: dict[str, ActorTypeLists] = {t.value: ActorTypeLists(t.value) for t in ActorType}
    answered_orgs: set[int] = set()
    by_letter = set(
        session.scalars(
            select(Letter.response_id)
            .join(Response, Response.id == Letter.response_id)
            .where(Response.round_id == round_.id, Letter.status == LetterStatus.CONFIRMED)
        )
    )
    person = aliased(User)
    for row in session.execute(
        select(
            Response.id,
            Response.publish_name_consent,
            Response.organisation_id,
            Organisation.name.label("organisation_name"),
            Organisation.actor_type,
            person.name.label("person_name"),
        )
        .outerjoin(Organisation, Response.organisation_id == Organisation.id)
        .outerjoin(person, Response.person_id == person.id)
        .where(
            Response.round_id == round_.id, Response.status == ResponseStatus.SUBMITTED, Response.reference.is_not(None)
        )
    ):
        sender, anonymous, actor_type = _sender_of_row(row, for_public)
        lists = by_type[actor_type.value]
        if anonymous:
            lists.anonymous_answered += 1
        else:
            lists.answered.append(sender)
            if row.id in by_letter:
                lists.as_letter.add(sender)
        if row.organisation_id is not None:
            answered_orgs.add(row.organisation_id)
    for organisation_id, name, actor_type, status, decline_reason in session.execute(
        select(
            Organisation.id, Organisation.name, Organisation.actor_type, Invitation.status, Invitation.decline_reason
        )
        .join(Organisation, Invitation.organisation_id == Organisation.id)
        .where(Invitation.round_id == round_.id)
    ):
        lists = by_type[ActorType(actor_type).value]
        lists.invited.append(name)
        if status == InvitationStatus.DECLINED:
            lists.declined.append((name, decline_reason or ""))
        elif organisation_id not in answered_orgs:
            lists.not_answered.append(name)
    result = []
    for lists in by_type.values():
        if lists.invited or lists.answered or lists.anonymous_answered:
            lists.invited.sort(key=sort_key)
            lists.answered.sort(key=sort_key)
            lists.declined.sort(key=lambda pair: sort_key(pair[0]))
            lists.not_answered.sort(key=sort_key)
            result.append(lists)
    return result
